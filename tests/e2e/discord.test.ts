// End to end: the REAL discord.js client (adapters/discord/client.ts) against the fake Discord on 127.0.0.1, over a
// temporary SQLite database. Interactions are driven from the fake; assertions read what the fake recorded.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../adapters/discord/client.js';
import { deployCommands } from '../../adapters/discord/deploy.js';
import { limitProblems, type MessageShape } from '../../adapters/discord/limits.js';
import { start } from '../../adapters/main.js';
import { registrationPayload } from '../../adapters/discord/registration.js';
import { generateCorpus } from '../../bench/corpus.js';
import { COMMANDS } from '../../commands/index.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord, type RecordedRequest, type SentInteraction } from '../fakes/discord.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SAMPLE_TITLE = 'Chinese envoy wraps up North Korea trip after meetings';
const EPHEMERAL = 64;

let fake: FakeDiscord;
let app: App;
let bot: DiscordBot;
let dir: string;
const logLines: Record<string, unknown>[] = [];

const GUILD_A = '222222222222222222';
const GUILD_B = '444444444444444444';
const admin = { permissions: PERMISSIONS.manager, id: '777777777777777777', name: 'ada' };
const member = { permissions: PERMISSIONS.member };

/** Articles of our own, published `h` hours ago, as JSONL for the pipeline. */
function jsonl(items: { title: string; body: string; hoursAgo: number; source: string }[]): string {
  return items
    .map((a, i) =>
      JSON.stringify({
        title: a.title,
        body: a.body,
        source: a.source,
        url: `https://${a.source.toLowerCase().replace(/\W+/g, '')}.example/${i}-${a.title.length}`,
        publishedAt: new Date(Date.now() - a.hoursAgo * 3_600_000).toISOString(),
      }),
    )
    .join('\n');
}

/** Message bodies the bot sent for an interaction, in order (reply, edits, follow-ups). */
function bodies(s: SentInteraction): Record<string, unknown>[] {
  return s.requests().flatMap((r) => {
    if (r.status >= 300) return [];
    const b = r.body as Record<string, unknown>;
    if (r.path.endsWith('/callback')) return b.type === 4 || b.type === 7 ? [b.data as Record<string, unknown>] : [];
    if (r.method === 'PATCH' || (r.method === 'POST' && r.path.startsWith('/webhooks/'))) return [b];
    return [];
  });
}

/** Waits until the bot has fully answered `s` (first request seen, then nothing left in flight). */
async function answered(s: SentInteraction): Promise<Record<string, unknown>[]> {
  await s.waitFor(() => true);
  await bot.idle();
  return bodies(s);
}

type Embed = { title?: string; description?: string; url?: string; footer?: { text: string } };
const embedsOf = (b: Record<string, unknown> | undefined): Embed[] => (b?.embeds ?? []) as Embed[];
const customIds = (b: Record<string, unknown> | undefined): string[] =>
  ((b?.components ?? []) as { components: { custom_id?: string }[] }[]).flatMap((row) => row.components.map((c) => c.custom_id ?? ''));
const isMessageRequest = (r: RecordedRequest) =>
  (r.path.endsWith('/callback') && [4, 7].includes((r.body as { type: number }).type)) ||
  ((r.method === 'PATCH' || r.method === 'POST') && (r.path.startsWith('/webhooks/') || r.path.startsWith('/channels/')));

beforeAll(async () => {
  fake = await startFakeDiscord();
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-discord-'));
  const file = FileConfigSchema.parse({
    topics: [
      { name: 'korea', keywords: ['north korea', 'pyongyang', 'seoul', 'kim jong un'] },
      { name: 'climate', keywords: ['climate', 'emissions', 'heatwave', 'glacier'] },
    ],
  });
  const dbPath = path.join(dir, 'discord.db');
  const config: Config = { dbPath, configFile: '(test)', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent' };
  app = createApp({ dbPath, config });
  const r = await app.pipeline.ingestContent(readFileSync(path.join(ROOT, 'samples', 'sample-article.txt'), 'utf8'), 'sample-article.txt');
  expect(r.outcomes).toHaveLength(1);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  bot = await startDiscordBot(app, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('debug', sink), restRetries: 0 });
}, 20_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Discord adapter against a fake Discord', () => {
  it('logs in through the fake gateway with only the Guilds intent and no compression', async () => {
    const identify = fake.identifies[0] as { d: { intents: number; compress: boolean; token: string } };
    expect(identify.d).toMatchObject({ intents: 1, compress: false, token: fake.token });
    expect([...bot.client.guilds.cache.keys()].sort()).toEqual([GUILD_A, GUILD_B]);
  });

  it('registers every command from commands/ with the exact derived payload, per server or globally', async () => {
    await deployCommands({ token: fake.token, applicationId: fake.applicationId, guildId: GUILD_A, apiUrl: fake.apiUrl, retries: 0 });
    await deployCommands({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, retries: 0 });
    const guildPut = fake.requests.find((r) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/guilds/${GUILD_A}/commands`);
    const globalPut = fake.requests.find((r) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/commands`);
    expect(guildPut?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(guildPut?.body).toEqual(registrationPayload());
    expect(globalPut?.body).toEqual(registrationPayload());
    const sent = guildPut?.body as { name: string; default_member_permissions: string | null; options: { name: string }[] }[];
    expect(sent.map((c) => c.name)).toEqual([...COMMANDS.keys()]);
    for (const def of COMMANDS.values()) {
      const c = sent.find((x) => x.name === def.name);
      const handlers = def.handler ? [def.handler] : def.subcommands;
      expect(c?.default_member_permissions).toBe(handlers.every((h) => h.admin) ? '32' : null);
      expect(c?.options.map((o) => o.name)).toEqual(def.handler ? def.handler.options.map((o) => o.name) : def.subcommands.map((s) => s.name));
    }
    expect(sent.find((c) => c.name === 'brief')).toEqual({
      name: 'brief',
      description: COMMANDS.get('brief')?.description,
      type: 1,
      default_member_permissions: null,
      contexts: [0],
      integration_types: [0],
      options: [
        { name: 'topic', description: expect.any(String), required: true, type: 3, autocomplete: true },
        { name: 'since', description: expect.any(String), type: 3, choices: ['24h', '3d', '7d', '30d', 'all'].map((v) => ({ name: v, value: v })) },
        { name: 'limit', description: expect.any(String), type: 4, min_value: 1, max_value: 10 },
      ],
    });
  });

  it('answers /brief topic:korea with embeds whose first headline is the sample article, linked and without pings', async () => {
    const s = fake.command('brief', { topic: 'korea' });
    const [reply, ...more] = await answered(s);
    expect(more).toEqual([]);
    const cb = s.requests()[0];
    expect(cb?.headers.authorization).toBeUndefined(); // interaction callbacks are not bot-authenticated
    expect((cb?.body as { type: number }).type).toBe(4); // fast enough to answer without deferring
    const [header, first] = embedsOf(reply);
    expect(header?.title).toBe('Briefing: korea');
    expect(header?.description).toMatch(/1 story\nNothing on korea in the last 7 days; latest from 21 Nov 2017\./);
    expect(first?.title).toBe(`1. ${SAMPLE_TITLE}`);
    expect(first?.footer?.text).toMatch(/^1 source · 21 Nov 2017/);
    expect(reply?.allowed_mentions).toEqual({ parse: [] });
    expect(reply?.flags ?? 0).toBe(0);
  });

  it('pages through further stories with the "More stories" button', async () => {
    const r = await app.pipeline.ingestContent(
      jsonl([
        { title: 'Glacier retreat speeds up in the Alps', source: 'Mountain Wire', hoursAgo: 2, body: 'Swiss researchers measured the fastest glacier retreat on record this summer. The glacier lost nearly four percent of its volume, they said, blaming a long heatwave and little snow in winter. Ski resorts are already planning for shorter seasons.' },
        { title: 'Port city floods as climate adaptation lags', source: 'Harbor Times', hoursAgo: 5, body: 'Streets in the old port district were under water for a second week. The mayor said climate adaptation money had been delayed by the regional budget dispute. Shop owners described losses and asked for sandbags and pumps.' },
        { title: 'Airlines promise cleaner fuel but emissions keep rising', source: 'Sky Ledger', hoursAgo: 9, body: 'Three large carriers repeated pledges to buy sustainable aviation fuel. Independent analysts noted that aviation emissions rose again last year as passenger numbers recovered. The pledges cover less than two percent of fuel use.' },
        { title: 'Farmers adjust planting calendar after record heatwave', source: 'Valley Herald', hoursAgo: 14, body: 'Growers in the valley moved planting two weeks earlier after a record heatwave scorched spring crops. Agronomists recommended drought-tolerant seed varieties. A cooperative is sharing irrigation schedules between neighbouring farms.' },
        { title: 'City council votes to cut building emissions by 2035', source: 'Metro Courier', hoursAgo: 20, body: 'The council approved rules that require large office buildings to report energy use and cut emissions in steps until 2035. Landlords warned of costs; tenant groups welcomed the plan. The first reports are due next spring.' },
      ]),
      'climate.jsonl',
    );
    expect(r.rejections).toEqual([]);
    const s = fake.command('brief', { topic: 'climate', limit: 2 });
    const [page1] = await answered(s);
    const seen = embedsOf(page1).slice(1).map((e) => e.title);
    expect(seen).toHaveLength(2);
    expect(embedsOf(page1)[0]?.description).toContain('stories 1–2');
    const moreIds = (b: Record<string, unknown> | undefined) => customIds(b).filter((id) => id.startsWith('nb:more'));
    expect(customIds(page1).filter((id) => id.startsWith('nb:src|'))).toHaveLength(2); // a Sources button per story
    let ids = moreIds(page1);
    let message = s.messages()[0];
    for (let page = 2; ids.length > 0; page++) {
      expect(page).toBeLessThanOrEqual(3);
      const click = fake.click(message!, ids[0] as string);
      const [update, next] = await answered(click);
      // The clicked message loses its More button and keeps its stories' rows (Sources, Follow, 👍, 👎).
      expect(customIds(update).every((id) => id.startsWith('nb:src|') || id.startsWith('nb:fb|') || id.startsWith('nb:fol|'))).toBe(true);
      expect(customIds(update).filter((id) => id.startsWith('nb:src|'))).toHaveLength(2);
      expect(customIds(update).filter((id) => id.startsWith('nb:fol|'))).toHaveLength(2);
      const titles = embedsOf(next).slice(1).map((e) => e.title);
      expect(titles[0]?.startsWith(`${2 * page - 1}. `)).toBe(true);
      seen.push(...titles);
      ids = moreIds(next);
      message = click.messages()[0];
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen.map((t) => t?.replace(/^\d+\. /, ''))).size).toBe(5);
  });

  it('suggests the server topics and frequent tags while typing a topic', async () => {
    const s = fake.autocomplete('brief', { topic: 'cl' }, 'topic');
    await answered(s);
    const cb = s.requests()[0]?.body as { type: number; data: { choices: { name: string; value: string }[] } };
    expect(cb.type).toBe(8);
    expect(cb.data.choices[0]).toEqual({ name: 'climate', value: 'climate' });
    const all = fake.autocomplete('brief', { topic: '' }, 'topic');
    await answered(all);
    const choices = (all.requests()[0]?.body as { data: { choices: { value: string }[] } }).data.choices.map((c) => c.value);
    expect(choices.slice(0, 2)).toEqual(['korea', 'climate']);
    expect(choices.length).toBeGreaterThan(2); // frequent tags from the stored articles
  });

  it('lets an admin add a topic that persists per server and changes what /brief finds', async () => {
    const before = await answered(fake.command('brief', { topic: 'zebrafish' }));
    expect(embedsOf(before[0])[0]?.description).toContain('no stories');

    const add = await answered(fake.command('topics', { name: 'zebrafish', keywords: 'kim jong un, pyongyang' }, admin, 'add'));
    expect(add[0]).toMatchObject({ content: 'Added topic **zebrafish**: kim jong un, pyongyang', allowed_mentions: { parse: [] } });
    expect(add[0]?.flags ?? 0).toBe(0);
    expect(await app.store.topics.listTopics(`discord:${GUILD_A}`)).toMatchObject([{ name: 'zebrafish', keywords: ['kim jong un', 'pyongyang'], createdBy: `discord:${admin.id}` }]);

    const after = await answered(fake.command('brief', { topic: 'zebrafish' }));
    expect(embedsOf(after[0])[1]?.title).toBe(`1. ${SAMPLE_TITLE}`);

    const other = await answered(fake.command('topics', {}, { guildId: GUILD_B }, 'list'));
    expect(other[0]?.content).not.toContain('zebrafish');
    const otherBrief = await answered(fake.command('brief', { topic: 'zebrafish' }, { guildId: GUILD_B }));
    expect(embedsOf(otherBrief[0])[0]?.description).toContain('no stories');
    expect(await app.store.topics.listTopics(`discord:${GUILD_B}`)).toEqual([]);
  });

  it('refuses /topics add from a member without Manage Server, privately, naming the permission', async () => {
    const [reply] = await answered(fake.command('topics', { name: 'sneaky', keywords: 'x, y' }, member, 'add'));
    expect(reply).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    expect(reply?.content).toMatch(/Manage Server/);
    expect((await app.store.topics.listTopics(`discord:${GUILD_A}`)).map((t) => t.name)).not.toContain('sneaky');
  });

  it('shows a headline with @everyone, mentions and markdown as text that pings no one', async () => {
    await app.pipeline.ingestContent(
      jsonl([{ title: '@everyone <@&1> **Volcano** erupts near <@123> _village_', source: 'Island Post', hoursAgo: 1, body: 'A volcano on the northern island erupted before dawn, sending ash two kilometres into the sky. Residents of the nearest village were moved to a school gym. Flights to the island were cancelled until the ash cloud clears.' }]),
      'volcano.jsonl',
    );
    const [reply] = await answered(fake.command('brief', { topic: 'volcano' }));
    expect(reply?.allowed_mentions).toEqual({ parse: [] });
    const title = embedsOf(reply)[1]?.title ?? '';
    expect(title).toMatch(/^1\. @\u200beveryone .*\\\*\\\*Volcano\\\*\\\* erupts near .*\\_village\\_$/);
    expect(title).not.toMatch(/(^|[^\\])<@/); // any mention that survived cleaning is escaped
  });

  it('keeps a ten-story briefing of long articles inside every message limit', async () => {
    const long = generateCorpus(12, 11, 1000).map((a, i) => ({
      // Long headlines that differ (a shared filler phrase would make the twelve one story).
      title: `Longform ${a.title} ${a.body.split(/\s+/).slice(i * 40, i * 40 + 50).join(' ')}`,
      body: a.body,
      source: a.source,
      hoursAgo: 2 + i,
    }));
    expect((await app.pipeline.ingestContent(jsonl(long), 'long.jsonl')).rejections).toEqual([]);
    const replies = await answered(fake.command('brief', { topic: 'longform', limit: 10, since: '3d' }));
    expect(replies.flatMap((r) => embedsOf(r)).filter((e) => /^\d+\. /.test(e.title ?? '')).length).toBe(10);
    for (const r of replies) expect(limitProblems(r as MessageShape)).toEqual([]);
  });

  it('renders /digest preview as a header embed and story embeds', async () => {
    const [reply] = await answered(fake.command('digest', { since: '30d' }, member, 'preview'));
    expect(reply?.allowed_mentions).toEqual({ parse: [] });
    const embeds = embedsOf(reply);
    expect(embeds[0]?.description).toMatch(/^new since \d+ \w+ \d{4}, \d\d:\d\d UTC · \d+ stor/);
    expect(embeds.length).toBeGreaterThan(1);
  });

  it('turns a handler error into a private apology whose error id is in the JSON log with the stack', async () => {
    const spy = vi.spyOn(app.store.articles, 'search').mockImplementationOnce(() => {
      throw new Error('disk on fire');
    });
    const [reply] = await answered(fake.command('brief', { topic: 'korea' }));
    spy.mockRestore();
    expect(reply?.flags).toBe(EPHEMERAL);
    const id = /error (E-[0-9A-F]{6})/.exec(String(reply?.content))?.[1];
    expect(id).toBeDefined();
    const line = logLines.find((l) => l.errorId === id);
    expect(line).toMatchObject({ level: 50, scope: 'discord', command: 'brief' });
    expect((line?.err as { stack: string }).stack).toContain('disk on fire');
    const [ok] = await answered(fake.command('brief', { topic: 'korea' }));
    expect(embedsOf(ok).length).toBeGreaterThan(1);
  });

  it('waits out a 429 from Discord and retries the reply', async () => {
    const s = fake.command('topics', {}, {}, 'list');
    fake.rateLimitOnce((_m, p) => p.includes(s.token), 0.2);
    const [reply] = await answered(s);
    const calls = s.requests().filter((r) => r.path.endsWith('/callback'));
    expect(calls.map((r) => r.status)).toEqual([429, 204]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(190);
    expect(reply?.content).toMatch(/^Topics \(\d+\):/);
    expect(logLines.some((l) => l.msg === 'rate limited by Discord; waiting before retrying')).toBe(true);
  });

  it('defers an interaction that arrives late, then edits the deferred reply', async () => {
    const s = fake.command('brief', { topic: 'korea' }, { ageMs: 1500 });
    const [reply] = await answered(s);
    const [first, second] = s.requests();
    expect(first?.body).toMatchObject({ type: 5 });
    expect(second).toMatchObject({ method: 'PATCH' });
    expect(second?.path).toBe(`/webhooks/${fake.applicationId}/${s.token}/messages/@original`);
    expect(embedsOf(reply)[0]?.title).toBe('Briefing: korea');
  });

  it('turns a late private answer into a private follow-up instead of a public edit', async () => {
    const s = fake.command('topics', { name: 'late', keywords: 'x' }, { ...member, ageMs: 1500 }, 'add');
    const replies = await answered(s);
    expect(s.requests().map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST']);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ flags: EPHEMERAL });
  });

  it('sent every message with allowed_mentions { parse: [] } and inside the limits', async () => {
    const sent = fake.requests.filter(isMessageRequest);
    expect(sent.length).toBeGreaterThan(15);
    for (const r of sent) {
      const b = r.body as Record<string, unknown>;
      const data = (r.path.endsWith('/callback') ? b.data : b) as Record<string, unknown>;
      if (!r.path.endsWith('/callback') || b.type === 4) expect(data.allowed_mentions).toEqual({ parse: [] });
      expect(limitProblems({ ...(data as MessageShape), ...(data.content === undefined && !data.embeds ? { content: '-' } : {}) })).toEqual([]);
    }
  });

  it('on stop, finishes the reply in flight, then disconnects', async () => {
    const s = fake.command('topics', {}, {}, 'list');
    fake.delayOnce((_m, p) => p.includes(s.token), 150);
    await s.waitFor(() => true); // the bot is answering; Discord is slow to accept
    expect(bot.inFlight()).toBe(1);
    await bot.stop();
    expect(s.requests()[0]?.status).toBe(204);
    expect(bot.client.isReady()).toBe(false);
    await fake.until(() => (fake.connections() === 0 ? true : undefined), 2000, 'the gateway connection to close');
  });
});

describe('npm start entry (adapters/main.ts)', () => {
  const quiet = createLogger('silent');

  it('names the missing variable when only DISCORD_TOKEN is set', async () => {
    await expect(start({ DISCORD_TOKEN: 'x'.repeat(60) }, quiet)).rejects.toThrow(/DISCORD_APPLICATION_ID is not set/);
  });

  it('refuses to start when no chat platform is configured', async () => {
    await expect(start({}, quiet)).rejects.toThrow(/set DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
  });

  it('starts Discord from the environment, logs the invite URL, answers, and stops cleanly', async () => {
    const f = await startFakeDiscord();
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    const env = { DISCORD_TOKEN: f.token, DISCORD_APPLICATION_ID: f.applicationId, DISCORD_API_URL: f.apiUrl, NEWSBRIEF_DB: path.join(dir, 'main.db'), NEWSBRIEF_HTTP_PORT: '0' };
    const { stop } = await start(env, createLogger('info', sink));
    try {
      expect(lines.find((l) => typeof l.inviteUrl === 'string')?.inviteUrl).toBe(
        `https://discord.com/oauth2/authorize?client_id=${f.applicationId}&scope=bot+applications.commands&permissions=19456`,
      );
      const s = f.command('topics', {}, {}, 'list');
      await s.waitFor((r) => r.status === 204);
    } finally {
      await stop();
    }
    await f.until(() => (f.connections() === 0 ? true : undefined), 2000, 'the gateway connection to close');
    await f.close();
  });
});
