// A frozen instance cannot hold PostgreSQL locks for ever: every pooled connection starts with the session limits
// (idle in a transaction, statement and lock timeouts; the database URL's parameters replace them), and a process
// stopped with SIGSTOP inside a transaction that holds digest claims has its session ended by the server, so another
// instance takes the claims over and posts them.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import type { DigestPoster } from '../../src/schedule/delivery.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { createPool, SESSION_LIMITS } from '../../src/store/pg-db.js';
import { pgElapse, pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';

const SLOT = '2026-12-01T08:00:00.000Z';
const script = path.resolve(import.meta.dirname, '..', 'fixtures', 'claim-holder.mjs');
const children: ChildProcess[] = [];
const apps: App[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const a of apps.splice(0)) await a.close();
});

const withParams = (url: string, params: Record<string, string>): string => {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
};

async function show(url: string, names: string[]): Promise<string[]> {
  const pool = createPool(url, { max: 1 });
  try {
    const out: string[] = [];
    for (const n of names) out.push(String((await pool.query<Record<string, string>>(`SHOW ${n}`)).rows[0]?.[n]));
    return out;
  } finally {
    await pool.end();
  }
}

function instanceApp(url: string, now: () => Date): App {
  const file = FileConfigSchema.parse({});
  const config: Config = {
    dbPath: ':memory:', configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent',
    feeds: { allowPrivate: true, userAgent: 'newsbrief-test', intervalMinutes: 15 }, databaseUrl: url,
  };
  const app = createApp({ config, now });
  apps.push(app);
  return app;
}

describe.runIf(pgTestsEnabled())('PostgreSQL session limits', () => {
  it('every pooled connection starts with the limits, and the URL parameters of the same names replace them', async () => {
    const names = Object.keys(SESSION_LIMITS);
    expect(await show(await pgTestUrl(), names)).toEqual(['1min', '5min', '2min']);
    const tuned = withParams(await pgTestUrl(), { idle_in_transaction_session_timeout: '1500', statement_timeout: '0', lock_timeout: '10000' });
    expect(await show(tuned, names)).toEqual(['1500ms', '0', '10s']);
  });

  it('a process frozen (SIGSTOP) inside a transaction holding digest claims loses its session, and another instance posts the slots', async () => {
    const url = withParams(await pgTestUrl(), { idle_in_transaction_session_timeout: '1000' });
    let now = new Date(Date.parse(SLOT) + 1000);
    const b = instanceApp(url, () => now);
    for (let i = 0; i < 3; i++) {
      await b.store.digests.addSubscription({ workspaceId: 'discord:1', channelId: `discord:1:${100 + i}`, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: true, createdAt: '2026-11-30T00:00:00.000Z' });
    }
    await b.store.digests.enqueueSlots([1, 2, 3].map((id) => ({ subscriptionId: id, slot: SLOT, platform: 'discord' })), now.toISOString());

    const child = spawn(process.execPath, [script, url, now.toISOString()], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const line = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
    expect(line.value).toBe('holding 3');
    child.kill('SIGSTOP');

    // Four minutes pass for the database. Moving the claims' stamps waits for their row locks: the frozen session's
    // transaction has to end first, which only the server's idle-in-transaction limit does.
    await pgElapse(url, 4 * 60_000);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const r = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'newsbrief-frozen'
        AND state LIKE 'idle in transaction%'`);
      expect(r.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }

    const posts: string[] = [];
    const poster: DigestPoster = {
      platform: 'discord', concurrency: 4, connected: () => true, dm: () => Promise.resolve(),
      post: (channelId) => Promise.resolve(`discord:${channelId}:${posts.push(channelId)}`),
    };
    now = new Date(Date.parse(SLOT) + 4 * 60_000 + 1000);
    const tally = await createScheduler(b, { posters: [poster], logger: createLogger('silent'), owner: 'B' }).tick(now);
    expect(tally.posted).toBe(3);
    expect(posts.sort()).toEqual(['discord:1:100', 'discord:1:101', 'discord:1:102']);
    for (let id = 1; id <= 3; id++) {
      expect(await b.store.digests.getRun(id, SLOT)).toMatchObject({ status: 'posted', owner: 'B', attempts: 2 });
    }
  }, 60_000);
});
reportSkippedPostgres('PostgreSQL session limits');
