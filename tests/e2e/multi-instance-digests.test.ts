// Three scheduler processes on one database (a SQLite file, and one PostgreSQL schema that every process's
// NEWSBRIEF_DATABASE_URL points at) posting to the fake Discord through the real poster: they share the due slots through
// the ledger, one is killed (SIGKILL) in the middle of the run, right after Discord accepted one of its posts and
// before it recorded it, and the survivors take over its claims with the same nonce as soon as its instance heartbeat
// is too old (the processes beat every 0.5 s and count an instance dead after 5 s), long before the claims would go
// stale (3 minutes, which neither the app's clock nor PostgreSQL's reaches here). Every slot ends posted exactly once. PostgreSQL gets the large case: 2,000 digests due in the same minute. Slack digests due in the same
// minute go through the real Slack poster to the fake Slack: Slack has no nonce, so a post the dead instance had in
// flight may be repeated by the takeover (the documented crash window, at most its Slack concurrency of 4), and none
// is lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';

const SLOT = '2026-12-01T08:00:00.000Z';
const plus = (ms: number) => new Date(Date.parse(SLOT) + ms).toISOString();
const script = path.resolve(import.meta.dirname, '..', 'fixtures', 'instance-process.mjs');

type Run = { status: string; attempts: number; owner: string; platform: string };
interface Store {
  /** NEWSBRIEF_DB or NEWSBRIEF_DATABASE_URL for the instances. */
  env: Record<string, string>;
  /** What the instances take as their database argument. */
  arg: string;
  runs(): Promise<Run[]>;
}

let dir: string;
let fd: FakeDiscord;
let fs: FakeSlack;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-multi-'));
  fd = await startFakeDiscord();
  fs = await startFakeSlack();
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await fd.close();
  await fs.close();
  rmSync(dir, { recursive: true, force: true });
});

function sqlite(): Store {
  const file = path.join(dir, 'nb.db');
  return {
    env: { NEWSBRIEF_DB: file },
    arg: file,
    runs: () => {
      const db = new Database(file, { readonly: true });
      try {
        return Promise.resolve(db.prepare(`SELECT status, attempts, owner, platform FROM digest_runs WHERE slot = ?`).all(SLOT) as Run[]);
      } finally {
        db.close();
      }
    },
  };
}

async function postgres(): Promise<Store> {
  const url = await pgTestUrl();
  return {
    env: { NEWSBRIEF_DATABASE_URL: url },
    arg: url,
    async runs() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<Run>(`SELECT status, attempts, owner, platform FROM digest_runs WHERE slot = $1`, [SLOT])).rows;
      } finally {
        await client.end();
      }
    },
  };
}

/** A scheduler process; `next()` yields what it prints, `exited` settles with its exit code or signal. */
function instance(store: Store, rate: number, dieAfter?: number) {
  const args = [script, store.arg, fd.apiUrl, fd.token, ...(dieAfter ? [String(dieAfter)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NB_RATE: String(rate), NB_SLACK_API: fs.apiUrl, NB_SLACK_TOKEN: 'xoxb-test-token', NB_HEARTBEAT_SECONDS: '0.5', NB_DEAD_MS: '5000' } });
  children.push(child);
  const out = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    owner: `instance-${child.pid ?? 0}`,
    exited,
    async next(): Promise<string> {
      const r = await out.next();
      if (r.done) throw new Error('the instance stopped printing');
      return r.value;
    },
    tick: (at: string) => child.stdin.write(`${at}\n`),
    exit: () => child.stdin.end('exit\n'),
  };
}

/**
 * N daily Discord digests and M Slack ones due at SLOT on three instances. A ticks first; once it has posted N/10, B and C tick too; A kills
 * itself after its (N/8)-th post, in the middle of the run. Once A's heartbeat is 5 s old the survivors take its claims
 * over: in their first tick if it is still draining then, else in the next one, a minute on.
 */
async function killedMidRun(store: Store, N: number, M: number, rate: number): Promise<void> {
  const setup = createApp({ config: loadConfig(store.env), now: () => new Date('2026-11-30T00:00:00.000Z') });
  await setup.store.transaction(async (tx) => {
    for (let i = 0; i < N; i++) {
      await tx.digests.addSubscription({ workspaceId: 'discord:1', channelId: `discord:1:${10_000 + i}`, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: true });
    }
    for (let i = 0; i < M; i++) {
      await tx.digests.addSubscription({ workspaceId: 'slack:T0TEST', channelId: `slack:T0TEST:C${10_000 + i}`, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: true });
    }
  });
  await setup.close();

  const dieAfter = Math.ceil(N / 8);
  const a = instance(store, rate, dieAfter);
  const b = instance(store, rate);
  const c = instance(store, rate);
  for (const p of [a, b, c]) expect(await p.next()).toBe('ready');
  a.tick(plus(1000));
  await fd.until(() => (fd.channelMessages().length >= N / 10 ? true : undefined), 60_000, 'the first posts');
  b.tick(plus(1000));
  c.tick(plus(1000));
  expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
  const first = [JSON.parse(await b.next()), JSON.parse(await c.next())] as { tally: { posted: number } }[];
  // A is no longer live (the instances table's clock, real time): the survivors' next tick takes over what is left of
  // its claims, not stale by any clock (a minute on for the app; seconds for PostgreSQL).
  const watch = createApp({ config: loadConfig(store.env), now: () => new Date(plus(60_000)) });
  try {
    while ((await watch.store.instances.liveInstances(5)).some((i) => i.id === a.owner)) await new Promise((r) => setTimeout(r, 200));
  } finally {
    await watch.close();
  }
  b.tick(plus(60_000));
  c.tick(plus(60_000));
  const second = [JSON.parse(await b.next()), JSON.parse(await c.next())] as { tally: { posted: number } }[];
  b.exit();
  c.exit();
  await Promise.all([b.exited, c.exited]);

  const perChannel = new Map<string, number>();
  for (const m of fd.channelMessages()) perChannel.set(m.channel_id, (perChannel.get(m.channel_id) ?? 0) + 1);
  expect(perChannel.size).toBe(N);
  expect([...perChannel.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect(fd.limits.duplicatesPrevented).toBeGreaterThanOrEqual(1); // A's last post, re-sent with its nonce

  // Slack: every channel posted, a repeat only for what the dead instance had in flight.
  const perSlack = new Map<string, number>();
  for (const p of fs.posts()) perSlack.set(String(p.channel), (perSlack.get(String(p.channel)) ?? 0) + 1);
  expect(perSlack.size).toBe(M);
  const repeats = [...perSlack.values()].reduce((n, k) => n + k - 1, 0);
  expect(repeats).toBeLessThanOrEqual(4);

  const all = await store.runs();
  expect(all).toHaveLength(N + M);
  expect(all.filter((r) => r.status !== 'posted')).toEqual([]);
  const slackTakenOver = all.filter((r) => r.platform === 'slack' && r.attempts === 2).length;
  expect(slackTakenOver).toBeLessThanOrEqual(4);
  expect(repeats).toBeLessThanOrEqual(slackTakenOver);
  const runs = all.filter((r) => r.platform === 'discord');
  const takenOver = runs.filter((r) => r.attempts === 2).length;
  expect(takenOver).toBeGreaterThanOrEqual(1);
  expect(takenOver).toBeLessThanOrEqual(8); // A never held more than its poster's concurrency
  expect(all.filter((r) => r.attempts > 2)).toEqual([]);
  // A recorded fewer posts than it made (its last was cut off); the survivors posted the rest, the taken-over ones in
  // their first tick (when A's heartbeat went stale while they drained) or the second.
  const recordedByA = runs.filter((r) => r.owner === a.owner).length;
  expect(recordedByA).toBeGreaterThanOrEqual(dieAfter - 8); // at most its concurrency was in flight
  expect(recordedByA).toBeLessThan(dieAfter);
  const survivors = [...first, ...second].reduce((n, t) => n + t.tally.posted, 0);
  expect(survivors).toBe(N + M - all.filter((r) => r.owner === a.owner).length);
  expect(second.reduce((n, t) => n + t.tally.posted, 0)).toBeLessThanOrEqual(takenOver + slackTakenOver);
}

describe('digests across instances', () => {
  it('on SQLite: posts every Discord slot exactly once (Slack: at most the crash window), none lost, when one of three instances is killed mid-run', async () => {
    await killedMidRun(sqlite(), 150, 30, 1000);
  }, 120_000);

  it.runIf(pgTestsEnabled())('on PostgreSQL: 2,000 Discord and 200 Slack digests due in one minute, every Discord slot posted exactly once (Slack: at most the crash window), none lost, when one of three instances is killed mid-run', async () => {
    await killedMidRun(await postgres(), 2000, 200, 1000);
  }, 300_000); // 2,200 posts by three processes: slow when other work shares the cores
});
reportSkippedPostgres('digests across instances on PostgreSQL');
