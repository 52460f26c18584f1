// Discord latency and memory: the real `npm start` process (dist/adapters/main.js, discord.js inside) connects to the
// fake Discord running in this process over 127.0.0.1; we time INTERACTION_CREATE -> the reply's arrival at the fake
// for 1,000 `/brief` interactions against BENCH_STORED (default 100,000) stored articles, and read the bot's RSS at
// rest. The database is built once through the real pipeline (bench/speed.ts's ingest phase) and cached in os.tmpdir().
// Transport 'http' (suite discord-http) runs the same with DISCORD_PUBLIC_KEY: no gateway, each interaction a signed
// POST to the bot's /discord/interactions, timed from the POST to the reply's arrival at the fake.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInteractionSigner } from '../tests/fakes/discord-interactions.js';
import { snowflake, startFakeDiscord, type RecordedRequest } from '../tests/fakes/discord.js';
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
  transport: 'gateway' | 'http' = 'gateway',
): Promise<BenchSection[]> {
  const mainJs = path.join(DIST, 'adapters', 'main.js');
  if (!existsSync(mainJs)) return [{ title: 'Discord: /brief latency', columns: [], rows: [], skipped: 'dist/adapters/main.js is missing: run `npm run build` first' }];
  const db = cachedBenchDb(stored);
  const fake = await startFakeDiscord();
  const signer = createInteractionSigner();
  const port = transport === 'http' ? await freePort() : 0;
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
      ...(transport === 'http' ? { DISCORD_PUBLIC_KEY: signer.publicKeyHex, NEWSBRIEF_HTTP_PORT: String(port), NEWSBRIEF_HTTP_HOST: '127.0.0.1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => output.push(String(c)));
  child.stderr.on('data', (c: Buffer) => output.push(String(c)));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: performance.now() })));
  try {
    if (transport === 'http') {
      signer.at(`http://127.0.0.1:${port}/discord/interactions`);
      fake.deliverOverHttp((payload) => signer.post(payload));
    }
    await Promise.race([
      transport === 'http' ? pinged(signer, 60_000) : fake.ready(60_000),
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
        title: transport === 'http'
          ? `Discord over HTTP interactions: signed POST -> reply at the fake, ${stored.toLocaleString('en')} stored articles`
          : `Discord: INTERACTION_CREATE -> reply at the fake, ${stored.toLocaleString('en')} stored articles`,
        columns: ['interactions', 'p50 ms', 'p99 ms', 'max ms', 'deferred'],
        rows: [
          [`/brief × ${interactions}`, fmt(percentile(times, 50)), fmt(percentile(times, 99)), fmt(times[times.length - 1] ?? NaN), deferred],
          [`autocomplete × ${ac.length}`, fmt(percentile(ac, 50)), fmt(percentile(ac, 99)), fmt(ac[ac.length - 1] ?? NaN), '-'],
        ],
        notes: [
          transport === 'http'
            ? 'Target: p99 <= 100 ms (Discord allows 3 s). Real bot process (npm start, DISCORD_PUBLIC_KEY set, no gateway) <- Ed25519-signed POSTs to /discord/interactions, replies over REST to the fake on 127.0.0.1; one interaction at a time.'
            : 'Target: p99 <= 100 ms (Discord allows 3 s). Real discord.js bot process (npm start) <-> fake Discord over 127.0.0.1 (gateway WebSocket + REST); one interaction at a time.',
          `Queries: ${QUERIES.length} topics/free texts × since ${WINDOWS.join('/')} × limit ${[...new Set(LIMITS)].join('/')}.`,
        ],
      },
      {
        title: transport === 'http' ? 'Discord bot process (HTTP interactions)' : 'Discord bot process',
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

/** A port free right now on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once the bot's interactions endpoint answers a signed PING. */
async function pinged(signer: ReturnType<typeof createInteractionSigner>, timeoutMs: number): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    const res = await signer.post({ id: snowflake(), type: 1, token: 'ping', version: 1 }).catch(() => undefined);
    if (res?.status === 200) return;
    if (performance.now() - t0 > timeoutMs) throw new Error('the interactions endpoint never answered PING');
    await sleep(100);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await benchDiscord(), null, 1) + '\n');
}
