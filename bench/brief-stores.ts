// `npm run bench -- brief-stores`: `/brief` (buildBriefing, in-process) on PostgreSQL beside SQLite over the same
// cached database of generated articles (100,000 by default, BENCH_STORED), the PostgreSQL copy made from the SQLite
// one by `migrate sqlite-to-pg` (bench/pg-server.ts). Each store runs in its own child process, the two alternating
// for BENCH_BRIEF_ROUNDS rounds; latency per window (24h/7d/30d/all) and query kind, CPU per briefing of the client
// and, for our own PostgreSQL cluster, of its server processes, and the load average beside every run.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import { buildBriefing } from '../src/briefing/briefing.js';
import { topicsFor } from '../src/briefing/topics.js';
import { loadConfig } from '../src/config/config.js';
import type { TopicDef } from '../src/types.js';
import { type BenchSection, fmt, percentile } from './lib.js';
import { benchPgServer, clusterCpuSeconds, pgCopyOf, postmasterOf } from './pg-server.js';
import { cachedBenchDb } from './speed.js';

/** Query kinds: a default topic (answered from its tag index), a workspace's own topic (full text, any of its
 *  phrases), words typed by a user (full text, all of them). */
export type Kind = 'topic (tag index)' | 'workspace topic (full text, any phrase)' | 'free text';
export const KINDS: Kind[] = ['topic (tag index)', 'workspace topic (full text, any phrase)', 'free text'];

/** Workspace topics, as `/topics add` would make them: not tagged at ingest, so they are searched as text. */
export const WORKSPACE_TOPICS: TopicDef[] = [
  { name: 'peninsula', keywords: ['korea', 'north korea', 'south korea', 'korean', 'korean peninsula', 'pyongyang', 'seoul', 'kim jong un'] },
  { name: 'markets', keywords: ['interest rates', 'inflation', 'central bank', 'stock market', 'recession'] },
  { name: 'heat', keywords: ['heatwave', 'record heat', 'drought', 'wildfire', 'climate'] },
];
export const QUERIES: [string, Kind][] = [
  ['korea', 'topic (tag index)'], ['economy', 'topic (tag index)'], ['climate', 'topic (tag index)'],
  ['peninsula', 'workspace topic (full text, any phrase)'], ['markets', 'workspace topic (full text, any phrase)'], ['heat', 'workspace topic (full text, any phrase)'],
  ['missile launch', 'free text'], ['interest rates', 'free text'], ['security flaw', 'free text'], ['record heat Geneva', 'free text'],
  ['Kim Jong Un sanctions', 'free text'], ['transfer deal', 'free text'],
];
export const WINDOWS = ['24h', '7d', '30d', 'all'];

interface Call { kind: Kind; window: string; ms: number }
interface Cell { kind: Kind; window: string; calls: number; clientCpuMs: number; serverCpuMs?: number }
interface RunResult { store: 'sqlite' | 'postgres'; stored: number; calls: Call[]; cells: Cell[]; load: [number, number] }

/**
 * Runs `n` briefings on one store (`target`: a SQLite file or a postgres:// URL) in blocks, one per (query kind,
 * window), each block cycling through the kind's queries, so CPU time (this process, and the cluster's when
 * `postmaster` is given) can be told per cell.
 */
async function runPhase(target: string, n: number, postmaster?: number): Promise<RunResult> {
  const pgStore = target.startsWith('postgres');
  const app = pgStore ? createApp({ config: loadConfig({ NEWSBRIEF_DATABASE_URL: target }) }) : createApp({ dbPath: target });
  const stored = (await app.store.stats()).articles;
  const topics = [...WORKSPACE_TOPICS.map((t) => ({ ...t, custom: true })), ...(await topicsFor(app.store.topics, app.config.topics, 'cli:local'))];
  const now = new Date('2026-11-30T00:00:00Z');
  const run = (query: string, since: string) => buildBriefing(app.store, { query, since, limit: 5, now, topics });
  for (const [q] of QUERIES) for (const w of WINDOWS) await run(q, w); // warm-up: caches and plans
  const load0 = os.loadavg()[0] ?? NaN;
  const calls: Call[] = [];
  const cells: Cell[] = [];
  const perCell = Math.max(1, Math.round(n / (KINDS.length * WINDOWS.length)));
  for (const kind of KINDS) {
    const queries = QUERIES.filter(([, k]) => k === kind).map(([q]) => q);
    for (const window of WINDOWS) {
      const server0 = postmaster ? clusterCpuSeconds(postmaster) : 0;
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < perCell; i++) {
        const t0 = performance.now();
        await run(queries[i % queries.length] as string, window);
        calls.push({ kind, window, ms: performance.now() - t0 });
      }
      const cpu = process.cpuUsage(cpu0);
      cells.push({ kind, window, calls: perCell, clientCpuMs: (cpu.user + cpu.system) / 1000, ...(postmaster ? { serverCpuMs: (clusterCpuSeconds(postmaster) - server0) * 1000 } : {}) });
    }
  }
  await app.close();
  return { store: pgStore ? 'postgres' : 'sqlite', stored, calls, cells, load: [load0, os.loadavg()[0] ?? NaN] };
}

function child(args: string[]): RunResult {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() as string) as RunResult;
}

const pct = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return `${fmt(percentile(s, 50), 1)} / ${fmt(percentile(s, 99), 1)}`;
};

export async function benchBriefStores(stored = Number(process.env.BENCH_STORED ?? 100_000), rounds = Number(process.env.BENCH_BRIEF_ROUNDS ?? 2), n = Number(process.env.BENCH_BRIEF_CALLS ?? 1200)): Promise<BenchSection[]> {
  const title = `/brief on PostgreSQL beside SQLite at ${stored.toLocaleString('en')} generated articles`;
  const server = await benchPgServer();
  if ('missing' in server) return [{ title, skipped: server.missing, columns: [], rows: [] }];
  try {
    const sqlite = cachedBenchDb(stored);
    const corpus = createHash('sha1').update(readFileSync(fileURLToPath(new URL('./corpus.js', import.meta.url)))).digest('hex').slice(0, 10);
    const copy = await pgCopyOf(server, sqlite.file, `bench_${stored}_${corpus}`);
    const postmaster = postmasterOf(server.dataDir);
    const runs: RunResult[] = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ['sqlite', 'postgres'] : ['postgres', 'sqlite'];
      for (const s of order) {
        runs.push(s === 'sqlite' ? child(['run', sqlite.file, String(n)]) : child(['run', copy.url, String(n), String(postmaster ?? '')]));
      }
    }
    const of = (store: string) => runs.filter((r) => r.store === store);
    const rows: (string | number)[][] = [];
    /** CPU ms per briefing over the cells matching `f`: client (+ server). */
    const cpuOf = (store: string, f: (c: Cell) => boolean) => {
      const cells = of(store).flatMap((r) => r.cells).filter(f);
      const calls = cells.reduce((t, c) => t + c.calls, 0);
      const client = cells.reduce((t, c) => t + c.clientCpuMs, 0) / calls;
      const server = cells.every((c) => c.serverCpuMs !== undefined) ? cells.reduce((t, c) => t + (c.serverCpuMs ?? 0), 0) / calls : undefined;
      return server === undefined ? fmt(client, 1) : `${fmt(client + server, 1)} (${fmt(client, 1)} + ${fmt(server, 1)})`;
    };
    for (const store of ['sqlite', 'postgres']) {
      const calls = of(store).flatMap((r) => r.calls);
      for (const w of [...WINDOWS, 'every window']) {
        const inWindow = calls.filter((c) => w === 'every window' || c.window === w);
        const cells = KINDS.map((k) => `${pct(inWindow.filter((c) => c.kind === k).map((c) => c.ms))} · ${cpuOf(store, (c) => c.kind === k && (w === 'every window' || c.window === w))}`);
        rows.push([store === 'sqlite' ? 'SQLite (FTS5)' : 'PostgreSQL', w, ...cells, `${pct(inWindow.map((c) => c.ms))} · ${cpuOf(store, (c) => w === 'every window' || c.window === w)}`]);
      }
    }
    const perRun = runs.map((r) => `${r.store}: p50/p99 ${pct(r.calls.map((c) => c.ms))} ms, load average ${fmt(r.load[0], 1)} → ${fmt(r.load[1], 1)}`);
    return [{
      title,
      columns: ['store', 'window', ...KINDS.map((k) => `${k}: p50 / p99 ms · CPU ms`), 'all queries: p50 / p99 ms · CPU ms'],
      rows,
      notes: [
        `Target (PostgreSQL): p99 <= 20 ms at 100k. ${of('sqlite')[0]?.stored ?? '?'} stored articles (SQLite ${path.basename(sqlite.file)}; PostgreSQL: its copy by \`migrate sqlite-to-pg\`${copy.copySeconds === undefined ? ', cached' : `, made in ${fmt(copy.copySeconds, 0)} s`}). Server: ${server.describe}.`,
        `${n} briefings per run (limit 5) in blocks of one query kind and window, cycling through the kind's queries, after ${QUERIES.length * WINDOWS.length} warm-up calls; each store in its own process, ${rounds} rounds alternating the order; percentiles over all rounds. CPU ms per briefing: this process (+ for PostgreSQL the cluster's processes, client + server), load-independent where wall times are not.`,
        `Workspace topics (not tagged at ingest, searched as any of their phrases): ${WORKSPACE_TOPICS.map((t) => `${t.name} (${t.keywords.length})`).join(', ')}.`,
        ...perRun.map((p, i) => `Run ${i + 1}: ${p}.`),
      ],
    }];
  } finally {
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [phase, target, n, postmaster] = process.argv.slice(2);
  if (phase === 'run' && target) process.stdout.write(JSON.stringify(await runPhase(target, Number(n ?? 1200), postmaster ? Number(postmaster) : undefined)) + '\n');
}
