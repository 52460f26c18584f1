// Composition root: the only place that picks concrete implementations (SQLite store, extractive summarizer).
import { type Config, loadConfig } from './config/config.js';
import { createPipeline, type Pipeline } from './ingest/pipeline.js';
import { normalizeTopicName } from './briefing/query.js';
import { createSqliteStore } from './store/sqlite.js';
import type { Store } from './store/types.js';
import type { TopicDef } from './types.js';

export interface App {
  config: Config;
  store: Store;
  pipeline: Pipeline;
  /** Topics a workspace can brief on: its own, then the config defaults it has not overridden. */
  topicsFor(workspaceId: string): (TopicDef & { custom: boolean })[];
  close(): void;
}

/** Builds the app from config (or loads config from the environment). */
export function createApp(opts: { config?: Config; dbPath?: string; now?: () => Date } = {}): App {
  const config = opts.config ?? loadConfig(process.env, opts.dbPath ? { dbPath: opts.dbPath } : {});
  const store = createSqliteStore(opts.dbPath ?? config.dbPath);
  const pipeline = createPipeline(store, { topics: config.topics, ...(opts.now ? { now: opts.now } : {}) });
  return {
    config,
    store,
    pipeline,
    topicsFor(workspaceId) {
      const own = store.listTopics(workspaceId).map((t) => ({ name: t.name, keywords: t.keywords, custom: true }));
      const names = new Set(own.map((t) => normalizeTopicName(t.name)));
      const defaults = config.topics
        .filter((t) => !names.has(normalizeTopicName(t.name)))
        .map((t) => ({ ...t, tagged: true, custom: false }));
      return [...own, ...defaults];
    },
    close: () => store.close(),
  };
}
