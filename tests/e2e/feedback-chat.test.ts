// End to end: the 👍/👎 buttons. The real discord.js bot against the fake Discord and the real bolt app against the
// fake Slack: every story of a briefing has the two buttons in its row; a click answers only the voter, one vote per
// user and story (a second click changes it); enough votes for one outlet move its story up in that workspace's
// /brief and in no other; /digest status says what feedback changed; /feedback reset (admins) clears it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../adapters/discord/client.js';
import { createSlackBot, SLACK_EVENTS_PATH, type SlackBot } from '../../adapters/slack/client.js';
import { messageTexts, type SlackBlock } from '../../adapters/slack/limits.js';
import { FEEDBACK_DOWN_ACTION_ID, FEEDBACK_UP_ACTION_ID } from '../../adapters/slack/render.js';
import { createApp, type App } from '../../src/app.js';
import { FEEDBACK } from '../../src/briefing/feedback.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';
import { buttonPayload, postToBot, slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const SECRET = 'feedback-signing-secret';
const EPHEMERAL = 64;
const MANAGE_GUILD = String(1 << 5);
const NOW = new Date('2026-11-30T12:00:00Z');
const ITEMS = [
  ['Alpha Wire', 'cranes', 'Engineers replaced four rusting gantry cranes after a storm bent their arms', 'The work cost twelve million and took nine months'],
  ['Beta News', 'ferries', 'Two electric ferries began crossing to the islands on Monday', 'Commuters praised the quiet engines and the new timetable'],
  ['Gamma Post', 'tides', 'Record spring tides flooded the fish market twice in one week', 'Traders moved their stalls to the upper car park'],
  ['Delta Daily', 'fishing', 'The fishing fleet returned early with a poor mackerel catch', 'Skippers blamed warm water and rising fuel prices'],
  ['Epsilon Times', 'lights', 'Volunteers restored the old lighthouse lamp for its centenary', 'A parade of boats will mark the evening it is lit'],
] as const;

/** Five harbor stories, one per outlet, an hour apart. */
function harbor(): string {
  return ITEMS.map(([source, what, lead, more], i) => JSON.stringify({
    title: `Harbor ${what}: ${lead}`,
    body: `${lead} at the harbor, officials said. ${more}. Further details on the harbor ${what} are expected from the port authority next week, according to a spokesperson.`,
    source, url: `https://example.com/harbor/${i}`, publishedAt: new Date(NOW.getTime() - (i + 1) * 3_600_000).toISOString(),
  })).join('\n');
}

function config(dbPath: string): Config {
  const file = FileConfigSchema.parse({ topics: [{ name: 'harbor', keywords: ['harbor'] }] });
  return { dbPath, configFile: '(test)', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent' };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-feedback-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('👍/👎 on Discord', () => {
  let fake: FakeDiscord;
  let app: App;
  let bot: DiscordBot;
  beforeAll(async () => {
    fake = await startFakeDiscord({ now: () => NOW.getTime() });
    const dbPath = path.join(dir, 'discord.db');
    app = createApp({ dbPath, config: config(dbPath), now: () => NOW, llm: false });
    expect((await app.pipeline.ingestContent(harbor(), 'harbor.jsonl')).rejections).toEqual([]);
    bot = await startDiscordBot(app, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('silent'), restRetries: 0, now: () => NOW });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  const answered = async (s: SentInteraction) => {
    await s.waitFor(() => true);
    await bot.idle();
    return s.requests().filter((r) => r.path.endsWith('/callback')).map((r) => r.body as { type: number; data: Record<string, unknown> });
  };
  type Row = { components: { custom_id?: string; emoji?: { name: string }; label?: string }[] };
  const brief = async (guildId?: string) => {
    const s = fake.command('brief', { topic: 'harbor', limit: 5 }, guildId ? { guildId } : {});
    await answered(s);
    const messages = s.messages();
    const titles = messages.flatMap((m) => (m.embeds as { title?: string }[]).filter((e) => /^\d+\. /.test(e.title ?? '')).map((e) => (e.title ?? '').replace(/^\d+\. /, '')));
    return { messages, titles, rows: messages.flatMap((m) => m.components as Row[]) };
  };
  const storyOf = async (title: string) => {
    for await (const a of app.store.articles.eachArticle()) if (title.startsWith(a.title.slice(0, 40))) return a.storyId;
    throw new Error(`no story for ${title}`);
  };

  /** The order before any vote. */
  let base: string[] = [];

  it('puts 👍 and 👎 in every story row, answers the voter privately and keeps one changeable vote per user and story', async () => {
    const { messages, rows, titles } = await brief();
    base = titles;
    expect(titles).toHaveLength(5);
    for (const row of rows.filter((r) => r.components.some((c) => c.custom_id?.startsWith('nb:src|')))) {
      expect(row.components.map((c) => c.emoji?.name ?? c.label?.replace(/ \d+$/, ''))).toEqual(['Sources', 'Follow', '👍', '👎']);
    }
    const third = await storyOf(titles[2] as string);
    const up = `nb:fb|${third}|up`;
    const message = messages.find((m) => (m.components as Row[]).some((r) => r.components.some((c) => c.custom_id === up)));
    const [first] = await answered(fake.click(message!, up, { id: '500000000000000001' }));
    expect(Number(first?.data.flags) & EPHEMERAL).toBe(EPHEMERAL);
    expect(first?.data.content).toMatch(/^Thanks for the 👍\. Stories like it \(gamma post, harbor\) will rank a little higher in this workspace's briefings and digests/);
    expect(first?.data.content).toContain(`With 1 of ${FEEDBACK.minVotes} votes in this workspace so far, feedback only reorders stories within a page.`);
    const [again] = await answered(fake.click(message!, up, { id: '500000000000000001' }));
    expect(again?.data.content).toMatch(/^You already gave this story 👍; your vote stands\./);
    const [changed] = await answered(fake.click(message!, `nb:fb|${third}|down`, { id: '500000000000000001' }));
    expect(changed?.data.content).toMatch(/^Changed your vote on this story to 👎\. Stories like it \(gamma post, harbor\) will rank a little lower/);
    const votes = await app.store.tuning.listVotes('discord:222222222222222222', '2026-01-01T00:00:00.000Z');
    expect(votes.map((v) => [v.userId, v.storyId, v.vote])).toEqual([['discord:500000000000000001', third, -1]]);
    expect(votes[0]?.features).toEqual(expect.arrayContaining(['source:gamma post', 'topic:harbor']));
  });

  it("moves the liked outlet's story up in this server's /brief only, says so in /digest status, and /feedback reset clears it", async () => {
    const before = await brief();
    const liked = before.titles[3] as string;
    const id = await storyOf(liked);
    const message = before.messages.find((m) => (m.components as Row[]).some((r) => r.components.some((c) => c.custom_id === `nb:fb|${id}|up`)));
    for (let u = 0; u < FEEDBACK.minVotes; u++) await answered(fake.click(message!, `nb:fb|${id}|up`, { id: `60000000000000000${u}` }));
    const after = await brief();
    expect(after.titles.indexOf(liked)).toBeLessThan(before.titles.indexOf(liked));
    expect([...after.titles].sort()).toEqual([...before.titles].sort());
    // Another server ranks as without feedback: votes never leave their workspace.
    expect((await brief('444444444444444444')).titles).toEqual(base);

    const [status] = await answered(fake.command('digest', {}, {}, 'status'));
    const outlet = ITEMS.find(([, what]) => liked.startsWith(`Harbor ${what}:`))?.[0].toLowerCase();
    expect(status?.data.content).toContain(`Feedback: 6 votes (👍 5 · 👎 1) · ranked higher: ${outlet} (source)`);
    const [other] = await answered(fake.command('digest', {}, { guildId: '444444444444444444' }, 'status'));
    expect(other?.data.content).not.toContain('Feedback:');

    const [refused] = await answered(fake.command('feedback', {}, {}, 'reset'));
    expect(refused?.data.content).toBe('Only members with the Manage Server permission can use /feedback reset.');
    const [reset] = await answered(fake.command('feedback', {}, { permissions: MANAGE_GUILD }, 'reset'));
    expect(reset?.data.content).toBe('Forgot 6 votes: briefings and digests in this workspace rank stories without feedback again.');
    expect((await brief()).titles).toEqual(base);
  });
});

describe('👍/👎 on Slack', () => {
  let fake: FakeSlack;
  let core: App;
  let bot: SlackBot;
  let url: string;
  type Reply = { response_type?: string; replace_original?: boolean; text: string; blocks?: SlackBlock[] };
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: 'xoxb-test-token', appToken: 'xapp-test-token' });
    fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
    fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
    core = createApp({ config: config(':memory:'), dbPath: ':memory:', now: () => NOW, llm: false });
    expect((await core.pipeline.ingestContent(harbor(), 'harbor.jsonl')).rejections).toEqual([]);
    bot = createSlackBot(core, { botToken: 'xoxb-test-token', http: { signingSecret: SECRET, port: 0, host: '127.0.0.1' }, apiUrl: fake.apiUrl, retries: 0, logger: createLogger('silent'), now: () => NOW });
    const { port } = await bot.start();
    url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await core?.close();
  });

  const slash = async (command: string, text: string, user = 'U0MEMBER', team = 'T0TEST'): Promise<Reply> => {
    const r = fake.responseUrl();
    await postToBot(url, SECRET, slashPayload({ command, text, response_url: r.url, team_id: team, user_id: user }));
    return (await fake.waitForResponse(r.id)) as Reply;
  };
  const click = async (action_id: string, value: string, user_id: string, team_id = 'T0TEST'): Promise<Reply> => {
    const r = fake.responseUrl();
    const res = await postToBot(url, SECRET, { payload: JSON.stringify(buttonPayload({ action_id, value, response_url: r.url, user_id, team_id })) });
    expect(res.status).toBe(200);
    return (await fake.waitForResponse(r.id)) as Reply;
  };
  const headlines = (r: Reply) => messageTexts({ text: r.text, ...(r.blocks ? { blocks: r.blocks } : {}) }).join('\n').match(/\*\d+\. <[^|]+\|Harbor (\w+)/g)?.map((m) => m.replace(/^.*Harbor /, '')) ?? [];
  const storyButtons = (r: Reply) => (r.blocks ?? []).filter((b): b is Extract<SlackBlock, { type: 'actions' }> => b.type === 'actions' && b.block_id !== 'more');

  it('puts 👍 and 👎 under every story, answers privately, and moves the liked story up in this workspace only until reset', async () => {
    const before = await slash('/brief', 'harbor limit:5');
    const order = headlines(before);
    expect(order).toHaveLength(5);
    const blocks = storyButtons(before);
    expect(blocks).toHaveLength(5);
    for (const b of blocks) expect(b.elements.map((e) => e.text.text)).toEqual(['Sources', 'Follow', '👍', '👎']);
    const likedAt = 3;
    const liked = blocks[likedAt]?.elements.find((e) => e.action_id === FEEDBACK_UP_ACTION_ID)?.value as string;

    const ack = await click(FEEDBACK_UP_ACTION_ID, liked, 'U0VOTER0');
    expect(ack).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(ack.text).toMatch(/^Thanks for the 👍\. Stories like it \(delta daily, harbor\) will rank a little higher/);
    expect((await click(FEEDBACK_DOWN_ACTION_ID, liked, 'U0VOTER0')).text).toMatch(/^Changed your vote on this story to 👎\./);
    expect((await click(FEEDBACK_UP_ACTION_ID, liked, 'U0VOTER0')).text).toMatch(/^Changed your vote on this story to 👍\./);
    for (let u = 1; u < FEEDBACK.minVotes; u++) await click(FEEDBACK_UP_ACTION_ID, liked, `U0VOTER${u}`);
    expect(await core.store.tuning.listVotes('slack:T0TEST', '2026-01-01T00:00:00.000Z')).toHaveLength(FEEDBACK.minVotes);

    const after = headlines(await slash('/brief', 'harbor limit:5'));
    expect(after.indexOf(order[likedAt] as string)).toBeLessThan(likedAt);
    expect(headlines(await slash('/brief', 'harbor limit:5', 'U0MEMBER', 'T0OTHER'))).toEqual(order);
    expect((await slash('/digest', 'status')).text).toContain(`Feedback: ${FEEDBACK.minVotes} votes`);

    expect((await slash('/feedback', 'reset')).text).toBe('Only members with workspace admin rights can use /feedback reset.');
    expect((await slash('/feedback', 'reset', 'U0ADMIN')).text).toBe(`Forgot ${FEEDBACK.minVotes} votes: briefings and digests in this workspace rank stories without feedback again.`);
    expect(headlines(await slash('/brief', 'harbor limit:5'))).toEqual(order);
  });
});
