// A story's delta for one target as the ledger knows it: reads the story (aliases resolved) and its articles, asks the
// update ledger what the target was already shown, and builds the delta (delta.ts). With `seq`, the caller claims
// update `seq + 1` (UpdateLedger.claimUpdate, nonce from updateNonce) before posting it: if another process claimed
// that number first, it lost the race and simply reads again later.
import { createHash } from 'node:crypto';
import type { StoryStore, UpdateLedger } from '../store/ports.js';
import type { NewUpdateClaim } from '../store/update-types.js';
import type { Article, Story } from '../types.js';
import { buildDelta, MAX_DELTA_SENTENCES, type Seen, type StoryDelta } from './delta.js';

/** What deltaFor reads. */
export interface DeltaStore {
  stories: Pick<StoryStore, 'resolveStory' | 'getStories' | 'storyArticles'>;
  updates: Pick<UpdateLedger, 'shown'>;
}

/** A delta with the ledger's view of the target: the latest update number and when it was claimed. */
export interface TargetDelta {
  delta: StoryDelta;
  /** The latest update claimed for (target, story); claim `seq + 1`. */
  seq: number;
  /** When that update was claimed (ISO): for "at most one update an hour". */
  lastAt?: string;
}

/**
 * What many targets of one pass share (a follow tick's followers of a story): each story read once, and each delta
 * built once per story and set of things already shown. For one pass only: it never sees articles added after.
 * The deltas are shared between targets: read them, never change them.
 */
export interface DeltaCache {
  reads: Map<number, Promise<{ id: number; story: Story | undefined; articles: Article[] }>>;
  deltas: Map<string, StoryDelta>;
}

export const deltaCache = (): DeltaCache => ({ reads: new Map(), deltas: new Map() });

/**
 * The delta of story `storyId` (an alias is resolved: the delta is of the live story) for `target`, on top of what the
 * ledger recorded as shown and of `base` (e.g. `ingestedUntil`: the time a digest posted the story). Undefined when
 * the story is not stored. With `cache`, the story is read and each delta built once for every target of the pass.
 */
export async function deltaFor(store: DeltaStore, target: string, storyId: number, base: Pick<Seen, 'ingestedUntil' | 'publishedUntil'> = {}, max = MAX_DELTA_SENTENCES, cache?: DeltaCache): Promise<TargetDelta | undefined> {
  const read = async () => {
    const id = await store.stories.resolveStory(storyId);
    const [story] = await store.stories.getStories([id]);
    return { id, story, articles: await store.stories.storyArticles(id) };
  };
  let reading = cache?.reads.get(storyId);
  if (!reading) {
    reading = read();
    cache?.reads.set(storyId, reading);
  }
  const { id, story, articles } = await reading;
  if (!story || articles.length === 0) return undefined;
  const byArticle = await store.updates.shown(target, id, articles.map((a) => a.id), []);
  const seen: Seen = { ...base, articleIds: byArticle.articleIds };
  const build = (s: Seen, cap: number, keys: ReadonlySet<string> = new Set()): StoryDelta => {
    if (!cache) return buildDelta(story, articles, s, cap);
    const key = [id, cap, base.ingestedUntil, base.publishedUntil, [...byArticle.articleIds].sort((a, b) => a - b), [...keys].sort()].join('|');
    let d = cache.deltas.get(key);
    if (!d) cache.deltas.set(key, (d = buildDelta(story, articles, s, cap)));
    return d;
  };
  // Every candidate first (no cap), then only those never posted to the target.
  const candidates = build(seen, Number.MAX_SAFE_INTEGER);
  const keys = candidates.sentences.map((s) => s.key);
  const posted = keys.length > 0 ? (await store.updates.shown(target, id, [], keys)).sentenceKeys : new Set<string>();
  const delta = build({ ...seen, sentenceKeys: posted }, max, posted);
  return { delta, seq: byArticle.seq, ...(byArticle.lastAt ? { lastAt: byArticle.lastAt } : {}) };
}

/** A nonce for update `seq` of (target, story): 25 characters at most (Discord's limit), the same on every retry. */
export function updateNonce(target: string, storyId: number, seq: number): string {
  return `nu${createHash('sha256').update(`${target}|${storyId}|${seq}`).digest('base64url').replace(/[-_]/g, '').slice(0, 20)}`;
}

/** The claim of the next update of `found` for `target`: what it shows (articles read in full, sentences posted) and its nonce. */
export function nextClaim(target: string, found: TargetDelta, who: { platform: string; owner: string }, payload: string): NewUpdateClaim {
  const seq = found.seq + 1;
  return {
    target, storyId: found.delta.storyId, seq, platform: who.platform, owner: who.owner, nonce: updateNonce(target, found.delta.storyId, seq),
    // Articles with facts left out stay unseen: those facts come in the next update (their posted sentences do not).
    payload, articleIds: found.delta.articleIds.filter((id) => !found.delta.pending.includes(id)), sentenceKeys: found.delta.sentences.map((s) => s.key),
  };
}
