// End to end: personal follows on Discord (the Slack half: follows-slack.test.ts). The real discord.js bot against the
// fake Discord: the Follow button and /follow (private answers, bad input refused and nothing saved), then the follow
// delivery through the real poster: a follower's DM with only the new facts, once; a topic alert with the daily cap and
// the summary the next day; quiet hours in the user's timezone (held, then sent); a user with DMs closed (paused, never
// retried, others still served); a DM that met a 500 retried with its nonce until sent once, or given up after five
// tries; retries due together sent side by side; a user's DM channel opened once and reopened once when Discord says
// it is gone. With an LLM (the real openai client against the fake OpenAI server), the update rewritten as one cited
// sentence, or the offline delta when the answer names what no article does or the server fails, asked once for
// every follower with the same delta.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../adapters/discord/client.js';
import { createDiscordPoster } from '../../adapters/discord/poster.js';
import { createApp, type App } from '../../src/app.js';
import { createFollowDelivery, followTarget } from '../../src/follows/deliver.js';
import { createLogger } from '../../src/log.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { lighthouse, report, WIRE } from '../support/follow-news.js';
import { config, dmPost, FACTS, llmFor, news, rewriteWith, shown } from './follows-news.js';

const EPHEMERAL = 64;

let dir: string;
let openai: FakeOpenAI;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-follows-'));
  openai = await startFakeOpenAI();
});
afterAll(async () => {
  await openai?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('personal follows on Discord', () => {
  let fake: FakeDiscord;
  let bot: DiscordBot;
  let app: App;
  let t = Date.parse('2026-11-30T00:00:00Z');
  let story: number;
  beforeAll(async () => {
    fake = await startFakeDiscord({ now: () => t });
    const dbPath = path.join(dir, 'discord.db');
    app = createApp({ dbPath, config: config(dbPath), now: () => new Date(t) });
    expect((await app.pipeline.ingestContent(report(0), 'r0.json')).rejections).toEqual([]);
    story = (await app.store.articles.getArticle(1))?.storyId as number;
    bot = await startDiscordBot(app, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('silent'), restRetries: 0 });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  const answer = async (s: SentInteraction) => {
    await s.waitFor(() => true);
    await bot.idle();
    const cb = s.requests().find((r) => r.path.endsWith('/callback'))?.body as { data: { content?: string; flags?: number } };
    return cb.data;
  };
  const delivery = () => createFollowDelivery(app, { posters: [createDiscordPoster(bot.client.rest, { connected: () => true, now: app.now })], owner: 'test' });
  const dmsTo = (user: string) => fake.directMessages().filter((d) => d.to === user).map((d) => d.message.content ?? '');

  it('follows from the button privately, refuses bad input with a specific message and saves nothing', async () => {
    const brief = fake.command('brief', { topic: 'Quayside ferry crane', since: 'all' }, { id: '444' });
    await answer(brief);
    const msg = brief.messages()[0];
    const ids = ((msg?.components ?? []) as { components: { custom_id?: string }[] }[]).flatMap((r) => r.components.map((c) => c.custom_id));
    expect(ids).toContain(`nb:fol|${story}`);
    t += 60_000;
    const ack = await answer(fake.click(msg!, `nb:fol|${story}`, { id: '444' }));
    expect(ack.flags).toBe(EPHEMERAL);
    expect(ack.content).toMatch(/^Following “Crane collapse shuts Quayside ferry terminal”/);
    expect((await answer(fake.click(msg!, `nb:fol|${story}`, { id: '444' }))).content).toMatch(/already follow/);

    expect((await answer(fake.command('follow', { id: 987654 }, { id: '444' }, 'story'))).content).toMatch(/There is no story 987654/);
    const bad = await answer(fake.command('follow', { hours: '25:00-07:00' }, { id: '444' }, 'quiet'));
    expect(bad).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/"25:00-07:00" is not a range of hours/) });
    const badZone = await answer(fake.command('follow', { hours: '22:00-07:00', timezone: 'Mars/Olympus' }, { id: '444' }, 'quiet'));
    expect(badZone.content).toMatch(/not a known timezone/);
    expect(await app.store.follows.followUser('discord:222222222222222222', 'discord:444')).toMatchObject({ timezone: 'UTC', dailyCap: 10 });
    expect((await app.store.follows.followUser('discord:222222222222222222', 'discord:444'))?.quietStart).toBeUndefined();
    expect((await answer(fake.command('follow', { follow: 'some' }, { id: '444' }, 'off'))).content).toMatch(/Say which/);
    const list = await answer(fake.command('follow', {}, { id: '444' }, 'list'));
    expect(list).toMatchObject({ flags: EPHEMERAL });
    expect(list.content).toMatch(/You follow \(1\):\n• #\d+ story \d+: Crane collapse/);
  });

  it("sends the follower a DM with only the story's new facts, once", async () => {
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 0 });
    t += 60_000;
    expect((await app.pipeline.ingestContent(report(1), 'r1.json')).rejections).toEqual([]);
    expect((await app.store.articles.getArticle(2))?.storyId).toBe(story);
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 1, failed: 0 });
    const dms = dmsTo('444');
    expect(dms).toHaveLength(1);
    expect(dms[0]).toMatch(/^\*\*Update — \[Crane collapse shuts Quayside ferry terminal\]\(<https:\/\/outlet0\.example\/quayside>\):\*\*\n/);
    expect(dms[0]).toContain('• Reporter OkonkwoB counted 107 stranded cars. ([Pacific Wire](<https://outlet1.example/quayside>))'); // as in a thread
    expect(dms[0]).toMatch(/\nStory \d+ · \/follow list shows what you follow\.$/);
    expect(dms[0]).not.toContain('OkonkwoA'); // shown when followed
    expect(dms[0]).not.toContain('loading ramp'); // not new
    expect(await delivery().tick(new Date(t + 60_000))).toMatchObject({ updates: 0 });
    expect(dmsTo('444')).toHaveLength(1);
  });

  it('holds alerts in quiet hours (the user’s timezone) and sends them after', async () => {
    const ok = await answer(fake.command('follow', { hours: '22:00-07:00', timezone: 'Asia/Seoul' }, { id: '444' }, 'quiet'));
    expect(ok.content).toMatch(/^Quiet hours 22:00-07:00 \(Asia\/Seoul\)/);
    t = Date.parse('2026-11-30T14:00:00Z'); // 23:00 in Seoul
    expect((await app.pipeline.ingestContent(report(2), 'r2.json')).rejections).toEqual([]);
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 0, held: 1 });
    expect(dmsTo('444')).toHaveLength(1);
    t = Date.parse('2026-11-30T23:00:00Z'); // 08:00 in Seoul
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 1, held: 0 });
    expect(dmsTo('444')[1]).toContain('Reporter OkonkwoC counted 114 stranded cars.');
    await answer(fake.command('follow', { hours: 'off' }, { id: '444' }, 'quiet'));
  });

  it('alerts a topic follower at most the daily cap, then summarizes the rest the next day', async () => {
    const set = await answer(fake.command('follow', { hours: 'off', cap: 2 }, { id: '777' }, 'quiet'));
    expect(set.content).toMatch(/At most 2 topic alerts a day/);
    expect((await answer(fake.command('follow', { topic: 'lighthouse' }, { id: '777' }, 'topic'))).content).toMatch(/^Following “lighthouse”: a direct message when a new story matches, at most 2 a day/);
    t += 60_000;
    for (const i of [0, 1, 2]) expect((await app.pipeline.ingestContent(lighthouse(i), `l${i}.json`)).rejections).toEqual([]);
    expect(await delivery().tick(new Date(t))).toMatchObject({ alerts: 2, summaries: 0 });
    expect(dmsTo('777')).toHaveLength(2);
    expect(dmsTo('777').every((d) => d.startsWith('**New on lighthouse:** Lighthouse'))).toBe(true);
    expect(await delivery().tick(new Date(t + 60_000))).toMatchObject({ alerts: 0, summaries: 0 });
    t += 86_400_000;
    expect(await delivery().tick(new Date(t))).toMatchObject({ alerts: 0, summaries: 1 });
    expect(dmsTo('777')[2]).toMatch(/^\*\*1 more story matched what you follow\*\* \(past your daily limit of 2\):\n• Lighthouse/);
    expect(await delivery().tick(new Date(t + 60_000))).toMatchObject({ alerts: 0, summaries: 0 });
    expect(dmsTo('777')).toHaveLength(3);
  });

  it('pauses a user whose DMs are closed (50007), never retries, and still serves the others', async () => {
    const brief = fake.command('brief', { topic: 'Quayside ferry crane', since: 'all' }, { id: '555' });
    await answer(brief);
    await answer(fake.click(brief.messages()[0]!, `nb:fol|${story}`, { id: '555' }));
    fake.blockDms('555');
    t += 60_000;
    expect((await app.pipeline.ingestContent(report(3), 'r3.json')).rejections).toEqual([]);
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 1, paused: 1, failed: 1 });
    expect(dmsTo('444').at(-1)).toContain('OkonkwoD');
    expect(await app.store.follows.followUser('discord:222222222222222222', 'discord:555')).toMatchObject({ pausedReason: 'Discord does not let newsbrief message this user' });
    const tries = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels').length;
    const before = tries();
    t += 60_000;
    expect((await app.pipeline.ingestContent(report(4), 'r4.json')).rejections).toEqual([]);
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 1, paused: 0, failed: 0 });
    expect(tries()).toBe(before + 1); // the other follower only
    const list = await answer(fake.command('follow', {}, { id: '555' }, 'list'));
    expect(list.content).toMatch(/Paused: Discord does not let newsbrief message this user/);
  });

  it('sends a follow update left claimed by a dead process once, with its nonce, and leaves a thread’s claim to the thread worker', async () => {
    const old = new Date(t - 10 * 60_000).toISOString();
    const target = followTarget('discord:222222222222222222', 'discord:444');
    const notice = ['**Update — Crane collapse shuts Quayside ferry terminal**\n• Left behind by a dead process.'];
    const payload = JSON.stringify({ workspaceId: 'discord:222222222222222222', userId: 'discord:444', notice });
    const claim = { storyId: story, seq: 90, platform: 'discord', owner: 'dead', articleIds: [], sentenceKeys: [] };
    expect(await app.store.updates.claimUpdate({ ...claim, target, nonce: 'nbfu-dead-1', payload }, old)).toBe(true);
    expect(await app.store.updates.claimUpdate({ ...claim, target: 'thread:discord:1:333:900', nonce: 'nbtu-dead-1', payload: '{}' }, old)).toBe(true);
    const before = dmsTo('444').length;
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 1, failed: 0 });
    expect(dmsTo('444').slice(before)).toEqual([expect.stringContaining('Left behind by a dead process.')]);
    expect(await app.store.updates.getUpdate(target, story, 90)).toMatchObject({ status: 'posted', owner: 'test', attempts: 2 });
    expect(await app.store.updates.getUpdate('thread:discord:1:333:900', story, 90)).toMatchObject({ status: 'claimed', owner: 'dead' });
    expect(await delivery().tick(new Date(t + 60_000))).toMatchObject({ updates: 0 });
    expect(dmsTo('444')).toHaveLength(before + 1);
  });

  it("applies the user's mutes and the workspace's to follow DMs: muted new facts and muted stories are never sent", async () => {
    const brief = fake.command('brief', { topic: 'Quayside ferry crane', since: 'all' }, { id: '888' });
    await answer(brief);
    await answer(fake.click(brief.messages()[0]!, `nb:fol|${story}`, { id: '888' }));
    await answer(fake.command('follow', { topic: 'lighthouse' }, { id: '888' }, 'topic'));
    expect((await answer(fake.command('mute', { kind: 'word', value: 'OkonkwoF' }, { id: '888' }, 'add'))).content).toMatch(/Muted word/);
    t += 60_000;
    expect((await app.pipeline.ingestContent(report(5), 'r5.json')).rejections).toEqual([]);
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 1, failed: 0 });
    expect(dmsTo('444').at(-1)).toContain('Reporter OkonkwoF counted 135 stranded cars.'); // not muted for 444
    expect(dmsTo('888')).toEqual([]); // the only new fact is muted for 888: no update at all

    const admin = { id: '999', permissions: PERMISSIONS.manager };
    expect((await answer(fake.command('mute', { kind: 'source', value: 'Coast Courier', scope: 'workspace' }, admin, 'add'))).content).toMatch(/Muted source/);
    t += 60_000;
    const item = (title: string, body: string, source: string, slug: string) =>
      JSON.stringify({ title, body, source, url: `https://${slug}.example/lighthouse`, publishedAt: '2026-12-01T06:00:00Z' });
    expect((await app.pipeline.ingestContent(item('Lighthouse cottage sold at auction in Fern Cove',
      'The lighthouse keeper\u2019s cottage at Fern Cove was sold at auction to a local trust for a record sum. The trust plans a small cafe and a reading room for walkers on the coast path.',
      'Coast Courier', 'coastcourier'), 'l3.json')).rejections).toEqual([]);
    expect((await app.pipeline.ingestContent(item('Lighthouse fog horn sounds again at Raven Head',
      'The old lighthouse fog horn at Raven Head sounded again on Tuesday after a village appeal paid for new compressors. Fishermen cheered from the harbour wall as the horn boomed twice.',
      'Harbor Daily', 'harbordaily'), 'l4.json')).rejections).toEqual([]);
    const before777 = dmsTo('777').length;
    await delivery().tick(new Date(t));
    expect(dmsTo('888')).toEqual([expect.stringMatching(/^\*\*New on lighthouse:\*\* Lighthouse fog horn sounds again at Raven Head/)]);
    expect(dmsTo('777').slice(before777).join('\n')).not.toContain('Fern Cove'); // a workspace mute applies to every follower
    expect(dmsTo('777').slice(before777).join('\n')).toContain('Raven Head');
    // 888 mutes the story's headline outlet: its own new fact is not sent and another outlet's article heads the update.
    expect((await answer(fake.command('mute', { kind: 'source', value: 'Harbor Daily' }, { id: '888' }, 'add'))).content).toMatch(/Muted source/);
    const sent888 = dmsTo('888').length;
    expect((await app.pipeline.ingestContent([JSON.stringify({ title: 'Crane collapse shuts Quayside ferry terminal: cranes checked', body: `${WIRE} Inspectors checked twelve cranes overnight.`, source: 'Harbor Daily', url: 'https://outlet0.example/quayside-2', publishedAt: '2026-11-29T07:00:00Z' }), JSON.stringify({ title: 'Crane collapse shuts Quayside ferry terminal (Reef Herald)', body: `${WIRE} Reporter Okonkwo Reef counted 161 stranded vans.`, source: 'Reef Herald', url: 'https://reef.example/quayside', publishedAt: '2026-11-29T07:00:00Z' })].join('\n'), 'r6.jsonl')).rejections).toEqual([]);
    await delivery().tick(new Date((t += 60_000)));
    const update = dmsTo('888').slice(sent888).join('\n');
    expect(update).toMatch(/^\*\*Update — \[Crane collapse shuts Quayside ferry terminal \((?!Harbor)/);
    expect(update).toContain('Reporter Okonkwo Reef counted 161 stranded vans.');
    expect(update).not.toMatch(/twelve cranes|Harbor Daily|outlet0\.example/);
  });

  it("opens a user's DM channel once (a second DM is one request); one Discord says is gone is opened again, once", async () => {
    const poster = createDiscordPoster(bot.client.rest, { connected: () => true, now: app.now, dmChannels: app.store.dmChannels });
    let from = fake.requests.length;
    const calls = () => fake.requests.slice(from).map((r) => `${r.path === '/users/@me/channels' ? 'open' : 'post'} ${r.status}`);
    await poster.dm('discord:321', ['first'], { nonce: 'nf-dm-1' });
    expect(calls()).toEqual(['open 200', 'post 200']);
    const channel = await app.store.dmChannels.dmChannel('discord:321');
    expect(channel).toMatch(/^\d+$/);
    from = fake.requests.length;
    await poster.dm('discord:321', ['second'], { nonce: 'nf-dm-2' });
    expect(calls()).toEqual(['post 200']);
    fake.failChannel(channel as string, { status: 404, code: 10003, message: 'Unknown Channel' });
    from = fake.requests.length;
    await poster.dm('discord:321', ['third'], { nonce: 'nf-dm-3' });
    expect(calls()).toEqual(['post 404', 'open 200', 'post 200']);
    expect(await app.store.dmChannels.dmChannel('discord:321')).not.toBe(channel);
    expect(dmsTo('321')).toEqual(['first', 'second', 'third']);
    // Gone again right after opening: refused as Unknown Channel, not opened a third time.
    const unknown = { message: 'Unknown Channel', code: 10003 };
    for (let i = 0; i < 2; i++) fake.inject((m, p) => m === 'POST' && /^\/channels\/\d+\/messages$/.test(p), 404, unknown);
    from = fake.requests.length;
    await expect(poster.dm('discord:321', ['fourth'], { nonce: 'nf-dm-4' })).rejects.toMatchObject({ kind: 'fatal', code: '10003' });
    expect(calls()).toEqual(['post 404', 'open 200', 'post 404']);
    expect(dmsTo('321')).toHaveLength(3);
  });

  it('with an LLM, sends each follower the update as one cited sentence, asked once for all; else the offline delta', async () => {
    const brief = fake.command('brief', { topic: 'Quayside ferry crane', since: 'all' }, { id: '666' });
    await answer(brief);
    await answer(fake.click(brief.messages()[0]!, `nb:fol|${story}`, { id: '666' }));
    const llm = llmFor(app, openai.baseURL);
    const withLlm = () => createFollowDelivery({ ...app, llm }, { posters: [createDiscordPoster(bot.client.rest, { connected: () => true, now: app.now })], owner: 'test' });
    const followers = ['444', '666', '888'];
    for (const k of [0, 1, 2]) {
      rewriteWith(openai, k);
      t += 60_000;
      for (const j of [0, 1]) expect((await app.pipeline.ingestContent(news(k, j), `n${k}${j}.json`)).rejections).toEqual([]);
      const before = followers.map((u) => dmsTo(u).length);
      expect(await withLlm().tick(new Date(t))).toMatchObject({ updates: 3, failed: 0 });
      const dms = followers.map((u, i) => dmsTo(u).slice(before[i]).map(shown));
      const dm = dms[0]?.[0] ?? '';
      expect(dms).toEqual([[dm], [dm], [dm]]); // the same update for the three followers,
      expect(openai.calls('story_update')).toHaveLength(1); // from one request
      expect(dm).toMatch(/^\*\*Update — \[Crane collapse shuts Quayside ferry terminal.*\):\*\*\n/);
      const bullets = dm.split('\n').filter((l) => l.startsWith('• '));
      expect(bullets).toEqual(k === 0
        ? ['• Mayor Ingrid Solberg ordered an inquiry [1] as repairs were put at 4.2 million dollars [2]. ([1] [Pacific Wire](<https://news0.example/quayside-0>), [2] [Island Times](<https://news1.example/quayside-0>))']
        : [`• ${FACTS[k]?.[0]} ([Pacific Wire](<https://news0.example/quayside-${k}>))`, `• ${FACTS[k]?.[1]} ([Island Times](<https://news1.example/quayside-${k}>))`]);
    }
  });

  it('retries a DM that failed for a retryable reason, with the same nonce, until sent once; gives up after five attempts', async () => {
    const followers = ['444', '666', '888'];
    const counts = () => followers.map((u) => dmsTo(u).length);
    const fail500 = () => fake.inject(dmPost, 500, { message: 'Internal Server Error', code: 0 });
    const posts = (k: number) => fake.requests.filter((r) => dmPost(r.method, r.path) && String((r.body as { content?: string }).content).includes(FACTS[k]?.[0] as string));
    // A 500 once, then accepted: one DM, sent once, with the nonce of the first try.
    t += 60_000;
    expect((await app.pipeline.ingestContent(news(3, 0), 'n30.json')).rejections).toEqual([]);
    const before = counts();
    fail500();
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 2, retrying: 1, failed: 0, paused: 0 });
    expect(await delivery().tick(new Date(t + 30_000))).toMatchObject({ updates: 0, retrying: 0 }); // not due yet
    expect(await delivery().tick(new Date(t + 60_000))).toMatchObject({ updates: 1, retrying: 0, failed: 0 });
    expect(counts()).toEqual(before.map((n) => n + 1));
    const nonce = (posts(3).find((r) => r.status === 500)?.body as { nonce?: string }).nonce;
    expect(posts(3).filter((r) => (r.body as { nonce?: string }).nonce === nonce).map((r) => r.status)).toEqual([500, 200]);
    // A 500 on every try: sent five times over about an hour (1, 5, 15, 40 minutes apart), then given up; not paused.
    t += 10 * 60_000;
    expect((await app.pipeline.ingestContent(news(4, 0), 'n40.json')).rejections).toEqual([]);
    const before2 = counts();
    fail500();
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 2, retrying: 1, failed: 0 });
    const gone = followers.find((u, i) => dmsTo(u).length === before2[i]) as string;
    for (const wait of [1, 5, 15, 40]) {
      expect(await delivery().tick(new Date(t + wait * 60_000 - 1000))).toMatchObject({ updates: 0, retrying: 0, failed: 0 }); // not yet
      t += wait * 60_000;
      fail500();
      expect(await delivery().tick(new Date(t))).toMatchObject(wait === 40 ? { updates: 0, retrying: 0, failed: 1 } : { updates: 0, retrying: 1, failed: 0 });
    }
    expect(await delivery().tick(new Date(t + 3 * 3600_000))).toMatchObject({ updates: 0, retrying: 0, failed: 0 });
    expect(posts(4).map((r) => r.status).filter((x) => x === 500)).toHaveLength(5);
    expect(counts()).toEqual(before2.map((n, i) => (followers[i] === gone ? n : n + 1)));
    expect((await app.store.follows.followUser('discord:222222222222222222', `discord:${gone}`))?.pausedAt).toBeUndefined();
  });

  it('sends the retries due in one tick side by side through the poster queue, not one round-trip after another', async () => {
    const followers = ['444', '666', '888'];
    const fact = FACTS[5]?.[0] as string;
    t += 10 * 60_000;
    expect((await app.pipeline.ingestContent(news(5, 0), 'n50.json')).rejections).toEqual([]);
    for (const _ of followers) fake.inject(dmPost, 500, { message: 'Internal Server Error', code: 0 });
    expect(await delivery().tick(new Date(t))).toMatchObject({ updates: 0, retrying: 3, failed: 0 });
    for (const _ of followers) fake.delayOnce(dmPost, 2000); // sent one after another, never three open at once
    const tick = delivery().tick(new Date((t += 60_000)));
    const open = () => fake.requests.filter((r) => dmPost(r.method, r.path) && r.status === 0 && String((r.body as { content?: string }).content).includes(fact));
    await fake.until(() => (open().length === followers.length ? true : undefined), 30_000, 'three retries open at once');
    expect(await tick).toMatchObject({ updates: 3, retrying: 0, failed: 0 });
    for (const u of followers) expect(dmsTo(u).filter((d) => d.includes(fact))).toHaveLength(1);
  });
});
