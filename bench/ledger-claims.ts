// `npm run bench -- claims`: digest slot claims per second with 4 worker processes on one database, PostgreSQL
// (claimDue: UPDATE … FOR UPDATE SKIP LOCKED) beside SQLite (one UPDATE under its write lock), alternating. BENCH_SLOTS
// (default 20,000) slots are recorded due; each worker claims what a Discord poster can start (8 at a time), records
// each as posted (finishRun), and repeats until nothing is due. Checks that no slot was claimed twice.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { type BenchSection, fmt } from './lib.js';
import { benchPgServer, withDatabase } from './pg-server.js';

const SLOT = '2026-12-01T08:00:00.000Z';
const BATCH = 8;
const WORKERS = 4;

interface WorkerResult { claimed: number; calls: number; startMs: number; endMs: number; cpuSeconds: number }

const appFor = (target: string) =>
  createApp({ config: target.startsWith('postgres') ? loadConfig({ NEWSBRIEF_DATABASE_URL: target }) : loadConfig({ NEWSBRIEF_DB: target }), now: () => new Date(SLOT) });

/** One worker: waits for `go` on stdin, then claims and finishes until nothing is due. */
async function worker(target: string, owner: string): Promise<WorkerResult> {
  const app = appFor(target);
  await app.store.ping();
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'go') break;
  const cpu0 = process.cpuUsage();
  const startMs = performance.timeOrigin + performance.now();
  let claimed = 0;
  let calls = 0;
  for (;;) {
    calls++;
    const got = await app.store.digests.claimDue(owner, ['discord'], BATCH, SLOT, 3 * 60_000, '2026-12-01T00:00:00.000Z');
    if (got.length === 0) break;
    claimed += got.length;
    for (const c of got) await app.store.digests.finishRun(c.subscriptionId, c.slot, owner, { status: 'posted', messageRef: `discord:1:${c.subscriptionId}` }, SLOT);
  }
  const endMs = performance.timeOrigin + performance.now();
  const cpu = process.cpuUsage(cpu0);
  await app.close();
  return { claimed, calls, startMs, endMs, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function seed(target: string, slots: number): Promise<void> {
  const app = appFor(target);
  try {
    await app.store.transaction(async (tx) => {
      const due = [];
      for (let i = 0; i < slots; i++) {
        const sub = await tx.digests.addSubscription({ workspaceId: 'discord:1', channelId: `discord:1:${100_000 + i}`, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: false, createdAt: '2026-11-30T00:00:00.000Z' });
        due.push({ subscriptionId: sub.id, slot: SLOT, platform: 'discord' });
      }
      await tx.digests.enqueueSlots(due, SLOT);
    });
  } finally {
    await app.close();
  }
}

/** Four workers over `target`; claims per second and the check that every slot was claimed once. */
async function runOnce(target: string, slots: number): Promise<(string | number)[]> {
  await seed(target, slots);
  const script = fileURLToPath(import.meta.url);
  const procs = Array.from({ length: WORKERS }, (_, i) => {
    const child = spawn(process.execPath, [script, 'work', target, `worker-${i}`], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    return { child, next: async () => ((await lines.next()).value as string) };
  });
  for (const p of procs) if ((await p.next()) !== 'ready') throw new Error('a worker did not start');
  const load0 = os.loadavg()[0] ?? NaN;
  for (const p of procs) p.child.stdin.end('go\n');
  const results = await Promise.all(procs.map(async (p) => JSON.parse(await p.next()) as WorkerResult));
  const seconds = (Math.max(...results.map((r) => r.endMs)) - Math.min(...results.map((r) => r.startMs))) / 1000;
  const claimed = results.reduce((n, r) => n + r.claimed, 0);
  const app = appFor(target);
  let twice = 0;
  let notPosted = 0;
  for (let id = 1; id <= slots; id++) {
    const run = await app.store.digests.getRun(id, SLOT);
    if (!run || run.status !== 'posted') notPosted++;
    else if (run.attempts !== 1) twice++;
  }
  await app.close();
  return [
    target.startsWith('postgres') ? 'PostgreSQL' : 'SQLite', slots, WORKERS, claimed, fmt(seconds, 2), fmt(claimed / seconds, 0),
    results.map((r) => r.claimed).join(' / '), twice, notPosted, fmt(results.reduce((n, r) => n + r.cpuSeconds, 0), 1), `${fmt(load0, 1)} → ${fmt(os.loadavg()[0] ?? NaN, 1)}`,
  ];
}

export async function benchClaims(slots = Number(process.env.BENCH_SLOTS ?? 20_000), rounds = Number(process.env.BENCH_CLAIM_ROUNDS ?? 2)): Promise<BenchSection> {
  const server = await benchPgServer();
  const rows: (string | number)[][] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      for (const store of r % 2 === 0 ? ['postgres', 'sqlite'] : ['sqlite', 'postgres']) {
        if (store === 'postgres') {
          if ('missing' in server) continue;
          const name = `claims_${process.pid}_${r}`;
          const admin = new pg.Client({ connectionString: server.url });
          await admin.connect();
          await admin.query(`CREATE DATABASE ${name}`);
          try {
            rows.push(await runOnce(withDatabase(server.url, name), slots));
          } finally {
            await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await admin.end();
          }
        } else {
          const dir = mkdtempSync(path.join(os.tmpdir(), 'nb-claims-'));
          try {
            rows.push(await runOnce(path.join(dir, 'claims.db'), slots));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }
    }
  } finally {
    if (!('missing' in server)) await server.stop();
  }
  return {
    title: `Digest slot claims: ${WORKERS} worker processes on one database`,
    columns: ['store', 'slots due', 'workers', 'claimed', 'seconds', 'slots/s (claim + record posted)', 'per worker', 'claimed twice', 'not posted', 'CPU s (workers)', 'load average'],
    rows,
    notes: [
      `Each worker loops: claimDue (at most ${BATCH}: what a Discord poster starts at once), then finishRun(posted) for each, until nothing is due. Seconds: first worker's start to last worker's end. Runs alternate the stores.`,
      ...('missing' in server ? [`PostgreSQL skipped: ${server.missing}`] : [`PostgreSQL: ${server.describe}; a fresh database per run.`]),
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'work') {
  process.stdout.write(JSON.stringify(await worker(process.argv[3] as string, process.argv[4] as string)) + '\n');
}
