// Speed: ingest throughput (whole pipeline: JSONL parse, clean, language, sentences, summary, tags, fingerprint,
// clustering, SQLite + FTS5) and `brief` latency at 100,000 stored articles, each phase in its own process so that
// peak RSS belongs to that phase. Run through `npm run bench`; `node dist/bench/speed.js <phase> …` runs one phase.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import { buildBriefing } from '../src/briefing/briefing.js';
import { topicsFor } from '../src/briefing/topics.js';
import { emptyReport, ingestFiles } from '../src/ingest/files.js';
import { createPreparePool } from '../src/ingest/workers.js';
import { boundHeapGrowth } from '../src/memory.js';
import { corpusStream, type GeneratedArticle } from './corpus.js';
import { type BenchSection, fmt, percentile } from './lib.js';

/** Articles per generated JSONL file. */
const CHUNK = 100;
/** Articles generated, written and ingested per round: the corpus is never in memory, the files on disk are few. */
const ROUND = 10_000;

interface IngestResult {
  phase: 'ingest'; articles: number; seconds: number; cpuSeconds: number; perSecond: number; mb: number; stories: number; maxRssMb: number;
  /** CPU ms per article of the last round (the cost at the database's final size). */
  lastRoundCpuMs: number;
  /** CPU ms per article on the main thread (parse of the pool's answers, clustering, SQLite: the commit stage) and on
   * every other thread (the NLP workers, GC helpers), over the timed rounds; absent without Linux's /proc. */
  mainCpuMs?: number;
  otherCpuMs?: number;
}
interface BriefResult { phase: 'brief'; stored: number; queries: number; p50: number; p99: number; max: number; maxRssMb: number }

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

/** CPU seconds so far of this process's main thread and of its other live threads, from /proc (Linux); else null. */
function threadCpu(): { main: number; other: number } | null {
  const dir = '/proc/self/task';
  if (!existsSync(dir)) return null;
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
  const ticks = (tid: string): number => {
    try {
      const stat = readFileSync(`${dir}/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(f[11]) + Number(f[12]);
    } catch {
      return 0; // the thread ended between the listing and the read
    }
  };
  let main = 0;
  let other = 0;
  for (const tid of readdirSync(dir)) {
    if (Number(tid) === process.pid) main += ticks(tid);
    else other += ticks(tid);
  }
  return { main: main / 100, other: other / 100 };
}
const cpuSince = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};

/**
 * Ingests articles [from, to) of the generated corpus into db through the full pipeline, as JSONL files of CHUNK
 * articles, with the same worker pool and in-order commit as `newsbrief ingest` on a folder. The corpus streams: each
 * round of ROUND articles is generated and written (outside the timing), then ingested. BENCH_PROGRESS=1 prints each
 * round's CPU per article and memory to stderr.
 */
async function ingestPhase(db: string, from: number, to: number, onRound?: (done: number) => void): Promise<IngestResult> {
  const stream = corpusStream(to);
  for (let i = 0; i < from; i++) stream.next();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-corpus-'));
  const app = createApp({ dbPath: db });
  const pool = createPreparePool(app.pipeline.topics);
  let bytes = 0;
  let seconds = 0;
  let cpuSeconds = 0;
  let lastRoundCpuMs = NaN;
  // Per-thread CPU seconds over the timed rounds; null where /proc is missing.
  let threads: { main: number; other: number } | null = { main: 0, other: 0 };
  try {
    for (let start = from; start < to; start += ROUND) {
      const files: string[] = [];
      for (let i = start; i < Math.min(to, start + ROUND); i += CHUNK) {
        const lines: string[] = [];
        for (let k = i; k < Math.min(to, i + CHUNK, start + ROUND); k++) {
          const a = stream.next().value as GeneratedArticle;
          bytes += a.body.length + a.title.length;
          lines.push(JSON.stringify(a));
        }
        const file = path.join(dir, `bench-${String(i).padStart(7, '0')}.jsonl`);
        writeFileSync(file, lines.join('\n'));
        files.push(file);
      }
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const threads0 = threadCpu();
      const report = await ingestFiles(app.pipeline, files, emptyReport(), pool ? { pool } : {});
      if (report.rejected.length > 0) throw new Error(`bench corpus rejected: ${JSON.stringify(report.rejected[0])}`);
      const cpu = cpuSince(cpu0);
      const threads1 = threadCpu();
      threads = threads && threads0 && threads1 ? { main: threads.main + threads1.main - threads0.main, other: threads.other + threads1.other - threads0.other } : null;
      seconds += (performance.now() - t0) / 1000;
      cpuSeconds += cpu;
      const n = Math.min(to, start + ROUND) - start;
      lastRoundCpuMs = (cpu * 1000) / n;
      for (const f of files) rmSync(f, { force: true });
      onRound?.(start + n);
      if (process.env.BENCH_PROGRESS) {
        const m = process.memoryUsage();
        process.stderr.write(`[ingest] ${start + n} articles: ${lastRoundCpuMs.toFixed(3)} CPU ms/article this round, rss ${(m.rss / 1e6).toFixed(0)} MB, heap ${(m.heapUsed / 1e6).toFixed(0)} MB, load ${os.loadavg()[0]?.toFixed(1)}\n`);
      }
    }
  } finally {
    await pool?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const stories = (await app.store.stats()).stories;
  await app.close();
  const articles = to - from;
  const split = threads ? { mainCpuMs: (threads.main * 1000) / articles, otherCpuMs: (threads.other * 1000) / articles } : {};
  return { phase: 'ingest', articles, seconds, cpuSeconds, perSecond: articles / seconds, mb: bytes / 1e6, stories, maxRssMb: maxRssMb(), lastRoundCpuMs, ...split };
}

const QUERIES = ['korea', 'china', 'economy', 'technology', 'climate', 'sports', 'missile launch', 'interest rates', 'security flaw', 'record heat Geneva', 'Kim Jong Un sanctions', 'transfer deal'];
const WINDOWS = ['24h', '7d', '30d', 'all'];

/** Runs `n` briefings (queries × windows round-robin) against db; latency per call in ms. */
async function briefPhase(db: string, n: number): Promise<BriefResult> {
  const app = createApp({ dbPath: db });
  const stored = (await app.store.stats()).articles;
  const topics = await topicsFor(app.store.topics, app.config.topics, 'cli:local');
  const now = new Date('2026-11-30T00:00:00Z');
  const run = (i: number) =>
    buildBriefing(app.store, { query: QUERIES[i % QUERIES.length] as string, since: WINDOWS[Math.floor(i / QUERIES.length) % WINDOWS.length] as string, limit: 5, now, topics });
  for (let i = 0; i < 50; i++) await run(i); // warm-up: page cache and statement cache
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  await app.close();
  return { phase: 'brief', stored, queries: n, p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] ?? NaN, maxRssMb: maxRssMb() };
}

function child<T>(args: string[]): T {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() as string) as T;
}

/**
 * Builds (or goes on building) `file` from `count` generated articles. The build is resumable: after each round the
 * corpus position reached is written beside the file (FILE.progress), and a new run starts from the last round
 * recorded (articles of an unfinished round come again and are skipped as exact duplicates: the stored result is the
 * same). A lock file (FILE.lock, the builder's pid) keeps two builders off one file.
 */
async function buildPhase(file: string, count: number): Promise<IngestResult> {
  const lock = `${file}.lock`;
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(readFileSync(lock, 'utf8'));
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return pid !== process.pid;
      } catch {
        return false;
      }
    };
    if (alive()) throw new Error(`${file} is being built by process ${pid}`);
    writeFileSync(lock, String(process.pid));
  }
  try {
    const progress = `${file}.progress`;
    // A progress file without its database (deleted from under it) would resume an empty file mid-corpus: start over.
    const from = existsSync(progress) && existsSync(file) ? Number(readFileSync(progress, 'utf8')) : 0;
    return await ingestPhase(file, from, count, (done) => writeFileSync(progress, String(done)));
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * A database of `count` generated articles built through the real pipeline (the build phase), cached in os.tmpdir()
 * per (count, corpus generator) and shared by the latency benchmarks. Neither pipeline nor schema changes invalidate
 * it: opening it applies any newer migration, as on an upgraded install (a million-article build takes hours, too
 * long to repeat for each migration); a generator that makes other articles does. Delete /tmp/newsbrief-bench-*.db
 * to rebuild. An interrupted build goes on where it stopped (FILE.building and FILE.building.progress); `node
 * dist/bench/speed.js build COUNT` builds one (1,000,000 articles: about 12 GB) without timing anything.
 */
export function cachedBenchDb(count: number): { file: string; built?: IngestResult } {
  const file = benchDbPath(count);
  if (existsSync(file)) return { file };
  const tmp = `${file}.building`;
  const built = child<IngestResult>(['build', tmp, String(count)]);
  renameSync(tmp, file);
  for (const suffix of ['-wal', '-shm', '.progress']) rmSync(tmp + suffix, { force: true });
  return { file, built };
}

/** Where the cached database of `count` generated articles lives, named by count and by what the generator makes. */
export function benchDbPath(count: number): string {
  const key = createHash('sha1');
  for (const a of corpusStream(200)) key.update(JSON.stringify(a));
  return path.join(os.tmpdir(), `newsbrief-bench-${count}-${key.digest('hex').slice(0, 10)}.db`);
}

/** Ingest `ingestCount` articles into a fresh database (measured), then time briefings at `storedCount` articles. */
export async function benchSpeed(ingestCount = Number(process.env.BENCH_INGEST ?? 20_000), storedCount = Number(process.env.BENCH_STORED ?? 100_000)): Promise<BenchSection[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-bench-'));
  try {
    const ing = child<IngestResult>(['ingest', path.join(dir, 'ingest.db'), '0', String(ingestCount)]);
    const cached = cachedBenchDb(storedCount);
    const brief = child<BriefResult>(['brief', cached.file, '1000']);
    const rows = [ing, ...(cached.built ? [cached.built] : [])];
    return [
      {
        title: 'Ingest throughput (whole pipeline, one process)',
        columns: ['articles', 'MB of text', 'wall s', 'articles/s (wall)', 'CPU s', 'articles per CPU-s', 'CPU ms an article: main / other threads', 'stories', 'peak RSS MB'],
        rows: rows.map((r, i) => [
          i === 0 ? r.articles : `${r.articles} (building the cached ${storedCount}-article database)`, fmt(r.mb, 1), fmt(r.seconds, 1),
          fmt(r.perSecond, 0), fmt(r.cpuSeconds, 1), fmt(r.articles / r.cpuSeconds, 0),
          r.mainCpuMs === undefined || r.otherCpuMs === undefined ? '—' : `${fmt(r.mainCpuMs, 2)} / ${fmt(r.otherCpuMs, 2)}`, r.stories, fmt(r.maxRssMb, 0),
        ]),
        notes: [
          'Target: >= 500 articles/s. Generated ~4 KB articles (bench/corpus.ts), 1 in 8 a rewrite of an earlier one, ingested as JSONL files of 100 with the worker pool `newsbrief ingest` uses.',
          'Main thread: reading files, near-copy test, event assigner, SQLite and FTS5 writes (the commit stage); other threads: the NLP worker and V8 GC helpers.',
          `Machine load average when the run ended: ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores (wall figures suffer when it is above 1).`,
        ],
      },
      {
        title: `brief latency in-process at ${brief.stored} stored articles`,
        columns: ['briefings', 'p50 ms', 'p99 ms', 'max ms', 'peak RSS MB'],
        rows: [[brief.queries, fmt(brief.p50), fmt(brief.p99), fmt(brief.max), fmt(brief.maxRssMb, 0)]],
        notes: ['Target: p99 <= 50 ms. 12 queries (topics and free text) x windows 24h/7d/30d/all, after 50 warm-up calls.'],
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // As bin/newsbrief.js does: the phases measure the process users run.
  boundHeapGrowth();
  const [phase, db, a, b] = process.argv.slice(2);
  if (phase === 'ingest' && db) process.stdout.write(JSON.stringify(await ingestPhase(db, Number(a), Number(b))) + '\n');
  else if (phase === 'brief' && db) process.stdout.write(JSON.stringify(await briefPhase(db, Number(a ?? 1000))) + '\n');
  else if (phase === 'build' && db && /^\d+$/.test(db)) process.stdout.write(JSON.stringify(cachedBenchDb(Number(db))) + '\n');
  else if (phase === 'build' && db && a) process.stdout.write(JSON.stringify(await buildPhase(db, Number(a))) + '\n');
  else {
    const sections = await benchSpeed();
    process.stdout.write(JSON.stringify(sections, null, 1) + '\n');
  }
}
