// /brief with the LLM on, through the REAL chat clients: discord.js against the fake Discord and @slack/bolt against
// the fake Slack, with the real openai client against a fake OpenAI server that answers slowly (1.3 s a call). The
// Discord bot must defer within its window and then edit in the LLM text; Slack must ack at once and deliver the LLM
// text on the response_url. Nothing about the user, channel or workspace may reach the OpenAI server.
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

const LLM_DELAY_MS = 1300;
const DEFER_AFTER_MS = 1000;
const ARTICLES = [
  { title: 'Volcano erupts on northern island', source: 'Island Post', hoursAgo: 2, body: 'A volcano on the northern island erupted before dawn, sending ash two kilometres into the sky. Residents of the nearest village were moved to a school gym. Flights to the island were cancelled until the ash cloud clears.' },
  { title: 'Ash cloud grounds flights across the region', source: 'Sky Ledger', hoursAgo: 5, body: 'Airlines cancelled dozens of flights after volcano ash drifted over three airports. Aviation officials said the ash can damage jet engines. Travellers were told to check with their carriers before going to the airport.' },
  { title: 'Scientists expect volcano activity to ease', source: 'Science Daily Wire', hoursAgo: 9, body: 'Volcanologists monitoring the island said tremors had slowed overnight. They expect the eruption to weaken over the coming days but warned that lava flows could continue. A research team will fly over the crater once the ash settles.' },
];

let openai: FakeOpenAI;
let dir: string;

/** A core on its own database with the LLM pointed at the slow fake and the three articles ingested. */
async function core(name: string): Promise<App> {
  const file = FileConfigSchema.parse({ topics: [{ name: 'volcano', keywords: ['volcano', 'ash', 'eruption'] }] });
  const config: Config = {
    dbPath: path.join(dir, `${name}.db`), configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent',
    llm: { mode: 'all', model: 'fake-model', baseURL: openai.baseURL, dailyTokens: 1_000_000, timeoutMs: 10_000, concurrency: 4, maxRetries: 0 },
  };
  const app = createApp({ config, logger: createLogger('silent') });
  const now = Date.now();
  const lines = ARTICLES.map((a, i) =>
    JSON.stringify({ title: a.title, body: a.body, source: a.source, url: `https://example.com/v/${i}`, publishedAt: new Date(now - a.hoursAgo * 3_600_000).toISOString() }),
  );
  expect((await app.pipeline.ingestContent(lines.join('\n'), 'volcano.jsonl')).rejections).toEqual([]);
  return app;
}

beforeAll(async () => {
  openai = await startFakeOpenAI({ delayMs: LLM_DELAY_MS });
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-llm-chat-'));
});
afterAll(async () => {
  await openai?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** No request to the LLM carries anything about who asked, or where. */
function expectOnlyArticleText(ids: string[]): void {
  expect(openai.requests.length).toBeGreaterThan(0);
  for (const r of openai.requests) {
    const body = JSON.stringify(r.body);
    for (const id of ids) expect(body).not.toContain(id);
  }
}

describe('Discord /brief with the LLM on', () => {
  let fake: FakeDiscord;
  let app: App;
  let bot: DiscordBot;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    app = await core('discord');
    bot = await startDiscordBot(app, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('silent'), restRetries: 0, deferAfterMs: DEFER_AFTER_MS });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  it('defers within the window while the LLM answers, then edits in the LLM summaries and the cited overview', async () => {
    openai.reset();
    const s = fake.command('brief', { topic: 'volcano' }, { id: '998877665544332211', name: 'zoe' });
    await s.waitFor((r) => r.method === 'PATCH', 10_000);
    await bot.idle();
    const [defer, edit, ...more] = s.requests();
    expect(defer?.body).toMatchObject({ type: 5 });
    expect(more).toEqual([]);
    // Deferred about deferAfterMs after the interaction arrived: well inside Discord's 3 s, before the LLM answered.
    const deferMs = (defer?.at ?? 0) - s.sentAt;
    expect(deferMs).toBeGreaterThanOrEqual(DEFER_AFTER_MS - 50);
    expect(deferMs).toBeLessThan(2500);
    expect((edit?.at ?? 0) - s.sentAt).toBeGreaterThanOrEqual(LLM_DELAY_MS);
    const embeds = (edit as RecordedRequest & { body: { embeds: { title?: string; description?: string }[] } }).body.embeds;
    expect(embeds[0]?.description).toContain('LLM overview: the lead story is covered in \\[1\\]. Related developments follow \\[2\\]\\[3\\].');
    expect(embeds.slice(1).map((e) => e.title?.replace(/^\d+\. /, ''))).toHaveLength(3);
    for (const e of embeds.slice(1)) expect(e.description).toContain(fakeSummary(e.title?.replace(/^\d+\. /, '') ?? ''));
    expect(openai.calls('story_summary')).toHaveLength(3);
    expect(openai.calls('briefing_overview')).toHaveLength(1);
    expectOnlyArticleText(['998877665544332211', 'zoe', '222222222222222222', '333333333333333333', 'general']);
  });

  it('answers the same /brief from the cache, without calling the LLM', async () => {
    openai.reset();
    const s = fake.command('brief', { topic: 'volcano' });
    await s.waitFor(() => true, 5000);
    await bot.idle();
    expect(openai.requests).toHaveLength(0);
    const [first] = s.requests();
    // The bot remembers the last run was slow and may defer up front; either way the reply carries the LLM text.
    const reply = first?.body as { type: number; data?: { embeds: { description?: string }[] } };
    const embeds = reply.type === 4 ? reply.data?.embeds : (s.requests()[1]?.body as { embeds: { description?: string }[] }).embeds;
    expect(embeds?.[0]?.description).toContain('LLM overview');
  });

  it('writes the overview of a paged briefing about the first page only, and reuses it for "More"', async () => {
    openai.reset();
    const s = fake.command('brief', { topic: 'volcano', limit: 2 });
    await s.waitFor((r) => r.method === 'PATCH' || (r.path.endsWith('/callback') && (r.body as { type: number }).type === 4), 10_000);
    await bot.idle();
    const overviews = openai.calls('briefing_overview');
    expect(overviews).toHaveLength(1);
    expect(overviews[0]?.userText).toContain('[2] ');
    expect(overviews[0]?.userText).not.toContain('[3] ');
    const [message] = s.messages();
    expect(JSON.stringify(message?.embeds)).toContain('Related developments follow \\\\[2\\\\].');
    openai.reset();
    const moreId = (message?.components as { components: { custom_id: string }[] }[]).flatMap((r) => r.components.map((c) => c.custom_id)).find((id) => id.startsWith('nb:more'));
    const more = fake.click(message as NonNullable<typeof message>, moreId ?? '');
    await more.waitFor((r) => r.method === 'POST' && r.path.includes('/webhooks/'), 10_000);
    await bot.idle();
    expect(openai.calls('briefing_overview')).toHaveLength(0);
  });
});

describe('Slack /brief with the LLM on', () => {
  let fake: FakeSlack;
  let app: App;
  let bot: SlackBot;
  let url: string;
  const SECRET = 'llm-test-signing-secret';
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: 'xoxb-llm-test', appToken: 'xapp-llm-test' });
    fake.users.set('U0LLMUSER', { id: 'U0LLMUSER' });
    app = await core('slack');
    bot = createSlackBot(app, { botToken: 'xoxb-llm-test', http: { signingSecret: SECRET, port: 0, host: '127.0.0.1' }, apiUrl: fake.apiUrl, retries: 0, logger: createLogger('silent') });
    const { port } = await bot.start();
    url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  it('acks at once, then posts the briefing with the LLM summaries and the cited overview on the response_url', async () => {
    openai.reset();
    const r = fake.responseUrl();
    const t0 = performance.now();
    const res = await postToBot(url, SECRET, slashPayload({ command: '/brief', text: 'volcano', response_url: r.url, user_id: 'U0LLMUSER', team_id: 'T0LLMTEAM', channel_id: 'C0LLMCHAN' }));
    const ackMs = performance.now() - t0;
    expect(res.status).toBe(200);
    expect(ackMs).toBeLessThan(LLM_DELAY_MS); // Slack's 3 s rule: the ack never waits for the LLM
    const reply = (await fake.waitForResponse(r.id, 0, 10_000)) as { text: string; blocks: SlackBlock[] };
    expect(performance.now() - t0).toBeGreaterThanOrEqual(LLM_DELAY_MS);
    const text = messageTexts({ text: reply.text, blocks: reply.blocks }).join('\n');
    expect(text).toContain('LLM overview: the lead story is covered in [1]. Related developments follow [2][3].');
    for (const a of ARTICLES) expect(text).toContain(fakeSummary(a.title));
    expect(text).toMatch(/\*1\. [\s\S]*\*2\. [\s\S]*\*3\. /);
    expectOnlyArticleText(['U0LLMUSER', 'T0LLMTEAM', 'C0LLMCHAN']);
  });
});
