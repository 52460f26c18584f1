// Two feed pollers (two apps, as two instances would be) on one database file against three fake feed servers (three
// hosts) that answer slowly: each feed is fetched once per interval in all, and no host ever has two requests in flight.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { startFeedPoller, type FeedPoller } from '../../src/feeds/poller.js';
import { createLogger } from '../../src/log.js';
import { articleText, rssFeed, startFeedServer, type FakeFeedServer } from '../fakes/feeds.js';

let dir: string;
let clock: Date;
let servers: FakeFeedServer[];
const apps: App[] = [];
const pollers: FeedPoller[] = [];

function instanceApp(): App {
  const file = FileConfigSchema.parse({});
  const config: Config = {
    dbPath: path.join(dir, 'nb.db'), configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent',
    feeds: { allowPrivate: true, userAgent: 'newsbrief-test', intervalMinutes: 15 },
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

describe('feeds across instances', () => {
  it('fetches each feed once per interval with two pollers, one request at a time per host', async () => {
    const a = instanceApp();
    const b = instanceApp();
    const paths = ['/one.xml', '/two.xml', '/three.xml', '/four.xml'];
    for (const [h, srv] of servers.entries()) {
      for (const [i, p] of paths.entries()) {
        const items = [{ title: `Harbour report ${h}-${i}`, link: srv.url(`/a/${i}`), guid: `${h}-${i}`, pubDate: 'Tue, 01 Dec 2026 10:00:00 GMT', content: `<p>${articleText(`harbour report ${h} ${i}`, 6)}</p>` }];
        srv.route(p, { body: rssFeed(`Host ${h} feed ${i}`, items), contentType: 'application/rss+xml', delayMs: 40 });
        await a.store.feeds.addFeed({ workspaceId: 'cli:local', url: srv.url(p), topics: [], intervalMinutes: 15, fetchPages: false, nextPollAt: clock.toISOString() }, clock.toISOString());
      }
    }
    const log = createLogger('silent');
    const pa = startFeedPoller(a, { logger: log, tickMs: 0, owner: 'instance-a' });
    const pb = startFeedPoller(b, { logger: log, tickMs: 0, owner: 'instance-b' });
    pollers.push(pa, pb);
    const hits = () => servers.flatMap((s) => paths.map((p) => s.hits(p).length));

    const [ra, rb] = await Promise.all([pa.pollNow(), pb.pollNow()]);
    expect(ra.polled + rb.polled).toBe(12);
    expect(ra.polled).toBeGreaterThan(0);
    expect(rb.polled).toBeGreaterThan(0);
    expect(hits()).toEqual(Array(12).fill(1));

    // Five minutes on nothing is due; fifteen minutes on everything is, once again.
    clock = new Date(clock.getTime() + 5 * 60_000);
    await Promise.all([pa.pollNow(), pb.pollNow()]);
    expect(hits()).toEqual(Array(12).fill(1));
    clock = new Date(clock.getTime() + 11 * 60_000);
    const again = await Promise.all([pa.pollNow(), pb.pollNow()]);
    expect(again[0].polled + again[1].polled).toBe(12);
    expect(hits()).toEqual(Array(12).fill(2));

    expect(servers.map((s) => s.maxInFlight())).toEqual([1, 1, 1]);
    expect((await a.store.articles.search({ limit: 50, text: { mode: 'all', phrases: [['harbour']] } })).length).toBe(12);
  });
});
