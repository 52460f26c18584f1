// Digest fan-out: BENCH_FANOUT_SUBS (default 10,000) subscriptions due in the same minute, delivered by the real
// scheduler through the real Discord poster (discord.js REST) to the fake Discord, which enforces a global rate limit
// of BENCH_FANOUT_RATE requests per second (default 500, i.e. Discord's 50/s scaled by 10 to keep the run short)
// with global 429s. Reports the time to deliver them all beside the floor the rate implies, and how many channels got
// no digest (lost) or more than one (duplicated). The fake runs in this process, so its CPU counts against us.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REST } from 'discord.js';
import { createDiscordPoster } from '../adapters/discord/poster.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/log.js';
import { createScheduler } from '../src/schedule/scheduler.js';
import { startFakeDiscord } from '../tests/fakes/discord.js';
import { type BenchSection, fmt } from './lib.js';

const STORIES = [
  ['Korea talks resume in Seoul', 'North and South Korean officials met in Seoul to restart talks on the border, both sides said.'],
  ['China sets a growth target for next year', 'Chinese leaders in Beijing set a growth target of about five percent, state media reported.'],
  ['Central bank holds interest rates', 'The central bank kept interest rates unchanged, citing inflation that is cooling slowly.'],
];

export async function benchFanout(
  subs = Number(process.env.BENCH_FANOUT_SUBS ?? 10_000),
  rate = Number(process.env.BENCH_FANOUT_RATE ?? 500),
): Promise<BenchSection> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nb-fanout-'));
  const fake = await startFakeDiscord({ rateLimitPerSecond: rate });
  const app = createApp({ config: loadConfig({ NEWSBRIEF_DB: path.join(dir, 'fanout.db') }), now: () => new Date('2026-12-01T06:00:00Z') });
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
    // The poster as `npm start` builds it (pacing at 90% of the limit, as its default 45/s is for Discord's 50/s),
    // with the REST client's global limit set to the fake's rate.
    const rest = new REST({ api: fake.apiUrl, globalRequestsPerSecond: rate, retries: 3, timeout: 15_000 }).setToken(fake.token);
    let limited = 0;
    rest.on('rateLimited', () => limited++);
    const poster = createDiscordPoster(rest, { connected: () => true, now: app.now, concurrency: 64, maxPerSecond: rate * 0.9 });
    const scheduler = createScheduler(app, { posters: [poster], logger: createLogger('silent') });
    const slot = new Date('2026-12-01T08:00:00Z');
    await scheduler.tick(new Date(slot.getTime() - 60_000)); // the catch-up tick, as on start
    const t0 = performance.now();
    const tally = await scheduler.tick(new Date(slot.getTime() + 1000));
    const seconds = (performance.now() - t0) / 1000;

    const perChannel = new Map<string, number>();
    for (const m of fake.channelMessages()) perChannel.set(m.channel_id, (perChannel.get(m.channel_id) ?? 0) + 1);
    const expectedPerDigest = 1;
    let lost = 0;
    let duplicated = 0;
    for (let i = 0; i < subs; i++) {
      const got = perChannel.get(String(100_000 + i)) ?? 0;
      if (got < expectedPerDigest) lost++;
      if (got > expectedPerDigest) duplicated++;
    }
    const posts = fake.channelMessages().length;
    const floor = posts / rate;
    return {
      title: `Digest fan-out: ${subs.toLocaleString('en')} subscriptions due in one minute → fake Discord limited to ${rate} req/s`,
      columns: ['subscriptions', 'posts', 'rate limit', 'floor (posts / rate)', 'delivered in', 'ratio', 'lost', 'duplicated', '429s answered', 'tally'],
      rows: [[
        subs, posts, `${rate}/s`, `${fmt(floor, 1)} s`, `${fmt(seconds, 1)} s`, `${fmt(seconds / floor, 2)}×`, lost, duplicated,
        fake.limits.globalHits, `posted ${tally.posted}, failed ${tally.failed}, nothing new ${tally.nothingNew}`,
      ]],
      notes: [
        `Target: 0 lost, 0 duplicated, within 1.2× the floor. Discord's real global limit is 50 req/s (floor ${fmt(posts / 50, 0)} s for these posts); the rate is scaled by ${fmt(rate / 50, 0)} to keep the run short, the ratio is what carries over.`,
        `Path: ledger claim per subscription → digest composed (shared per minute by subscriptions with the same topics) → discord.js REST with nonce + enforce_nonce → fake. discord.js reported ${limited} rate-limit waits.`,
      ],
    };
  } finally {
    await app.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
