// Three feed pollers (three apps, each with its own connection to the database, as three instances would be) on one
// database (a SQLite file, and one PostgreSQL schema) against three fake feed servers (three hosts) that answer slowly
// and count every request: each feed is fetched once per interval in all, and no host ever has two requests in flight.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { startFeedPoller, type FeedPoller } from '../../src/feeds/poller.js';
import { createLogger } from '../../src/log.js';
import { articleText, rssFeed, startFeedServer, type FakeFeedServer } from '../fakes/feeds.js';
import { pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';

let dir: string;
let clock: Date;
let servers: FakeFeedServer[];
const apps: App[] = [];
const pollers: FeedPoller[] = [];

/** An app on the shared database: the SQLite file in `dir`, or the PostgreSQL schema at `databaseUrl`. */
function instanceApp(databaseUrl?: string): App {
  const file = FileConfigSchema.parse({});
  const config: Config = {
    dbPath: path.join(dir, 'nb.db'), configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent',
    feeds: { allowPrivate: true, userAgent: 'newsbrief-test', intervalMinutes: 15 },
    ...(databaseUrl ? { databaseUrl } : {}),
  };
  const app = createApp({ config, now: () => clock });
  apps.push(app);
  return app;
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-multi-feeds-'));
  clock = new Date('2026-12-01T12:00:00Z');
  servers = await Promise.all([startFeedServer(), startFeedServer(), startFeedServer()]);
});
afterEach(async () => {
  for (const p of pollers.splice(0)) await p.stop();
  for (const a of apps.splice(0)) await a.close();
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function threePollers(databaseUrl?: string): Promise<void> {
  const instances = [instanceApp(databaseUrl), instanceApp(databaseUrl), instanceApp(databaseUrl)];
  const a = instances[0]!;
  const paths = ['/one.xml', '/two.xml', '/three.xml', '/four.xml'];
  for (const [h, srv] of servers.entries()) {
    for (const [i, p] of paths.entries()) {
      const items = [{ title: `Harbour report ${h}-${i}`, link: srv.url(`/a/${i}`), guid: `${h}-${i}`, pubDate: 'Tue, 01 Dec 2026 10:00:00 GMT', content: `<p>${articleText(`harbour report ${h} ${i}`, 6)}</p>` }];
      srv.route(p, { body: rssFeed(`Host ${h} feed ${i}`, items), contentType: 'application/rss+xml', delayMs: 40 });
      await a.store.feeds.addFeed({ workspaceId: 'cli:local', url: srv.url(p), topics: [], intervalMinutes: 15, fetchPages: false, nextPollAt: clock.toISOString() }, clock.toISOString());
    }
  }
  const log = createLogger('silent');
  const ps = instances.map((app, i) => startFeedPoller(app, { logger: log, tickMs: 0, owner: `instance-${i}` }));
  pollers.push(...ps);
  const hits = () => servers.flatMap((s) => paths.map((p) => s.hits(p).length));
  const pollAll = () => Promise.all(ps.map((p) => p.pollNow()));

  const first = await pollAll();
  expect(first.reduce((n, r) => n + r.polled, 0)).toBe(12);
  expect(first.filter((r) => r.polled > 0).length).toBeGreaterThanOrEqual(2); // the work was shared
  expect(hits()).toEqual(Array(12).fill(1));

  // Five minutes on nothing is due; fifteen minutes on everything is, once again.
  clock = new Date(clock.getTime() + 5 * 60_000);
  await pollAll();
  expect(hits()).toEqual(Array(12).fill(1));
  clock = new Date(clock.getTime() + 11 * 60_000);
  const again = await pollAll();
  expect(again.reduce((n, r) => n + r.polled, 0)).toBe(12);
  expect(hits()).toEqual(Array(12).fill(2));

  expect(servers.map((s) => s.maxInFlight())).toEqual([1, 1, 1]);
  for (const app of instances) {
    expect((await app.store.articles.search({ limit: 50, text: { mode: 'all', phrases: [['harbour']] } })).length).toBe(12);
  }
}

describe('feeds across instances', () => {
  it('on SQLite: fetches each feed once per interval with three pollers, one request at a time per host', async () => {
    await threePollers();
  });

  it.runIf(pgTestsEnabled())('on PostgreSQL: fetches each feed once per interval with three pollers, one request at a time per host', async () => {
    await threePollers(await pgTestUrl());
  });
});
reportSkippedPostgres('feeds across instances on PostgreSQL');
