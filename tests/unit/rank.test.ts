import { describe, expect, it } from 'vitest';
import { rankStories } from '../../src/briefing/rank.js';

const until = new Date('2026-11-30T00:00:00Z');
const DAY = 86_400_000;
const hit = (storyId: number, rank: number, daysAgo: number) => ({
  articleId: storyId * 10 + Math.round(daysAgo),
  storyId,
  rank,
  sortAt: new Date(until.getTime() - daysAgo * DAY).toISOString(),
});

describe('story ranking', () => {
  it('groups article hits into one entry per story, keeping the best rank and latest date', () => {
    const r = rankStories([hit(1, -5, 2), hit(1, -9, 1), hit(2, -4, 1)], new Map(), until, 7 * DAY);
    expect(r).toHaveLength(2);
    expect(r.find((s) => s.storyId === 1)).toMatchObject({ rank: -9, latest: hit(1, -9, 1).sortAt });
  });

  it('puts a fresher story above an equally relevant older one', () => {
    const r = rankStories([hit(1, -5, 6), hit(2, -5, 0.5)], new Map(), until, 7 * DAY);
    expect(r.map((s) => s.storyId)).toEqual([2, 1]);
  });

  it('puts a story covered by more sources above an equally relevant, equally recent one', () => {
    const r = rankStories([hit(1, -5, 1), hit(2, -5, 1)], new Map([[1, 1], [2, 4]]), until, 7 * DAY);
    expect(r.map((s) => s.storyId)).toEqual([2, 1]);
  });

  it('lets strong relevance beat a small recency edge', () => {
    const r = rankStories([hit(1, -20, 2), hit(2, -2, 1.5)], new Map(), until, 7 * DAY);
    expect(r[0]?.storyId).toBe(1);
  });

  it('is deterministic on ties', () => {
    const hits = [hit(3, -5, 1), hit(4, -5, 1)];
    expect(rankStories(hits, new Map(), until, 7 * DAY).map((s) => s.storyId)).toEqual([4, 3]);
    expect(rankStories([...hits].reverse(), new Map(), until, 7 * DAY).map((s) => s.storyId)).toEqual([4, 3]);
  });
});
