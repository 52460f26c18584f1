// "More" on another instance, for a state too long for Discord's custom_id (a long free-text topic): the first
// instance stores it in the database's ui_pages and the button carries only its key, so a click that reaches a second
// instance on the same database (or the same one after a restart) shows the next page. Two apps answer Discord HTTP
// interactions signed by the fake; the click is routed to the second one. On a SQLite file and on one PostgreSQL schema.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordInteractions, type DiscordInteractionsBot } from '../../adapters/discord/http.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { startHttpServer, type HttpServer } from '../../src/service/http.js';
import { createInteractionSigner } from '../fakes/discord-interactions.js';
import { startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';
import { pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';

const TOPIC = 'harbour authority northern island province ferry timetable winter storms';
let fake: FakeDiscord;
let signer: ReturnType<typeof createInteractionSigner>;
let dir: string;
const instances: { app: App; bot: DiscordInteractionsBot; http: HttpServer; url: string }[] = [];

async function instance(config: Config): Promise<(typeof instances)[number]> {
  const app = createApp(config.databaseUrl ? { config } : { dbPath: config.dbPath, config });
  const bot = await startDiscordInteractions(app, { token: fake.token, apiUrl: fake.apiUrl, publicKey: signer.publicKeyHex, logger: createLogger('silent'), restRetries: 0 });
  const http = await startHttpServer(app, { port: 0, host: '127.0.0.1', sources: [], routes: [bot.route] });
  const i = { app, bot, http, url: `http://127.0.0.1:${http.port}/discord/interactions` };
  instances.push(i);
  return i;
}

const bodies = (s: SentInteraction): Record<string, unknown>[] =>
  s.requests().flatMap((r) => {
    if (r.status >= 300) return [];
    const b = r.body as Record<string, unknown>;
    if (r.path.endsWith('/callback')) return b.type === 4 || b.type === 7 ? [b.data as Record<string, unknown>] : [];
    return r.method === 'PATCH' || (r.method === 'POST' && r.path.startsWith('/webhooks/')) ? [b] : [];
  });
const customIds = (b: Record<string, unknown> | undefined): string[] =>
  ((b?.components ?? []) as { components: { custom_id?: string }[] }[]).flatMap((row) => row.components.map((c) => c.custom_id ?? ''));
const titles = (b: Record<string, unknown> | undefined): string[] => ((b?.embeds ?? []) as { title?: string }[]).map((e) => e.title ?? '');

/** Two instances on one database (the SQLite file in a new folder, or the PostgreSQL schema at `databaseUrl`) holding three reports. */
async function setUp(databaseUrl?: string): Promise<void> {
  fake = await startFakeDiscord();
  signer = createInteractionSigner();
  fake.deliverOverHttp((payload) => signer.post(payload));
  dir = mkdtempSync(path.join(os.tmpdir(), 'nb-multi-paging-'));
  const file = FileConfigSchema.parse({});
  const dbPath = path.join(dir, 'nb.db');
  const config: Config = { dbPath, configFile: '(test)', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent', ...(databaseUrl ? { databaseUrl } : {}) };
  const a = await instance(config);
  await instance(config);
  const reports = [
    ['Ferry timetable cut as winter storms batter the northern island', 'The harbour authority of the northern island province cut the ferry timetable on Monday as winter storms closed two piers. Fishermen kept their boats in port.'],
    ['Province promises new breakwater after storm damage', 'After winter storms wrecked the old breakwater, the northern island province said its harbour authority would publish a new ferry timetable and build a sea wall by spring.'],
    ['Island schools close for a week', 'Schools on the northern island stay shut while the province repairs roofs; the harbour authority said winter storms also delayed the ferry timetable and fuel deliveries.'],
  ];
  for (const [i, [title, body]] of reports.entries()) {
    await a.app.pipeline.ingestContent(JSON.stringify({ title, body: `${body} ${body}`, url: `https://island${i}.example/${i}`, source: `Island Paper ${i}`, publishedAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString() }), `r${i}.json`);
  }
}

afterEach(async () => {
  for (const i of instances.splice(0)) {
    await i.http.close();
    await i.bot.stop();
    await i.app.close();
  }
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function moreOnTheOtherInstance(): Promise<void> {
  const [a, b] = instances as [(typeof instances)[number], (typeof instances)[number]];
  signer.at(a.url);
  const s = fake.command('brief', { topic: TOPIC, limit: 1 });
  await s.http;
  await a.bot.idle();
  const [page1] = bodies(s);
  const more = customIds(page1).find((id) => id.startsWith('nb:more')) as string;
  expect(more).toMatch(/^nb:more~/); // the state did not fit: the button carries a key into ui_pages
  expect(more.length).toBeLessThanOrEqual(100);

  signer.at(b.url);
  const click = fake.click(s.messages()[0]!, more);
  expect(await click.http).toEqual({ status: 202, body: '' });
  await b.bot.idle();
  const next = bodies(click).at(-1);
  expect(titles(next).join('\n')).toMatch(/^2\. /m);
  expect(JSON.stringify(next)).not.toMatch(/expired/i);
}

describe('paging across instances', () => {
  it('on SQLite: shows the next page when the "More" click of a long query reaches the other instance', async () => {
    await setUp();
    await moreOnTheOtherInstance();
  });

  it.runIf(pgTestsEnabled())('on PostgreSQL: shows the next page when the "More" click of a long query reaches the other instance', async () => {
    await setUp(await pgTestUrl());
    await moreOnTheOtherInstance();
  });
});
reportSkippedPostgres('paging across instances on PostgreSQL');
