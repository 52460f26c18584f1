// The topics a workspace can brief on: its own (stored), then the configured defaults it has not overridden.
import type { TopicStore } from '../store/ports.js';
import type { TopicDef } from '../types.js';
import { normalizeTopicName } from './query.js';

/** A topic as a workspace sees it; `custom` when the workspace added it itself. */
export type WorkspaceTopic = TopicDef & { custom: boolean };

/** The workspace's own topics first, then each default whose name it has not taken (defaults are tagged at ingest). */
export async function topicsFor(store: Pick<TopicStore, 'listTopics'>, defaults: readonly TopicDef[], workspaceId: string): Promise<WorkspaceTopic[]> {
  const own = (await store.listTopics(workspaceId)).map((t) => ({ name: t.name, keywords: t.keywords, custom: true }));
  const names = new Set(own.map((t) => normalizeTopicName(t.name)));
  const kept = defaults.filter((t) => !names.has(normalizeTopicName(t.name))).map((t) => ({ ...t, tagged: true, custom: false }));
  return [...own, ...kept];
}
