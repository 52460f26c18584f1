// A hung LLM server must not stall interactive briefings: through the REAL discord.js and bolt
// clients against the fakes, with the real openai client against a fake OpenAI server that does not answer, /brief
// shows the offline briefing while the LLM is still silent, and once the LLM answers the same message is edited in
// place with the LLM summaries and the cited overview. The wait is shortened (llmWaitMs) to keep the test quick;
// nothing here measures time: the offline reply arrives while every LLM request is still unanswered.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../adapters/discord/client.js';
import { createSlackBot, SLACK_EVENTS_PATH, type SlackBot } from '../../adapters/slack/client.js';
import { messageTexts, type SlackBlock } from '../../adapters/slack/limits.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../fakes/discord.js';
import { fakeSummary, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { postToBot, slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const ARTICLES = [
  { title: 'Glacier retreat speeds up in the north', source: 'Polar Post', hoursAgo: 3, body: 'Glaciers in the northern range retreated faster this year than in any year on record. Survey teams measured a loss of forty metres at the largest glacier. Meltwater has raised the level of two lakes below the ice.' },
  { title: 'Meltwater lakes threaten valley villages', source: 'Valley Ledger', hoursAgo: 6, body: 'Officials warned three valley villages that glacier meltwater lakes could burst their banks. Engineers are building channels to drain the lakes slowly. Residents were told how to reach higher ground if sirens sound.' },
];
const LLM_WAIT_MS = 150;

let openai: FakeOpenAI;
let dir: string;

async function core(name: string): Promise<App> {
  const file = FileConfigSchema.parse({ topics: [{ name: 'glacier', keywords: ['glacier', 'meltwater'] }] });
  const config: Config = {
    dbPath: path.join(dir, `${name}.db`), configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent',
    llm: { mode: 'all', model: 'fake-model', baseURL: openai.baseURL, dailyTokens: 1_000_000, timeoutMs: 60_000, concurrency: 4, maxRetries: 0 },
  };
  const app = createApp({ config, logger: createLogger('silent') });
  const now = Date.now();
  const lines = ARTICLES.map((a, i) =>
    JSON.stringify({ title: a.title, body: a.body, source: a.source, url: `https://example.com/g/${i}`, publishedAt: new Date(now - a.hoursAgo * 3_600_000).toISOString() }),
  );
  expect((await app.pipeline.ingestContent(lines.join('\n'), 'glacier.jsonl')).rejections).toEqual([]);
  return app;
}

beforeAll(async () => {
  openai = await startFakeOpenAI();
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-llm-hung-'));
});
afterAll(async () => {
  await openai?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Embeds = { title?: string; description?: string }[];
const embedsOf = (r: RecordedRequest | undefined): Embeds => {
  const b = r?.body as { type?: number; data?: { embeds?: Embeds }; embeds?: Embeds } | undefined;
  return b?.data?.embeds ?? b?.embeds ?? [];
};

describe('Discord /brief while the LLM server hangs', () => {
  let fake: FakeDiscord;
  let app: App;
  let bot: DiscordBot;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    app = await core('discord');
    bot = await startDiscordBot(app, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('silent'), restRetries: 0, llmWaitMs: LLM_WAIT_MS });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  it('shows the offline briefing while the LLM is silent, then edits the LLM text into the same message', async () => {
    openai.reset();
    const release = openai.hold();
    const s = fake.command('brief', { topic: 'glacier' });
    const isContent = (r: RecordedRequest) => embedsOf(r).length > 0;
    const first = await s.waitFor(isContent, 10_000);
    // The LLM has not answered anything yet (every request is held): this is the offline text.
    const offline = embedsOf(first);
    expect(offline[0]?.description).not.toContain('LLM overview');
    for (const e of offline.slice(1)) expect(e.description).not.toContain('(LLM)');
    expect(offline.slice(1)).toHaveLength(2);

    release();
    const edit = await s.waitFor((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original') && JSON.stringify(r.body).includes('(LLM)'), 10_000);
    await bot.idle();
    const embeds = embedsOf(edit);
    expect(embeds[0]?.description).toContain('LLM overview');
    for (const e of embeds.slice(1)) expect(e.description).toContain(fakeSummary(e.title?.replace(/^\d+\. /, '') ?? ''));
    // Edited in place: one message for this briefing, no second post.
    expect(s.messages()).toHaveLength(1);
    expect(s.requests().filter((r) => r.method === 'POST' && r.path.includes('/webhooks/'))).toEqual([]);
  });
});

describe('Slack /brief while the LLM server hangs', () => {
  let fake: FakeSlack;
  let app: App;
  let bot: SlackBot;
  let url: string;
  const SECRET = 'hung-llm-signing-secret';
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: 'xoxb-hung-test' });
    app = await core('slack');
    bot = createSlackBot(app, { botToken: 'xoxb-hung-test', http: { signingSecret: SECRET, port: 0, host: '127.0.0.1' }, apiUrl: fake.apiUrl, retries: 0, logger: createLogger('silent'), llmWaitMs: LLM_WAIT_MS });
    const { port } = await bot.start();
    url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  it('posts the offline briefing while the LLM is silent, then replaces it with the LLM text', async () => {
    openai.reset();
    const release = openai.hold();
    const r = fake.responseUrl();
    const res = await postToBot(url, SECRET, slashPayload({ command: '/brief', text: 'glacier', response_url: r.url }));
    expect(res.status).toBe(200);
    const first = (await fake.waitForResponse(r.id, 0, 10_000)) as { text: string; blocks: SlackBlock[]; response_type: string; replace_original?: boolean };
    const offlineText = messageTexts({ text: first.text, blocks: first.blocks }).join('\n');
    expect(first.response_type).toBe('in_channel');
    expect(offlineText).toContain('Glacier retreat speeds up in the north');
    expect(offlineText).not.toContain('(LLM)');

    release();
    const second = (await fake.waitForResponse(r.id, 1, 10_000)) as { text: string; blocks: SlackBlock[]; response_type: string; replace_original?: boolean };
    expect(second.replace_original).toBe(true);
    expect(second.response_type).toBe('in_channel');
    const text = messageTexts({ text: second.text, blocks: second.blocks }).join('\n');
    expect(text).toContain('LLM overview');
    for (const a of ARTICLES) expect(text).toContain(fakeSummary(a.title));
    expect(fake.responsesFor(r.id)).toHaveLength(2);
  });
});
