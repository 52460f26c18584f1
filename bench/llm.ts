// LLM briefing cost and latency: /brief (the neutral command, in-process, the real openai client) against the fake
// OpenAI-compatible server on 127.0.0.1 answering every call after BENCH_LLM_DELAY_MS (default 500 ms), over a
// generated corpus. Cold = nothing cached for this model; warm = the same briefings again. Reports time per briefing
// and LLM calls per briefing against the target: at most one per uncached story plus one for the overview, 0 warm.
// (Chat adapter overhead on top of this is measured by the discord and slack suites.)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../commands/run.js';
import { complete } from '../commands/settle.js';
import type { CommandContext } from '../commands/types.js';
import { createApp, type App } from '../src/app.js';
import { loadConfig, type Config } from '../src/config/config.js';
import { DEFAULT_TIMEOUT_MS } from '../src/llm/config.js';
import { createLogger } from '../src/log.js';
import { startFakeOpenAI, type FakeOpenAI } from '../tests/fakes/openai.js';
import { generateCorpus } from './corpus.js';
import { type BenchSection, fmt, percentile } from './lib.js';

const QUERIES = ['korea', 'china', 'economy', 'technology', 'climate', 'missile launch', 'interest rates', 'chip subsidies'];
const NOW = new Date('2026-12-01T00:00:00Z');
const ctx: CommandContext = { platform: 'cli', workspaceId: 'cli:local', channelId: 'cli:local', userId: 'cli:local', isAdmin: true, now: NOW };

interface Pass {
  label: string;
  ms: number[];
  calls: number[];
  stories: number[];
  /** The target number of calls for each briefing. */
  allowed: number[];
}

/** Runs every query once; counts the fake's requests per briefing. */
async function pass(app: App, fake: FakeOpenAI, label: string, cold: boolean): Promise<Pass> {
  const p: Pass = { label, ms: [], calls: [], stories: [], allowed: [] };
  for (const q of QUERIES) {
    const before = fake.requests.length;
    const t0 = performance.now();
    const reply = await complete(await runCommand(app, ctx, 'brief', undefined, { topic: q, since: '30d', limit: 5 }));
    p.ms.push(performance.now() - t0);
    p.calls.push(fake.requests.length - before);
    const n = reply.kind === 'briefing' ? reply.briefing.stories.length : 0;
    p.stories.push(n);
    // Cold: stories already summarized by an earlier query of this pass are cached too, so this is an upper bound.
    p.allowed.push(cold ? n + (n >= 2 ? 1 : 0) : 0);
  }
  return p;
}

function row(p: Pass, concurrency: number): (string | number)[] {
  const sorted = [...p.ms].sort((a, b) => a - b);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const within = p.calls.every((c, i) => c <= (p.allowed[i] ?? 0));
  return [
    p.label,
    concurrency,
    p.ms.length,
    fmt(mean(p.stories), 1),
    `${fmt(mean(p.calls), 1)} (max ${Math.max(...p.calls)})`,
    `${fmt(mean(p.allowed), 1)} ${within ? '✓' : '✗'}`,
    fmt(percentile(sorted, 50), 0),
    fmt(sorted[sorted.length - 1] ?? NaN, 0),
  ];
}

/** The LLM suite: cold and warm /brief with a slow fake server. */
export async function benchLlm(articles = Number(process.env.BENCH_LLM_ARTICLES ?? 1000), delayMs = Number(process.env.BENCH_LLM_DELAY_MS ?? 500)): Promise<BenchSection> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-bench-llm-'));
  const fake = await startFakeOpenAI({ delayMs });
  const apps: App[] = [];
  try {
    const base = loadConfig({ LOG_LEVEL: 'silent' });
    const open = (model: string, concurrency: number): App => {
      const config: Config = {
        ...base,
        dbPath: path.join(dir, 'llm.db'),
        llm: { mode: 'all', model, baseURL: fake.baseURL, dailyTokens: 100_000_000, timeoutMs: DEFAULT_TIMEOUT_MS, concurrency, maxRetries: 2 },
      };
      const app = createApp({ config, logger: createLogger('silent') });
      apps.push(app);
      return app;
    };
    const first = open('bench-model-a', 4);
    const corpus = generateCorpus(articles, 11);
    await first.pipeline.ingestContent(corpus.map((a) => JSON.stringify(a)).join('\n'), 'bench.jsonl');
    if (fake.requests.length !== 0) throw new Error('ingest called the LLM');

    const rows: (string | number)[][] = [];
    rows.push(row(await pass(first, fake, 'cold', true), 4));
    rows.push(row(await pass(first, fake, 'warm', false), 4));
    // Another model has its own cache: cold again, with more calls in flight at once.
    const wide = open('bench-model-b', 8);
    rows.push(row(await pass(wide, fake, 'cold', true), 8));
    rows.push(row(await pass(wide, fake, 'warm', false), 8));
    return {
      title: `LLM: /brief with the fake OpenAI server answering after ${delayMs} ms (${articles.toLocaleString('en-US')} articles, limit 5)`,
      columns: ['cache', 'concurrency', 'briefings', 'stories / briefing', 'LLM calls / briefing', 'target (≤ uncached stories + 1) met', 'p50 ms', 'max ms'],
      rows,
      notes: [
        'In-process: runCommand(brief) with the real openai client over HTTP to 127.0.0.1; ingest made 0 LLM calls.',
        'Cold briefings make one call per uncached story plus one overview call, run concurrently up to NEWSBRIEF_LLM_CONCURRENCY; warm ones make none.',
        'Later cold briefings can reuse summaries an earlier query already cached, so they may make fewer calls than stories + 1.',
      ],
    };
  } finally {
    for (const a of apps) await a.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
