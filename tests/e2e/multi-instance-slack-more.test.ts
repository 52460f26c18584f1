// Slack's "More stories" across instances: two Slack bots (two apps on one database, a SQLite file and one PostgreSQL
// schema) behind the fake Slack. A click that reaches the second instance shows the next page; a second click on the
// same button, back on the first instance, is answered "already shown" instead of posting the page again, because the
// click is recorded in the database.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackBot, SLACK_EVENTS_PATH, type SlackBot } from '../../adapters/slack/client.js';
import type { SlackBlock } from '../../adapters/slack/limits.js';
import { MORE_ACTION_ID } from '../../adapters/slack/render.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { buttonPayload, postToBot, slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';

const SECRET = 'test-signing-secret';
const BOT_TOKEN = 'xoxb-test-token';
const NOW = new Date('2026-11-30T00:00:00Z');
type SlackReply = { response_type?: string; text: string; blocks?: SlackBlock[] };

let fake: FakeSlack | undefined;
let dir = '';
const running: { app: App; bot: SlackBot }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.bot.stop();
    await r.app.close();
  }
  await fake?.close();
  fake = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function instance(config: Config): Promise<{ app: App; url: string }> {
  const app = createApp(config.databaseUrl ? { config } : { dbPath: config.dbPath, config });
  const bot = createSlackBot(app, { botToken: BOT_TOKEN, http: { signingSecret: SECRET, port: 0, host: '127.0.0.1' }, apiUrl: fake!.apiUrl, retries: 0, logger: createLogger('silent'), now: () => NOW });
  running.push({ app, bot });
  const { port } = await bot.start();
  return { app, url: `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}` };
}

async function moreOnTheOtherInstance(databaseUrl?: string): Promise<void> {
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
  fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
  dir = mkdtempSync(path.join(os.tmpdir(), 'nb-multi-slack-'));
  const file = FileConfigSchema.parse({});
  const config: Config = { dbPath: path.join(dir, 'nb.db'), configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent', ...(databaseUrl ? { databaseUrl } : {}) };
  const a = await instance(config);
  const b = await instance(config);
  const places = ['Albany', 'Bergen', 'Cusco'];
  // Distinct filler words keep the three reports apart (three stories, not one).
  const words = (i: number) => Array.from({ length: 60 }, (_, j) => `w${i}x${j}${'abcdefghij'[(i * 7 + j) % 10]}`).join(' ');
  const jsonl = places.map((p, i) => JSON.stringify({ title: `Quokka census in ${p} finds ${10 + i} colonies`, body: `Quokka counters in ${p} reported new colonies. ${words(i)}. The quokka survey continues.`, url: `https://quokka.example.com/${i}`, source: `Desk ${i}`, publishedAt: `2026-11-2${i}T08:00:00Z` })).join('\n');
  expect((await a.app.pipeline.ingestContent(jsonl, 'quokka.jsonl')).rejections).toEqual([]);

  const r = fake.responseUrl();
  await postToBot(a.url, SECRET, slashPayload({ command: '/brief', text: 'quokka since:all limit:1', response_url: r.url, user_id: 'U0MEMBER', team_id: 'T0TEST' }));
  const first = (await fake.waitForResponse(r.id)) as SlackReply;
  const more = first.blocks?.flatMap((x) => (x.type === 'actions' ? x.elements : [])).find((e) => e.action_id === MORE_ACTION_ID);
  expect(more?.value).toBeTruthy();

  const click = async (url: string) => {
    const c = fake!.responseUrl();
    const res = await postToBot(url, SECRET, { payload: JSON.stringify(buttonPayload({ action_id: MORE_ACTION_ID, value: more?.value ?? '', response_url: c.url })) });
    expect(res.status).toBe(200);
    return (await fake!.waitForResponse(c.id)) as SlackReply;
  };
  const next = await click(b.url);
  expect(next.response_type).toBe('in_channel');
  expect(JSON.stringify(next.blocks)).toMatch(/Quokka census/);
  expect(await click(a.url)).toMatchObject({ response_type: 'ephemeral', text: 'That page is already shown below.' });
  expect(await click(b.url)).toMatchObject({ response_type: 'ephemeral', text: 'That page is already shown below.' });
}

describe('Slack "More" across instances', () => {
  it('on SQLite: the next page on the other instance, and a second click on either is answered "already shown"', async () => {
    await moreOnTheOtherInstance();
  });

  it.runIf(pgTestsEnabled())('on PostgreSQL: the next page on the other instance, and a second click on either is answered "already shown"', async () => {
    await moreOnTheOtherInstance(await pgTestUrl());
  });
});
reportSkippedPostgres('Slack "More" across instances on PostgreSQL');
