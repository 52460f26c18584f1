// `npm run bench -- fanout-instances`: the digest fan-out with three scheduler processes on one database sharing the
// Discord budget (bench/fanout-instance.ts), on PostgreSQL and on SQLite: BENCH_FANOUT_SUBS (default 10,000)
// subscriptions due in one minute, the fake Discord (in this process) enforcing BENCH_FANOUT_RATE requests per second
// (default 500: Discord's 50 scaled by 10, as the one-process fan-out bench) with global 429s, the instances pacing to
// 96% of it through the rate_budgets row (as production's 48 of Discord's 50). Once with all three to the end, once with
// one SIGKILLed a third of the way in, its stranded claims taken over by the survivors (their drain, or their sweep
// between ticks) once it has not beaten for NEWSBRIEF_DEAD_AFTER_SECONDS (heartbeats every NEWSBRIEF_HEARTBEAT_SECONDS,
// defaults 20 and 5 as in production): no clock is moved, the takeover's delay is real and counts in the time.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { instanceTiming } from '../src/service/instance.js';
import { startFakeDiscord, type FakeDiscord } from '../tests/fakes/discord.js';
import { type BenchSection, fmt } from './lib.js';
import { benchPgServer, withDatabase } from './pg-server.js';

const SLOT = Date.parse('2026-12-01T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const script = fileURLToPath(new URL('./fanout-instance.js', import.meta.url));
const STORIES = [
  ['Korea talks resume in Seoul', 'North and South Korean officials met in Seoul to restart talks on the border, both sides said.'],
  ['China sets a growth target for next year', 'Chinese leaders in Beijing set a growth target of about five percent, state media reported.'],
  ['Central bank holds interest rates', 'The central bank kept interest rates unchanged, citing inflation that is cooling slowly.'],
];

interface TickResult {
  tally: { posted: number; failed: number; nothingNew: number; skipped: number };
  seconds: number;
  cpuSeconds: number;
  limited: number;
  pace: { granted: number; forfeited: number; reservations: number };
}

/** An instance process; `next()` reads its next line. */
function instance(target: string, fake: FakeDiscord, rate: number, budget: number) {
  const child: ChildProcess = spawn(process.execPath, [script, target, fake.apiUrl, fake.token, String(rate), String(budget), '64', iso(SLOT - 60_000)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    exited,
    async next(): Promise<string> {
      const r = await lines.next();
      if (r.done) throw new Error('the instance stopped printing');
      return r.value;
    },
    tick: (at: number) => child.stdin!.write(`${iso(at)}\n`),
    exit: () => child.stdin!.end('exit\n'),
  };
}

/** Subscriptions and stories in the store at `target` (fresh). */
async function seed(target: string, subs: number): Promise<void> {
  const config = target.startsWith('postgres') ? loadConfig({ NEWSBRIEF_DATABASE_URL: target }) : loadConfig({ NEWSBRIEF_DB: target });
  const app = createApp({ config, now: () => new Date('2026-12-01T06:00:00Z') });
  try {
    for (const [i, [title, body]] of STORIES.entries()) {
      await app.pipeline.ingestContent(JSON.stringify({ title, body: `${body} ${body}`, url: `https://news.example/f${i}`, source: 'Example' }), `f${i}.json`);
    }
    await app.store.transaction(async (tx) => {
      for (let i = 0; i < subs; i++) {
        await tx.digests.addSubscription({
          workspaceId: 'discord:1', channelId: `discord:1:${100_000 + i}`, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: false,
          lastWatermark: '2026-11-30T00:00:00.000Z', createdBy: 'discord:1', createdAt: '2026-11-30T00:00:00.000Z',
        });
      }
    });
  } finally {
    await app.close();
  }
}

/** Resolves once the instance `id` on the store at `target` is no longer live (no heartbeat for the dead-after time). */
async function untilDead(target: string, id: string): Promise<void> {
  const config = loadConfig({ ...(target.startsWith('postgres') ? { NEWSBRIEF_DATABASE_URL: target } : { NEWSBRIEF_DB: target }), ...timingEnv() });
  const app = createApp({ config, now: () => new Date(SLOT) });
  const { deadAfterSeconds } = instanceTiming(config);
  try {
    while ((await app.store.instances.liveInstances(deadAfterSeconds)).some((i) => i.id === id)) await new Promise((r) => setTimeout(r, 250));
  } finally {
    await app.close();
  }
}

/**
 * Watches the heartbeats of the instances `ids` (every 500 ms) until stopped; resolves with the oldest one seen, in
 * seconds (a live instance's heartbeat must stay well under the dead-after time however busy it is posting).
 */
function heartbeatWatch(target: string, ids: string[]): { stop(): Promise<number> } {
  const config = loadConfig(target.startsWith('postgres') ? { NEWSBRIEF_DATABASE_URL: target } : { NEWSBRIEF_DB: target });
  const app = createApp({ config, now: () => new Date(SLOT) });
  let oldest = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      for (const i of await app.store.instances.liveInstances(3600)) {
        if (ids.includes(i.id)) oldest = Math.max(oldest, (Date.now() - Date.parse(i.heartbeatAt)) / 1000);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })().finally(() => app.close());
  return {
    async stop() {
      running = false;
      await done;
      return oldest;
    },
  };
}

/** NEWSBRIEF_HEARTBEAT_SECONDS and NEWSBRIEF_DEAD_AFTER_SECONDS where set (the instances inherit them). */
const timingEnv = () => Object.fromEntries(['NEWSBRIEF_HEARTBEAT_SECONDS', 'NEWSBRIEF_DEAD_AFTER_SECONDS'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));

/** One run: three instances tick together; with `kill`, the first is SIGKILLed once a third of the posts arrived. */
async function runOnce(target: string, subs: number, rate: number, budget: number, kill: boolean): Promise<(string | number)[]> {
  await seed(target, subs);
  const fake = await startFakeDiscord({ rateLimitPerSecond: rate });
  const procs = [0, 1, 2].map(() => instance(target, fake, rate, budget));
  try {
    for (const p of procs) if ((await p.next()) !== 'ready') throw new Error('an instance did not start');
    const beats = heartbeatWatch(target, procs.slice(1).map((p) => `bench-${p.child.pid ?? 0}`));
    const load0 = os.loadavg()[0] ?? NaN;
    const t0 = performance.now();
    for (const p of procs) p.tick(SLOT + 1000);
    let survivors = procs;
    let killedAt = 0;
    let dead: Promise<number> | undefined;
    if (kill) {
      await fake.until(() => (fake.requests.length >= subs / 3 ? true : undefined), 600_000, 'a third of the posts');
      killedAt = performance.now();
      procs[0]!.child.kill('SIGKILL');
      await procs[0]!.exited;
      survivors = procs.slice(1);
      dead = untilDead(target, `bench-${procs[0]!.child.pid ?? 0}`).then(() => (performance.now() - killedAt) / 1000);
    }
    const channels = () => new Set(fake.channelMessages().map((m) => m.channel_id)).size;
    await Promise.all(survivors.map((p) => p.next())); // the survivors' tallies: their ticks ended
    const drained = channels();
    // With a kill, the survivors' ticks may end before the dead instance's claims are taken over: their sweep posts
    // them, and the time runs until the last channel has its digest.
    if (kill) await fake.until(() => (fake.channelMessages().length >= subs && channels() >= subs ? true : undefined), 600_000, 'every digest');
    const seconds = (performance.now() - t0) / 1000;
    const delivered = channels();
    const accepted = fake.requests.filter((r) => r.status !== 429);
    const requests = accepted.length; // what the platform counted
    // Where the time went: before the first request (recording, claiming, composing), the paced part, after the last.
    const span = `${fmt(((accepted[0]?.at ?? t0) - t0) / 1000, 1)} / ${fmt(((accepted.at(-1)?.at ?? t0) - t0) / 1000, 1)} s`;
    // The same time again: no tick, the survivors' CPU and pacer counts so far (their sweep's included).
    for (const p of survivors) p.tick(SLOT + 1000);
    const last = await Promise.all(survivors.map(async (p) => JSON.parse(await p.next()) as TickResult));
    const oldestBeat = await beats.stop();
    let takeover = '';
    if (kill) {
      const done = (performance.now() - killedAt) / 1000;
      takeover = `not live ${fmt(await dead!, 1)} s after the kill; ${delivered - drained} posted after the survivors' ticks ended (their sweep), the last ${fmt(done, 1)} s after the kill`;
    }
    const perChannel = new Map<string, number>();
    for (const m of fake.channelMessages()) perChannel.set(m.channel_id, (perChannel.get(m.channel_id) ?? 0) + 1);
    let lost = 0;
    let duplicated = 0;
    for (let i = 0; i < subs; i++) {
      const got = perChannel.get(String(100_000 + i)) ?? 0;
      if (got < 1) lost++;
      if (got > 1) duplicated++;
    }
    const floor = requests / rate;
    const paced = last.reduce((n, t) => ({ forfeited: n.forfeited + t.pace.forfeited, reservations: n.reservations + t.pace.reservations }), { forfeited: 0, reservations: 0 });
    const cpu = last.reduce((n, t) => n + t.cpuSeconds, 0); // the survivors' (not the killed one's)
    const store = target.startsWith('postgres') ? 'PostgreSQL' : 'SQLite';
    return [
      store, kill ? '3, one SIGKILLed at 1/3' : '3', delivered, requests, `${fmt(floor, 1)} s`, `${fmt(seconds, 1)} s`, `${fmt(seconds / floor, 2)}×`,
      `${fmt(seconds / (requests / budget), 2)}×`, lost, duplicated, fake.limits.globalHits, fake.limits.duplicatesPrevented,
      `${paced.reservations} / ${paced.forfeited}`, span, `${fmt(oldestBeat, 1)} s`, takeover || '–', fmt(cpu, 1), `${fmt((cpu / Math.max(1, requests)) * 1000, 2)} ms`, `${fmt(load0, 1)} → ${fmt(os.loadavg()[0] ?? NaN, 1)}`,
    ];
  } finally {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.exit();
    await Promise.all(procs.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 10_000))])));
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await fake.close();
  }
}

export async function benchFanoutInstances(
  subs = Number(process.env.BENCH_FANOUT_SUBS ?? 10_000),
  rate = Number(process.env.BENCH_FANOUT_RATE ?? 500),
  stores = (process.env.BENCH_FANOUT_STORES ?? 'postgres,sqlite').split(','),
): Promise<BenchSection> {
  const budget = rate * 0.96;
  const title = `Digest fan-out, three instances sharing the Discord budget: ${subs.toLocaleString('en')} subscriptions due in one minute → fake Discord limited to ${rate} req/s`;
  const rows: (string | number)[][] = [];
  const server = stores.includes('postgres') ? await benchPgServer() : undefined;
  const notes: string[] = [];
  try {
    for (const kill of [false, true]) {
      for (const store of stores) {
        if (store === 'postgres') {
          if (!server || 'missing' in server) {
            notes.push(`PostgreSQL skipped: ${server && 'missing' in server ? server.missing : 'not asked'}`);
            continue;
          }
          const name = `fanout_${process.pid}_${kill ? 'kill' : 'all'}`;
          const admin = new pg.Client({ connectionString: server.url });
          await admin.connect();
          await admin.query(`CREATE DATABASE ${name}`);
          try {
            rows.push(await runOnce(withDatabase(server.url, name), subs, rate, budget, kill));
          } finally {
            await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await admin.end();
          }
        } else {
          const dir = mkdtempSync(path.join(os.tmpdir(), 'nb-fanout3-'));
          try {
            rows.push(await runOnce(path.join(dir, 'fanout.db'), subs, rate, budget, kill));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }
    }
  } finally {
    if (server && !('missing' in server)) await server.stop();
  }
  return {
    title,
    columns: ['store', 'instances', 'channels posted', 'requests', 'floor (requests / limit)', 'delivered in', 'vs floor', 'vs budget (requests / 96%)', 'lost', 'duplicated', 'global 429s', 'repeats the nonce turned back', 'budget round-trips / times given up', 'first / last request after the tick', 'oldest heartbeat of a survivor', 'killed instance', 'CPU s (instances)', 'CPU per request', 'load average'],
    rows,
    notes: [
      `Targets: <= 1.1× the floor, 0 lost, 0 duplicated, 0 global 429s. Floor: the requests the fake Discord accepted / its limit per second. The instances pace to ${budget}/s together (96% of the limit, as production's 48 of Discord's 50), evenly spaced, so the budget alone takes 1.04× the floor.`,
      `Each instance: the real scheduler (tick: records due slots idempotently, claims only as many as its poster can start, 64 in flight) and the real Discord poster (discord.js REST, nonce + enforce_nonce), each process reserving send times from the rate_budgets row several at a time and giving up a time it reaches too late. Time: from the tick sent to all three to the last survivor's tally (with a kill: to the last digest, the killed instance's claims included, taken over once it is dead).`,
      ...(server && !('missing' in server) ? [`PostgreSQL: ${server.describe}; a fresh database per run.`] : []),
      ...notes,
    ],
  };
}
