// Story ranking: relevance (bm25 of the best article), recency and coverage (how many sources carry it).
import type { SearchHit } from '../store/types.js';

export interface RankedStory {
  storyId: number;
  score: number;
  /** Best bm25 rank among its articles (lower is better). */
  rank: number;
  latest: string;
}

export const RANK_WEIGHTS = { relevance: 0.5, recency: 0.3, coverage: 0.2 } as const;

/**
 * Groups article hits by story and scores each story.
 * @param counts article count per story (coverage)
 * @param until the window's end; recency decays with a half-life of a quarter of the window (12 h to 7 days)
 */
export function rankStories(hits: SearchHit[], counts: Map<number, number>, until: Date, spanMs: number): RankedStory[] {
  const byStory = new Map<number, { rank: number; latest: string }>();
  for (const h of hits) {
    const cur = byStory.get(h.storyId);
    if (!cur) byStory.set(h.storyId, { rank: h.rank, latest: h.sortAt });
    else {
      cur.rank = Math.min(cur.rank, h.rank);
      if (h.sortAt > cur.latest) cur.latest = h.sortAt;
    }
  }
  if (byStory.size === 0) return [];
  const ranks = [...byStory.values()].map((s) => s.rank);
  const best = Math.min(...ranks);
  const worst = Math.max(...ranks);
  const maxCount = Math.max(1, ...[...byStory.keys()].map((id) => counts.get(id) ?? 1));
  const halfLife = Math.min(7 * 86_400_000, Math.max(12 * 3_600_000, Number.isFinite(spanMs) ? spanMs / 4 : 7 * 86_400_000));
  const out: RankedStory[] = [];
  for (const [storyId, s] of byStory) {
    // bm25 is negative, lower is better: map the best to 1 and the worst to 0.
    const relevance = best === worst ? 1 : (worst - s.rank) / (worst - best);
    const age = Math.max(0, until.getTime() - new Date(s.latest).getTime());
    const recency = Math.pow(0.5, age / halfLife);
    const coverage = Math.log2(1 + (counts.get(storyId) ?? 1)) / Math.log2(1 + maxCount);
    const score = RANK_WEIGHTS.relevance * relevance + RANK_WEIGHTS.recency * recency + RANK_WEIGHTS.coverage * coverage;
    out.push({ storyId, score, rank: s.rank, latest: s.latest });
  }
  // Ties break on recency, then id, so the order is deterministic.
  return out.sort((a, b) => b.score - a.score || b.latest.localeCompare(a.latest) || b.storyId - a.storyId);
}
