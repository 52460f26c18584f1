// Incremental event clustering: a new article's salient terms (IDF from the archive itself) select candidate stories
// through an inverted index over story centroids, restricted to a time window; the article joins the story whose
// centroid it matches best, or starts one. An article close to two stories whose centroids agree merges them (older
// id survives). All state that grows with the archive sits behind StoryState (SQLite in the store, Maps in tests).
import type { TermWeights } from './terms.js';
import { centroidNorm, cosine, probe, top, type Probe, type Vec } from './vectors.js';

export { cosine, type Vec };

/** A story's centroid: the sum of its members' unit vectors, cut to its heaviest terms. */
export interface StoryVector {
  id: number;
  terms: Map<string, number>;
  /** Articles summed into it. */
  count: number;
  /** Earliest and latest article time (ms since epoch). */
  firstSeen: number;
  lastSeen: number;
}

/** Times (ms since epoch) a story's span must reach into to be a candidate: lastSeen >= from and firstSeen <= to. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** Persistence the assigner needs (asynchronous, as every store port); every method is bounded by its arguments, never by archive size. */
export interface StoryState {
  /** Articles counted in the document frequencies. */
  docCount(): Promise<number>;
  /** Document frequency of each term (absent = 0). */
  docFreqs(terms: readonly string[]): Promise<Map<string, number>>;
  /** Counts one more document containing each of `terms`. */
  addDocument(terms: readonly string[]): Promise<void>;
  /** For each term, story ids whose centroid is indexed under it, newest story first, at most `limit` per term. */
  postings(terms: readonly string[], limit: number): Promise<Map<string, number[]>>;
  centroid(id: number): Promise<StoryVector | undefined>;
  /**
   * The live centroids among `ids` (any order). Given a time window, a centroid whose span [firstSeen, lastSeen] misses
   * it may be left out (the assigner drops it anyway), so a store need not read what the article cannot join.
   */
  centroids(ids: readonly number[], window?: TimeWindow): Promise<StoryVector[]>;
  /** Saves a centroid and indexes it under `indexTerms` (postings are only ever added). */
  saveCentroid(v: StoryVector, indexTerms: readonly string[]): Promise<void>;
  /** Forgets a merged-away story's centroid. */
  dropCentroid(id: number): Promise<void>;
}

export interface AssignerOptions {
  /** Cosine (article vs story centroid) at or above which a headline-only article joins the story. */
  threshold: number;
  /** The same for an article with body text: its title-and-lead vector is richer, so unrelated stories share more. */
  bodyThreshold: number;
  /**
   * A second story this close to a headline-only article is merged into the best one when the two centroids also agree
   * (tuned on UCI first halves).
   */
  mergeThreshold: number;
  /** Centroid-to-centroid cosine required for a merge. */
  mergeCentroids: number;
  /**
   * The same two for an article with a body (set by hand on our own test reports; UCI, where the headline pair is
   * tuned, has no bodies): a title-and-lead vector is close to more stories, so merging asks for more.
   */
  bodyMergeThreshold: number;
  bodyMergeCentroids: number;
  /** Stories whose articles are all further than this from the article's time are not candidates. */
  windowMs: number;
  /** An article's heaviest raw terms that count at all (document frequencies are kept for these only). */
  docTerms: number;
  /** Terms kept in an article's vector. */
  vectorTerms: number;
  /** Terms kept in a story centroid. */
  centroidTerms: number;
  /** Heaviest centroid terms a story is indexed under. */
  indexTerms: number;
  /** Heaviest article terms looked up in the index. */
  queryTerms: number;
  /** Stories read per looked-up term. */
  perTerm: number;
  /** Centroids scored per article. */
  maxCandidates: number;
  /** Added to every IDF (log((N+1)/(df+1)) + idfFloor): how much common words still count. */
  idfFloor: number;
  /** A match resting on fewer shared terms than this is scaled down by shared/minShared. */
  minShared: number;
  /** Blend of centroid cosine (0) and average-link similarity (1: mean cosine to the members). */
  averageLink: number;
  /**
   * Time decay for headline-only articles: a story whose time span lies `gap` ms from the article scores ×
   * (timeFloor + (1 - timeFloor) × 2^(-gap / timeHalfLifeMs)); reports of one event cluster in time, and a bare headline
   * needs that evidence most. Tuned on UCI first halves. 0 turns the decay off. Articles with a body are not decayed.
   */
  timeHalfLifeMs: number;
  /**
   * What the decay never goes below: threshold / 0.52, set by hand so a strong headline-only follow-up a day later
   * still joins (cosine ≥ 0.52), whatever threshold and half-life are tuned to.
   */
  timeFloor: number;
}

export const DEFAULT_ASSIGNER: AssignerOptions = {
  threshold: 0.06,
  bodyThreshold: 0.25,
  mergeThreshold: 0.15,
  mergeCentroids: 0.1,
  bodyMergeThreshold: 0.42,
  bodyMergeCentroids: 0.25,
  windowMs: 4 * 86_400_000,
  docTerms: 32,
  vectorTerms: 24,
  centroidTerms: 48,
  indexTerms: 20,
  queryTerms: 12,
  perTerm: 8,
  maxCandidates: 16,
  idfFloor: 0.5,
  minShared: 2,
  averageLink: 0,
  timeHalfLifeMs: 1_800_000,
  // threshold / 0.52: a headline-only follow-up hours after its story joins it at cosine ≥ 0.52 (bench/events.ts LATE_COSINE).
  timeFloor: 0.1154,
};

/** What to do with one article. */
export interface Assignment {
  /** The story to join, or null for a new one. */
  storyId: number | null;
  score: number;
  /** Stories to merge into storyId (each older id survives: storyId is the smallest of the group). */
  merge: number[];
}

/**
 * The `k` ids with the most hits (ties: the larger, newer id), strongest first: a selection, as the candidates are a
 * few of many hits (story index hits here, shared band keys in the stores).
 */
export function strongest(hits: Map<number, number>, k: number): number[] {
  const ids: number[] = [];
  const weights: number[] = [];
  const above = (h: number, id: number, i: number): boolean => h > (weights[i] as number) || (h === weights[i] && id > (ids[i] as number));
  hits.forEach((h, id) => {
    if (ids.length === k && (k === 0 || !above(h, id, k - 1))) return;
    let i = ids.length;
    while (i > 0 && above(h, id, i - 1)) i--;
    ids.splice(i, 0, id);
    weights.splice(i, 0, h);
    if (ids.length > k) {
      ids.pop();
      weights.pop();
    }
  });
  return ids;
}

export class StoryAssigner {
  readonly opts: AssignerOptions;
  /** salient() of the article being filed (vector() and record() both need it; an article's terms never change). */
  private readonly salientOf = new WeakMap<TermWeights, [string, number][]>();

  constructor(private readonly state: StoryState, opts: Partial<AssignerOptions> = {}) {
    this.opts = { ...DEFAULT_ASSIGNER, ...opts };
  }

  /** TF-IDF unit vector of an article's terms with the archive's current document frequencies. */
  async vector(terms: TermWeights): Promise<Vec> {
    const n = await this.state.docCount();
    const salient = this.salient(terms);
    const df = await this.state.docFreqs(salient.map(([t]) => t));
    const weighted = new Map<string, number>();
    for (const [t, w] of salient) weighted.set(t, w * (Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + this.opts.idfFloor));
    const kept = top(weighted, this.opts.vectorTerms);
    let s = 0;
    for (const [, w] of kept) s += w * w;
    const len = Math.sqrt(s) || 1;
    const vec: Vec = new Map();
    for (const [t, w] of kept) vec.set(t, w / len);
    return vec;
  }

  /** The article's heaviest raw terms (title and names first), at most docTerms. */
  salient(terms: TermWeights): [string, number][] {
    let out = this.salientOf.get(terms);
    if (!out) {
      out = terms.size <= this.opts.docTerms ? [...terms] : top(terms, this.opts.docTerms);
      this.salientOf.set(terms, out);
    }
    return out;
  }

  /** Candidate stories (within the time window of `at`) with their cosine to the article (time-decayed), best first. */
  async candidates(vec: Vec, at: number, decay = false): Promise<{ story: StoryVector; score: number }[]> {
    const hits = new Map<number, number>();
    const query = top(vec, this.opts.queryTerms);
    const lists = await this.state.postings(query.map(([t]) => t), this.opts.perTerm);
    for (const [t, w] of query) {
      for (const id of lists.get(t) ?? []) hits.set(id, (hits.get(id) ?? 0) + w);
    }
    const ids = strongest(hits, this.opts.maxCandidates);
    const out: { story: StoryVector; score: number }[] = [];
    const window = { from: at - this.opts.windowMs, to: at + this.opts.windowMs };
    const p = probe(vec);
    for (const story of await this.state.centroids(ids, window)) {
      if (!this.withinWindow(story, at)) continue;
      out.push({ story, score: this.scoreProbe(p, story, decay ? at : undefined) });
    }
    // Best first; ties go to the older story so the decision never depends on lookup order.
    return out.sort((a, b) => b.score - a.score || a.story.id - b.story.id);
  }

  /**
   * Cosine of an article to a centroid, damped when it rests on fewer than minShared terms, and by the time gap when
   * `at` (the article's time) is given.
   */
  score(vec: Vec, story: StoryVector, at?: number): number {
    return this.scoreProbe(probe(vec), story, at);
  }

  /** score() in one walk of the smaller side (the same sums, in the same order, as cosine() and dot() make). */
  private scoreProbe(p: Probe, story: StoryVector, at?: number): number {
    const terms = story.terms;
    let shared = 0;
    let d = 0;
    if (p.terms.length <= terms.size) {
      for (let i = 0; i < p.terms.length; i++) {
        const y = terms.get(p.terms[i] as string);
        if (y === undefined) continue;
        shared++;
        d += (p.weights[i] as number) * y;
      }
    } else {
      for (const t of terms.keys()) {
        const x = p.vec.get(t);
        if (x === undefined) continue;
        shared++;
        d += (terms.get(t) as number) * x;
      }
    }
    const n = p.norm * centroidNorm(terms);
    const a = this.opts.averageLink;
    const c = (1 - a) * (n === 0 ? 0 : d / n) + (a === 0 ? 0 : (a * d) / story.count);
    const damped = shared >= this.opts.minShared ? c : (c * shared) / this.opts.minShared;
    return at === undefined ? damped : damped * this.timeFactor(story, at);
  }

  /** 1 inside the story's time span, decaying towards timeFloor with the gap to it. */
  timeFactor(story: StoryVector, at: number): number {
    const h = this.opts.timeHalfLifeMs;
    if (h <= 0) return 1;
    const gap = Math.max(0, story.firstSeen - at, at - story.lastSeen);
    const f = this.opts.timeFloor;
    return f + (1 - f) * 2 ** (-gap / h);
  }

  /**
   * Whether a near-copy of an article in story `storyId`, dated `at`, joins that story: only when the story's span lies
   * within the window of `at` (a story without a centroid, filed before migration 7, always takes it). A copy far
   * outside it is a re-publication or a recurring template (a monthly rate decision, a weekly jobless-claims report):
   * it goes to the event assigner instead, like any other article.
   */
  async nearCopyJoins(storyId: number, at: number): Promise<boolean> {
    const story = await this.state.centroid(storyId);
    return !story || this.withinWindow(story, at);
  }

  /** Whether a time lies within the window around a story's span (candidates, near-copies, span updates). */
  private withinWindow(span: { firstSeen: number; lastSeen: number }, at: number): boolean {
    return at >= span.firstSeen - this.opts.windowMs && at <= span.lastSeen + this.opts.windowMs;
  }

  /** Decides where an article goes. */
  async decide(vec: Vec, at: number, hasBody = false): Promise<Assignment> {
    const cands = await this.candidates(vec, at, !hasBody);
    const best = cands[0];
    const threshold = hasBody ? this.opts.bodyThreshold : this.opts.threshold;
    if (!best || best.score < threshold) return { storyId: null, score: best?.score ?? 0, merge: [] };
    const group = [best.story];
    const mergeAt = hasBody ? this.opts.bodyMergeThreshold : this.opts.mergeThreshold;
    const agree = hasBody ? this.opts.bodyMergeCentroids : this.opts.mergeCentroids;
    for (const c of cands.slice(1)) {
      if (c.score < mergeAt) break;
      if (cosine(best.story.terms, c.story.terms) >= agree) group.push(c.story);
    }
    const ids = group.map((s) => s.id).sort((a, b) => a - b);
    return { storyId: ids[0] as number, score: best.score, merge: ids.slice(1) };
  }

  /** Files an article that was stored in `storyId` after `decide`: document frequencies, centroid, index, merges. */
  async record(terms: TermWeights, vec: Vec, storyId: number, at: number, merged: readonly number[] = []): Promise<StoryVector> {
    await this.state.addDocument(this.salient(terms).map(([t]) => t));
    const base = await this.state.centroid(storyId);
    const sum = new Map(base?.terms ?? []);
    let count = base?.count ?? 0;
    let firstSeen = base?.firstSeen ?? at;
    let lastSeen = base?.lastSeen ?? at;
    for (const id of merged) {
      const other = await this.state.centroid(id);
      if (!other) continue;
      other.terms.forEach((w, t) => sum.set(t, (sum.get(t) ?? 0) + w));
      count += other.count;
      firstSeen = Math.min(firstSeen, other.firstSeen);
      lastSeen = Math.max(lastSeen, other.lastSeen);
      await this.state.dropCentroid(id);
    }
    vec.forEach((w, t) => sum.set(t, (sum.get(t) ?? 0) + w));
    const kept = top(sum, this.opts.centroidTerms);
    // A near-copy filed far outside the story's window (a re-publication months later) joins the story without
    // stretching its time span, so the window keeps meaning "close to this event".
    const inWindow = !base || this.withinWindow({ firstSeen, lastSeen }, at);
    const v: StoryVector = {
      id: storyId,
      terms: new Map(kept),
      count: count + 1,
      firstSeen: inWindow ? Math.min(firstSeen, at) : firstSeen,
      lastSeen: inWindow ? Math.max(lastSeen, at) : lastSeen,
    };
    await this.state.saveCentroid(v, kept.slice(0, this.opts.indexTerms).map(([t]) => t));
    return v;
  }
}

/** Body words from which an article counts as complete (a teaser or headline-only item weighs less as headline). */
const COMPLETE_WORDS = 80;

/**
 * How well an article represents its story: cosine to the story's centroid, times completeness (1 for a full article,
 * 0.6 for a short body, 0.3 for a headline alone), so the most central complete article carries the story's headline.
 */
export function representativeness(vec: Vec, story: StoryVector, bodyWords: number): number {
  const completeness = bodyWords >= COMPLETE_WORDS ? 1 : bodyWords > 0 ? 0.6 : 0.3;
  return cosine(vec, story.terms) * completeness;
}

/** StoryState in Maps: the reference implementation for tests and the benchmark (SQLite's lives in the store). */
export class MemoryStoryState implements StoryState {
  private docs = 0;
  private readonly df = new Map<string, number>();
  private readonly index = new Map<string, number[]>();
  private readonly vectors = new Map<number, StoryVector>();

  async docCount(): Promise<number> {
    return this.docs;
  }
  async docFreqs(terms: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const t of terms) {
      const n = this.df.get(t);
      if (n !== undefined) out.set(t, n);
    }
    return out;
  }
  async addDocument(terms: readonly string[]): Promise<void> {
    this.docs++;
    for (const t of new Set(terms)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }
  async postings(terms: readonly string[], limit: number): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    for (const term of terms) {
      const list = this.index.get(term) ?? [];
      const ids: number[] = [];
      for (let i = list.length - 1; i >= 0 && ids.length < limit; i--) {
        const id = list[i] as number;
        if (this.vectors.has(id)) ids.push(id);
      }
      out.set(term, ids);
    }
    return out;
  }
  async centroid(id: number): Promise<StoryVector | undefined> {
    return this.vectors.get(id);
  }
  async centroids(ids: readonly number[]): Promise<StoryVector[]> {
    return ids.map((id) => this.vectors.get(id)).filter((v): v is StoryVector => v !== undefined);
  }
  async saveCentroid(v: StoryVector, indexTerms: readonly string[]): Promise<void> {
    this.vectors.set(v.id, v);
    for (const t of indexTerms) {
      const list = this.index.get(t) ?? [];
      if (!list.includes(v.id)) {
        // Kept sorted by story id so "newest first" is a walk from the end.
        let i = list.length;
        while (i > 0 && (list[i - 1] as number) > v.id) i--;
        list.splice(i, 0, v.id);
      }
      this.index.set(t, list);
    }
  }
  async dropCentroid(id: number): Promise<void> {
    this.vectors.delete(id);
  }
}
