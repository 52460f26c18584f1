// End to end: personal follows on Slack. The real bolt app (HTTP receiver) against the fake Slack: the Follow button
// and /follow answered privately, the delta by DM once through the real Slack poster, a user who cannot be messaged
// paused; quiet hours in the user's timezone and a topic alert with the daily cap; with an LLM (the real openai client
// against the fake OpenAI server) the update as one cited sentence, asked once for every follower, else the offline
// delta. The Discord half is in follows-chat.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackBot, SLACK_EVENTS_PATH, type SlackBot } from '../../adapters/slack/client.js';
import { createSlackPoster } from '../../adapters/slack/poster.js';
import { FOLLOW_ACTION_ID } from '../../adapters/slack/render.js';
import { createApp, type App } from '../../src/app.js';
import { createFollowDelivery } from '../../src/follows/deliver.js';
import { createLogger } from '../../src/log.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { buttonPayload, postToBot, slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { lighthouse, report } from '../support/follow-news.js';
import { config, FACTS, llmFor, news, rewriteWith } from './follows-news.js';

const SECRET = 'test-signing-secret';

let openai: FakeOpenAI;
beforeAll(async () => {
  openai = await startFakeOpenAI();
});
afterAll(async () => {
  await openai?.close();
});

describe('personal follows on Slack', () => {
  let fake: FakeSlack;
  let core: App;
  let bot: SlackBot;
  let url: string;
  let t = Date.parse('2026-11-30T00:00:00Z');
  let story: number;
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: 'xoxb-test-token', appToken: 'xapp-test-token' });
    core = createApp({ config: config(':memory:'), dbPath: ':memory:', now: () => new Date(t) });
    expect((await core.pipeline.ingestContent(report(0), 'r0.json')).rejections).toEqual([]);
    story = (await core.store.articles.getArticle(1))?.storyId as number;
    bot = createSlackBot(core, { botToken: 'xoxb-test-token', http: { signingSecret: SECRET, port: 0, host: '127.0.0.1' }, apiUrl: fake.apiUrl, retries: 0, logger: createLogger('silent'), now: () => new Date(t) });
    const { port } = await bot.start();
    url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await core?.close();
  });
  const click = async (user: string): Promise<{ response_type?: string; text: string }> => {
    const r = fake.responseUrl();
    await postToBot(url, SECRET, { payload: JSON.stringify(buttonPayload({ action_id: FOLLOW_ACTION_ID, value: String(story), response_url: r.url, user_id: user })) });
    return (await fake.waitForResponse(r.id)) as { response_type?: string; text: string };
  };
  const ask = async (text: string, user: string): Promise<{ response_type?: string; text: string }> => {
    const r = fake.responseUrl();
    await postToBot(url, SECRET, slashPayload({ command: '/follow', text, response_url: r.url, user_id: user }));
    return (await fake.waitForResponse(r.id)) as { response_type?: string; text: string };
  };

  it('follows from the button privately, sends the delta by DM once, and pauses a user who cannot be messaged', async () => {
    t += 60_000;
    expect(await click('U0FAN')).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Following “Crane collapse/) });
    expect(await click('U0GONE')).toMatchObject({ response_type: 'ephemeral' });
    expect((await ask('quiet 7pm', 'U0FAN')).text).toMatch(/is not a range of hours/);
    fake.failDm('U0GONE', 'user_disabled');
    t += 60_000;
    expect((await core.pipeline.ingestContent(report(1), 'r1.json')).rejections).toEqual([]);
    const delivery = createFollowDelivery(core, { posters: [createSlackPoster(bot.bolt.client, { connected: () => true, now: core.now })], owner: 'test' });
    expect(await delivery.tick(new Date(t))).toMatchObject({ updates: 1, paused: 1 });
    const dms = fake.posts('DU0FAN');
    expect(dms).toHaveLength(1);
    expect(String(dms[0]?.text)).toContain('Reporter OkonkwoB counted 107 stranded cars.');
    expect(await core.store.follows.followUser('slack:T0TEST', 'slack:U0GONE')).toMatchObject({ pausedReason: 'the user was deactivated (user_disabled)' });
    expect(await delivery.tick(new Date(t + 60_000))).toMatchObject({ updates: 0, paused: 0, failed: 0 });
    expect(fake.posts('DU0FAN')).toHaveLength(1);
  });

  it('holds a follower’s update in quiet hours (their timezone) and sends it after; alerts a topic follower at most the daily cap, the rest summarized the next day', async () => {
    const texts = (user: string) => fake.posts(`D${user}`).map((p) => String(p.text));
    const delivery = createFollowDelivery(core, { posters: [createSlackPoster(bot.bolt.client, { connected: () => true, now: core.now })], owner: 'test' });
    expect(await ask('quiet 22:00-07:00 timezone:Asia/Seoul', 'U0FAN')).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Quiet hours 22:00-07:00 \(Asia\/Seoul\)/) });
    expect((await ask('quiet off cap:2', 'U0TOPIC')).text).toMatch(/At most 2 topic alerts a day/);
    expect((await ask('topic lighthouse', 'U0TOPIC')).text).toMatch(/^Following “lighthouse”: a direct message when a new story matches, at most 2 a day/);
    t = Date.parse('2026-11-30T14:00:00Z'); // 23:00 in Seoul
    for (const [body, name] of [[report(2), 'r2.json'], ...[0, 1, 2].map((i) => [lighthouse(i), `l${i}.json`])] as const) expect((await core.pipeline.ingestContent(body, name)).rejections).toEqual([]);
    expect(await delivery.tick(new Date(t))).toMatchObject({ updates: 0, held: 1, alerts: 2, summaries: 0, failed: 0 }); // nothing to U0FAN
    expect(texts('U0TOPIC')).toEqual([expect.stringMatching(/^\*New on lighthouse:\* Lighthouse/), expect.stringMatching(/^\*New on lighthouse:\* Lighthouse/)]);
    t = Date.parse('2026-11-30T23:00:00Z'); // 08:00 in Seoul, still the 30th in UTC
    expect(await delivery.tick(new Date(t))).toMatchObject({ updates: 1, held: 0, alerts: 0, summaries: 0 });
    expect(texts('U0FAN')[1]).toContain('Reporter OkonkwoC counted 114 stranded cars.');
    t += 86_400_000;
    expect(await delivery.tick(new Date(t))).toMatchObject({ updates: 0, alerts: 0, summaries: 1 });
    expect(texts('U0TOPIC')[2]).toMatch(/^\*1 more story matched what you follow\* \(past your daily limit of 2\):\n• Lighthouse/);
    expect(await delivery.tick(new Date(t + 60_000))).toMatchObject({ updates: 0, alerts: 0, summaries: 0 });
    expect([texts('U0FAN').length, texts('U0TOPIC').length]).toEqual([2, 3]);
    await ask('quiet off', 'U0FAN');
  });

  it('with an LLM, sends the update as one cited sentence, asked once for both followers; else the offline delta', async () => {
    expect(await click('U0TWO')).toMatchObject({ response_type: 'ephemeral' });
    const delivery = createFollowDelivery({ ...core, llm: llmFor(core, openai.baseURL) }, { posters: [createSlackPoster(bot.bolt.client, { connected: () => true, now: core.now })], owner: 'test' });
    for (const k of [0, 1, 2]) {
      rewriteWith(openai, k);
      t += 60_000;
      for (const j of [0, 1]) expect((await core.pipeline.ingestContent(news(k, j), `n${k}${j}.json`)).rejections).toEqual([]);
      expect(await delivery.tick(new Date(t))).toMatchObject({ updates: 2, failed: 0 });
      expect(openai.calls('story_update')).toHaveLength(1);
      const [fan, two] = ['DU0FAN', 'DU0TWO'].map((c) => String(fake.posts(c).at(-1)?.text));
      expect(two).toBe(fan);
      expect(fan).toContain(k === 0 ? '• Mayor Ingrid Solberg ordered an inquiry [1] as repairs were put at 4.2 million dollars [2]. ([1] <https://news0.example/quayside-0|Pacific Wire>, [2] <https://news1.example/quayside-0|Island Times>)' : `• ${FACTS[k]?.[1]} (<https://news1.example/quayside-${k}|Island Times>)`);
    }
    expect(fake.posts('DU0TWO')).toHaveLength(3);
  });
});
