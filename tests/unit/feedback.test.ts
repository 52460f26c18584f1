// Feedback weights: votes become decayed, bounded weights of sources, topics and terms; under N votes they only
// reorder stories inside a page; through /brief, a workspace's votes move its own ranking and no other workspace's.
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/run.js';
import type { CommandContext } from '../../commands/types.js';
import {
  FEEDBACK, feedbackAdjustment, feedbackLine, feedbackWeights, NO_FEEDBACK, rerank, storyFeatures,
} from '../../src/briefing/feedback.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { FeedbackVote } from '../../src/store/types.js';
import type { Briefing } from '../../src/types.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const vote = (v: 1 | -1, features: string[], at = NOW.toISOString(), n = 0): FeedbackVote => ({
  workspaceId: 'w', userId: `u${n}`, storyId: n, vote: v, features, votedAt: at,
});

describe('feedback weights', () => {
  it('reads a story as its outlets, topics and salient terms, lower-cased', () => {
    const f = storyFeatures({
      sources: [{ name: 'Harbor  Times' }, { name: 'Pacific Ledger' }],
      tags: [{ kind: 'topic', value: 'Korea' }, { kind: 'place', value: 'Seoul' }, { kind: 'keyword', value: 'typhoon' }, { kind: 'person', value: 'Kim' }],
    });
    expect(f).toEqual(['source:harbor times', 'source:pacific ledger', 'topic:korea', 'term:seoul', 'term:kim', 'term:typhoon']);
  });

  it('decays with the half-life of the injected clock and ignores votes past the horizon', () => {
    const fb = feedbackWeights([vote(1, ['source:a'], ago(0)), vote(1, ['source:b'], ago(FEEDBACK.halfLifeMs)), vote(1, ['source:c'], ago(2 * FEEDBACK.halfLifeMs)),
      vote(-1, ['source:d'], ago(FEEDBACK.horizonHalfLives * FEEDBACK.halfLifeMs + DAY))], NOW);
    expect(fb.weights.get('source:a')).toBeCloseTo(1, 6);
    expect(fb.weights.get('source:b')).toBeCloseTo(0.5, 6);
    expect(fb.weights.get('source:c')).toBeCloseTo(0.25, 6);
    expect(fb.weights.has('source:d')).toBe(false);
    expect(fb).toMatchObject({ votes: 3, up: 3, down: 0 });
    // The same votes read a week later weigh half as much.
    const later = feedbackWeights([vote(1, ['source:a'], ago(0))], new Date(NOW.getTime() + FEEDBACK.halfLifeMs));
    expect(later.weights.get('source:a')).toBeCloseTo(0.5, 6);
  });

  it('keeps every adjustment within the bound, however many votes agree', () => {
    const many = Array.from({ length: 500 }, (_, i) => vote(-1, ['source:a', 'topic:t', 'term:x', 'term:y'], NOW.toISOString(), i));
    const fb = feedbackWeights(many, NOW);
    const adj = feedbackAdjustment(['source:a', 'topic:t', 'term:x', 'term:y'], fb);
    expect(adj).toBeLessThan(0);
    expect(adj).toBeGreaterThanOrEqual(-FEEDBACK.bound);
    const up = feedbackWeights(many.map((v) => ({ ...v, vote: 1 as const })), NOW);
    expect(feedbackAdjustment(['source:a', 'topic:t', 'term:x', 'term:y'], up)).toBeLessThanOrEqual(FEEDBACK.bound);
    // One vote moves less than many, and a story sharing nothing is not moved.
    const one = feedbackAdjustment(['source:a'], feedbackWeights([vote(1, ['source:a'])], NOW));
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThan(feedbackAdjustment(['source:a'], up));
    expect(feedbackAdjustment(['source:z'], up)).toBe(0);
    expect(feedbackAdjustment(['source:a'], NO_FEEDBACK)).toBe(0);
  });

  it('under N votes reorders only within each page: no story leaves its page', () => {
    const ranked = Array.from({ length: 10 }, (_, i) => ({ storyId: i + 1, score: 1 - i * 0.01 }));
    // Story 7 is liked, story 1 disliked, by N - 1 votes.
    const adjust = new Map([[7, FEEDBACK.bound], [1, -FEEDBACK.bound]]);
    const few = rerank(ranked, adjust, FEEDBACK.minVotes - 1, 5);
    expect(few.slice(0, 5).map((r) => r.storyId).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(few.slice(5).map((r) => r.storyId)).toEqual([7, 6, 8, 9, 10]);
    expect(few[4]?.storyId).toBe(1);
    // From N votes on, the liked story can reach the first page and the disliked one leave it, by the bounded amount.
    const enough = rerank(ranked, adjust, FEEDBACK.minVotes, 5);
    expect(enough[0]?.storyId).toBe(7);
    expect(enough.slice(0, 5).map((r) => r.storyId)).not.toContain(1);
    // A story far ahead is never pushed out by the bound.
    const spread = Array.from({ length: 10 }, (_, i) => ({ storyId: i + 1, score: 1 - i * (2 * FEEDBACK.bound + 0.01) }));
    expect(rerank(spread, new Map([[1, -FEEDBACK.bound]]), 100, 5)[0]?.storyId).toBe(1);
    // Nothing to adjust: the same order.
    expect(rerank(ranked, new Map(), 100, 5)).toEqual(ranked);
  });

  it('says what it changed in one line', () => {
    const fb = feedbackWeights([vote(1, ['source:harbor times', 'topic:korea'], NOW.toISOString(), 1), vote(-1, ['term:celebrity'], NOW.toISOString(), 2)], NOW);
    expect(feedbackLine(fb)).toBe(
      `Feedback: 2 votes (👍 1 · 👎 1) · ranked higher: harbor times (source), korea (topic) · ranked lower: celebrity (term) · under ${FEEDBACK.minVotes} votes this only reorders stories within a page`,
    );
    expect(feedbackLine(NO_FEEDBACK)).toBeUndefined();
  });
});

describe('feedback through /brief', () => {
  let app: App;
  afterEach(() => app?.close());
  const ctx = (workspace: string): CommandContext => ({ platform: 'cli', workspaceId: workspace, channelId: `${workspace}:c`, userId: 'u', isAdmin: true, now: NOW });
  const brief = async (workspace: string): Promise<string[]> => {
    const r = await runCommand(app, ctx(workspace), 'brief', undefined, { topic: 'harbor', limit: 10 });
    return (r as { briefing: Briefing }).briefing.stories.map((s) => s.sources[0]?.name ?? '');
  };

  it("moves the voting workspace's ranking toward the liked source, and no other workspace's", async () => {
    app = createApp({ config: loadConfig({ NEWSBRIEF_DB: ':memory:' }), dbPath: ':memory:', now: () => NOW, llm: false });
    const outlets = ['Alpha Wire', 'Beta News', 'Gamma Post', 'Delta Daily', 'Epsilon Times', 'Zeta Herald'];
    const what = [
      ['cranes', 'Engineers replaced four rusting gantry cranes after a storm bent their arms', 'The work cost twelve million and took nine months'],
      ['ferries', 'Two electric ferries began crossing to the islands on Monday', 'Commuters praised the quiet engines and the new timetable'],
      ['tides', 'Record spring tides flooded the fish market twice in one week', 'Traders moved their stalls to the upper car park'],
      ['fishing', 'The fishing fleet returned early with a poor mackerel catch', 'Skippers blamed warm water and rising fuel prices'],
      ['lights', 'Volunteers restored the old lighthouse lamp for its centenary', 'A parade of boats will mark the evening it is lit'],
      ['dredging', 'Dredgers deepened the channel so container ships can dock at low water', 'Environmental groups asked for tests of the silt'],
    ];
    const lines = outlets.map((source, i) => JSON.stringify({
      title: `Harbor ${what[i]?.[0]}: ${what[i]?.[1]}`,
      body: `${what[i]?.[1]} at the harbor, officials said. ${what[i]?.[2]}. Further details on the harbor ${what[i]?.[0]} are expected from the port authority next week, according to a spokesperson.`,
      source, url: `https://example.com/h/${i}`, publishedAt: ago((i + 1) * 3_600_000),
    }));
    expect((await app.pipeline.ingestContent(lines.join('\n'), 'harbor.jsonl')).rejections).toEqual([]);
    const before = await brief('discord:1');
    expect(before).toHaveLength(6);
    const liked = before[3] as string;
    for (let u = 0; u < FEEDBACK.minVotes; u++) {
      await app.store.tuning.recordVote({ workspaceId: 'discord:1', userId: `discord:u${u}`, storyId: 1000 + u, vote: 1, features: [`source:${liked.toLowerCase()}`], votedAt: ago(DAY) });
    }
    const after = await brief('discord:1');
    expect(after.indexOf(liked)).toBeLessThan(before.indexOf(liked));
    expect([...after].sort()).toEqual([...before].sort());
    expect(await brief('discord:2')).toEqual(before);
    // The votes and features read for the last briefing are not reused once the workspace's votes change.
    await app.store.tuning.resetFeedback('discord:1');
    expect(await brief('discord:1')).toEqual(before);
  });
});
