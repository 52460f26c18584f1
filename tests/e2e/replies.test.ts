// The rough edges users noticed on day one, through the REAL discord.js client against the fake Discord:
// /topics list private and one paged reply, honest wording for overriding a built-in topic, no unrelated topic
// suggestions and a note for stop-word-only queries, each tag once, limit:10 in one message, the headline linked
// from another source when its own article has no URL, date-only article dates kept as dates, canonical timezones.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../adapters/discord/client.js';
import { limitProblems, type MessageShape } from '../../adapters/discord/limits.js';
import { createApp, type App } from '../../src/app.js';
import { formatDay } from '../../src/briefing/window.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';

const EPHEMERAL = 64;
const GUILD = '222222222222222222';
const admin = { permissions: PERMISSIONS.manager, id: '777777777777777777', name: 'ada' };

// Twelve different harbor stories (different words, so they never cluster into one).
const HARBOR = [
  ['Harbor crane collapses during storm', 'A container crane at the harbor toppled in gale winds overnight. Nobody was hurt, port officials said.'],
  ['Harbor ferry fares rise next month', 'Ferry tickets across the harbor will cost twenty cents more from March, the transit agency announced.'],
  ['Seals return to the harbor breakwater', 'Marine biologists counted forty seals basking on the harbor breakwater, the most in a decade.'],
  ['Harbor festival draws record crowds', 'Fireworks, music stages and food stalls brought ninety thousand visitors to the harbor festival.'],
  ['Dredging deepens the harbor channel', 'Dredgers removed mud from the harbor channel so larger cargo vessels can dock at low tide.'],
  ['Harbor pilots strike over pay', 'Pilots who guide ships into the harbor walked out after wage talks with the port authority failed.'],
  ['Old harbor lighthouse becomes a museum', 'The disused lighthouse at the harbor mouth reopened as a maritime museum with restored lenses.'],
  ['Oil spill contained in the harbor', 'Booms stopped a diesel slick from spreading beyond the harbor after a tanker hose burst.'],
  ['Harbor rowing club wins national title', 'The harbor rowing club eight beat defending champions by half a length in the national final.'],
  ['New harbor bridge design unveiled', 'Architects showed a cable-stayed bridge that would link both sides of the harbor by 2030.'],
  ['Harbor fish market moves indoors', 'Fishmongers at the harbor market will trade in a refrigerated hall instead of open-air stalls.'],
  ['Cruise ship bookings at the harbor double', 'The harbor expects sixty cruise calls next season, twice as many as this year, tourism officials said.'],
] as const;
// A second sentence for each, so every body is long enough to keep (and still unlike the others).
const MORE = [
  'Engineers will inspect the remaining cranes before dock workers return to the quay on Thursday morning.',
  'Commuters complained that the weekly pass already costs more than a tank of petrol for many families.',
  'Volunteers asked walkers to keep dogs on a leash and stay fifty metres away from resting pups.',
  'Organisers thanked the police for keeping traffic moving while shuttle buses carried families from parking lots.',
  'The work took six weeks and cost less than expected because calm weather let barges operate every night.',
  'Shipping lines warned that vessels may anchor outside for days if the dispute drags into next week.',
  'Curators spent two years cataloguing charts, brass instruments and letters written by the last keepers.',
  'Divers checked the hull of the tanker while inspectors tested water samples near the swimming beach.',
  'Supporters lined the promenade and cheered as the crew lifted their oars beside the finishing buoy.',
  'Residents will be able to comment on the plans at public meetings held in town halls during April.',
  'Restaurants that buy from the market welcomed the change, saying cold storage keeps the catch fresher.',
  'Shop owners near the terminal plan longer opening hours to serve passengers stepping ashore each morning.',
] as const;

let fake: FakeDiscord;
let app: App;
let bot: DiscordBot;
let dir: string;

/** Message bodies the bot sent for an interaction (reply, edits, follow-ups), once it is fully answered. */
async function answered(s: SentInteraction): Promise<Record<string, unknown>[]> {
  await s.waitFor(() => true);
  await bot.idle();
  return s.requests().flatMap((r) => {
    if (r.status >= 300) return [];
    const b = r.body as Record<string, unknown>;
    if (r.path.endsWith('/callback')) return b.type === 4 ? [b.data as Record<string, unknown>] : [];
    if (r.method === 'PATCH' || (r.method === 'POST' && r.path.startsWith('/webhooks/'))) return [b];
    return [];
  });
}
type Embed = { title?: string; description?: string; url?: string; timestamp?: string; footer?: { text: string } };
// A date-only date about 18 months before the machine's clock, whatever today is.
const ALMANAC_DAY = new Date(Date.now() - 540 * 86_400_000).toISOString().slice(0, 10);
const embedsOf = (b: Record<string, unknown> | undefined): Embed[] => (b?.embeds ?? []) as Embed[];

beforeAll(async () => {
  fake = await startFakeDiscord();
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-replies-'));
  const file = FileConfigSchema.parse({
    topics: [
      { name: 'korea', keywords: ['north korea', 'pyongyang', 'seoul'] },
      { name: 'china', keywords: ['china', 'beijing', 'chinese'] },
      { name: 'climate', keywords: ['climate', 'emissions'] },
    ],
  });
  const dbPath = path.join(dir, 'replies.db');
  const config: Config = { dbPath, configFile: '(test)', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent' };
  app = createApp({ dbPath, config });
  const now = Date.now();
  const lines = [
    ...HARBOR.map(([title, body], i) => ({ title, body: `${body} ${MORE[i]}`, source: `Port Wire ${i}`, url: `https://portwire.example/${i}`, publishedAt: new Date(now - (i + 1) * 3_600_000).toISOString() })),
    { title: 'China opens a new rail line to Beijing', body: 'China opened a high-speed rail line linking the coast to Beijing. Chinese officials said trains will run every hour. Tickets go on sale next week at stations and online, with discounts for students and pensioners.', source: 'Rail Times', publishedAt: new Date(now - 2 * 3_600_000).toISOString() },
    { title: 'China opens a new rail line to Beijing', body: 'China opened a high-speed rail line linking the coast to Beijing. Chinese officials said trains will run every hour from Monday. Tickets go on sale next week at stations and online, with discounts for students and pensioners.', source: 'Metro Ledger', url: 'https://metroledger.example/rail', publishedAt: new Date(now - 1 * 3_600_000).toISOString() },
    { title: 'Almanac of lighthouse keepers published', body: 'A printed almanac lists every lighthouse keeper of the northern coast since 1850, with their logbooks. Historians say the entries record storms, shipwrecks and rescues that no newspaper reported at the time.', source: 'Coast Review', url: 'https://coast.example/almanac', publishedAt: ALMANAC_DAY },
  ];
  const r = await app.pipeline.ingestContent(lines.map((l) => JSON.stringify(l)).join('\n'), 'replies.jsonl');
  expect(r.rejections).toEqual([]);
  bot = await startDiscordBot(app, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('silent'), restRetries: 0 });
}, 20_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('/topics', () => {
  it('lists 50 topics privately in one message, a page at a time', async () => {
    for (let i = 0; i < 50; i++) await app.store.topics.saveTopic(`discord:${GUILD}`, { name: `topic-${String(i).padStart(2, '0')}`, keywords: ['a long keyword phrase here', 'another long keyword phrase', 'and a third one', 'fourth'] }, 'test');
    try {
      const rs = await answered(fake.command('topics', {}, {}, 'list'));
      expect(rs).toHaveLength(1);
      expect(rs[0]?.flags).toBe(EPHEMERAL);
      const text = String(rs[0]?.content);
      expect(text.length).toBeLessThanOrEqual(2000);
      expect(text).toMatch(/^Topics \(53\), page 1 of 3:/);
      expect(text).toContain('`/topics list page:2` shows the next 20.');
      const last = await answered(fake.command('topics', { page: 3 }, {}, 'list'));
      expect(String(last[0]?.content)).toMatch(/^Topics \(53\), page 3 of 3:/);
      expect(String(last[0]?.content)).toContain('• climate (built-in)');
    } finally {
      for (let i = 0; i < 50; i++) await app.store.topics.removeTopic(`discord:${GUILD}`, `topic-${String(i).padStart(2, '0')}`);
    }
  });

  it('says what overriding a built-in topic does, and that removing the override brings the built-in back', async () => {
    const [add] = await answered(fake.command('topics', { name: 'climate', keywords: 'heatwave, drought' }, admin, 'add'));
    expect(add?.content).toBe('Topic **climate** now uses your keywords instead of the built-in ones: heatwave, drought. `/topics remove name:climate` brings the built-in keywords back.');
    const [list] = await answered(fake.command('topics', {}, {}, 'list'));
    expect(String(list?.content)).toContain('• climate (yours, replaces the built-in) — heatwave, drought');
    const [removed] = await answered(fake.command('topics', { name: 'climate' }, admin, 'remove'));
    expect(removed?.content).toBe('Removed your keywords for **climate**; the built-in topic **climate** is back: climate, emissions.');
  });
});

describe('/brief', () => {
  it('suggests no unrelated topics when nothing matches, and close ones for a typo', async () => {
    const [none] = await answered(fake.command('brief', { topic: 'quokka' }));
    const head = embedsOf(none)[0]?.description ?? '';
    expect(head).toContain('No stories match "quokka"');
    expect(head).not.toContain('Try:');
    const [typo] = await answered(fake.command('brief', { topic: 'koreaa' }));
    expect(embedsOf(typo)[0]?.description).toContain('Try: korea.');
  });

  it('says privately when a query has only common words instead of showing random stories', async () => {
    const [r] = await answered(fake.command('brief', { topic: 'a' }));
    expect(r?.flags).toBe(EPHEMERAL);
    expect(r?.content).toMatch(/^"a" has only common words \(a\), nothing meaningful to search for\./);
    expect(embedsOf(r)).toEqual([]);
  });

  it('answers limit:10 in messages of at most 4 stories, so each story keeps its own row of buttons', async () => {
    const rs = await answered(fake.command('brief', { topic: 'harbor', limit: 10 }));
    expect(rs).toHaveLength(3);
    const stories = (r: (typeof rs)[number]) => embedsOf(r).filter((e) => /^\d+\. /.test(e.title ?? ''));
    expect(rs.map((r) => stories(r).length)).toEqual([4, 4, 2]);
    expect(String(embedsOf(rs[0])[0]?.description)).toMatch(/stories 1–10/);
    for (const r of rs) expect(limitProblems(r as unknown as MessageShape)).toEqual([]);
  });

  it('shows each tag once whatever its case, and links the headline from another source when its own has no URL', async () => {
    const [r] = await answered(fake.command('brief', { topic: 'rail line beijing' }));
    const story = embedsOf(r)[1];
    expect(story?.url).toBe('https://metroledger.example/rail');
    const tags = (story?.footer?.text ?? '').split(' · ').slice(2).map((t) => t.toLowerCase());
    expect(tags).toContain('china');
    expect(new Set(tags).size).toBe(tags.length);
  });

  it('shows an article stored just before the command: every page of a reply uses the command time to the millisecond', async () => {
    const line = { title: 'Glassworks kiln relit in Murano', body: 'The last wood-fired glassworks kiln in Murano was relit on Tuesday after a year of repairs. Its owners said the furnace will run through the winter, and that apprentices from three schools will train there.', source: 'Lagoon Notes' };
    expect((await app.pipeline.ingestContent(JSON.stringify(line), 'kiln.jsonl')).rejections).toEqual([]);
    const [r] = await answered(fake.command('brief', { topic: 'Murano glassworks kiln', since: 'all' }));
    expect(embedsOf(r)[1]?.title).toBe('1. Glassworks kiln relit in Murano');
  });

  it('shows a date-only article date as that date, with no timestamp that would shift it to the evening before', async () => {
    const [r] = await answered(fake.command('brief', { topic: 'lighthouse keepers almanac', since: 'all' }));
    const story = embedsOf(r)[1];
    expect(story?.title).toBe('1. Almanac of lighthouse keepers published');
    expect(story?.timestamp).toBeUndefined();
    expect(story?.footer?.text).toContain(formatDay(ALMANAC_DAY));
  });
});

describe('/digest set', () => {
  it('stores and shows the canonical name of a timezone typed in lower case', async () => {
    const [r] = await answered(fake.command('digest', { schedule: 'daily 08:00', timezone: 'asia/seoul' }, admin, 'set'));
    expect(r?.content).toContain('(Asia/Seoul)');
    expect(r?.content).not.toContain('asia/seoul');
    expect((await app.store.digests.listSubscriptions(`discord:${GUILD}:333333333333333333`)).map((s) => s.timezone)).toEqual(['Asia/Seoul']);
  });
});
