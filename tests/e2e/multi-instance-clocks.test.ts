// Instances on PostgreSQL whose machines' clocks disagree by minutes: digest claims and feed and host leases are
// stamped and judged by the database's clock, so an instance whose clock runs ahead never takes over a live claim
// (double claim), and a claim or lease made by an instance whose clock ran ahead is stale once its holder stopped
// renewing it for the stale time, not minutes later (stall). Due-ness still follows each instance's own clock. Each
// app has its own injected clock; time passing for the database is simulated by moving its lease stamps back.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import type { DigestPoster } from '../../src/schedule/delivery.js';
import { createScheduler, type Scheduler } from '../../src/schedule/scheduler.js';
import { pgElapse, pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';

const SLOT = '2026-12-01T08:00:00.000Z';
const MIN = 60_000;
const at = (ms: number) => new Date(Date.parse(SLOT) + ms);

const apps: App[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  for (const a of apps.splice(0)) await a.close();
});

/** An instance's app on the database at `url` whose clock reads `clock()`. */
function instanceApp(url: string, clock: () => Date): App {
  const file = FileConfigSchema.parse({});
  const config: Config = {
    dbPath: ':memory:', configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent',
    feeds: { allowPrivate: true, userAgent: 'newsbrief-test', intervalMinutes: 15 }, databaseUrl: url,
  };
  const app = createApp({ config, now: clock });
  apps.push(app);
  return app;
}

/** A Discord poster that records what it posts; with `hold`, each post waits until `release()`. */
function poster(hold = false) {
  const posts: { channelId: string; nonce: string }[] = [];
  let gate: Promise<void> = Promise.resolve();
  let open = () => undefined as void;
  if (hold) gate = new Promise<void>((r) => (open = r));
  let started = 0;
  const startedListeners: (() => void)[] = [];
  const p: DigestPoster = {
    platform: 'discord',
    concurrency: 4,
    connected: () => true,
    dm: () => Promise.resolve(),
    async post(channelId, _content, opts) {
      started++;
      for (const l of startedListeners.splice(0)) l();
      await gate;
      posts.push({ channelId, nonce: opts.nonce });
      return `discord:${channelId}:${posts.length}`;
    },
  };
  return {
    poster: p,
    posts,
    release: () => open(),
    /** Resolves once `n` posts have started. */
    async started(n: number) {
      while (started < n) await new Promise<void>((r) => startedListeners.push(r));
    },
  };
}

async function subscribe(app: App, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await app.store.digests.addSubscription({ workspaceId: 'discord:1', channelId: `discord:1:${100 + i}`, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: true, createdAt: '2026-11-30T00:00:00.000Z' });
  }
}

function scheduler(app: App, p: DigestPoster, owner: string): Scheduler {
  return createScheduler(app, { posters: [p], logger: createLogger('silent'), owner });
}

type Run = { status: string; attempts: number; owner?: string };
const runs = async (app: App, n: number): Promise<Run[]> => {
  const out: Run[] = [];
  for (let i = 1; i <= n; i++) out.push((await app.store.digests.getRun(i, SLOT)) as Run);
  return out;
};

describe.runIf(pgTestsEnabled())('instances whose clocks disagree, on PostgreSQL', () => {
  it('an instance whose clock runs five minutes ahead never takes over the claims another is posting', async () => {
    const url = await pgTestUrl();
    const a = instanceApp(url, () => at(1000));
    const b = instanceApp(url, () => at(5 * MIN + 1000)); // by its clock, A's claims are older than the 3-minute stale time
    await subscribe(a, 12);
    const slow = poster(true);
    const fast = poster();
    const first = scheduler(a, slow.poster, 'A').tick(at(1000));
    await slow.started(4); // A holds four claims, posting
    const tb = await scheduler(b, fast.poster, 'B').tick(at(5 * MIN + 1000));
    expect(tb.posted).toBe(8);
    slow.release();
    expect((await first).posted).toBe(4);
    const channels = [...slow.posts, ...fast.posts].map((p) => p.channelId);
    expect(channels).toHaveLength(12);
    expect(new Set(channels).size).toBe(12);
    const all = await runs(a, 12);
    expect(all.filter((r) => r.status !== 'posted' || r.attempts !== 1)).toEqual([]);
    expect(all.filter((r) => r.owner === 'A')).toHaveLength(4);
  });

  it('the claims of an instance whose clock ran ten minutes ahead are taken over once it stopped renewing them for the stale time', async () => {
    const url = await pgTestUrl();
    const a = instanceApp(url, () => at(10 * MIN + 1000)); // its claims would look fresh for 13 minutes by a right clock
    let bNow = at(1000);
    const b = instanceApp(url, () => bNow);
    await subscribe(a, 6);
    const frozen = poster(true);
    const heir = poster();
    const stuck = scheduler(a, frozen.poster, 'A').tick(at(10 * MIN + 1000));
    cleanups.push(async () => {
      frozen.release();
      await stuck;
    });
    await frozen.started(4); // A claimed four and stopped: it never renews them
    const sb = scheduler(b, heir.poster, 'B');
    expect((await sb.tick(bNow)).posted).toBe(2); // A's four are fresh
    await pgElapse(url, 4 * MIN); // four minutes pass for the database
    bNow = at(4 * MIN + 1000);
    expect((await sb.tick(bNow)).posted).toBe(4);
    expect(new Set(heir.posts.map((p) => p.channelId)).size).toBe(6);
    const all = await runs(a, 6);
    expect(all.filter((r) => r.status !== 'posted' || r.owner !== 'B')).toEqual([]);
    expect(all.filter((r) => r.attempts === 2)).toHaveLength(4);
  });

  it('feed and host leases: live ones hold against a clock running ahead; ones taken by a clock running ahead run out on time', async () => {
    const url = await pgTestUrl();
    const T = (m: number) => at(m * MIN).toISOString();
    const a = instanceApp(url, () => at(0));
    const b = instanceApp(url, () => at(6 * MIN));
    for (let i = 0; i < 3; i++) {
      await a.store.feeds.addFeed({ workspaceId: 'w', url: `https://h${i}.example/feed.xml`, topics: [], intervalMinutes: 15, fetchPages: false, nextPollAt: T(-30) }, T(-60));
    }
    const LEASE = 5 * MIN;
    // A leases two feeds and a host by its clock; B, six minutes ahead, sees them as leased all the same.
    expect(await a.store.feeds.leaseDueFeeds('A', T(0), LEASE, 2)).toHaveLength(2);
    expect(await a.store.feeds.leaseHost('h0.example', 'A', T(0), LEASE)).toBe(true);
    expect(await b.store.feeds.leaseDueFeeds('B', T(6), LEASE, 10)).toHaveLength(1);
    expect(await b.store.feeds.leaseHost('h0.example', 'B', T(6), LEASE)).toBe(false);
    // B (ahead) dies holding its feed and a host; A, whose clock is six minutes behind B's, gets them (and its own
    // leases, which it never gave back) five minutes on.
    expect(await b.store.feeds.leaseHost('h9.example', 'B', T(6), LEASE)).toBe(true);
    await pgElapse(url, LEASE);
    expect(await a.store.feeds.leaseDueFeeds('C', T(5), LEASE, 10)).toHaveLength(3);
    expect(await a.store.feeds.leaseHost('h9.example', 'C', T(5), LEASE)).toBe(true);
  });
});
reportSkippedPostgres('instances whose clocks disagree, on PostgreSQL');
