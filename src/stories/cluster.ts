// Story clustering at ingest time: a new article joins the story of its best-matching earlier article (found through
// shared LSH band keys, confirmed by sameStory) or starts a new story. `chooseStory` is the decision the SQLite store
// makes after fetching candidates; `StoryIndex` is the in-memory reference used by tests and the benchmark.
import { bandKeys } from './fingerprint.js';
import type { Fingerprint } from './fingerprint.js';
import { SAME_STORY_THRESHOLD, storySimilarity } from './similarity.js';

/** An earlier article that shares at least one band key with the new one. */
export interface StoryCandidate {
  articleId: number;
  storyId: number;
  fp: Fingerprint;
}

/** Best story for a fingerprint among candidates (score = best member's similarity), or null when none reaches the threshold. */
export function chooseStory(
  fp: Fingerprint,
  candidates: readonly StoryCandidate[],
  threshold = SAME_STORY_THRESHOLD,
): { storyId: number; score: number } | null {
  let best: { storyId: number; score: number } | null = null;
  for (const c of candidates) {
    const score = storySimilarity(fp, c.fp);
    if (score < threshold) continue;
    // Highest score wins; ties go to the older (smaller) story id so the result never depends on candidate order.
    if (best === null || score > best.score || (score === best.score && c.storyId < best.storyId)) {
      best = { storyId: c.storyId, score };
    }
  }
  return best;
}

/** In-memory story index: band key → articles, article → story. */
export class StoryIndex {
  private readonly byKey = new Map<number, number[]>();
  private readonly fps = new Map<number, Fingerprint>();
  private readonly storyOf = new Map<number, number>();
  private nextStory = 1;

  /** Optional cap on candidates scored per add (most shared keys first); 0 = no cap. */
  constructor(private readonly maxCandidates = 0) {}

  /** Files an article and returns the id of the story it joined, or of the new story it started (ids count from 1). */
  add(id: number, fp: Fingerprint): number {
    if (this.fps.has(id)) throw new RangeError(`article ${id} is already indexed`);
    const keys = bandKeys(fp);
    const candidates = this.candidates(keys);
    const choice = chooseStory(fp, candidates);
    const story = choice ? choice.storyId : this.nextStory++;
    this.fps.set(id, fp);
    this.storyOf.set(id, story);
    for (const k of keys) {
      const list = this.byKey.get(k);
      if (list) list.push(id);
      else this.byKey.set(k, [id]);
    }
    return story;
  }

  /** Story id of an indexed article, or undefined. */
  storyOfArticle(id: number): number | undefined {
    return this.storyOf.get(id);
  }

  /** Articles sharing at least one key, most shared keys first (ties: smaller id), capped when asked. */
  candidates(keys: readonly number[]): StoryCandidate[] {
    const hits = new Map<number, number>();
    for (const k of new Set(keys)) {
      for (const a of this.byKey.get(k) ?? []) hits.set(a, (hits.get(a) ?? 0) + 1);
    }
    let ids = [...hits.keys()];
    if (this.maxCandidates > 0 && ids.length > this.maxCandidates) {
      ids.sort((x, y) => (hits.get(y) as number) - (hits.get(x) as number) || x - y);
      ids = ids.slice(0, this.maxCandidates);
    }
    return ids.map((a) => ({ articleId: a, storyId: this.storyOf.get(a) as number, fp: this.fps.get(a) as Fingerprint }));
  }

  /** Story id → member article ids (in insertion order), stories in creation order. */
  clusters(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const [id, story] of this.storyOf) {
      const list = out.get(story);
      if (list) list.push(id);
      else out.set(story, [id]);
    }
    return new Map([...out.entries()].sort((x, y) => x[0] - y[0]));
  }

  /** Number of indexed articles. */
  get size(): number {
    return this.fps.size;
  }
}
