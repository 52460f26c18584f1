// Builds a Digest: per topic, the stories that gained articles since the watermark. Each story appears once, under
// the topic it belongs to most (its strongest topic tag), so a Korea story never fills another topic's section.
import type { BriefingStore } from './briefing.js';
import type { LeftOut } from '../store/preference-types.js';
import type { Screen } from './screen.js';
import type { Digest, DigestSection, Story, TopicDef } from '../types.js';
import { rerankWithFeedback, type FeedbackWeights } from './feedback.js';
import { showWithout } from './muted-outlets.js';
import { topicQuery } from './query.js';
import { rankStories } from './rank.js';
import { formatMoment } from './window.js';

/** Stories considered per topic before assignment. */
const CANDIDATES_PER_TOPIC = 20;

export interface DigestOptions {
  topics: TopicDef[];
  /** Stories that gained an article after this ISO time are new (the previous digest's watermark). */
  watermark: string;
  now: Date;
  /** Most stories in the whole digest. */
  maxStories: number;
  /** Most stories under one topic. */
  perTopic?: number;
  /** The workspace's feedback (feedback.ts); until it has enough votes it reorders only within blocks of `shownPerTopic`
   * (default `perTopic`), the stories a section shows. */
  feedback?: FeedbackWeights;
  shownPerTopic?: number;
  /** Filters and mutes: a story it drops is left out (and recorded in `leftOut`); muted and denied outlets are not
   * seen in the stories posted (muted-outlets.ts). */
  screen?: Screen | undefined;
  /** Receives each candidate left out and why ("why not posted"). */
  leftOut?: LeftOut[];
  /** Stories considered per topic (default 20; more when filters may drop many). */
  candidates?: number;
}

/** What a digest would post now. Sections without new stories are left out; `note` says when nothing is new. */
export async function buildDigest(store: BriefingStore, opts: DigestOptions): Promise<Digest> {
  const perTopic = opts.perTopic ?? 3;
  const spanMs = Math.max(3_600_000, opts.now.getTime() - new Date(opts.watermark).getTime());

  // 1. Each topic's new stories, ranked.
  const rankedByTopic = new Map<string, number[]>();
  for (const topic of opts.topics) {
    const text = topicQuery(topic);
    if (text.phrases.length === 0) continue;
    const hits = await store.articles.search({
      ...(topic.tagged ? {} : { text }),
      ingestedAfter: opts.watermark,
      limit: 200,
      ...(topic.tagged ? { topic: topic.name } : {}),
    });
    if (hits.length === 0) continue;
    const ids = [...new Set(hits.map((h) => h.storyId))];
    const counts = await store.stories.storyArticleCounts(ids);
    const base = rankStories(hits, counts, opts.now, spanMs);
    const ranked = await rerankWithFeedback(store.stories, base, opts.feedback, opts.shownPerTopic ?? perTopic, { counts, now: opts.now });
    rankedByTopic.set(topic.name, ranked.slice(0, opts.candidates ?? CANDIDATES_PER_TOPIC).map((r) => r.storyId));
  }

  // 2. Each story goes to the topic with its highest topic-tag score (ties: the earlier topic).
  const stories = new Map<number, Story>();
  for (const s of await store.stories.getStories([...new Set([...rankedByTopic.values()].flat())])) stories.set(s.id, s);
  const home = new Map<number, string>();
  const strength = (s: Story | undefined, topic: string) => s?.tags.find((t) => t.kind === 'topic' && t.value === topic)?.score ?? 0;
  for (const [topic, ids] of rankedByTopic) {
    for (const id of ids) {
      const cur = home.get(id);
      if (cur === undefined || strength(stories.get(id), topic) > strength(stories.get(id), cur)) home.set(id, topic);
    }
  }

  // 3. Sections in topic order, each story once, within the limits; the screen's drops and the cut are recorded.
  const sections: DigestSection[] = [];
  let total = 0;
  for (const [topic, ids] of rankedByTopic) {
    const take: Story[] = [];
    for (const id of ids) {
      const s = stories.get(id);
      if (home.get(id) !== topic || s === undefined) continue;
      const drop = opts.screen?.(s);
      if (drop) opts.leftOut?.push({ storyId: id, headline: s.headline, topic, ...drop });
      else if (take.length < perTopic && total + take.length < opts.maxStories) take.push(s);
      else if (!opts.leftOut) break;
      else opts.leftOut.push({ storyId: id, headline: s.headline, topic, reason: 'below_cut', detail: cutDetail(take.length >= perTopic, perTopic, opts.maxStories, topic) });
    }
    if (take.length === 0) continue;
    total += take.length;
    sections.push({ topic, stories: await showWithout(store.stories, take, opts.screen?.hides) });
  }
  return {
    title: 'Digest',
    window: { since: opts.watermark, until: opts.now.toISOString() },
    sections,
    ...(sections.length === 0 ? { note: `Nothing new since ${formatMoment(opts.watermark)}.` } : {}),
  };
}

/** Why a story fell below the cut: its topic's share or the digest's size. */
export const cutDetail = (topicFull: boolean, perTopic: number, maxStories: number, topic: string): string =>
  topicFull ? `ranked below the ${perTopic} stories a topic shows (${topic})` : `ranked below the ${maxStories} stories a digest shows`;
