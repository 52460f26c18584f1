// End to end: /feeds add|list|remove through the REAL discord.js client (adapters/discord/client.ts) against the fake
// Discord, with feeds served by the fake feed server on 127.0.0.1 (private addresses allowed for it).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../adapters/discord/client.js';
import { registrationPayload } from '../../adapters/discord/registration.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';
import { articleText, rssFeed, startFeedServer, type FakeFeedServer } from '../fakes/feeds.js';

const EPHEMERAL = 64;
const GUILD = '222222222222222222';
const admin = { permissions: PERMISSIONS.manager, id: '777777777777777777', name: 'ada' };
const member = { permissions: PERMISSIONS.member };

let fake: FakeDiscord;
let feeds: FakeFeedServer;
let app: App;
let bot: DiscordBot;
let dir: string;

/** The message bodies the bot sent for an interaction. */
async function answered(s: SentInteraction): Promise<Record<string, unknown>[]> {
  await s.waitFor(() => true, 15_000);
  await bot.idle();
  return s.requests().flatMap((r) => {
    if (r.status >= 300) return [];
    const b = r.body as Record<string, unknown>;
    if (r.path.endsWith('/callback')) return b.type === 4 ? [b.data as Record<string, unknown>] : [];
    if (r.method === 'PATCH' || (r.method === 'POST' && r.path.startsWith('/webhooks/'))) return [b];
    return [];
  });
}
const content = (rs: Record<string, unknown>[]) => rs.map((r) => String(r.content ?? '')).join('\n');

beforeAll(async () => {
  fake = await startFakeDiscord();
  feeds = await startFeedServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-feeds-discord-'));
  const file = FileConfigSchema.parse({ topics: [{ name: 'korea', keywords: ['north korea', 'pyongyang', 'seoul'] }] });
  const dbPath = path.join(dir, 'feeds.db');
  const config: Config = {
    dbPath, configFile: '(test)', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent',
    feeds: { allowPrivate: true, userAgent: 'newsbrief-test', intervalMinutes: 15 },
  };
  app = createApp({ dbPath, config });
  bot = await startDiscordBot(app, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('silent'), restRetries: 0 });
  feeds.route('/peninsula.xml', {
    contentType: 'application/rss+xml',
    body: rssFeed('Peninsula <b>Post</b> @everyone', [
      { title: 'Seoul and Pyongyang agree on family reunions', link: 'https://peninsula.example/reunions', guid: 'p1', content: `<p>${articleText('north korea family reunions', 12)}</p>` },
      { title: 'Ferry link to the islands resumes', link: 'https://peninsula.example/ferry', guid: 'p2', content: `<p>${articleText('island ferries', 12)}</p>` },
    ]),
  });
}, 20_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await feeds?.close();
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('/feeds on Discord', () => {
  it('registers /feeds as an admin-only command with add, list and remove', async () => {
    const feedsCmd = registrationPayload().find((c) => c.name === 'feeds') as { default_member_permissions: string | null; options: { name: string }[] } | undefined;
    expect(feedsCmd?.default_member_permissions).toBe('32');
    expect(feedsCmd?.options.map((o) => o.name)).toEqual(['add', 'list', 'remove']);
  });

  it('adds a feed: fetched at once, answered with its title and item count, articles briefed', async () => {
    const rs = await answered(fake.command('feeds', { url: feeds.url('/peninsula.xml'), topics: 'korea' }, admin, 'add'));
    expect(content(rs)).toMatch(/^Added feed #1 \*\*Peninsula Post @\u200beveryone\*\*: 2 items, 2 new articles\. Polled every 15 min; topics: korea\.$/);
    expect(rs[0]?.allowed_mentions).toEqual({ parse: [] });
    expect(await app.store.feeds.listFeeds(`discord:${GUILD}`)).toMatchObject([{ url: feeds.url('/peninsula.xml'), addedBy: `discord:${admin.id}`, topics: ['korea'], articleCount: 2 }]);
    const brief = await answered(fake.command('brief', { topic: 'korea' }));
    expect(JSON.stringify(brief)).toContain('Seoul and Pyongyang agree on family reunions');
  });

  it('answers a feed that cannot be added privately, with the precise reason', async () => {
    const s = fake.command('feeds', { url: feeds.url('/missing.xml') }, admin, 'add');
    const rs = await answered(s);
    // Answered at once (type 4), or deferred (type 5) when a loaded machine makes the fetch slow: private either way.
    const callback = s.requests().find((r) => r.path.endsWith('/callback'))?.body as { data?: { flags?: number } } | undefined;
    expect(callback?.data?.flags).toBe(EPHEMERAL);
    expect(content(rs)).toBe(`Could not add ${feeds.url('/missing.xml')}: HTTP 404 Not Found`);
  });

  it('defers a slow /feeds add privately: no public "thinking…" that ends in a private error', async () => {
    // Delivered late by the gateway, so the bot defers at once (no timing in the test).
    const s = fake.command('feeds', { url: feeds.url('/missing.xml') }, { ...admin, ageMs: 1500 }, 'add');
    const rs = await answered(s);
    const defer = s.requests().find((r) => r.path.endsWith('/callback'));
    expect(defer?.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(content(rs)).toBe(`Could not add ${feeds.url('/missing.xml')}: HTTP 404 Not Found`);
    // The private "thinking…" becomes the answer; nothing public was shown or deleted.
    expect(s.requests().filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(s.requests().filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('lists feeds with last success, last error and article count, privately', async () => {
    const rs = await answered(fake.command('feeds', {}, admin, 'list'));
    expect(rs[0]?.flags).toBe(EPHEMERAL);
    expect(content(rs)).toContain('Feeds (1):');
    expect(content(rs)).toMatch(/#1 \*\*Peninsula Post @\u200beveryone\*\* — http:\/\/127\.0\.0\.1:\d+\/peninsula\.xml/);
    expect(content(rs)).toContain('topics: korea · every 15 min · 2 articles · last ok: just now');
  });

  it('refuses /feeds to a member without Manage Server', async () => {
    const rs = await answered(fake.command('feeds', { url: feeds.url('/peninsula.xml') }, member, 'add'));
    expect(rs[0]?.flags).toBe(EPHEMERAL);
    expect(content(rs)).toMatch(/Manage Server/);
    const list = await answered(fake.command('feeds', {}, member, 'list'));
    expect(content(list)).toMatch(/Manage Server/);
  });

  it('keeps feeds per server', async () => {
    const rs = await answered(fake.command('feeds', {}, { ...admin, guildId: '444444444444444444' }, 'list'));
    expect(content(rs)).toMatch(/has no feeds/);
  });

  it('removes a feed by number', async () => {
    const rs = await answered(fake.command('feeds', { feed: '1' }, admin, 'remove'));
    expect(content(rs)).toBe('Removed feed #1 **Peninsula Post @\u200beveryone**. Its 2 articles stay in the archive.');
    expect(await app.store.feeds.listFeeds(`discord:${GUILD}`)).toEqual([]);
    const again = await answered(fake.command('feeds', { feed: '1' }, admin, 'remove'));
    expect(again[0]?.flags).toBe(EPHEMERAL);
    expect(content(again)).toMatch(/has no feed 1/);
  });
});
