// The LLM path end to end in-process: the REAL openai client against the fake OpenAI-compatible server on 127.0.0.1,
// over a fresh SQLite core. Each case runs /brief through the neutral command and checks what the user gets (LLM
// text, or the offline text after a fallback), what the server was sent, and what the ledger counted.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/run.js';
import { complete } from '../../commands/settle.js';
import type { CommandContext, Reply } from '../../commands/types.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { Secret, type LlmConfig } from '../../src/llm/config.js';
import { enhanceDigest, llmStatusLine, type EnhanceReport } from '../../src/llm/index.js';
import { createLogger } from '../../src/log.js';
import type { Briefing, Digest } from '../../src/types.js';
import { defaultAnswer, errorAnswer, fakeSummary, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const ctx: CommandContext = { platform: 'discord', workspaceId: 'discord:SECRETGUILD', channelId: 'discord:SECRETGUILD:SECRETCHAN', userId: 'discord:SECRETUSER', isAdmin: false, now: NOW };

/** Three volcano stories of our own, published hours before NOW. */
const ARTICLES = [
  { title: 'Volcano erupts on northern island', source: 'Island Post', hoursAgo: 2, body: 'A volcano on the northern island erupted before dawn, sending ash two kilometres into the sky. Residents of the nearest village were moved to a school gym. Flights to the island were cancelled until the ash cloud clears.' },
  { title: 'Ash cloud grounds flights across the region', source: 'Sky Ledger', hoursAgo: 5, body: 'Airlines cancelled dozens of flights after volcano ash drifted over three airports. Aviation officials said the ash can damage jet engines. Travellers were told to check with their carriers before going to the airport.' },
  { title: 'Scientists expect volcano activity to ease', source: 'Science Daily Wire', hoursAgo: 9, body: 'Volcanologists monitoring the island said tremors had slowed overnight. They expect the eruption to weaken over the coming days but warned that lava flows could continue. A research team will fly over the crater once the ash settles.' },
];

function jsonl(): string {
  return ARTICLES.map((a, i) =>
    JSON.stringify({ title: a.title, body: a.body, source: a.source, url: `https://example.com/volcano/${i}`, publishedAt: new Date(NOW.getTime() - a.hoursAgo * 3_600_000).toISOString() }),
  ).join('\n');
}

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(async () => {
  fake.reset();
  fake.delayMs = 0;
});

/** A core with the LLM pointed at the fake, the three articles ingested, and its log lines. */
async function setup(over: Partial<LlmConfig> = {}, dbPath = ':memory:', ingest = true) {
  const file = FileConfigSchema.parse({ topics: [{ name: 'volcano', keywords: ['volcano', 'ash', 'eruption'] }] });
  const llm: LlmConfig = { mode: 'all', model: 'fake-model', baseURL: fake.baseURL, dailyTokens: 1_000_000, timeoutMs: 3000, concurrency: 4, maxRetries: 0, ...over };
  const config: Config = { dbPath, configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent', llm };
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const app = createApp({ config, dbPath, logger: createLogger('debug', sink), now: () => NOW });
  if (ingest) expect((await app.pipeline.ingestContent(jsonl(), 'volcano.jsonl')).rejections).toEqual([]);
  return { app, lines, warnings: () => lines.filter((l) => l.level === 40) };
}

async function brief(app: App, args: Record<string, unknown> = {}): Promise<Briefing> {
  const reply: Reply = await complete(await runCommand(app, ctx, 'brief', undefined, { topic: 'volcano', since: '7d', ...args }));
  if (reply.kind !== 'briefing') throw new Error(`expected a briefing, got ${JSON.stringify(reply)}`);
  return reply.briefing;
}

/** The briefing the same core gives without the LLM (the offline text). */
async function offline(app: App): Promise<Briefing> {
  const { llm: _llm, ...plain } = app;
  const reply = await runCommand(plain as App, ctx, 'brief', undefined, { topic: 'volcano', since: '7d' });
  if (reply.kind !== 'briefing') throw new Error('expected a briefing');
  return reply.briefing;
}

const summaryCalls = () => fake.calls('story_summary').length;
const overviewCalls = () => fake.calls('briefing_overview').length;

describe('LLM summaries and overview against a fake OpenAI server', () => {
  it('replaces each story summary with the one-sentence LLM summary and opens with an overview citing [1]..[3]', async () => {
    const { app } = await setup();
    const b = await brief(app);
    expect(b.stories).toHaveLength(3);
    for (const s of b.stories) expect(s.summary).toBe(fakeSummary(s.headline));
    expect(b.overview).toBe('LLM overview: the lead story is covered in [1]. Related developments follow [2][3].');
    expect(summaryCalls()).toBe(3);
    expect(overviewCalls()).toBe(1);
    // The overview was asked about the stories in briefing order, so [n] is the n-th story shown.
    const listed = fake.calls('briefing_overview')[0]?.userText ?? '';
    b.stories.forEach((s, i) => expect(listed).toContain(`[${i + 1}] ${s.headline} — `));
    await app.close();
  });

  it('asks for strict structured output with the zod schema of each call, and the model configured', async () => {
    const { app } = await setup({ model: 'my-local-model' });
    await brief(app);
    const sum = fake.calls('story_summary')[0];
    expect(sum?.body.model).toBe('my-local-model');
    expect(sum?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'story_summary', strict: true, schema: expect.objectContaining({ type: 'object', required: ['summary'], additionalProperties: false }) },
    });
    expect(fake.calls('briefing_overview')[0]?.body.response_format?.json_schema?.schema).toMatchObject({ required: ['overview'] });
    // A custom OPENAI_BASE_URL gets max_tokens, which OpenAI-compatible servers understand.
    expect(sum?.body.max_tokens).toBeGreaterThan(0);
    expect(sum?.body.max_completion_tokens).toBeUndefined();
    await app.close();
  });

  it('sends only article titles and text: no user, channel or workspace ids, no query, and the key only as a header', async () => {
    const { app } = await setup({ apiKey: new Secret('sk-test-key-123') });
    await brief(app);
    expect(fake.requests.length).toBe(4);
    for (const r of fake.requests) {
      const body = JSON.stringify(r.body);
      expect(body).not.toMatch(/SECRET|discord:|slack:/);
      expect(body).not.toContain('sk-test-key');
      expect(r.headers.authorization).toBe('Bearer sk-test-key-123');
      expect(r.body.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    }
    const sums = fake.calls('story_summary').map((r) => r.userText);
    for (const a of ARTICLES) expect(sums.some((t) => t.startsWith(`Title: ${a.title}\n\n${a.body}`))).toBe(true);
    await app.close();
  });

  it('falls back to the offline text when the server answers too slowly, within the timeout, logging the reason once', async () => {
    const { app, warnings } = await setup({ timeoutMs: 150 });
    const expected = await offline(app);
    fake.delayMs = 1000;
    const t0 = performance.now();
    const b = await brief(app);
    expect(performance.now() - t0).toBeLessThan(900);
    expect(b.stories.map((s) => s.summary)).toEqual(expected.stories.map((s) => s.summary));
    expect(b.overview).toBeUndefined();
    expect(warnings()).toEqual([expect.objectContaining({ scope: 'llm', reason: 'timeout', count: 4 })]);
    expect((await app.llm?.status())?.fallbacksToday).toBe(4);
    await app.close();
  });

  it('waits out a 429 as retry-after says, then uses the answer', async () => {
    // A server of its own: a request the previous case's client gave up on may still reach the shared one late (under
    // load) and would take the queued 429.
    const own = await startFakeOpenAI();
    try {
      const { app } = await setup({ maxRetries: 2, concurrency: 1, baseURL: own.baseURL });
      own.enqueue(errorAnswer(429, 'rate_limit_exceeded', { 'retry-after': '0.3' }));
      const b = await brief(app);
      expect(b.stories.every((s) => s.summary.endsWith('(LLM).'))).toBe(true);
      expect(b.overview).toBeDefined();
      const [first, second] = own.requests;
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(290);
      expect(own.requests).toHaveLength(5); // 4 calls, one of them retried
      expect((await app.llm?.status())?.fallbacksToday).toBe(0);
      await app.close();
    } finally {
      await own.close();
    }
  });

  it('gives up after the bounded retries when the server keeps answering 500, and shows the offline briefing', async () => {
    const { app, warnings } = await setup({ maxRetries: 1 });
    const expected = await offline(app);
    fake.respondWith(() => errorAnswer(500, 'server_error', { 'retry-after-ms': '10' }));
    const b = await brief(app);
    expect(fake.requests).toHaveLength(8); // 4 calls x (1 + 1 retry)
    expect(b).toEqual(expected);
    expect(warnings()).toEqual([expect.objectContaining({ reason: 'server_error', count: 4 })]);
    await app.close();
  });

  it('rejects malformed JSON and falls back for that story only', async () => {
    const { app, warnings } = await setup({ concurrency: 1 });
    const expected = await offline(app);
    fake.enqueue({ content: '{"summary": "cut off in the mid' });
    const b = await brief(app);
    expect(b.stories[0]?.summary).toBe(expected.stories[0]?.summary);
    expect(b.stories.slice(1).every((s) => s.summary.endsWith('(LLM).'))).toBe(true);
    expect(b.overview).toBeDefined();
    expect(warnings()).toEqual([expect.objectContaining({ reason: 'malformed_json', count: 1 })]);
    await app.close();
  });

  it('rejects JSON that does not match the schema (wrong field, empty or too long)', async () => {
    const { app, warnings } = await setup({ concurrency: 1 });
    const expected = await offline(app);
    fake.enqueue({ content: '{"headline": "x"}' }, { content: '{"summary": "   "}' }, { content: JSON.stringify({ summary: 'x'.repeat(401) }) });
    const b = await brief(app);
    expect(b.stories.map((s) => s.summary)).toEqual(expected.stories.map((s) => s.summary));
    expect(warnings()).toEqual([expect.objectContaining({ reason: 'schema_mismatch', count: 3 })]);
    await app.close();
  });

  it('rejects an overview citing a story number the briefing does not have, keeping the LLM summaries', async () => {
    const { app, warnings } = await setup();
    fake.respondWith((r) => (r.schemaName === 'briefing_overview' ? { content: JSON.stringify({ overview: 'Ash grounded flights [2] and more [4].' }) } : defaultAnswer(r)));
    const b = await brief(app);
    expect(b.overview).toBeUndefined();
    expect(b.stories.every((s) => s.summary.endsWith('(LLM).'))).toBe(true);
    expect(warnings()).toEqual([expect.objectContaining({ reason: 'citation_out_of_range', detail: 'cites [4] but there are 3 stories' })]);
    await app.close();
  });

  it('rejects an overview that cites nothing, or has a sentence without a citation', async () => {
    const { app, warnings } = await setup();
    const overviews = ['A volcano erupted and flights stopped.', 'A volcano erupted [1]. Flights stopped.'];
    fake.respondWith((r) => (r.schemaName === 'briefing_overview' ? { content: JSON.stringify({ overview: overviews.shift() }) } : defaultAnswer(r)));
    const first = await brief(app, { limit: 2 });
    expect(first.overview).toBeUndefined();
    const second = await brief(app, { limit: 3 });
    expect(second.overview).toBeUndefined();
    expect(warnings().map((w) => w.reason)).toEqual(['no_citation', 'uncited_claim']);
    await app.close();
  });
});

describe('modes and odd answers', () => {
  it('writes only what NEWSBRIEF_LLM asks for: summaries, or the overview', async () => {
    const sums = await setup({ mode: 'summaries' });
    const a = await brief(sums.app);
    expect(a.overview).toBeUndefined();
    expect(a.stories.every((s) => s.summary.endsWith('(LLM).'))).toBe(true);
    expect(overviewCalls()).toBe(0);
    await sums.app.close();
    fake.reset();
    const over = await setup({ mode: 'overview' });
    const b = await brief(over.app);
    expect(b.overview).toBeDefined();
    expect(b.stories.some((s) => s.summary.endsWith('(LLM).'))).toBe(false);
    expect(summaryCalls()).toBe(0);
    await over.app.close();
  });

  it('treats a refusal and an answer cut at the token limit as fallbacks', async () => {
    const { app, warnings } = await setup({ concurrency: 1 });
    fake.enqueue({ content: null, refusal: 'I cannot help with that.' }, { content: '{"summary": "half', finishReason: 'length' });
    await brief(app);
    expect(warnings().map((w) => w.reason).sort()).toEqual(['refusal', 'truncated']);
    await app.close();
  });

  it('leaves the whole briefing offline when something unexpected breaks inside the LLM path', async () => {
    const { app, lines } = await setup();
    const expected = await offline(app);
    app.store.llm.llmStoryTexts = () => {
      throw new Error('disk on fire');
    };
    expect(await brief(app)).toEqual(expected);
    expect(lines.find((l) => l.level === 50)).toMatchObject({ scope: 'llm', reason: 'error', err: expect.objectContaining({ message: 'disk on fire' }) });
    await app.close();
  });
});

describe('LLM cache, budget and limits', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-llm-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('summarizes an article once, ever: a warm briefing makes no call, also after a restart', async () => {
    const db = path.join(dir, 'cache.db');
    const one = await setup({}, db);
    const cold = await brief(one.app);
    expect(fake.requests).toHaveLength(4);
    const warm = await brief(one.app);
    expect(fake.requests).toHaveLength(4);
    expect(warm).toEqual(cold);
    await one.app.close();

    const two = await setup({}, db, false); // a restarted process on the same database
    let report: EnhanceReport | undefined;
    const b = await two.app.llm?.enhanceBriefing(await offline(two.app), { onReport: (r) => (report = r) });
    expect(fake.requests).toHaveLength(4);
    expect(b).toEqual(cold);
    expect(report).toMatchObject({ calls: 0, cacheHits: 4, fallbacks: {} });
    await two.app.close();

    const other = await setup({ model: 'another-model' }, db, false); // a new model summarizes again
    await brief(other.app);
    expect(fake.requests).toHaveLength(8);
    await other.app.close();
  });

  it('asks again only for the stories that are not cached yet', async () => {
    const { app } = await setup();
    await brief(app, { limit: 2 });
    expect([summaryCalls(), overviewCalls()]).toEqual([2, 1]);
    await brief(app, { limit: 3 });
    expect([summaryCalls(), overviewCalls()]).toEqual([3, 2]); // one new story, a new overview (3 stories)
    await app.close();
  });

  it('makes no call once the daily token budget is spent, shows the offline briefing and counts the fallbacks', async () => {
    const { app, warnings } = await setup({ dailyTokens: 1200 });
    const expected = await offline(app);
    const first = await brief(app);
    const made = fake.requests.length;
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(4); // the budget ran out part way
    expect(first.stories.some((s) => s.summary.endsWith('(LLM).'))).toBe(true);
    const status = await app.llm?.status();
    expect(status?.tokensToday).toBeLessThanOrEqual(1200);

    const { app: app2 } = await setup({ dailyTokens: 1 }); // nothing fits
    const b = await brief(app2);
    expect(fake.requests.length).toBe(made);
    expect(b).toEqual(expected);
    expect((await app2.llm?.status())?.fallbacksToday).toBe(4);
    expect(warnings().some((w) => w.reason === 'budget')).toBe(true);
    await app.close();
    await app2.close();
  });

  it('keeps at most NEWSBRIEF_LLM_CONCURRENCY calls in flight', async () => {
    const { app } = await setup({ concurrency: 2 });
    fake.delayMs = 150;
    await brief(app);
    const at = fake.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(at).toHaveLength(4);
    expect((at[2] as number) - (at[0] as number)).toBeGreaterThanOrEqual(140);
    expect((at[3] as number) - (at[1] as number)).toBeGreaterThanOrEqual(140);
    await app.close();
  });

  it('shares one call between two briefings that need the same summary at the same time', async () => {
    const { app } = await setup();
    fake.delayMs = 50;
    const [a, b] = await Promise.all([brief(app), brief(app)]);
    expect(fake.requests).toHaveLength(4);
    expect(a).toEqual(b);
    await app.close();
  });

  it('stops calling for a minute after repeated outages, so briefings do not wait on a dead server', async () => {
    const { app, warnings } = await setup({ concurrency: 1 });
    fake.respondWith(() => errorAnswer(503, 'overloaded'));
    await brief(app);
    expect(fake.requests).toHaveLength(3); // the third failure in a row pauses the LLM
    await brief(app);
    expect(fake.requests).toHaveLength(3);
    expect(warnings().map((w) => w.reason)).toEqual(['server_error', 'unavailable', 'unavailable']);
    await app.close();
  });
});

describe('digests and status', () => {
  it('enhances a digest: summaries for every story and an overview citing stories by their number across sections', async () => {
    const { app } = await setup();
    const [s1, s2, s3] = await app.store.stories.getStories((await app.store.articles.search({ topic: 'volcano', limit: 10 })).map((h) => h.storyId));
    expect(s3).toBeDefined();
    const digest: Digest = {
      title: 'Digest',
      window: { since: '2026-11-29T12:00:00Z', until: NOW.toISOString() },
      sections: [{ topic: 'volcano', stories: [s1!, s2!] }, { topic: 'travel', stories: [s3!] }],
    };
    const d = await enhanceDigest(app.llm, digest);
    expect(d.sections.map((s) => s.stories.map((x) => x.summary))).toEqual([[fakeSummary(s1!.headline), fakeSummary(s2!.headline)], [fakeSummary(s3!.headline)]]);
    expect(d.overview).toContain('[3]');
    const listed = fake.calls('briefing_overview')[0]?.userText ?? '';
    expect(listed).toContain(`[3] ${s3!.headline}`);
    const { llm: _llm, ...plain } = app;
    expect(await enhanceDigest((plain as App).llm, digest)).toBe(digest);
    await app.close();
  });

  it('states tokens used today of the budget and the fallbacks in one line', async () => {
    const { app } = await setup({ dailyTokens: 200_000 });
    expect(await llmStatusLine(app.llm)).toBe('LLM: 0 tokens used today of 200,000 · 0 fallbacks');
    await brief(app);
    fake.respondWith(() => errorAnswer(400, 'bad_request'));
    await brief(app, { limit: 1, since: 'all', topic: 'nothing-cached-here volcano' });
    const used = (await app.llm?.status())?.tokensToday ?? 0;
    expect(used).toBeGreaterThan(0);
    expect(await llmStatusLine(app.llm)).toBe(`LLM: ${used.toLocaleString('en-US')} tokens used today of 200,000 · ${(await app.llm?.status())?.fallbacksToday === 1 ? '1 fallback' : `${(await app.llm?.status())?.fallbacksToday} fallbacks`}`);
    const { llm: _llm, ...plain } = app;
    expect(await llmStatusLine((plain as App).llm)).toBeUndefined();
    await app.close();
  });
});
