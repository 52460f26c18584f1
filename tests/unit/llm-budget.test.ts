import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenBudget, utcDay } from '../../src/llm/budget.js';
import { createLimiter } from '../../src/limiter.js';
import { articleText, cutText, MAX_ARTICLE_CHARS, overviewList, summaryMessages } from '../../src/llm/prompts.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { LlmUsage } from '../../src/store/types.js';
import { systemClock } from '../../src/clock.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-llm-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A ledger in memory, shaped like the store's. */
function memoryLedger() {
  const days = new Map<string, LlmUsage>();
  return {
    llmUsage: async (day: string): Promise<LlmUsage> => days.get(day) ?? { tokens: 0, calls: 0, fallbacks: 0, cacheHits: 0 },
    async llmRecord(day: string, d: Partial<LlmUsage>) {
      const u = days.get(day) ?? { tokens: 0, calls: 0, fallbacks: 0, cacheHits: 0 };
      days.set(day, { tokens: u.tokens + (d.tokens ?? 0), calls: u.calls + (d.calls ?? 0), fallbacks: u.fallbacks + (d.fallbacks ?? 0), cacheHits: u.cacheHits + (d.cacheHits ?? 0) });
    },
  };
}

describe('daily token budget', () => {
  it('refuses a call that would cross the cap, counting reservations still in flight', async () => {
    const budget = createTokenBudget(memoryLedger(), 1000, () => new Date('2026-11-30T10:00:00Z'));
    const a = await budget.reserve(600);
    expect(a).toBeDefined();
    expect(await budget.reserve(500)).toBeUndefined(); // 600 reserved + 500 > 1000
    await a?.commit(300); // the server reported fewer tokens than estimated
    expect(await budget.usedToday()).toBe(300);
    expect(await budget.reserve(700)).toBeDefined();
  });

  it('frees a released reservation without counting it, and counts a commit once', async () => {
    const budget = createTokenBudget(memoryLedger(), 100, systemClock);
    const r = await budget.reserve(100);
    r?.release();
    await r?.commit(50);
    expect(await budget.usedToday()).toBe(0);
    expect(await budget.reserve(100)).toBeDefined();
  });

  it('starts a fresh budget on the next UTC day', async () => {
    let now = new Date('2026-11-30T23:59:00Z');
    const budget = createTokenBudget(memoryLedger(), 100, () => now);
    await (await budget.reserve(90))?.commit(90);
    expect(await budget.reserve(20)).toBeUndefined();
    now = new Date('2026-12-01T00:01:00Z');
    expect(await budget.usedToday()).toBe(0);
    expect(await budget.reserve(90)).toBeDefined();
    expect(utcDay(now)).toBe('2026-12-01');
  });

  it('keeps the day\'s count across a restart (the SQLite ledger)', async () => {
    const file = path.join(dir, 'ledger.db');
    const day = '2026-11-30';
    const clock = () => new Date(`${day}T08:00:00Z`);
    const first = createSqliteStore(file, systemClock);
    await (await createTokenBudget(first.llm, 1000, clock).reserve(100))?.commit(640);
    await first.llm.llmRecord(day, { fallbacks: 2, cacheHits: 5 });
    await first.close();
    const second = createSqliteStore(file, systemClock);
    expect(await second.llm.llmUsage(day)).toEqual({ tokens: 640, calls: 1, fallbacks: 2, cacheHits: 5 });
    expect(await createTokenBudget(second.llm, 1000, clock).reserve(400)).toBeUndefined();
    await second.close();
  });
});

describe('answer cache (SQLite)', () => {
  it('keys answers by content hash, model and prompt version', async () => {
    const store = createSqliteStore(':memory:', systemClock);
    await store.llm.llmCachePut({ contentHash: 'h1', model: 'm1', promptVersion: 'p1', kind: 'summary', text: 'one', tokens: 10 });
    expect(await store.llm.llmCacheGet('h1', 'm1', 'p1')).toBe('one');
    expect(await store.llm.llmCacheGet('h1', 'm2', 'p1')).toBeUndefined();
    expect(await store.llm.llmCacheGet('h1', 'm1', 'p2')).toBeUndefined();
    await store.llm.llmCachePut({ contentHash: 'h1', model: 'm1', promptVersion: 'p1', kind: 'summary', text: 'two', tokens: 10 });
    expect(await store.llm.llmCacheGet('h1', 'm1', 'p1')).toBe('two');
    expect((await store.llm.llmStoryTexts([1, 2])).size).toBe(0);
    await store.close();
  });
});

describe('concurrency limiter', () => {
  it('runs at most N at once and the rest in order', async () => {
    const limiter = createLimiter(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const job = (i: number) =>
      limiter.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        order.push(i);
        active--;
        return i;
      });
    expect(await Promise.all([1, 2, 3, 4, 5].map(job))).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([3, 4, 5]);
    expect(limiter.active()).toBe(0);
  });

  it('frees the slot when a call throws', async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(() => Promise.resolve('next'))).toBe('next');
  });
});

describe('prompts', () => {
  it('sends the title and the cleaned body only, cut at a paragraph when long', async () => {
    const body = Array.from({ length: 80 }, (_, i) => `Paragraph ${i} says something about the harbour.`.repeat(3)).join('\n\n');
    const text = articleText('Harbour  reopens\u0007', body);
    expect(text.startsWith('Title: Harbour reopens\n\nParagraph 0 says')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(MAX_ARTICLE_CHARS + 40);
    expect(text.endsWith('harbour.')).toBe(true);
    const messages = summaryMessages('T', 'B');
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('cuts at a word boundary when there is no sentence to cut at', async () => {
    expect(cutText('alpha beta gamma delta', 12)).toBe('alpha beta');
  });

  it('numbers overview stories from 1 in the order given', async () => {
    expect(overviewList([{ headline: 'A', summary: 'a.' }, { headline: 'B', summary: 'b.' }])).toBe('[1] A — a.\n[2] B — b.');
  });
});
