// End to end: the "Sources" button. The real discord.js bot against the fake Discord and the real bolt app against the
// fake Slack, over one story reported by ten outlets: a click shows the story's timeline privately, 8 articles a
// page with Prev/Next (without the outlets the clicker muted); merged story ids resolve, a story that is gone gets a
// clear private message, and mentions in article text never ping.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../adapters/discord/client.js';
import { createSlackBot, SLACK_EVENTS_PATH, type SlackBot } from '../../adapters/slack/client.js';
import { mentionsSafe, type SlackBlock } from '../../adapters/slack/limits.js';
import { SOURCES_ACTION_ID } from '../../adapters/slack/render.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import type { Article } from '../../src/types.js';
import { startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';
import { buttonPayload, postToBot, slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const SECRET = 'test-signing-secret';
const EPHEMERAL = 64;
const OUTLETS = ['Harbor Daily', 'Pacific Wire', 'Island Times', 'Coast Courier', 'Bay Ledger', 'Delta Post', 'Reef Herald', 'Gulf Monitor', 'Cape Record', 'Strait Journal'];
const START = Date.parse('2026-11-29T06:00:00Z');
const NOW = new Date('2026-11-30T00:00:00Z');

/** Ten outlets' copies of one wire report (near-copies: one story), each adding a fact of its own. */
function reports(): string {
  const wire =
    'The Quayside ferry terminal closed on Sunday after a crane collapsed onto the loading ramp during strong winds. ' +
    'Harbour officials said the ramp would stay shut while engineers inspect the structure and the crane operator. ' +
    'Passengers were moved to buses and the evening sailings were cancelled. The operator apologised for the disruption ' +
    'and promised refunds for every cancelled ticket, while unions asked for a review of crane safety rules at the port.';
  return OUTLETS.map((source, i) =>
    JSON.stringify({
      title: `Crane collapse shuts Quayside ferry terminal${i === 0 ? '' : ` (${source})`}`,
      body: `${wire} Reporter Okonkwo${String.fromCharCode(65 + i)} counted ${100 + i * 7} stranded cars.${i === 1 ? ' Workers told @everyone at the gate & <@&42> to wait.' : ''}`,
      source,
      url: `https://${source.toLowerCase().replace(/\W+/g, '')}.example/quayside-${i}`,
      publishedAt: new Date(START + i * 3_600_000).toISOString(),
    }),
  ).join('\n');
}

function config(dbPath: string): Config {
  const file = FileConfigSchema.parse({ topics: [{ name: 'ports', keywords: ['ferry', 'port'] }] });
  return { dbPath, configFile: '(test)', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent' };
}

let dir: string;
let app: App;

/** Ingests the ten reports and an unrelated story; returns the big story's id and the other's. */
async function seed(core: App): Promise<{ story: number; other: number }> {
  expect((await core.pipeline.ingestContent(reports(), 'quayside.jsonl')).rejections).toEqual([]);
  const other = JSON.stringify({
    title: 'Lighthouse museum reopens after restoration',
    body: 'The old lighthouse museum on Gull Point reopened on Saturday after two years of restoration work by volunteers. Visitors can climb the tower again, see the old lamp and the keeper\'s rooms, and read letters the keepers wrote home during the long winters on the point.',
    source: 'Coast Courier',
    url: 'https://coastcourier.example/lighthouse',
    publishedAt: new Date(START).toISOString(),
  });
  expect((await core.pipeline.ingestContent(other, 'other.jsonl')).rejections).toEqual([]);
  const all: Article[] = [];
  for await (const a of core.store.articles.eachArticle()) all.push(a);
  const ids = [...new Set(all.map((a) => a.storyId))];
  const story = all.find((a) => a.title.startsWith('Crane'))?.storyId as number;
  expect(await core.store.stories.storyArticles(story)).toHaveLength(10);
  return { story, other: ids.find((id) => id !== story) as number };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-sources-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Sources button on Discord', () => {
  let fake: FakeDiscord;
  let bot: DiscordBot;
  let ids: { story: number; other: number };
  beforeAll(async () => {
    fake = await startFakeDiscord();
    const dbPath = path.join(dir, 'discord.db');
    app = createApp({ dbPath, config: config(dbPath) });
    ids = await seed(app);
    bot = await startDiscordBot(app, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('silent'), restRetries: 0 });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  const answered = async (s: SentInteraction) => {
    await s.waitFor(() => true);
    await bot.idle();
    return s.requests().filter((r) => r.path.endsWith('/callback')).map((r) => r.body as { type: number; data: Record<string, unknown> });
  };
  const customIds = (d: Record<string, unknown> | undefined): string[] =>
    ((d?.components ?? []) as { components: { custom_id?: string }[] }[]).flatMap((row) => row.components.map((c) => c.custom_id ?? ''));
  type Embed = { title: string; description: string; footer: { text: string } };

  it('puts a Sources button on each story and shows the timeline privately, 8 a page with Prev/Next', async () => {
    const s = fake.command('brief', { topic: 'Quayside ferry crane', since: 'all', limit: 3 });
    const [brief] = await answered(s);
    const buttons = customIds(brief?.data).filter((id) => id.startsWith('nb:src|'));
    expect(buttons[0]).toBe(`nb:src|${ids.story}|0`);
    const click = fake.click(s.messages()[0]!, buttons[0] as string);
    const [reply] = await answered(click);
    expect(reply?.type).toBe(4);
    expect(Number(reply?.data.flags) & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply?.data.allowed_mentions).toEqual({ parse: [] });
    const [embed] = reply?.data.embeds as Embed[];
    expect(embed?.title).toMatch(/^Sources: Crane collapse shuts Quayside ferry terminal/);
    expect(embed?.footer.text).toBe(`page 1 of 2 · 10 articles · 10 sources · story ${ids.story}`);
    const entries = embed?.description.split('\n\n') ?? [];
    expect(entries).toHaveLength(8);
    // Time, outlet, linked headline, then the facts the article added.
    expect(entries[0]).toMatch(/^\*\*29 Nov 2026 06:00 UTC\*\* · Harbor Daily · \[Crane collapse shuts Quayside ferry terminal\]\(https:\/\/harbordaily\.example\/quayside-0\)/);
    expect(entries[1]).toMatch(/^\*\*29 Nov 2026 07:00 UTC\*\* · Pacific Wire · /);
    expect(entries[1]).toMatch(/\+ Reporter OkonkwoB counted 107 stranded cars\./);
    // Mentions in article text show as typed (and allowed_mentions is empty anyway).
    expect(entries[1]).toContain('+ Workers told @\u200beveryone at the gate & \\<@&42> to wait.');
    expect(embed?.description).not.toMatch(/(?<!\\)<@/);
    expect(customIds(reply?.data)).toEqual([`nb:srcp|${ids.story}|0`, `nb:srcp|${ids.story}|1`]);

    const next = fake.click(click.messages()[0]!, `nb:srcp|${ids.story}|1`);
    const [update] = await answered(next);
    expect(update?.type).toBe(7); // the private timeline is edited in place
    const [page2] = update?.data.embeds as Embed[];
    expect(page2?.footer.text).toMatch(/^page 2 of 2 · /);
    expect(page2?.description.split('\n\n').map((e) => /· ([A-Z][a-z]+ [A-Z][a-z]+) ·/.exec(e)?.[1])).toEqual(['Cape Record', 'Strait Journal']);

    // Someone who muted Harbor Daily (the story's headline outlet) sees the timeline without it, headed by another outlet.
    const user = { id: '555555555555555555' };
    await answered(fake.command('mute', { kind: 'source', value: 'Harbor Daily' }, user, 'add'));
    const [mine] = await answered(fake.click(s.messages()[0]!, buttons[0] as string, user));
    const [muted] = mine?.data.embeds as Embed[];
    expect(muted?.title).toMatch(/^Sources: Crane collapse shuts Quayside ferry terminal \((?!Harbor)/);
    expect(muted?.footer.text).toBe(`page 1 of 2 · 9 articles · 9 sources · story ${ids.story}`);
    expect(JSON.stringify(mine)).not.toMatch(/Harbor Daily|harbordaily/);
  });

  it('resolves a merged story id and answers a vanished one with a clear private message', async () => {
    await app.store.stories.mergeStories(ids.story, [ids.other], NOW.toISOString());
    const s = fake.command('brief', { topic: 'Quayside ferry crane', since: 'all', limit: 3 });
    await answered(s);
    const merged = fake.click(s.messages()[0]!, `nb:src|${ids.other}|0`);
    const [reply] = await answered(merged);
    expect((reply?.data.embeds as Embed[])[0]?.footer.text).toMatch(new RegExp(`11 articles · 10 sources · story ${ids.story}$`));
    const gone = fake.click(s.messages()[0]!, 'nb:src|987654|0');
    const [missing] = await answered(gone);
    expect(Number(missing?.data.flags) & EPHEMERAL).toBe(EPHEMERAL);
    expect(missing?.data.content).toBe('Story 987654 is no longer stored (the archive may have been pruned or rebuilt). Run the command again for current stories.');
  });
});

describe('Sources button on Slack', () => {
  let fake: FakeSlack;
  let core: App;
  let bot: SlackBot;
  let url: string;
  let ids: { story: number; other: number };
  type Reply = { response_type?: string; replace_original?: boolean; text: string; blocks?: SlackBlock[] };
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: 'xoxb-test-token', appToken: 'xapp-test-token' });
    fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
    core = createApp({ config: config(':memory:'), dbPath: ':memory:' });
    ids = await seed(core);
    bot = createSlackBot(core, { botToken: 'xoxb-test-token', http: { signingSecret: SECRET, port: 0, host: '127.0.0.1' }, apiUrl: fake.apiUrl, retries: 0, logger: createLogger('silent'), now: () => NOW });
    const { port } = await bot.start();
    url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await core?.close();
  });

  const click = async (action_id: string, value: string, ephemeral = false): Promise<Reply> => {
    const r = fake.responseUrl();
    const res = await postToBot(url, SECRET, { payload: JSON.stringify(buttonPayload({ action_id, value, response_url: r.url, ephemeral })) });
    expect(res.status).toBe(200);
    return (await fake.waitForResponse(r.id)) as Reply;
  };
  const sections = (r: Reply) => (r.blocks ?? []).filter((b): b is Extract<SlackBlock, { type: 'section' }> => b.type === 'section');

  it('puts a Sources button on each story and answers with the timeline privately, paged', async () => {
    const r = fake.responseUrl();
    await postToBot(url, SECRET, slashPayload({ command: '/brief', text: 'Quayside ferry crane since:all', response_url: r.url, team_id: 'T0TEST' }));
    const brief = (await fake.waitForResponse(r.id)) as Reply;
    // The story's actions block, right under its section.
    const block = (brief.blocks ?? []).find((b) => b.type === 'actions');
    const button = block?.type === 'actions' ? block.elements.find((e) => e.action_id === SOURCES_ACTION_ID) : undefined;
    expect(button).toMatchObject({ action_id: SOURCES_ACTION_ID, value: `${ids.story}:0`, text: { text: 'Sources' } });

    const page1 = await click(SOURCES_ACTION_ID, button?.value ?? '');
    expect(page1).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(mentionsSafe(page1)).toBe(true);
    const lines = sections(page1).slice(1).map((b) => b.text.text);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^\*29 Nov 2026 06:00 UTC\* · Harbor Daily · <https:\/\/harbordaily\.example\/quayside-0\|Crane collapse shuts Quayside ferry terminal>\n> The Quayside/);
    expect(lines[1]).toContain('> Workers told @\u2060everyone at the gate &amp; &lt;@&amp;42&gt; to wait.');
    expect(lines[1]).toContain('> Reporter OkonkwoB counted 107 stranded cars.');
    const actions = page1.blocks?.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' ? actions.elements.map((e) => [e.text.text, e.value]) : []).toEqual([['Next', `${ids.story}:1`]]);

    const page2 = await click(`${SOURCES_ACTION_ID}_next`, `${ids.story}:1`, true);
    expect(page2).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(sections(page2).slice(1)).toHaveLength(2);
    expect(page2.text).toContain('page 2 of 2');
  });

  it('resolves a merged story id and answers a vanished one privately', async () => {
    await core.store.stories.mergeStories(ids.story, [ids.other], NOW.toISOString());
    expect((await click(SOURCES_ACTION_ID, `${ids.other}:0`)).text).toContain('11 articles');
    expect(await click(SOURCES_ACTION_ID, '987654:0')).toMatchObject({
      response_type: 'ephemeral',
      text: 'Story 987654 is no longer stored (the archive may have been pruned or rebuilt). Run the command again for current stories.',
    });
  });
});
