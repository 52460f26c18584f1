// What one subscription's digest holds right now: stories new since its watermark, minus the stories it already
// posted, unless one has grown enough since to be worth an "update". Shared by the scheduler, /digest now and preview.
import { buildDigest, cutDetail } from '../briefing/digest.js';
import { compileScreen } from '../briefing/screen.js';
import type { BriefingStore } from '../briefing/briefing.js';
import { topicsFor } from '../briefing/topics.js';
import type { Config } from '../config/config.js';
import type { DigestStore, PreferenceStore, TopicStore, Transactor, TuningStore } from '../store/ports.js';
import { loadFeedback } from '../briefing/feedback.js';
import type { DigestExplanation, LeftOut } from '../store/preference-types.js';
import { normalizeTopicName, selectTopics } from '../briefing/query.js';
import { withLanguage } from '../briefing/language.js';
import type { Subscription } from '../store/types.js';
import type { Digest, Story } from '../types.js';

/** What composing a digest reads: the stories and the digest ledger, the workspace's topics, the digest settings. */
export interface DigestDeps {
  store: BriefingStore & {
    digests: Pick<DigestStore, 'postedStories'>;
    topics: Pick<TopicStore, 'listTopics'>;
    tuning: Pick<TuningStore, 'listVotes' | 'feedbackStamp'>;
    preferences: Pick<PreferenceStore, 'getDigestFilters' | 'mutesFor'>;
  };
  config: Pick<Config, 'digest' | 'topics'>;
}

/** A posted story comes back as an update once it has at least this many more articles… */
const UPDATE_MIN_GROWTH = 2;
/** …and at least this factor of its size when posted. */
const UPDATE_MIN_RATIO = 1.5;
const PER_TOPIC = 3;
/** Most left-out stories one run keeps for `/digest explain`. */
const MAX_EXPLAINED = 100;

export interface ComposedDigest {
  digest: Digest;
  /** Stories in the digest with their sizes, to remember once it is posted. */
  stories: { storyId: number; articleCount: number }[];
  /** True when no story is new (the digest holds only a note). */
  empty: boolean;
  /** The new watermark once this digest is posted. */
  watermark: string;
  /** What it left out and why, kept for `/digest explain` once the run is recorded. */
  explanation: DigestExplanation;
}

/**
 * Digests shared by subscriptions due in the same minute with the same topics and watermark (the fan-out case), kept
 * as they are being built: the deliveries a fan-out starts together wait for one build instead of each making its own.
 */
export type DigestCache = Map<string, Promise<{ digest: Digest; leftOut: LeftOut[] }>>;

/** True when a story posted at `postedCount` articles has grown notably by now. */
export const grewNotably = (postedCount: number, nowCount: number): boolean =>
  nowCount >= postedCount + UPDATE_MIN_GROWTH && nowCount >= postedCount * UPDATE_MIN_RATIO;

/** The digest `sub` would post at `now`. */
export async function composeDigest(app: DigestDeps, sub: Subscription, now: Date, cache?: DigestCache): Promise<ComposedDigest> {
  const all = await topicsFor(app.store.topics, app.config.topics, sub.workspaceId);
  const topics = selectTopics(all, sub.topics);
  const wanted = new Set(sub.topics.map(normalizeTopicName));
  const watermark = sub.lastWatermark ?? sub.createdAt;
  // The digest's filters and the workspace's mutes (read per run: a few rows), compiled once.
  const filters = await app.store.preferences.getDigestFilters(sub.workspaceId, sub.id);
  const mutes = await app.store.preferences.mutesFor(sub.workspaceId);
  const screen = compileScreen({ filters, mutes });
  const maxStories = filters?.maxStories ?? app.config.digest.maxStories;
  const perTopic = filters?.perTopic ?? PER_TOPIC;
  const screenKey = screen ? JSON.stringify([filters, mutes.map((m) => m.id)]) : '';
  const key = `${sub.workspaceId}|${[...wanted].sort().join(',')}|${watermark}|${Math.floor(now.getTime() / 60_000)}|${screenKey}`;
  let building = cache?.get(key);
  if (!building) {
    // Ask for more than fits, as stories this subscription already posted drop out below (more still when filtered).
    building = (async () => {
      const feedback = await loadFeedback(app.store.tuning, sub.workspaceId, now);
      const leftOut: LeftOut[] = [];
      const digest = await buildDigest(app.store, {
        topics, watermark, now, maxStories: maxStories * 2, perTopic: perTopic * 2, feedback, shownPerTopic: perTopic, screen, leftOut,
        ...(screen ? { candidates: 60 } : {}),
      });
      return { digest, leftOut };
    })();
    cache?.set(key, building);
    building.catch(() => cache?.delete(key)); // a failed build is not shared: the next delivery tries again
  }
  const base = await building;
  const ids = base.digest.sections.flatMap((s) => s.stories.map((st) => st.id));
  const posted = await app.store.digests.postedStories(sub.id, ids);
  const sections: Digest['sections'] = [];
  const kept: ComposedDigest['stories'] = [];
  const leftOut = base.leftOut.filter((l) => l.reason !== 'below_cut');
  const cut: LeftOut[] = base.leftOut.filter((l) => l.reason === 'below_cut');
  for (const sec of base.digest.sections) {
    const take: Story[] = [];
    for (const s of sec.stories) {
      const before = posted.get(s.id);
      // Updates in the thread (or none): a posted story is never repeated; 'digest': it comes back once it grew notably.
      const grown = before !== undefined && sub.updates === 'digest' && grewNotably(before, s.articleCount);
      const story = before === undefined ? s : grown ? { ...s, update: true } : undefined;
      const out = { storyId: s.id, headline: s.headline, topic: sec.topic };
      if (!story) leftOut.push({ ...out, reason: 'already_posted', detail: `posted before${sub.updates === 'digest' ? ` at ${before} article${before === 1 ? '' : 's'}, not grown enough since` : ''}` });
      else if (take.length < perTopic && kept.length + take.length < maxStories) take.push(story);
      else cut.push({ ...out, reason: 'below_cut', detail: cutDetail(take.length >= perTopic, perTopic, maxStories, sec.topic) });
    }
    if (take.length === 0) continue;
    sections.push({ topic: sec.topic, stories: take });
    kept.push(...take.map((s) => ({ storyId: s.id, articleCount: s.articleCount })));
  }
  const names = topics.map((t) => t.name);
  const title = names.length === 0 || names.length === all.length ? 'News digest' : `News digest: ${names.slice(0, 4).join(', ')}${names.length > 4 ? '…' : ''}`;
  const digest: Digest = withLanguage({
    window: base.digest.window,
    title,
    timezone: sub.timezone,
    sections,
    ...(sections.length === 0 ? { note: wanted.size > 0 && topics.length === 0 ? 'The topics of this digest no longer exist: an admin can set it again with `/digest set`.' : `Nothing new since the last digest.` } : {}),
  }, sub.language);
  const explanation: DigestExplanation = {
    at: now.toISOString(), since: watermark, until: now.toISOString(), posted: kept.map((k) => k.storyId),
    leftOut: [...leftOut, ...cut].slice(0, MAX_EXPLAINED),
  };
  return { digest, stories: kept, empty: sections.length === 0, watermark: now.toISOString(), explanation };
}

/**
 * Records that `composed` was posted for `sub`: its stories are not repeated and the watermark moves on. With the
 * digest message's reference (`messageRef`) and updates in threads, each story remembers the message whose thread
 * gets its updates (what was composed until the watermark counts as shown).
 */
export async function recordPosted(app: { store: Transactor }, sub: Subscription, composed: ComposedDigest, at: Date, messageRef?: string): Promise<void> {
  await app.store.transaction(async (tx) => {
    await tx.digests.markPosted(sub.id, composed.stories, at.toISOString());
    await tx.digests.setWatermark(sub.id, composed.watermark);
    if (messageRef && sub.updates === 'thread' && composed.stories.length > 0) {
      await tx.threads.recordThreads(sub.id, messageRef, composed.stories.map((s) => s.storyId), composed.watermark);
    }
    await tx.preferences.saveExplanation(sub.workspaceId, sub.id, composed.explanation);
  });
}
