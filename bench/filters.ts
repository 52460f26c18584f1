// `npm run bench -- filters`: /brief (buildBriefing, in-process) over the cached database of generated articles
// (100,000 by default, BENCH_STORED; the one brief-stores and speed use) unscreened, with the 50 mutes one asker can
// have (25 of the workspace, 25 their own: words, phrases, sources), and with those mutes plus a digest's 20 filter
// rules (include and exclude expressions with phrases, OR and NOT, source allow and deny lists), compiled per call as
// the commands do. The three alternate call by call for BENCH_FILTER_ROUNDS rounds; CPU ms per briefing
// (process.cpuUsage), wall p50/p99 and the load average beside them.
import os from 'node:os';
import { createApp } from '../src/app.js';
import { buildBriefing } from '../src/briefing/briefing.js';
import { compileScreen, type Screen } from '../src/briefing/screen.js';
import { topicsFor } from '../src/briefing/topics.js';
import type { DigestFilters, Mute } from '../src/store/preference-types.js';
import { QUERIES, WINDOWS, WORKSPACE_TOPICS } from './brief-stores.js';
import { type BenchSection, fmt, percentile } from './lib.js';
import { cachedBenchDb } from './speed.js';

/** 20 rules: 8 include terms, 7 exclude terms (two phrases, one under NOT), 3 denied and 2 allowed sources. */
export const BENCH_FILTERS: DigestFilters = {
  include: 'korea OR china OR economy OR technology OR climate OR "interest rates" OR missile OR inflation',
  exclude: 'sports, celebrity, "transfer deal", "box office", (drought NOT wildfire), gossip',
  denySources: ['tabloid daily', 'rumor mill', 'evening post'],
  allowSources: ['harbor times', 'pacific ledger'],
};

const WORDS = ['celebrity', 'horoscope', 'lottery', 'gossip', 'royal', 'reality', 'influencer', 'crypto', 'casino', 'doping', 'wedding', 'fashion', 'recipe', 'astrology', 'podcast', 'tabloid', 'scandal', 'diet', 'meme', 'quiz', 'rumor', 'paparazzi'];
const PHRASES = ['box office', 'transfer window', 'red carpet', 'season opener', 'ticket prices', 'talent show', 'award season', 'fan club', 'trade rumor', 'record heat'];
const SOURCES = ['Evening Post', 'Metro Courier', 'tabloid daily', 'rumor mill', 'the daily buzz', 'starwatch', 'gossip weekly', 'clickhub', 'viral now', 'hot takes', 'news flash', 'the scoop', 'buzzfeed clone', 'celeb wire', 'trend report', 'ad world', 'sponsored news', 'press release wire'];

/** 50 mutes: 22 words, 10 phrases, 18 sources (two of them outlets of the corpus), half the workspace's, half the asker's. */
export function benchMutes(workspaceId: string, userId: string): Mute[] {
  const values: (readonly [Mute['kind'], string])[] = [...WORDS.map((w) => ['word', w] as const), ...PHRASES.map((p) => ['word', p] as const), ...SOURCES.map((s) => ['source', s.toLowerCase()] as const)];
  return values.map(([kind, value], i) => ({
    id: i + 1, workspaceId, kind, value, createdAt: '2026-11-01T00:00:00.000Z', ...(i % 2 === 1 ? { userId } : {}),
  }));
}

type Setup = 'unscreened' | '50 mutes' | '20 filters + 50 mutes';
const SETUPS: Setup[] = ['unscreened', '50 mutes', '20 filters + 50 mutes'];

interface Call { setup: Setup; ms: number; cpuMs: number; shown: number; hidden: number }

const pct = (xs: number[], p: number) => percentile([...xs].sort((a, b) => a - b), p);

export async function benchFilters(stored = Number(process.env.BENCH_STORED ?? 100_000), rounds = Number(process.env.BENCH_FILTER_ROUNDS ?? 8)): Promise<BenchSection> {
  const db = cachedBenchDb(stored);
  const app = createApp({ dbPath: db.file });
  try {
    const count = (await app.store.stats()).articles;
    const topics = [...WORKSPACE_TOPICS.map((t) => ({ ...t, custom: true })), ...(await topicsFor(app.store.topics, app.config.topics, 'cli:local'))];
    const now = new Date('2026-11-30T00:00:00Z');
    const mutes = benchMutes('bench:w', 'bench:u');
    const screenOf: Record<Setup, () => Screen | undefined> = {
      unscreened: () => undefined,
      '50 mutes': () => compileScreen({ mutes }),
      '20 filters + 50 mutes': () => compileScreen({ filters: BENCH_FILTERS, mutes }),
    };
    const run = async (setup: Setup, query: string, since: string): Promise<Call> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      // Compiled per call, as /brief and each digest run do.
      const b = await buildBriefing(app.store, { query, since, limit: 5, now, topics, screen: screenOf[setup]() });
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const hidden = Number(/(\d+) (?:story|stories) left out by mutes/.exec(b.note ?? '')?.[1] ?? 0);
      return { setup, ms, cpuMs: (c.user + c.system) / 1000, shown: b.stories.length, hidden };
    };
    // Warm-up, kept apart: each query's first call under each screen reads its candidates' outlines (none remembered yet).
    const first: Call[] = [];
    for (const [q] of QUERIES) for (const w of WINDOWS) for (const s of SETUPS) first.push(await run(s, q, w));
    const calls: Call[] = [];
    const loads: number[] = [os.loadavg()[0] ?? NaN];
    for (let r = 0; r < rounds; r++) {
      for (const [q] of QUERIES) {
        for (const w of WINDOWS) {
          // The three setups back to back on the same query, in an order that rotates.
          for (let k = 0; k < SETUPS.length; k++) calls.push(await run(SETUPS[(k + r) % SETUPS.length] as Setup, q, w));
        }
      }
      loads.push(os.loadavg()[0] ?? NaN);
    }
    const of = (s: Setup) => calls.filter((c) => c.setup === s);
    const base = of('unscreened');
    const rows = SETUPS.map((s) => {
      const cs = of(s);
      const ms = cs.map((c) => c.ms);
      const cpu = cs.map((c) => c.cpuMs);
      const ratio = (p: number) => `${fmt(pct(ms, p) / pct(base.map((c) => c.ms), p), 2)}x`;
      const cold = first.filter((c) => c.setup === s).map((c) => c.cpuMs);
      return [
        s, cs.length, `${fmt(pct(ms, 50), 1)} / ${fmt(pct(ms, 99), 1)}`, `${ratio(50)} / ${ratio(99)}`,
        `${fmt(cpu.reduce((t, x) => t + x, 0) / cs.length, 2)} / ${fmt(pct(cpu, 99), 1)}`, fmt(cold.reduce((t, x) => t + x, 0) / cold.length, 2),
        fmt(cs.reduce((t, c) => t + c.shown, 0) / cs.length, 2), fmt(cs.reduce((t, c) => t + c.hidden, 0) / cs.length, 2),
      ];
    });
    return {
      title: `/brief with filters and mutes at ${count.toLocaleString('en')} generated articles (SQLite)`,
      columns: ['screen', 'calls', 'wall p50 / p99 ms', 'wall vs unscreened p50 / p99', 'CPU ms mean / p99', 'first call CPU ms mean', 'stories shown (of 5)', 'left out by the screen (per call)'],
      rows,
      notes: [
        'Target: p99 with 20 filters and 50 mutes within 1.2x of the unscreened p99.',
        `${QUERIES.length} queries (default topics, workspace topics, free text) x ${WINDOWS.join('/')} x ${rounds} rounds, after one warm-up pass (its CPU is the "first call" column: every query's first call under each screen, outlines not yet remembered, unscreened first); each query runs under the three screens back to back, the order rotating by round. Load average (1 min) over the rounds: ${loads.map((l) => fmt(l, 1)).join(' → ')} on ${os.cpus().length} cores.`,
        `Filters: include \`${BENCH_FILTERS.include}\`; exclude \`${BENCH_FILTERS.exclude}\`; deny ${BENCH_FILTERS.denySources?.join(', ')}; allow ${BENCH_FILTERS.allowSources?.join(', ')}. /brief itself applies mutes only (filters belong to digests); the third row puts a digest's screen on the same briefings.`,
        `Mutes: ${WORDS.length} words, ${PHRASES.length} phrases, ${SOURCES.length} sources (Evening Post and Metro Courier are outlets of the corpus), alternately the workspace's and the asker's.`,
      ],
    };
  } finally {
    await app.close();
  }
}
