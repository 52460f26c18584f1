// Follower fan-out: BENCH_FOLLOW_USERS (default 10,000) users follow one story; the story gains an article with new
// facts, and one follow tick delivers each follower a direct message with the delta through the real Discord poster
// (discord.js REST, paced by the shared budget like digests, DM channels remembered in the store) to the fake Discord, which enforces a
// global rate limit of BENCH_FOLLOW_RATE requests per second (default 500: Discord's 50/s scaled by 10, as in the
// fanout bench). Two updates: the first opens each follower's DM channel (two requests a DM), the second reuses it
// (one). The floor of each is the requests the fake answered / its limit per second; reported beside the time, the
// CPU this process used (the fake runs in a worker thread of it), and followers with no DM (lost) or more than one (duplicated).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REST } from 'discord.js';
import { createDiscordPoster, posterRateLimit } from '../adapters/discord/poster.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { createFollowDelivery } from '../src/follows/deliver.js';
import { sharedPacer } from '../src/service/rate-budget.js';
import { batchedDmChannels } from '../src/store/group-commit.js';
import { type FakeSnapshot, startFakeDiscordThread } from './fake-discord-thread.js';
import { type BenchSection, fmt } from './lib.js';

/** The poster's pace as a share of the limit: as the digests' (the adapter's shared budget: 48 of Discord's 50/s). */
const PACE = Number(process.env.BENCH_FOLLOW_PACE ?? 0.96);

const WIRE =
  'The Quayside ferry terminal closed on Sunday after a crane collapsed onto the loading ramp during strong winds. ' +
  'Harbour officials said the ramp would stay shut while engineers inspect the structure and the crane operator. ' +
  'Passengers were moved to buses and the evening sailings were cancelled, and unions asked for a review of crane rules.';
const report = (i: number, source: string) =>
  JSON.stringify({ title: `Crane collapse shuts Quayside ferry terminal (${source})`, body: `${WIRE} Reporter Okonkwo${i} counted ${100 + i * 7} stranded cars.`, source, url: `https://news${i}.example/quayside` });

export async function benchFollow(users = Number(process.env.BENCH_FOLLOW_USERS ?? 10_000), rate = Number(process.env.BENCH_FOLLOW_RATE ?? 500)): Promise<BenchSection> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nb-follow-'));
  const fake = await startFakeDiscordThread({ rateLimitPerSecond: rate });
  let t = Date.parse('2026-12-01T06:00:00Z');
  const app = createApp({ config: loadConfig({ NEWSBRIEF_DB: path.join(dir, 'follow.db') }), now: () => new Date(t) });
  try {
    await app.pipeline.ingestContent(report(0, 'Harbor Daily'), 'r0.json');
    const story = (await app.store.articles.getArticle(1))?.storyId as number;
    t += 60_000;
    await app.store.transaction(async (tx) => {
      for (let i = 0; i < users; i++) {
        await tx.follows.addFollow({ workspaceId: 'discord:1', userId: `discord:${900_000 + i}`, kind: 'story', storyId: story, label: 'Crane collapse', createdAt: new Date(t).toISOString() });
      }
    });
    // The adapter's REST options: a rate limit on the poster's routes is handed back to the poster, which waits it out
    // and takes a new turn (without it, discord.js holds every request for the Retry-After and sends them together).
    const rest = new REST({ api: fake.apiUrl, globalRequestsPerSecond: rate, retries: 3, timeout: 15_000, rejectOnRateLimit: posterRateLimit }).setToken(fake.token);
    const pace = sharedPacer(app.store, 'discord', rate * PACE, { limitPerSecond: rate });
    const poster = createDiscordPoster(rest, { connected: () => true, now: app.now, concurrency: 64, pace, dmChannels: batchedDmChannels(app.store) });
    const delivery = createFollowDelivery(app, { posters: [poster], owner: 'bench' });
    const sentTo = (snap: FakeSnapshot) => {
      const m = new Map<string, number>();
      for (const d of snap.directMessages) m.set(d.to, (m.get(d.to) ?? 0) + 1);
      return m;
    };
    const rows: (string | number)[][] = [];
    const tallies: string[] = [];
    for (const [round, source, what] of [[1, 'Pacific Wire', 'first update (opens each DM channel)'], [2, 'Island Times', 'second update (DM channels remembered)']] as const) {
      t += 60_000;
      await app.pipeline.ingestContent(report(round, source), `r${round}.json`);
      if ((await app.store.articles.getArticle(round + 1))?.storyId !== story) throw new Error('the update did not join the story');
      const snap0 = await fake.snapshot();
      const before = sentTo(snap0);
      const dms0 = snap0.directMessages.length;
      const from = snap0.requests.length;
      const hits0 = snap0.globalHits;
      const forfeited0 = pace.stats.forfeited;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const tally = await delivery.tick(new Date(t));
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const snap = await fake.snapshot();
      const after = sentTo(snap);
      let lost = 0;
      let duplicated = 0;
      for (let i = 0; i < users; i++) {
        const u = String(900_000 + i);
        const got = (after.get(u) ?? 0) - (before.get(u) ?? 0);
        if (got < 1) lost++;
        if (got > 1) duplicated++;
      }
      const made = snap.requests.slice(from).filter((r) => r.status !== 429);
      const opens = made.filter((r) => r.path === '/users/@me/channels').length;
      const floor = made.length / rate;
      const onlyDelta = snap.directMessages.slice(dms0).every((d) => d.content.includes(`Okonkwo${round} counted`) && !d.content.includes(`Okonkwo${round - 1} counted`));
      rows.push([
        what, users, made.length, opens, `${rate}/s`, `${fmt(floor, 1)} s`, `${fmt(seconds, 1)} s`, `${fmt(seconds / floor, 3)}×`,
        `${fmt((cpu.user + cpu.system) / 1e6, 1)} s`, lost, duplicated, onlyDelta ? 'yes' : 'no', snap.globalHits - hits0, pace.stats.forfeited - forfeited0,
      ]);
      tallies.push(`${tally.updates} updates, ${tally.failed} failed`);
    }
    return {
      title: `Follower fan-out: ${users.toLocaleString('en')} followers of one story updated at once → fake Discord limited to ${rate} req/s`,
      columns: ['tick', 'followers', 'requests', 'of which DM opens', 'rate limit', 'floor (requests / rate)', 'delivered in', 'ratio', 'CPU (user+sys)', 'lost', 'duplicated', 'only the delta', '429s answered', 'send times given up'],
      rows,
      notes: [
        `Target: 0 lost, 0 duplicated, within 1.1× the floor. Tallies: ${tallies.join('; ')}. The poster paces with the shared budget (src/service/rate-budget.ts, in the store) at ${Math.round(PACE * 100)}% of the limit (BENCH_FOLLOW_PACE) as the Discord adapter does, so the best ratio is ${fmt(1 / PACE, 3)}×; a send time the process reaches too late (busy CPU) is given up.`,
        'Path: the update ledger claim per follower (deltaFor, the story read and the delta built once per tick) → discord.js REST with the update nonce + enforce_nonce → fake; the fake runs in a worker thread of this process (it stamps each request as it arrives, not when this thread\'s event loop gets to it), so its CPU counts in the figure.',
      ],
    };
  } finally {
    await app.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
