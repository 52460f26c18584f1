// End to end, Discord over HTTP interactions: the REAL discord.js REST client of adapters/discord/http.ts answering
// interactions that the fake Discord signs with an Ed25519 key made here and POSTs to the real HTTP server
// (src/service/http.ts) on 127.0.0.1. Nothing connects to the gateway; replies go through the interaction callback
// and follow-up webhooks, and assertions read what the fake recorded.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordInteractions, type DiscordInteractionsBot } from '../../adapters/discord/http.js';
import { createDiscordPoster } from '../../adapters/discord/poster.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { startHttpServer, type HttpServer } from '../../src/service/http.js';
import { createInteractionSigner } from '../fakes/discord-interactions.js';
import { PERMISSIONS, snowflake, startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SAMPLE_TITLE = 'Chinese envoy wraps up North Korea trip after meetings';
const EPHEMERAL = 64;
const GUILD_A = '222222222222222222';
const admin = { permissions: PERMISSIONS.manager, id: '777777777777777777', name: 'ada' };
const member = { permissions: PERMISSIONS.member };

let fake: FakeDiscord;
let signer: ReturnType<typeof createInteractionSigner>;
let app: App;
let bot: DiscordInteractionsBot;
let http: HttpServer;
let dir: string;
/** The last interaction payload the fake delivered (for replaying it). */
let lastPayload: Record<string, unknown> = {};

function jsonl(items: { title: string; body: string; hoursAgo: number; source: string }[]): string {
  return items
    .map((a, i) => JSON.stringify({ title: a.title, body: a.body, source: a.source, url: `https://${a.source.toLowerCase().replace(/\W+/g, '')}.example/${i}`, publishedAt: new Date(Date.now() - a.hoursAgo * 3_600_000).toISOString() }))
    .join('\n');
}

/** Message bodies the bot sent for an interaction, in order (callback, edits, follow-ups). */
function bodies(s: SentInteraction): Record<string, unknown>[] {
  return s.requests().flatMap((r) => {
    if (r.status >= 300) return [];
    const b = r.body as Record<string, unknown>;
    if (r.path.endsWith('/callback')) return b.type === 4 || b.type === 7 ? [b.data as Record<string, unknown>] : [];
    if (r.method === 'PATCH' || (r.method === 'POST' && r.path.startsWith('/webhooks/'))) return [b];
    return [];
  });
}

/** The endpoint answered 202 (the callback went out first), and the bot has nothing left in flight. */
async function answered(s: SentInteraction): Promise<Record<string, unknown>[]> {
  const res = await s.http;
  expect(res).toEqual({ status: 202, body: '' });
  expect(s.requests().filter((r) => r.path.endsWith('/callback')).length).toBeGreaterThan(0);
  await bot.idle();
  return bodies(s);
}

type Embed = { title?: string; description?: string };
const embedsOf = (b: Record<string, unknown> | undefined): Embed[] => (b?.embeds ?? []) as Embed[];
const customIds = (b: Record<string, unknown> | undefined): string[] =>
  ((b?.components ?? []) as { components: { custom_id?: string }[] }[]).flatMap((row) => row.components.map((c) => c.custom_id ?? ''));

beforeAll(async () => {
  fake = await startFakeDiscord();
  signer = createInteractionSigner();
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-discord-http-'));
  const file = FileConfigSchema.parse({
    topics: [
      { name: 'korea', keywords: ['north korea', 'pyongyang', 'seoul', 'kim jong un'] },
      { name: 'climate', keywords: ['climate', 'emissions', 'heatwave', 'glacier'] },
    ],
  });
  const dbPath = path.join(dir, 'discord-http.db');
  const config: Config = { dbPath, configFile: '(test)', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent' };
  app = createApp({ dbPath, config });
  await app.pipeline.ingestContent(readFileSync(path.join(ROOT, 'samples', 'sample-article.txt'), 'utf8'), 'sample-article.txt');
  bot = await startDiscordInteractions(app, { token: fake.token, apiUrl: fake.apiUrl, publicKey: signer.publicKeyHex, logger: createLogger('silent'), restRetries: 0 });
  http = await startHttpServer(app, { port: 0, host: '127.0.0.1', sources: [], routes: [bot.route] });
  signer.at(`http://127.0.0.1:${http.port}/discord/interactions`);
  fake.deliverOverHttp((payload) => {
    lastPayload = payload;
    return signer.post(payload);
  });
}, 20_000);

afterAll(async () => {
  await http?.close();
  await bot?.stop();
  await fake?.close();
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Discord HTTP interactions against a fake Discord', () => {
  it('answers the PING handshake with PONG, and never touches the gateway', async () => {
    expect(await signer.post({ id: snowflake(), application_id: fake.applicationId, type: 1, token: 'ping-token', version: 1 })).toEqual({ status: 200, body: '{"type":1}' });
    expect(fake.identifies).toEqual([]);
    expect(fake.requests.some((r) => r.path === '/gateway/bot')).toBe(false);
    expect(fake.requests.find((r) => r.path === '/users/@me')?.headers.authorization).toBe(`Bot ${fake.token}`); // the start-up token check
  });

  it('refuses a missing, malformed, wrong, stale or tampered signature with 401, and runs nothing', async () => {
    const add = (name: string) => ({ ...lastPayload, id: snowflake(), token: `tok-${name}`, type: 2, member: { ...(lastPayload.member as object), permissions: PERMISSIONS.manager }, data: { id: snowflake(), name: 'topics', type: 1, options: [{ name: 'add', type: 1, options: [{ name: 'name', type: 3, value: name }, { name: 'keywords', type: 3, value: 'x, y' }] }] } });
    await answered(fake.command('topics', {}, {}, 'list')); // a real interaction to copy the shape from
    const now = Math.floor(Date.now() / 1000);
    const cases = {
      nosig: await signer.post(add('nosig'), { omit: ['x-signature-ed25519'] }),
      nots: await signer.post(add('nots'), { omit: ['x-signature-timestamp'] }),
      noheaders: await signer.post(add('noheaders'), { omit: ['x-signature-ed25519', 'x-signature-timestamp'] }),
      malformed: await signer.post(add('malformed'), { headers: { 'x-signature-ed25519': 'not-hex' } }),
      othertime: await signer.post(add('othertime'), { headers: { 'x-signature-timestamp': String(now - 1) } }),
      stale: await signer.post(add('stale'), { timestamp: now - 600 }),
      future: await signer.post(add('future'), { timestamp: now + 600 }),
      tampered: await signer.post(add('tampered'), { tamper: (b) => b.replace('"tampered"', '"tamperex"') }),
    };
    const other = createInteractionSigner(); // a key Discord never gave this application
    other.at(`http://127.0.0.1:${http.port}/discord/interactions`);
    const all = { ...cases, otherkey: await other.post(add('otherkey')) };
    for (const [name, res] of Object.entries(all)) expect({ name, res }).toEqual({ name, res: { status: 401, body: 'invalid request signature\n' } });
    expect(fake.requests.filter((r) => r.path.includes('/tok-'))).toEqual([]);
    expect((await app.store.topics.listTopics(`discord:${GUILD_A}`)).map((t) => t.name)).toEqual([]);
    expect(bot.health()).toMatchObject({ ok: true, mode: 'interactions' });
    expect(Number(bot.health().refused)).toBeGreaterThanOrEqual(9);
  });

  it('refuses a body above the limit with 413, and other methods with 405', async () => {
    const res = await signer.post({ type: 2, padding: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(413);
    const get = await fetch(`http://127.0.0.1:${http.port}/discord/interactions`);
    expect(get.status).toBe(405);
  });

  it('answers /brief topic:korea through the interaction callback with the stories, unauthenticated, pinging no one', async () => {
    const s = fake.command('brief', { topic: 'korea' });
    const [reply, ...more] = await answered(s);
    expect(more).toEqual([]);
    const cb = s.requests()[0];
    expect(cb?.path).toBe(`/interactions/${s.id}/${s.token}/callback`);
    expect(cb?.headers.authorization).toBeUndefined();
    expect((cb?.body as { type: number }).type).toBe(4);
    const [header, first] = embedsOf(reply);
    expect(header?.title).toBe('Briefing: korea');
    expect(first?.title).toBe(`1. ${SAMPLE_TITLE}`);
    expect(reply?.allowed_mentions).toEqual({ parse: [] });
  });

  it('runs a replayed request (same signed interaction again) only once', async () => {
    const s = fake.command('topics', {}, {}, 'list');
    await answered(s);
    const again = await signer.post(lastPayload);
    expect(again.status).toBe(409);
    expect(s.requests().filter((r) => r.path.endsWith('/callback'))).toHaveLength(1);
  });

  it('handles the "More stories" and "Sources" buttons', async () => {
    const r = await app.pipeline.ingestContent(
      jsonl([
        { title: 'Glacier retreat speeds up in the Alps', source: 'Mountain Wire', hoursAgo: 2, body: 'Swiss researchers measured the fastest glacier retreat on record this summer. The glacier lost nearly four percent of its volume, they said, blaming a long heatwave and little snow in winter.' },
        { title: 'Port city floods as climate adaptation lags', source: 'Harbor Times', hoursAgo: 5, body: 'Streets in the old port district were under water for a second week. The mayor said climate adaptation money had been delayed by the regional budget dispute. Shop owners described losses and asked for sandbags and pumps.' },
        { title: 'Airlines promise cleaner fuel but emissions keep rising', source: 'Sky Ledger', hoursAgo: 9, body: 'Three large carriers repeated pledges to buy sustainable aviation fuel. Independent analysts noted that aviation emissions rose again last year as passenger numbers recovered. The pledges cover less than two percent of the fuel the carriers burn each year.' },
      ]),
      'climate.jsonl',
    );
    expect(r.rejections).toEqual([]);
    const s = fake.command('brief', { topic: 'climate', limit: 2 });
    const [page1] = await answered(s);
    expect(embedsOf(page1).slice(1)).toHaveLength(2);
    const more = customIds(page1).find((id) => id.startsWith('nb:more'));
    const sources = customIds(page1).find((id) => id.startsWith('nb:src|'));
    expect(more).toBeDefined();

    const click = fake.click(s.messages()[0]!, more as string);
    const [update, next] = await answered(click);
    expect((click.requests()[0]?.body as { type: number }).type).toBe(7); // the clicked message loses its More button
    expect(customIds(update).some((id) => id.startsWith('nb:more'))).toBe(false); // its stories keep their Sources, Follow, 👍 and 👎
    expect(customIds(update).filter((id) => id.startsWith('nb:src|'))).toHaveLength(2);
    expect(customIds(update).filter((id) => id.startsWith('nb:fol|'))).toHaveLength(2);
    expect(embedsOf(next).slice(1).map((e) => e.title?.slice(0, 3))).toEqual(['3. ']);
    expect(customIds(next).some((id) => id.startsWith('nb:more'))).toBe(false);

    const src = fake.click(s.messages()[0]!, sources as string);
    const [timeline] = await answered(src);
    expect(timeline?.flags).toBe(EPHEMERAL);
    expect(embedsOf(timeline)[0]?.title).toMatch(/^Sources: /);
  });

  it('pages on another instance: a "More" click that reaches a second process on the same database works', async () => {
    const app2 = createApp({ dbPath: app.config.dbPath, config: app.config });
    const bot2 = await startDiscordInteractions(app2, { token: fake.token, apiUrl: fake.apiUrl, publicKey: signer.publicKeyHex, logger: createLogger('silent'), restRetries: 0 });
    const http2 = await startHttpServer(app2, { port: 0, host: '127.0.0.1', sources: [], routes: [bot2.route] });
    try {
      const s = fake.command('brief', { topic: 'climate', limit: 1 });
      const [page1] = await answered(s);
      const more = customIds(page1).find((id) => id.startsWith('nb:more')) as string;
      signer.at(`http://127.0.0.1:${http2.port}/discord/interactions`);
      const click = fake.click(s.messages()[0]!, more);
      signer.at(`http://127.0.0.1:${http.port}/discord/interactions`);
      expect(await click.http).toEqual({ status: 202, body: '' });
      await bot2.idle();
      const [, next] = bodies(click);
      expect(embedsOf(next).slice(1).map((e) => e.title?.slice(0, 3))).toEqual(['2. ']);
      expect(bot2.health()).toMatchObject({ received: 1 });
    } finally {
      await http2.close();
      await bot2.stop();
      await app2.close();
    }
  });

  it('suggests topics while typing (autocomplete choices through the callback)', async () => {
    const s = fake.autocomplete('brief', { topic: 'cl' }, 'topic');
    await s.http;
    await bot.idle();
    const cb = s.requests()[0]?.body as { type: number; data: { choices: { value: string }[] } };
    expect(cb.type).toBe(8);
    expect(cb.data.choices[0]?.value).toBe('climate');
  });

  it('refuses an admin command from a member privately, naming Manage Server; an admin may', async () => {
    const [refusal] = await answered(fake.command('topics', { name: 'sneaky', keywords: 'x, y' }, member, 'add'));
    expect(refusal).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    expect(refusal?.content).toMatch(/Manage Server/);
    const [ok] = await answered(fake.command('topics', { name: 'zebrafish', keywords: 'pyongyang' }, admin, 'add'));
    expect(ok?.content).toBe('Added topic **zebrafish**: pyongyang');
    expect((await app.store.topics.listTopics(`discord:${GUILD_A}`)).map((t) => t.name)).toEqual(['zebrafish']);
  });

  it('shows a mention in article text as text that pings no one', async () => {
    await app.pipeline.ingestContent(
      jsonl([{ title: '@everyone <@&1> Volcano erupts near <@123> village', source: 'Island Post', hoursAgo: 1, body: 'A volcano on the northern island erupted before dawn, sending ash two kilometres into the sky. Residents of the nearest village were moved to a school gym.' }]),
      'volcano.jsonl',
    );
    const [reply] = await answered(fake.command('brief', { topic: 'volcano' }));
    expect(reply?.allowed_mentions).toEqual({ parse: [] });
    const title = embedsOf(reply)[1]?.title ?? '';
    expect(title).toMatch(/^1\. @\u200beveryone /);
    expect(title).not.toMatch(/(^|[^\\])<@/);
  });

  it('defers an interaction that arrives late, then edits the deferred reply', async () => {
    const s = fake.command('brief', { topic: 'korea' }, { ageMs: 1500 });
    const [reply] = await answered(s);
    const [first, second] = s.requests();
    expect(first?.body).toMatchObject({ type: 5 });
    expect(second?.path).toBe(`/webhooks/${fake.applicationId}/${s.token}/messages/@original`);
    expect(embedsOf(reply)[0]?.title).toBe('Briefing: korea');
  });

  it('posts digests through the same REST client with the bot token, pinging no one', async () => {
    const poster = createDiscordPoster(bot.client.rest, { connected: () => bot.connected(), now: app.now });
    const channel = fake.guilds[0]?.channels[0]?.id as string;
    await poster.post(`discord:${GUILD_A}:${channel}`, { kind: 'text', text: 'digest @everyone' }, { nonce: 'slot-1' });
    const post = fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
    expect(post?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(post?.body).toMatchObject({ allowed_mentions: { parse: [] }, nonce: 'slot-1', enforce_nonce: true });
  });
});
