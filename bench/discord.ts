// Discord latency and memory: the real `npm start` process (dist/adapters/main.js, discord.js inside) connects to the
// fake Discord running in this process over 127.0.0.1; we time INTERACTION_CREATE -> the reply's arrival at the fake
// for 1,000 `/brief` interactions against BENCH_STORED (default 100,000) stored articles, and read the bot's RSS at
// rest. The database is built once through the real pipeline (bench/speed.ts's ingest phase) and cached in os.tmpdir().
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord, type RecordedRequest } from '../tests/fakes/discord.js';
import { cachedBenchDb } from './speed.js';
import { type BenchSection, fmt, percentile, REPO_ROOT } from './lib.js';

const DIST = path.join(REPO_ROOT, 'dist');
const QUERIES = ['korea', 'china', 'economy', 'technology', 'climate', 'sports', 'missile launch', 'interest rates', 'security flaw', 'Kim Jong Un sanctions'];
const WINDOWS = ['24h', '3d', '7d', '30d'];
const LIMITS = [5, 3, 5, 10];

/** The reply that answers an interaction: an immediate reply (callback type 4) or the edit of a deferred one. */
const isAnswer = (r: RecordedRequest): boolean =>
  (r.path.endsWith('/callback') && (r.body as { type?: number }).type === 4) || (r.method === 'PATCH' && r.path.endsWith('/@original'));

/** Resident set size of a process in MB (Linux /proc, else `ps`). */
function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

/** Runs the measurement; `interactions` /brief calls, sequentially (each waits for its answer). */
export async function benchDiscord(
  stored = Number(process.env.BENCH_STORED ?? 100_000),
  interactions = Number(process.env.BENCH_DISCORD_INTERACTIONS ?? 1000),
): Promise<BenchSection[]> {
  const mainJs = path.join(DIST, 'adapters', 'main.js');
  if (!existsSync(mainJs)) return [{ title: 'Discord: /brief latency', columns: [], rows: [], skipped: 'dist/adapters/main.js is missing: run `npm run build` first' }];
  const db = cachedBenchDb(stored);
  const fake = await startFakeDiscord();
  const output: string[] = [];
  const t0 = performance.now();
  const child = spawn(process.execPath, [mainJs], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      NEWSBRIEF_DB: db.file,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => output.push(String(c)));
  child.stderr.on('data', (c: Buffer) => output.push(String(c)));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: performance.now() })));
  try {
    await Promise.race([
      fake.ready(60_000),
      exited.then(({ code }) => Promise.reject(new Error(`the bot exited (${code}) before connecting:\n${output.join('').slice(-2000)}`))),
    ]);
    const first = fake.command('brief', { topic: 'korea' });
    await first.waitFor(isAnswer, 30_000);
    const readyMs = performance.now() - t0;
    await sleep(1500);
    const rssIdle = rssMb(child.pid as number);

    const times: number[] = [];
    let deferred = 0;
    for (let i = 0; i < interactions; i++) {
      const s = fake.command('brief', {
        topic: QUERIES[i % QUERIES.length] as string,
        since: WINDOWS[Math.floor(i / QUERIES.length) % WINDOWS.length] as string,
        limit: LIMITS[i % LIMITS.length] as number,
      });
      const answer = await s.waitFor(isAnswer, 10_000);
      times.push(answer.at - s.sentAt);
      if (answer.method === 'PATCH') deferred++;
    }
    const ac = [];
    for (let i = 0; i < 200; i++) {
      const s = fake.autocomplete('brief', { topic: (QUERIES[i % QUERIES.length] as string).slice(0, 1 + (i % 3)) }, 'topic');
      const answer = await s.waitFor((r) => r.path.endsWith('/callback'), 10_000);
      ac.push(answer.at - s.sentAt);
    }
    await sleep(1500);
    const rssAfter = rssMb(child.pid as number);
    const rssPeak = rssMb(child.pid as number, 'VmHWM');

    const tStop = performance.now();
    child.kill('SIGTERM');
    const { code } = await exited;
    const stopMs = performance.now() - tStop;

    times.sort((a, b) => a - b);
    ac.sort((a, b) => a - b);
    return [
      {
        title: `Discord: INTERACTION_CREATE -> reply at the fake, ${stored.toLocaleString('en')} stored articles`,
        columns: ['interactions', 'p50 ms', 'p99 ms', 'max ms', 'deferred'],
        rows: [
          [`/brief × ${interactions}`, fmt(percentile(times, 50)), fmt(percentile(times, 99)), fmt(times[times.length - 1] ?? NaN), deferred],
          [`autocomplete × ${ac.length}`, fmt(percentile(ac, 50)), fmt(percentile(ac, 99)), fmt(ac[ac.length - 1] ?? NaN), '-'],
        ],
        notes: [
          'Target: p99 <= 100 ms (Discord allows 3 s). Real discord.js bot process (npm start) <-> fake Discord over 127.0.0.1 (gateway WebSocket + REST); one interaction at a time.',
          `Queries: ${QUERIES.length} topics/free texts × since ${WINDOWS.join('/')} × limit ${[...new Set(LIMITS)].join('/')}.`,
        ],
      },
      {
        title: 'Discord bot process',
        columns: ['start to first answer s', 'RSS at rest after login MB', `RSS at rest after ${interactions} briefings MB`, 'peak RSS MB', 'SIGTERM to exit ms', 'exit code'],
        rows: [[fmt(readyMs / 1000, 1), fmt(rssIdle, 0), fmt(rssAfter, 0), fmt(rssPeak, 0), fmt(stopMs, 0), String(code)]],
        notes: [db.built ? `Database built for this run in ${fmt(db.built.seconds, 0)} s and cached at ${db.file}.` : `Cached database reused: ${db.file}.`],
      },
    ];
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await fake.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await benchDiscord(), null, 1) + '\n');
}
