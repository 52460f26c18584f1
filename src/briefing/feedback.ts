// Feedback ranking: 👍/👎 votes of a workspace become weights for the sources, topics and salient terms of the stories
// voted on, decaying with a half-life, and nudge the ranking of later briefings and digests in that workspace. The
// effect is bounded (a story's score moves by at most FEEDBACK.bound, on scores between 0 and 1), and until the
// workspace has FEEDBACK.minVotes votes it only reorders stories inside each page: no story leaves the page it would
// be on without feedback, so a few votes never hide anything. Pure: votes in, weights and orders out.
import type { StoryStore, TuningStore } from '../store/ports.js';
import type { FeedbackVote } from '../store/types.js';
import type { Story } from '../types.js';
import { candidateOutlines, type CandidateState } from './outlines.js';

export const FEEDBACK = {
  /** A vote counts half after this long. */
  halfLifeMs: 7 * 86_400_000,
  /** Votes older than this many half-lives (under 0.4% of their weight) are not read at all. */
  horizonHalfLives: 8,
  /** Most a story's score (0..1) moves up or down. */
  bound: 0.25,
  /** N: with fewer votes in the workspace, feedback only reorders stories within each page. */
  minVotes: 5,
  /** A feature's weight saturates: its pull is tanh(weight / saturation), so ten votes do not count ten times one. */
  saturation: 2,
  /** How much each kind of feature counts in a story's adjustment (they sum to 1, so no kind can drown the others:
   * stories of one query share their topic, and only sources and terms tell them apart). */
  kinds: { source: 0.5, topic: 0.2, term: 0.3 },
  /** Stories of a ranking that feedback may reorder (the rest keep their place after them). */
  candidates: 60,
} as const;

export type FeatureKind = keyof typeof FEEDBACK.kinds;

/** A workspace's feedback, ready to rank with. */
export interface FeedbackWeights {
  /** Votes read (within the horizon). */
  votes: number;
  up: number;
  down: number;
  /** Decayed weight per feature ("source:harbor times" → 1.6): positive = more of this. */
  weights: Map<string, number>;
}

export const NO_FEEDBACK: FeedbackWeights = { votes: 0, up: 0, down: 0, weights: new Map() };

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** What a vote on this story is about: its outlets, its topics and its salient terms (people, places, organizations, keywords). */
export function storyFeatures(s: Pick<Story, 'sources' | 'tags'>): string[] {
  const out = new Set<string>();
  for (const src of s.sources.slice(0, 5)) if (norm(src.name)) out.add(`source:${norm(src.name)}`);
  const topics = s.tags.filter((t) => t.kind === 'topic').slice(0, 3);
  for (const t of topics) out.add(`topic:${norm(t.value)}`);
  const entities = s.tags.filter((t) => t.kind === 'person' || t.kind === 'place' || t.kind === 'org').slice(0, 3);
  const keywords = s.tags.filter((t) => t.kind === 'keyword').slice(0, 3);
  for (const t of [...entities, ...keywords].slice(0, 5)) if (norm(t.value)) out.add(`term:${norm(t.value)}`);
  return [...out];
}

/** The earliest vote time worth reading at `now`. */
export function feedbackHorizon(now: Date): string {
  return new Date(now.getTime() - FEEDBACK.horizonHalfLives * FEEDBACK.halfLifeMs).toISOString();
}

/** A vote ready to weigh many times: its time parsed and its features once each. */
interface PreparedVote {
  at: number;
  vote: 1 | -1;
  features: string[];
}

const prepare = (votes: readonly FeedbackVote[]): PreparedVote[] => votes.map((v) => ({ at: Date.parse(v.votedAt), vote: v.vote, features: [...new Set(v.features)] }));

function weigh(votes: readonly PreparedVote[], now: Date): FeedbackWeights {
  const weights = new Map<string, number>();
  let up = 0;
  let down = 0;
  let counted = 0;
  const horizon = FEEDBACK.horizonHalfLives * FEEDBACK.halfLifeMs;
  for (const v of votes) {
    const age = Math.max(0, now.getTime() - v.at);
    if (!(age <= horizon)) continue;
    counted++;
    if (v.vote > 0) up++;
    else down++;
    const w = v.vote * Math.pow(0.5, age / FEEDBACK.halfLifeMs);
    for (const f of v.features) weights.set(f, (weights.get(f) ?? 0) + w);
  }
  return { votes: counted, up, down, weights };
}

/** Sums the votes into decayed weights per feature: a vote cast one half-life before `now` counts 0.5. */
export function feedbackWeights(votes: readonly FeedbackVote[], now: Date): FeedbackWeights {
  return weigh(prepare(votes), now);
}

const kindOf = (feature: string): FeatureKind | undefined => {
  const k = feature.slice(0, feature.indexOf(':'));
  return k === 'source' || k === 'topic' || k === 'term' ? k : undefined;
};

/** How far feedback moves a story with these features: within [-bound, bound]. */
export function feedbackAdjustment(features: readonly string[], fb: FeedbackWeights): number {
  if (fb.weights.size === 0) return 0;
  const pull: Record<FeatureKind, number> = { source: 0, topic: 0, term: 0 };
  for (const f of new Set(features)) {
    const kind = kindOf(f);
    const w = fb.weights.get(f);
    if (kind && w !== undefined) pull[kind] += Math.tanh(w / FEEDBACK.saturation);
  }
  let total = 0;
  for (const kind of Object.keys(pull) as FeatureKind[]) total += FEEDBACK.kinds[kind] * Math.max(-1, Math.min(1, pull[kind]));
  return FEEDBACK.bound * Math.max(-1, Math.min(1, total));
}

/**
 * Reorders a ranking (best first) by score + adjustment. With fewer than FEEDBACK.minVotes votes, each block of
 * `pageSize` stories keeps its stories (only their order within it changes), so the first k pages show the same
 * stories as without feedback. Only the first FEEDBACK.candidates entries move; the rest follow unchanged. Ties keep
 * the original order, so equal feedback changes nothing.
 */
export function rerank<T extends { storyId: number; score: number }>(ranked: readonly T[], adjust: ReadonlyMap<number, number>, votes: number, pageSize: number): T[] {
  const head = ranked.slice(0, FEEDBACK.candidates).map((r, i) => ({ r, i, s: r.score + (adjust.get(r.storyId) ?? 0) }));
  const byAdjusted = (a: { s: number; i: number }, b: { s: number; i: number }) => b.s - a.s || a.i - b.i;
  let ordered: typeof head;
  if (votes >= FEEDBACK.minVotes) ordered = head.sort(byAdjusted);
  else {
    const size = Math.max(1, Math.floor(pageSize));
    ordered = [];
    for (let k = 0; k < head.length; k += size) ordered.push(...head.slice(k, k + size).sort(byAdjusted));
  }
  return [...ordered.map((x) => x.r), ...ranked.slice(FEEDBACK.candidates)];
}

/** The features feedback pulls hardest on, strongest first: what `/digest status` reports as changed. */
export function strongestFeatures(fb: FeedbackWeights, max = 3): { more: string[]; less: string[] } {
  const sorted = [...fb.weights].filter(([, w]) => Math.abs(w) >= 0.05).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0].localeCompare(b[0]));
  const label = (f: string) => `${f.slice(f.indexOf(':') + 1)} (${f.slice(0, f.indexOf(':'))})`;
  return {
    more: sorted.filter(([, w]) => w > 0).slice(0, max).map(([f]) => label(f)),
    less: sorted.filter(([, w]) => w < 0).slice(0, max).map(([f]) => label(f)),
  };
}

/** One line on what a workspace's feedback changes, or undefined when it has none. */
export function feedbackLine(fb: FeedbackWeights): string | undefined {
  if (fb.votes === 0) return undefined;
  const { more, less } = strongestFeatures(fb);
  const parts = [`Feedback: ${fb.votes} vote${fb.votes === 1 ? '' : 's'} (👍 ${fb.up} · 👎 ${fb.down})`];
  if (more.length > 0) parts.push(`ranked higher: ${more.join(', ')}`);
  if (less.length > 0) parts.push(`ranked lower: ${less.join(', ')}`);
  if (fb.votes < FEEDBACK.minVotes) parts.push(`under ${FEEDBACK.minVotes} votes this only reorders stories within a page`);
  return parts.join(' · ');
}

/** `rerank` for a store-backed ranking: weighs the candidates by their outlets and tags (their outlines, outlines.ts:
 * never the stories themselves), only when there is feedback. */
export async function rerankWithFeedback<T extends { storyId: number; score: number }>(
  stories: Pick<StoryStore, 'storyOutlines' | 'storiesStamp'>, ranked: T[], fb: FeedbackWeights | undefined, pageSize: number, state?: CandidateState,
): Promise<T[]> {
  if (!fb || fb.weights.size === 0 || ranked.length < 2) return ranked;
  const adjust = new Map<number, number>();
  for (const s of await candidateOutlines(stories, ranked.slice(0, FEEDBACK.candidates).map((r) => r.storyId), state)) adjust.set(s.id, feedbackAdjustment(storyFeatures(s), fb));
  return rerank(ranked, adjust, fb.votes, pageSize);
}

/** Each store's votes per workspace, as last read: kept while the workspace's feedback stamp is unchanged. */
const VOTE_CACHE = new WeakMap<object, Map<string, { stamp: string; since: string; votes: PreparedVote[] }>>();
/** Most workspaces one store's cache holds (it starts over beyond). */
const CACHED_WORKSPACES = 1000;

/**
 * A workspace's feedback at `now`, from its votes within the horizon. The votes are read again only when the
 * workspace's feedback stamp changed (a vote cast, changed or reset, by any instance) or an earlier horizon is asked
 * for; the weights are computed at `now` every time, so caching changes no result.
 */
export async function loadFeedback(tuning: Pick<TuningStore, 'listVotes' | 'feedbackStamp'>, workspaceId: string, now: Date): Promise<FeedbackWeights> {
  const since = feedbackHorizon(now);
  const stamp = await tuning.feedbackStamp(workspaceId);
  let byWorkspace = VOTE_CACHE.get(tuning);
  if (!byWorkspace) VOTE_CACHE.set(tuning, (byWorkspace = new Map()));
  let cached = byWorkspace.get(workspaceId);
  if (!cached || cached.stamp !== stamp || since < cached.since) {
    // Read after the stamp: a vote landing in between leaves a newer stamp, so the next call reads again.
    cached = { stamp, since, votes: prepare(await tuning.listVotes(workspaceId, since)) };
    if (byWorkspace.size >= CACHED_WORKSPACES) byWorkspace.clear();
    byWorkspace.set(workspaceId, cached);
  }
  return weigh(cached.votes, now);
}
