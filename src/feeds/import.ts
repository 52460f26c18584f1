// OPML import and export for a workspace (the CLI's `feeds import FILE.opml` / `feeds export`). Each imported feed is
// added like `/feeds add` (fetched at once); one that fails is reported with its reason and the others go on. OPML
// folder/category names become the feed's topics when the workspace knows them; unknown ones are reported.
import { normalizeTopicName } from '../briefing/query.js';
import { buildOpml, parseOpmlFeeds } from './opml.js';
import { addFeed, normalizeFeedUrl, type FeedDeps } from './service.js';
import { topicsFor } from '../briefing/topics.js';
import type { Clock } from '../clock.js';
import type { FeedStore, TopicStore } from '../store/ports.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line of an import report. */
export interface ImportLine {
  url: string;
  ok: boolean;
  text: string;
}

/** Adds every feed of an OPML document to a workspace; throws FeedParseError when the file is not OPML. */
export async function importOpml(
  app: FeedDeps & { store: { topics: Pick<TopicStore, 'listTopics'> } },
  workspaceId: string,
  opml: string,
  addedBy: string,
  now: () => Date = app.now,
): Promise<ImportLine[]> {
  const known = new Set((await topicsFor(app.store.topics, app.config.topics, workspaceId)).map((t) => normalizeTopicName(t.name)));
  const out: ImportLine[] = [];
  for (const f of parseOpmlFeeds(opml)) {
    const topics = f.topics.map(normalizeTopicName).filter((t) => known.has(t));
    const unknown = f.topics.filter((t) => !known.has(normalizeTopicName(t)));
    try {
      const url = normalizeFeedUrl(f.url);
      // A feed the workspace has already keeps its settings unless the OPML names topics for it.
      const r = await addFeed(app, { workspaceId, url, ...(topics.length > 0 ? { topics } : {}), addedBy }, now());
      const note = unknown.length > 0 ? ` (unknown topics left out: ${unknown.join(', ')})` : '';
      out.push({ url, ok: true, text: `#${r.feed.id} ${r.feed.title ?? url}: ${plural(r.itemCount, 'item')}, ${plural(r.ingest.added, 'new article')}${note}` });
    } catch (err) {
      out.push({ url: f.url, ok: false, text: (err as Error).message });
    }
  }
  return out;
}

/** The workspace's feeds as an OPML document. */
export async function exportOpml(app: { store: { feeds: Pick<FeedStore, 'listFeeds'> }; now: Clock }, workspaceId: string, now: Date = app.now()): Promise<string> {
  const feeds = (await app.store.feeds.listFeeds(workspaceId)).map((f) => ({
    url: f.url,
    topics: f.topics,
    ...(f.title ? { title: f.title } : {}),
    ...(f.siteUrl ? { siteUrl: f.siteUrl } : {}),
  }));
  return buildOpml(feeds, 'newsbrief feeds', now);
}
