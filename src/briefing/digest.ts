// Builds a Digest: per topic, the stories that gained articles since the watermark; each story appears once.
import type { Store } from '../store/types.js';
import type { Digest, DigestSection, TopicDef } from '../types.js';
import { topicMatch } from './query.js';
import { rankStories } from './rank.js';
import { formatDay } from './window.js';

export interface DigestOptions {
  topics: TopicDef[];
  /** Stories that gained an article after this ISO time are new (the previous digest's watermark). */
  watermark: string;
  now: Date;
  /** Most stories in the whole digest. */
  maxStories: number;
  /** Most stories under one topic. */
  perTopic?: number;
}

/** What a digest would post now. Sections without new stories are left out; `note` says when nothing is new. */
export function buildDigest(store: Store, opts: DigestOptions): Digest {
  const perTopic = opts.perTopic ?? 3;
  const spanMs = Math.max(3_600_000, opts.now.getTime() - new Date(opts.watermark).getTime());
  const used = new Set<number>();
  const sections: DigestSection[] = [];
  let total = 0;
  for (const topic of opts.topics) {
    if (total >= opts.maxStories) break;
    const match = topicMatch(topic);
    if (!match) continue;
    const hits = store.search({ match, ingestedAfter: opts.watermark, limit: 200 });
    const fresh = hits.filter((h) => !used.has(h.storyId));
    if (fresh.length === 0) continue;
    const ids = [...new Set(fresh.map((h) => h.storyId))];
    const ranked = rankStories(fresh, store.storyArticleCounts(ids), opts.now, spanMs);
    const take = ranked.slice(0, Math.min(perTopic, opts.maxStories - total)).map((r) => r.storyId);
    for (const id of take) used.add(id);
    total += take.length;
    sections.push({ topic: topic.name, stories: store.getStories(take) });
  }
  return {
    title: 'Digest',
    window: { since: opts.watermark, until: opts.now.toISOString() },
    sections,
    ...(sections.length === 0 ? { note: `Nothing new since ${formatDay(opts.watermark)}.` } : {}),
  };
}
