// One Discord rate budget for every instance: two posters (two apps, as two instances would be) share a budget kept in
// their one database and post to the fake Discord, which counts every request. Each alone would go as fast as its own
// REST client allows (the fake's whole limit), so together they would go twice over it; with the shared budget no
// one-second window of requests at the fake holds more than the limit, and the fake answers no global 429. A 429 that
// does come is handed back to the poster by the REST client (the production REST options) and the retry takes a new
// turn in the budget, instead of being retried by the REST client outside it. Pacers reserve several send times per
// round-trip to the database, and a time a blocked process reaches too late is given up, not used late.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordRestOptions } from '../../adapters/discord/client.js';
import { createDiscordPoster } from '../../adapters/discord/poster.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { createLimiter } from '../../src/limiter.js';
import { sharedPacer } from '../../src/service/rate-budget.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.js';

/**
 * Discord's 50 requests/s scaled by 2 to keep the run short. The budget is 80 % of it (production: 45 of 50, 90 %):
 * here the posters, their REST clients and the fake share one process on a busy machine, and an event-loop stall
 * sends a few reserved requests together, which the 10 % margin did not always absorb.
 */
const LIMIT = 100;
const BUDGET = 80;
let fake: FakeDiscord;
let dir: string;
const apps: App[] = [];

beforeAll(async () => {
  fake = await startFakeDiscord({ rateLimitPerSecond: LIMIT });
  dir = mkdtempSync(path.join(os.tmpdir(), 'nb-multi-rate-'));
});
afterAll(async () => {
  for (const a of apps.splice(0)) await a.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The most requests whose arrival times (ms) fall in any one-second window. */
function busiestSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while ((t[j] as number) - (t[i] as number) >= 1000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe('Discord rate budget across instances', () => {
  it('keeps two posters on one database under the limit in every one-second window', async () => {
    const posters = [0, 1].map(() => {
      const app = createApp({ config: loadConfig({ NEWSBRIEF_DB: path.join(dir, 'nb.db') }) });
      apps.push(app);
      const rest = new REST({ api: fake.apiUrl, globalRequestsPerSecond: LIMIT, retries: 0, timeout: 15_000 }).setToken(fake.token);
      return createDiscordPoster(rest, { connected: () => true, now: app.now, pace: sharedPacer(app.store, 'discord', BUDGET) });
    });
    const perPoster = 120;
    const t0 = performance.now();
    await Promise.all(posters.map((poster, p) => {
      const limiter = createLimiter(8);
      return Promise.all(Array.from({ length: perPoster }, (_, i) =>
        limiter.run(() => poster.post(`discord:1:${20_000 + p * 1000 + i}`, { kind: 'text', text: `digest ${p}-${i}` }, { nonce: `n${p}.${i}` }))));
    }));
    const posts = fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.at >= t0);
    expect(posts).toHaveLength(2 * perPoster);
    expect(fake.limits.globalHits).toBe(0);
    expect(busiestSecond(posts.map((r) => r.at))).toBeLessThanOrEqual(LIMIT);
    expect(fake.channelMessages().length).toBe(2 * perPoster);
  }, 60_000);

  it('hands out batches of send times from one budget to three pacers, never more than the limit in any second, and gives up the times a blocked process missed', async () => {
    // Three pacers on one database (as three instances), 96 % of the limit, 8 times per round-trip. The grant times are
    // taken where the pacer lets a caller go; the process is blocked for 300 ms mid-run (a synchronous wait, as SQLite's
    // busy wait or a long GC does), so the times reserved for then pass unused instead of going out together after it.
    const pacers = [0, 1, 2].map(() => {
      const app = createApp({ config: loadConfig({ NEWSBRIEF_DB: path.join(dir, 'batch.db') }) });
      apps.push(app);
      return sharedPacer(app.store, 'batch', 96, { limitPerSecond: LIMIT, maxBatch: 8 });
    });
    const granted: number[] = [];
    const perPacer = 100;
    let blocked = false;
    await Promise.all(pacers.map((pace, p) => Promise.all(Array.from({ length: perPacer }, async (_, i) => {
      await pace();
      granted.push(performance.now());
      if (p === 0 && i === 30 && !blocked) {
        blocked = true;
        const until = performance.now() + 300;
        while (performance.now() < until); // the event loop is blocked
      }
    }))));
    expect(granted).toHaveLength(3 * perPacer);
    expect(busiestSecond(granted)).toBeLessThanOrEqual(LIMIT);
    const stats = pacers.map((p) => p.stats);
    expect(stats.reduce((n, s) => n + s.granted, 0)).toBe(3 * perPacer);
    expect(stats.reduce((n, s) => n + s.reservations, 0)).toBeLessThan(3 * perPacer / 2); // several times per round-trip
    expect(stats.reduce((n, s) => n + s.forfeited, 0)).toBeGreaterThan(0); // the times missed while blocked were not used late
  }, 60_000);

  it('asks for the next batch of send times before the held ones run out, so that batches follow on in the budget', async () => {
    // A lead (60 ms) longer than the interval (50 ms): a batch asked for only once the held times ran out would start
    // a lead after the database's now, leaving a gap after the last time; asked for ahead, it starts one interval on.
    const app = createApp({ config: loadConfig({ NEWSBRIEF_DB: path.join(dir, 'ahead.db') }) });
    apps.push(app);
    const reserved: { at: number; count: number }[] = [];
    const rates = {
      async reserveSlots(name: string, intervalMs: number, count: number, leadMs: number) {
        const r = await app.store.rates.reserveSlots(name, intervalMs, count, leadMs);
        reserved.push({ at: r.at, count });
        return r;
      },
    };
    const pace = sharedPacer({ rates }, 'ahead', 20, { maxBatch: 2, leadMs: 60, maxLateMs: 10_000 });
    await Promise.all(Array.from({ length: 16 }, () => pace()));
    expect(pace.stats.granted).toBe(16);
    expect(reserved.length).toBeGreaterThanOrEqual(8);
    const gaps = reserved.slice(1).filter((r, i) => Math.abs(r.at - (reserved[i]!.at + reserved[i]!.count * 50)) > 1e-6);
    // Each batch starts one interval after the one before (a process stalled for longer than its look-ahead, 160 ms
    // here, would leave one gap: at most one is tolerated on a busy machine).
    expect(gaps.length).toBeLessThanOrEqual(1);
  });

  it('reserves a span of the budget per round-trip at a low rate too (48/s: 7 times), not one time per request', async () => {
    const app = createApp({ config: loadConfig({ NEWSBRIEF_DB: path.join(dir, 'span.db') }) });
    apps.push(app);
    const counts: number[] = [];
    const rates = {
      reserveSlots: (name: string, intervalMs: number, count: number, leadMs: number) => {
        counts.push(count);
        return app.store.rates.reserveSlots(name, intervalMs, count, leadMs);
      },
    };
    const pace = sharedPacer({ rates }, 'span', 48, { maxLateMs: 10_000 });
    await Promise.all(Array.from({ length: 14 }, () => pace()));
    expect(pace.stats.granted).toBe(14);
    // The first caller asks alone (1); the 13 that queue meanwhile get 150 ms of 48/s per round-trip.
    expect(Math.max(...counts)).toBe(7);
    expect(counts.length).toBeLessThanOrEqual(4);
  });

  it('retries a rate-limited post in a new turn of the budget, with its nonce, and posts it once', async () => {
    const rest = new REST({ ...discordRestOptions(fake.apiUrl, 3, createLogger('silent')) }).setToken(fake.token);
    let turns = 0;
    const poster = createDiscordPoster(rest, { connected: () => true, now: () => new Date(0), pace: () => Promise.resolve(void turns++) });
    const channel = '31337';
    const isPost = (m: string, p: string) => m === 'POST' && p === `/channels/${channel}/messages`;
    for (let i = 0; i < 3; i++) fake.rateLimitOnce(isPost, 0.05);
    const ref = await poster.post(`discord:1:${channel}`, { kind: 'text', text: 'digest' }, { nonce: 'n-rate' });
    expect(ref).toMatch(new RegExp(`^discord:${channel}:`));
    const tries = fake.requests.filter((r) => isPost(r.method, r.path));
    expect(tries.map((r) => r.status)).toEqual([429, 429, 429, 200]);
    expect(tries.map((r) => (r.body as { nonce?: string }).nonce)).toEqual(['n-rate', 'n-rate', 'n-rate', 'n-rate']);
    expect(turns).toBe(4); // each try took its own turn in the budget
    expect(fake.channelMessages().filter((m) => m.channel_id === channel)).toHaveLength(1);
  });

  it('gives DM channel opens their turns only as earlier ones are answered (at most four between turn and answer), so they do not pile up in the REST client and leave together', async () => {
    const rest = new REST({ ...discordRestOptions(fake.apiUrl, 3, createLogger('silent')) }).setToken(fake.token);
    const from = fake.requests.length;
    const isOpen = (m: string, p: string) => m === 'POST' && p === '/users/@me/channels';
    const firstAnswered = () => fake.requests.slice(from).some((r) => isOpen(r.method, r.path) && r.status !== 0);
    let turnsBeforeFirstAnswer = 0;
    const pace = () => Promise.resolve(void (firstAnswered() || turnsBeforeFirstAnswer++));
    const poster = createDiscordPoster(rest, { connected: () => true, now: () => new Date(0), pace });
    fake.delayOnce(isOpen, 300); // the first open is answered late: every other DM is ready to open meanwhile
    const users = Array.from({ length: 8 }, (_, i) => `discord:${4200 + i}`);
    await Promise.all(users.map((u, i) => poster.dm(u, [`update ${i}`], { nonce: `n-open-${i}` })));
    expect(turnsBeforeFirstAnswer).toBeLessThanOrEqual(4); // the held open's and the three behind it, not all eight
    const opens = fake.requests.slice(from).filter((r) => isOpen(r.method, r.path));
    expect(opens).toHaveLength(8);
    expect(fake.directMessages().filter((d) => users.includes(`discord:${d.to}`))).toHaveLength(8);
  });
});
