// End to end: a digest's language, through the REAL chat clients (discord.js against the fake Discord, @slack/bolt
// against the fake Slack) and the real openai client against the fake OpenAI server. `/digest set … language:ko`
// stores the digest in Korean; its summaries and overview come from the LLM in Korean, cached per language (the same
// digest again makes no call, another language makes new ones); a German story is marked [de]; a failing LLM leaves
// the original summaries with one line saying so; without an LLM the reply says so once; a bad code is refused by name
// and nothing is saved.
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
import { startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';
import { defaultAnswer, errorAnswer, startFakeOpenAI, type FakeOpenAI, type RecordedCompletion } from '../fakes/openai.js';
import { postToBot, slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const SET_AT = new Date('2026-11-30T06:00:00Z');
const NOW = new Date('2026-11-30T12:00:00Z');
const EPHEMERAL = 64;
const MANAGE_GUILD = String(1 << 5);
const ARTICLES = [
  { title: 'Harbor cranes idle as dock strike enters second week', source: 'Harbor Times', body: 'Dock workers at the main harbor extended their strike over pay on Monday. Container ships queued outside the port and cargo was diverted to smaller terminals. Union leaders said talks would resume later in the week.' },
  { title: 'Harbor ferry adds night sailings for the summer', source: 'Port Courier', body: 'The harbor ferry will run every hour until midnight from June, the city transport office said. Tickets bought on the app will cost the same as day fares. A second boat joins the route in July, officials added.' },
  { title: 'Neue Fähren für den Hafen', source: 'Hafen Zeitung', body: 'Die Stadtverwaltung hat am Montag zwei neue Fähren für den Hafen vorgestellt. Die Schiffe fahren elektrisch und sollen ab dem Sommer jede Stunde zwischen dem Hafen und den Inseln verkehren. Nach Angaben der Behörde bleiben die Preise für die Fahrkarten gleich, und die Pendler freuen sich über die leisen Motoren.' },
];

/** The language a request asked for ("ko"), if any. */
const askedLanguage = (r: RecordedCompletion): string | undefined => /language code "([a-z]{2})"/.exec(r.body.messages?.[0]?.content ?? '')?.[1];
/** What the fake writes in Korean (or Japanese): the title after a marker, so tests can find it. */
const MARK: Record<string, string> = { ko: '한국어 요약', ja: '日本語の要約' };
function answerIn(r: RecordedCompletion) {
  const lang = askedLanguage(r);
  if (!lang || !MARK[lang]) return defaultAnswer(r);
  if (r.schemaName === 'story_summary') return { content: JSON.stringify({ summary: `${MARK[lang]}: ${/^Title: (.*)$/m.exec(r.userText)?.[1] ?? ''}` }) };
  const n = Number(/^Stories \((\d+)\):/m.exec(r.userText)?.[1] ?? 1);
  return { content: JSON.stringify({ overview: `${MARK[lang]} 개요 [1]. 관련 소식 ${Array.from({ length: n - 1 }, (_, i) => `[${i + 2}]`).join('')}.` }) };
}

let openai: FakeOpenAI;
let dir: string;

/** A core on its own database (the LLM pointed at the fake unless `llm` is false); the clock is `clock.now`. */
function core(name: string, clock: { now: Date }, llm = true): App {
  const file = FileConfigSchema.parse({ topics: [{ name: 'harbor', keywords: ['harbor', 'hafen', 'fähren'] }] });
  const dbPath = path.join(dir, `${name}.db`);
  const config: Config = {
    dbPath, configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent',
    ...(llm ? { llm: { mode: 'all', model: 'fake-model', baseURL: openai.baseURL, dailyTokens: 1_000_000, timeoutMs: 10_000, concurrency: 4, maxRetries: 0 } } : {}),
  } as Config;
  return createApp({ config, dbPath, now: () => clock.now, logger: createLogger('silent'), ...(llm ? {} : { llm: false }) });
}

/** Ingests the three stories (two English, one German) at the clock's time, an hour after they were published. */
async function ingest(app: App): Promise<void> {
  const lines = ARTICLES.map((a, i) => JSON.stringify({ ...a, url: `https://example.com/h/${i}`, publishedAt: new Date(NOW.getTime() - 3_600_000).toISOString() }));
  expect((await app.pipeline.ingestContent(lines.join('\n'), 'harbor.jsonl')).rejections).toEqual([]);
  const langs: string[] = [];
  for await (const a of app.store.articles.eachArticle()) langs.push(a.lang);
  expect(langs.sort()).toEqual(['de', 'en', 'en']);
}

beforeAll(async () => {
  openai = await startFakeOpenAI();
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-language-'));
});
afterAll(async () => {
  await openai?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Discord: a digest in Korean', () => {
  let fake: FakeDiscord;
  let app: App;
  let bot: DiscordBot;
  const clock = { now: SET_AT };
  const CHANNEL = 'discord:222222222222222222:333333333333333333';
  beforeAll(async () => {
    fake = await startFakeDiscord();
    app = core('discord', clock);
    bot = await startDiscordBot(app, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('silent'), restRetries: 0, now: () => clock.now });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  type Embed = { title?: string; description?: string; footer?: { text: string } };
  const answered = async (s: SentInteraction) => {
    await s.waitFor(() => true, 10_000);
    await bot.idle();
    return s.messages();
  };
  const stories = (embeds: Embed[]) => embeds.filter((e) => /^\d+\. /.test(e.title ?? ''));

  it('refuses an unknown language code by name, privately, and saves nothing', async () => {
    const [m] = await answered(fake.command('digest', { schedule: 'daily 08:00', language: 'xx' }, { permissions: MANAGE_GUILD }, 'set'));
    expect(Number(m?.flags) & EPHEMERAL).toBe(EPHEMERAL);
    expect(m?.content).toContain('Unknown language code "xx": give a two-letter ISO 639-1 code');
    expect(m?.content).toContain('Nothing was saved.');
    const [named] = await answered(fake.command('digest', { schedule: 'daily 08:00', language: 'Korean' }, { permissions: MANAGE_GUILD }, 'set'));
    expect(named?.content).toContain('Unknown language code "Korean": give a two-letter ISO 639-1 code — for Korean, use ko');
    expect(await app.store.digests.listSubscriptions(CHANNEL)).toEqual([]);
  });

  it('sets language:ko; the digest has Korean LLM summaries and overview, every story marked with its own language', async () => {
    const [set] = await answered(fake.command('digest', { schedule: 'daily 08:00', language: 'ko' }, { permissions: MANAGE_GUILD }, 'set'));
    expect(set?.content).toContain('Summaries and the overview are written in Korean (ko)');
    expect((await app.store.digests.listSubscriptions(CHANNEL)).map((s) => s.language)).toEqual(['ko']);
    clock.now = NOW;
    await ingest(app);
    openai.reset();
    openai.respondWith(answerIn);
    const embeds = (await answered(fake.command('digest', {}, {}, 'preview'))).flatMap((m) => m.embeds as Embed[]);
    const shown = stories(embeds);
    expect(shown).toHaveLength(3);
    for (const e of shown) expect(e.description).toContain(`한국어 요약: ${e.title?.replace(/^\d+\. /, '')}`);
    expect(embeds[0]?.description).toContain('한국어 요약 개요 \\[1\\]');
    // In a Korean digest every story here is in another language: each shows its own.
    expect(shown.find((e) => e.title?.includes('Neue Fähren'))?.footer?.text).toMatch(/^\[de\] · 1 source/);
    expect(shown.filter((e) => e.footer?.text.startsWith('[en] · '))).toHaveLength(2);
    expect(JSON.stringify(embeds)).not.toContain('original language');
    expect(openai.calls('story_summary')).toHaveLength(3);
    expect(openai.calls('briefing_overview')).toHaveLength(1);
    for (const r of openai.requests) expect(r.body.messages?.[0]?.content).toContain('Write in Korean (language code "ko")');
  });

  it('answers the same digest from the cache, and another language with new calls', async () => {
    openai.reset();
    openai.respondWith(answerIn);
    const again = stories((await answered(fake.command('digest', {}, {}, 'preview'))).flatMap((m) => m.embeds as Embed[]));
    expect(again.filter((e) => e.description?.includes('한국어 요약'))).toHaveLength(3);
    expect(openai.requests).toHaveLength(0);

    const [changed] = await answered(fake.command('digest', { language: 'ja' }, { permissions: MANAGE_GUILD }, 'language'));
    expect(changed?.content).toContain('Digest #1 is now in Japanese (ja).');
    const ja = stories((await answered(fake.command('digest', {}, {}, 'preview'))).flatMap((m) => m.embeds as Embed[]));
    expect(ja.filter((e) => e.description?.includes('日本語の要約'))).toHaveLength(3);
    expect(openai.calls('story_summary')).toHaveLength(3);
    // Korean is still cached: back to it, no call.
    openai.reset();
    await answered(fake.command('digest', { language: 'ko' }, { permissions: MANAGE_GUILD }, 'language'));
    const ko = stories((await answered(fake.command('digest', {}, {}, 'preview'))).flatMap((m) => m.embeds as Embed[]));
    expect(ko.filter((e) => e.description?.includes('한국어 요약'))).toHaveLength(3);
    expect(openai.requests).toHaveLength(0);
  });

  it('falls back to the original summaries with one line when the LLM fails', async () => {
    openai.reset();
    openai.respondWith(() => errorAnswer(500, 'server_error'));
    await answered(fake.command('digest', { language: 'fr' }, { permissions: MANAGE_GUILD }, 'language'));
    const embeds = (await answered(fake.command('digest', {}, {}, 'preview'))).flatMap((m) => m.embeds as Embed[]);
    expect(JSON.stringify(embeds).split('Some summaries are in their original language: the LLM could not write them in French this time.')).toHaveLength(2);
    const german = stories(embeds).find((e) => e.title?.includes('Neue Fähren'));
    expect(german?.description).toContain('Stadtverwaltung');
    expect(german?.footer?.text).toMatch(/^\[de\] · /);
    expect(openai.requests.length).toBeGreaterThan(0);
  });

  it('posts the Korean digest in the channel with /digest now, from the cache', async () => {
    openai.reset();
    await answered(fake.command('digest', { language: 'ko' }, { permissions: MANAGE_GUILD }, 'language'));
    const posted = await answered(fake.command('digest', {}, { permissions: MANAGE_GUILD }, 'now'));
    expect(posted.every((m) => (Number(m.flags) & EPHEMERAL) === 0)).toBe(true);
    const embeds = posted.flatMap((m) => m.embeds as Embed[]);
    expect(stories(embeds).filter((e) => e.description?.includes('한국어 요약'))).toHaveLength(3);
    expect(embeds[0]?.description).toContain('한국어 요약 개요');
    expect(openai.requests).toHaveLength(0);
  });
});

describe('Discord: a digest in Korean without an LLM', () => {
  let fake: FakeDiscord;
  let app: App;
  let bot: DiscordBot;
  const clock = { now: SET_AT };
  beforeAll(async () => {
    fake = await startFakeDiscord();
    app = core('discord-offline', clock, false);
    bot = await startDiscordBot(app, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('silent'), restRetries: 0, now: () => clock.now });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  it('keeps each story in its own language and says so once', async () => {
    const answered = async (s: SentInteraction) => {
      await s.waitFor(() => true, 10_000);
      await bot.idle();
      return s.messages();
    };
    const [set] = await answered(fake.command('digest', { schedule: 'daily 08:00', language: 'ko' }, { permissions: MANAGE_GUILD }, 'set'));
    expect(set?.content).toContain('Language: Korean (ko). No LLM is configured, so summaries stay in their original language');
    clock.now = NOW;
    await ingest(app);
    const preview = await answered(fake.command('digest', {}, {}, 'preview'));
    const embeds = preview.flatMap((m) => m.embeds as { title?: string; footer?: { text: string } }[]);
    expect(JSON.stringify(embeds).split('Summaries are in their original language: configure an LLM to have them written in Korean.')).toHaveLength(2);
    expect(embeds.find((e) => e.title?.includes('Neue Fähren'))?.footer?.text).toMatch(/^\[de\] · /);
    expect(JSON.stringify(embeds)).not.toContain('한국어');
  });
});

describe('Slack: a digest in Korean', () => {
  let fake: FakeSlack;
  let app: App;
  let bot: SlackBot;
  let url: string;
  const SECRET = 'language-signing-secret';
  const CHANNEL = 'C0LANG';
  const clock = { now: SET_AT };
  type Reply = { response_type?: string; text: string; blocks?: SlackBlock[] };
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: 'xoxb-language', appToken: 'xapp-language' });
    fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
    fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
    app = core('slack', clock);
    bot = createSlackBot(app, { botToken: 'xoxb-language', http: { signingSecret: SECRET, port: 0, host: '127.0.0.1' }, apiUrl: fake.apiUrl, retries: 0, logger: createLogger('silent'), now: () => clock.now });
    const { port } = await bot.start();
    url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  /** The answer on the response_url (the fake LLM answers well within the wait for it). */
  const slash = async (text: string, user = 'U0MEMBER'): Promise<Reply> => {
    const r = fake.responseUrl();
    await postToBot(url, SECRET, slashPayload({ command: '/digest', text, response_url: r.url, team_id: 'T0LANG', user_id: user, channel_id: CHANNEL }));
    const first = (await fake.waitForResponse(r.id, 0, 10_000)) as Reply;
    return first;
  };
  const textOf = (r: Reply) => messageTexts({ text: r.text, ...(r.blocks ? { blocks: r.blocks } : {}) }).join('\n');

  it('refuses a bad code by name and saves nothing; stores language:ko', async () => {
    const bad = await slash('set "daily 08:00" language:zz', 'U0ADMIN');
    expect(bad.response_type).toBe('ephemeral');
    expect(bad.text).toContain('Unknown language code "zz"');
    expect(await app.store.digests.listSubscriptions(`slack:T0LANG:${CHANNEL}`)).toEqual([]);
    expect((await slash('set "daily 08:00" language:ko', 'U0ADMIN')).text).toContain('written in Korean (ko)');
    expect((await app.store.digests.listSubscriptions(`slack:T0LANG:${CHANNEL}`)).map((s) => s.language)).toEqual(['ko']);
    expect((await slash('status')).text).toContain('language: Korean (ko)');
  });

  it('previews the digest with Korean LLM summaries (the German story marked [de]), then from the cache', async () => {
    clock.now = NOW;
    await ingest(app);
    openai.reset();
    openai.respondWith(answerIn);
    const text = textOf(await slash('preview'));
    for (const a of ARTICLES) expect(text).toContain(`한국어 요약: ${a.title}`);
    expect(text).toContain('한국어 요약 개요 [1]');
    expect(text).toMatch(/\[de\] · 1 source: Hafen Zeitung/);
    expect(text.match(/\[en\] · /g)).toHaveLength(2);
    expect(openai.calls('story_summary')).toHaveLength(3);
    openai.reset();
    expect(textOf(await slash('preview'))).toContain(`한국어 요약: ${ARTICLES[0]?.title}`);
    expect(openai.requests).toHaveLength(0);
  });

  it('falls back to the original summaries with one line when the LLM fails', async () => {
    openai.reset();
    openai.respondWith(() => errorAnswer(503, 'server_error'));
    expect((await slash('language language:de', 'U0ADMIN')).text).toContain('is now in German (de)');
    const text = textOf(await slash('preview'));
    expect(text.split('Some summaries are in their original language: the LLM could not write them in German this time.')).toHaveLength(2);
    expect(text).toContain('Dock workers at the main harbor');
    // In a German digest the German story is not marked; the English ones are.
    expect(text.match(/\[en\] · /g)).toHaveLength(2);
    expect(text).not.toContain('[de]');
  });
});
