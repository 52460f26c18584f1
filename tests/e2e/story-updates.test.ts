// End to end: story updates in a digest's thread, through `npm start`'s entry point (adapters/main.ts) with Discord and
// Slack configured against their loopback fakes and the real discord.js and bolt clients. A digest is posted, new
// reports of one of its stories arrive through ingest, and the story's new facts (only those) are replied in the
// digest message's thread: a thread started on the Discord message, thread_ts on Slack. At most one reply per story an
// hour, batching what arrived; the story is not repeated in the next digest; restarts never post an update twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordPoster } from '../../adapters/discord/poster.js';
import { createSlackPoster } from '../../adapters/slack/poster.js';
import { start, type Service } from '../../adapters/main.js';
import { createLogger } from '../../src/log.js';
import { nextRuns } from '../../src/schedule/schedule.js';
import { deltaFor, nextClaim } from '../../src/updates/ledger.js';
import { threadTarget, updatePost } from '../../src/updates/threads.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord } from '../fakes/discord.js';
import { slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const GUILD = '222222222222222222';
const CHANNEL = '333333333333333333';
const SLACK_CHANNEL = 'C0NEWS';
const ADMIN = { permissions: PERMISSIONS.manager, id: '777777777777777777' };

let dir: string;
let fd: FakeDiscord;
let fs: FakeSlack;
let service: Service | undefined;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-updates-'));
  fd = await startFakeDiscord();
  fs = await startFakeSlack({ botToken: 'xoxb-test-token', appToken: 'xapp-test-token' });
  fs.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
  await fd.close();
  await fs.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startService(): Promise<Service> {
  service = await start({
    NEWSBRIEF_DB: path.join(dir, 'nb.db'), NEWSBRIEF_HTTP_PORT: 'off', DISCORD_TOKEN: fd.token, DISCORD_APPLICATION_ID: fd.applicationId,
    DISCORD_API_URL: fd.apiUrl, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: fs.apiUrl,
  }, createLogger('silent'));
  await fs.socketReady();
  return service;
}

const LEAD = 'Typhoon Haikui hit Okinawa on Monday, closing Naha airport. About 80,000 homes lost power across the island, the utility said.';
let n = 0;
/** A report of the typhoon story (the lead repeated, so it joins the story), with `extra` sentences. */
async function report(s: Service, source: string, extra: string): Promise<number> {
  const title = n === 0 ? 'Typhoon Haikui hits Okinawa' : `Typhoon Haikui hits Okinawa: update ${n}`;
  const r = await s.app.pipeline.ingestContent(JSON.stringify({ title, body: `${LEAD} ${extra}`, url: `https://news.example/t${++n}`, source }), `t${n}.json`);
  expect(r.rejections).toEqual([]);
  const a = await s.app.store.articles.findExisting('', `https://news.example/t${n}`);
  return a?.storyId ?? 0;
}

async function setDigests(): Promise<void> {
  const d = fd.command('digest', { schedule: 'daily 08:00', timezone: 'UTC' }, ADMIN, 'set');
  const reply = await d.waitFor((x) => x.path.includes('/callback'));
  expect(JSON.stringify(reply.body)).toContain("replied in the digest's thread");
  const r = fs.responseUrl();
  await fs.sendEnvelope('slash_commands', slashPayload({ command: '/digest', text: 'set "daily 08:00" timezone:UTC', response_url: r.url, user_id: 'U0ADMIN', channel_id: SLACK_CHANNEL }));
  await fs.waitForResponse(r.id);
}

const minutes = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000);
const threadPosts = (thread: string) => fd.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${thread}/messages` && r.status === 200);
const slackReplies = () => fs.posts(SLACK_CHANNEL).filter((p) => p.thread_ts);

describe('story updates in the digest thread', () => {
  it('replies once in each digest thread with only the new sentences, batches within the hour, and does not repeat the story in the next digest', async () => {
    const s = await startService();
    await setDigests();
    const story = await report(s, 'Harbor Daily', 'Schools were closed in Naha.');
    const slot = (nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date).toISOString();
    expect(await s.scheduler.tick(minutes(slot, 0.02))).toMatchObject({ posted: 2 });
    const [digest] = fd.channelMessages(CHANNEL);
    const slackDigest = fs.posts(SLACK_CHANNEL)[0];
    expect(digest).toBeDefined();

    // Nothing new yet: nothing is replied.
    expect(await s.updates.tick(minutes(slot, 1))).toMatchObject({ posted: 0 });
    // A new report arrives through ingest, with new facts, a repeated lead and text that tries to ping.
    expect(await report(s, 'Island Times', 'Governor Denny Tamaki visited shelters in Nago. Two people were hurt in Itoman. Officials urged @everyone <@123456789> <!channel> to stay home as 14 flights resumed on Tuesday.')).toBe(story);
    expect(await s.updates.tick(minutes(slot, 2))).toEqual({ posted: 2, nothingNew: 0, held: 0, failed: 0 });

    // Discord: a thread started on the digest message, one reply in it with only the new sentences, linked.
    expect(fd.threads()).toEqual([{ id: digest?.id, parent: CHANNEL, name: expect.stringContaining('Typhoon Haikui') }]);
    const [reply] = threadPosts(digest?.id ?? '');
    const body = reply?.body as { content: string; allowed_mentions: unknown; nonce: string; enforce_nonce: boolean };
    expect(body.content).toMatch(/^\*\*Update — \[Typhoon Haikui hits Okinawa[^\]]*\]\(<https:\/\/news\.example\/t\d>\):\*\*/);
    expect(body.content).toContain('• Governor Denny Tamaki visited shelters in Nago. ([Island Times](<https://news.example/t2>))');
    expect(body.content).toContain('• Two people were hurt in Itoman.');
    expect(body.content).not.toContain('80,000'); // the lead was in the digest
    expect(body.content).not.toContain('Schools');
    expect(body.content.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(3);
    expect(body).toMatchObject({ allowed_mentions: { parse: [] }, enforce_nonce: true, nonce: expect.stringMatching(/^nu/) });
    expect(body.content).toContain('\\<@123456789>');
    // Slack: a reply with thread_ts = the digest's ts; <!channel> arrives escaped.
    expect(slackReplies()).toHaveLength(1);
    expect(slackReplies()[0]).toMatchObject({ thread_ts: slackDigest?.ts });
    expect(String(slackReplies()[0]?.text)).toContain('&lt;!channel&gt;');
    expect(String(slackReplies()[0]?.text)).toContain('Governor Denny Tamaki visited shelters in Nago.');

    // Two more reports within the hour: held, then one reply at the hour with both, and nothing said twice.
    await report(s, 'Pacific Wire', 'Governor Denny Tamaki visited shelters in Nago. Power was back in 55,000 homes by Wednesday.');
    expect(await s.updates.tick(minutes(slot, 20))).toMatchObject({ posted: 0 });
    await report(s, 'Ryukyu Post', 'The storm moved toward Taiwan with winds of 160 km/h.');
    expect(await s.updates.tick(minutes(slot, 40))).toMatchObject({ posted: 0 });
    expect(await s.updates.tick(minutes(slot, 63))).toMatchObject({ posted: 2 });
    const replies = threadPosts(digest?.id ?? '');
    expect(replies).toHaveLength(2);
    const second = (replies[1]?.body as { content: string }).content;
    expect(second).toContain('Power was back in 55,000 homes by Wednesday.');
    expect(second).toContain('The storm moved toward Taiwan with winds of 160 km/h.');
    expect(second).not.toContain('Governor Denny Tamaki');
    expect(slackReplies()).toHaveLength(2);
    expect(await s.updates.tick(minutes(slot, 200))).toMatchObject({ posted: 0 });
    expect(fd.threads()).toHaveLength(1);

    // The next digest does not repeat the story (it grew from 1 to 4 reports, but its news went to the thread).
    const next = nextRuns('0 8 * * *', 'UTC', 1, minutes(slot, 1))[0] as Date;
    expect(await s.scheduler.tick(new Date(next.getTime() + 1000))).toMatchObject({ posted: 0, nothingNew: 2 });
    expect(fd.channelMessages(CHANNEL)).toHaveLength(1);
  });

  it('posts the facts beyond three in the next reply after the hour, without waiting for another report', async () => {
    const s = await startService();
    await setDigests();
    await report(s, 'Harbor Daily', 'Schools were closed in Naha.');
    const slot = (nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date).toISOString();
    expect(await s.scheduler.tick(minutes(slot, 0.02))).toMatchObject({ posted: 2 });
    const [digest] = fd.channelMessages(CHANNEL);
    await report(s, 'Island Times', 'Governor Denny Tamaki visited shelters in Nago. Two people were hurt in Itoman. Some 14 flights resumed on Tuesday. The storm moved toward Taiwan with winds of 160 km/h. Power was back in 55,000 homes by Wednesday.');
    expect(await s.updates.tick(minutes(slot, 2))).toMatchObject({ posted: 2 });
    const first = (threadPosts(digest?.id ?? '')[0]?.body as { content: string }).content;
    expect(first.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(3);
    expect(first).toContain('…and 2 more new facts, in the next update.');
    expect(first).not.toContain('Taiwan');
    // Within the hour: held. After it: the two left over, once, on both platforms; then nothing more.
    expect(await s.updates.tick(minutes(slot, 30))).toMatchObject({ posted: 0 });
    expect(await s.updates.tick(minutes(slot, 63))).toMatchObject({ posted: 2 });
    const second = (threadPosts(digest?.id ?? '')[1]?.body as { content: string }).content;
    expect(second.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(2);
    expect(second).toContain('The storm moved toward Taiwan with winds of 160 km/h.');
    expect(second).toContain('Power was back in 55,000 homes by Wednesday.');
    expect(second).not.toContain('Governor Denny Tamaki');
    expect(second).not.toContain('more new fact');
    expect(String(slackReplies()[1]?.text)).toContain('Power was back in 55,000 homes by Wednesday.');
    expect(await s.updates.tick(minutes(slot, 200))).toMatchObject({ posted: 0 });
    expect(threadPosts(digest?.id ?? '')).toHaveLength(2);
    expect(slackReplies()).toHaveLength(2);
  });

  it('/digest now posts in the channel like a scheduled run, and its stories get their updates in its thread', async () => {
    const s = await startService();
    await setDigests();
    await report(s, 'Harbor Daily', 'Schools were closed in Naha.');
    const now = fd.command('digest', {}, ADMIN, 'now');
    const ack = (await now.waitFor((x) => x.path.includes('/callback'))).body as { data: { flags?: number; content?: string } };
    expect(ack.data).toMatchObject({ flags: 64, content: 'Posted digest #1 in this channel.' });
    const r = fs.responseUrl();
    await fs.sendEnvelope('slash_commands', slashPayload({ command: '/digest', text: 'now', response_url: r.url, user_id: 'U0ADMIN', channel_id: SLACK_CHANNEL }));
    expect(JSON.stringify(await fs.waitForResponse(r.id))).toContain('Posted digest #2 in this channel.');
    const [digest] = fd.channelMessages(CHANNEL);
    const slackDigest = fs.posts(SLACK_CHANNEL)[0];
    expect(digest).toBeDefined();
    expect(slackDigest?.thread_ts).toBeUndefined();
    await report(s, 'Island Times', 'Governor Denny Tamaki visited shelters in Nago.');
    expect(await s.updates.tick(minutes(s.app.now().toISOString(), 2))).toMatchObject({ posted: 2 });
    expect(fd.threads()).toEqual([{ id: digest?.id, parent: CHANNEL, name: expect.stringContaining('Typhoon Haikui') }]);
    expect((threadPosts(digest?.id ?? '')[0]?.body as { content: string }).content).toContain('Governor Denny Tamaki visited shelters in Nago.');
    expect(slackReplies()).toHaveLength(1);
    expect(slackReplies()[0]).toMatchObject({ thread_ts: slackDigest?.ts });
  });

  it('with updates:digest, posts no thread reply and repeats the grown story in the next digest as an update', async () => {
    const s = await startService();
    const d = fd.command('digest', { schedule: 'daily 08:00', timezone: 'UTC', updates: 'digest' }, ADMIN, 'set');
    expect(JSON.stringify((await d.waitFor((x) => x.path.includes('/callback'))).body)).toContain('marked Update');
    await report(s, 'Harbor Daily', 'Schools were closed in Naha.');
    const slot = (nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date).toISOString();
    expect(await s.scheduler.tick(minutes(slot, 0.02))).toMatchObject({ posted: 1 });
    await report(s, 'Island Times', 'Governor Denny Tamaki visited shelters in Nago.');
    await report(s, 'Pacific Wire', 'Two people were hurt in Itoman.');
    expect(await s.updates.tick(minutes(slot, 5))).toMatchObject({ posted: 0 });
    expect(fd.threads()).toEqual([]);
    const next = nextRuns('0 8 * * *', 'UTC', 1, minutes(slot, 1))[0] as Date;
    expect(await s.scheduler.tick(new Date(next.getTime() + 1000))).toMatchObject({ posted: 1 });
    expect(fd.channelMessages(CHANNEL)).toHaveLength(2);
  });

  it('a restart never posts an update twice: a claim left by a killed process is posted once, its nonce turning back a copy', async () => {
    let s = await startService();
    await setDigests();
    const story = await report(s, 'Harbor Daily', 'Schools were closed in Naha.');
    const slot = (nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date).toISOString();
    await s.scheduler.tick(minutes(slot, 0.02));
    const [digest] = fd.channelMessages(CHANNEL);
    await report(s, 'Island Times', 'Governor Denny Tamaki visited shelters in Nago.');
    // A killed process had claimed the Discord thread's update and posted it, but died before recording it.
    const messageRef = `discord:${CHANNEL}:${digest?.id}`;
    const target = threadTarget(messageRef);
    const [anchor] = await s.app.store.threads.dueThreads(['discord'], minutes(slot, 3).toISOString(), slot.slice(0, 4), 10);
    const found = await deltaFor(s.app.store, target, story, { ingestedUntil: anchor?.postedAt ?? '' });
    expect(found?.delta.sentences).toHaveLength(1);
    const thread = { channelId: `discord:${GUILD}:${CHANNEL}`, messageRef };
    const claim = nextClaim(target, found!, { platform: 'discord', owner: 'killed-process' }, JSON.stringify({ thread, update: updatePost(found!.delta) }));
    expect(await s.app.store.updates.claimUpdate(claim, minutes(slot, 2).toISOString())).toBe(true);
    const rest = new REST({ api: fd.apiUrl, retries: 0 }).setToken(fd.token);
    await createDiscordPoster(rest, { connected: () => true, now: s.app.now }).postUpdate?.(thread, updatePost(found!.delta), { nonce: claim.nonce });
    await s.stop();
    service = undefined;

    s = await startService();
    // Within 3 minutes the claim may still be alive; after, it is taken over and posted once (Discord returns the first).
    expect(await s.updates.tick(minutes(slot, 4))).toMatchObject({ posted: 1 }); // Slack's thread, not claimed before
    expect(await s.updates.tick(minutes(slot, 6))).toMatchObject({ posted: 1 });
    expect(fd.limits.duplicatesPrevented).toBe(1);
    expect(threadPosts(digest?.id ?? '').map((r) => (r.body as { nonce: string }).nonce)).toEqual([claim.nonce, claim.nonce]);
    expect(fd.channelMessages(digest?.id)).toHaveLength(1);
    await s.stop();
    service = undefined;
    s = await startService();
    expect(await s.updates.tick(minutes(slot, 120))).toMatchObject({ posted: 0 });
    expect(fd.channelMessages(digest?.id)).toHaveLength(1);
    expect(slackReplies()).toHaveLength(1);
  });

  it('on Slack, a reply posted by a process killed before recording it is found in the thread by its nonce, not posted again', async () => {
    let s = await startService();
    await setDigests();
    const story = await report(s, 'Harbor Daily', 'Schools were closed in Naha.');
    const slot = (nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date).toISOString();
    await s.scheduler.tick(minutes(slot, 0.02));
    const slackDigest = fs.posts(SLACK_CHANNEL)[0];
    await report(s, 'Island Times', 'Governor Denny Tamaki visited shelters in Nago.');
    // A killed process claimed the Slack thread's update, Slack accepted the reply, and the process died before recording it.
    const messageRef = `slack:${SLACK_CHANNEL}:${String(slackDigest?.ts)}`;
    const target = threadTarget(messageRef);
    const [anchor] = await s.app.store.threads.dueThreads(['slack'], minutes(slot, 3).toISOString(), slot.slice(0, 4), 10);
    const found = await deltaFor(s.app.store, target, story, { ingestedUntil: anchor?.postedAt ?? '' });
    expect(found?.delta.sentences).toHaveLength(1);
    const thread = { channelId: `slack:T0TEST:${SLACK_CHANNEL}`, messageRef };
    const claim = nextClaim(target, found!, { platform: 'slack', owner: 'killed-process' }, JSON.stringify({ thread, update: updatePost(found!.delta) }));
    expect(await s.app.store.updates.claimUpdate(claim, minutes(slot, 2).toISOString())).toBe(true);
    const client = new WebClient('xoxb-test-token', { slackApiUrl: fs.apiUrl, retryConfig: { retries: 0 } });
    await createSlackPoster(client, { connected: () => true, now: s.app.now }).postUpdate?.(thread, updatePost(found!.delta), { nonce: claim.nonce });
    expect(slackReplies()).toHaveLength(1);
    expect(slackReplies()[0]).toMatchObject({ thread_ts: slackDigest?.ts, metadata: { event_type: 'newsbrief_update', event_payload: { nonce: claim.nonce } } });
    await s.stop();
    service = undefined;

    s = await startService();
    expect(await s.updates.tick(minutes(slot, 4))).toMatchObject({ posted: 1 }); // Discord's thread, not claimed before
    // The stale claim is taken over: the thread is searched, the reply found by its nonce and recorded, none posted.
    expect(await s.updates.tick(minutes(slot, 6))).toMatchObject({ posted: 1, failed: 0 });
    expect(fs.calls.filter((c) => c.method === 'conversations.replies')).toHaveLength(1);
    expect(slackReplies()).toHaveLength(1);
    expect(await s.updates.tick(minutes(slot, 120))).toMatchObject({ posted: 0 });
    expect(slackReplies()).toHaveLength(1);
  });

  it('on Slack, a taken-over claim whose reply never went out is posted once; without the history scope it is posted as before', async () => {
    const s = await startService();
    await setDigests();
    const story = await report(s, 'Harbor Daily', 'Schools were closed in Naha.');
    const slot = (nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date).toISOString();
    await s.scheduler.tick(minutes(slot, 0.02));
    const slackDigest = fs.posts(SLACK_CHANNEL)[0];
    await report(s, 'Island Times', 'Governor Denny Tamaki visited shelters in Nago.');
    const messageRef = `slack:${SLACK_CHANNEL}:${String(slackDigest?.ts)}`;
    const [anchor] = await s.app.store.threads.dueThreads(['slack'], minutes(slot, 3).toISOString(), slot.slice(0, 4), 10);
    const found = await deltaFor(s.app.store, threadTarget(messageRef), story, { ingestedUntil: anchor?.postedAt ?? '' });
    const thread = { channelId: `slack:T0TEST:${SLACK_CHANNEL}`, messageRef };
    const claim = nextClaim(threadTarget(messageRef), found!, { platform: 'slack', owner: 'killed-process' }, JSON.stringify({ thread, update: updatePost(found!.delta) }));
    expect(await s.app.store.updates.claimUpdate(claim, minutes(slot, 2).toISOString())).toBe(true);
    fs.failHistory('missing_scope');
    expect(await s.updates.tick(minutes(slot, 6))).toMatchObject({ posted: 2, failed: 0 }); // Discord's, and the taken-over Slack one
    expect(fs.calls.filter((c) => c.method === 'conversations.replies')).toHaveLength(1);
    expect(slackReplies()).toHaveLength(1);
    expect(slackReplies()[0]).toMatchObject({ metadata: { event_payload: { nonce: claim.nonce } } });
    expect(String(slackReplies()[0]?.text)).toContain('Governor Denny Tamaki visited shelters in Nago.');
  });
});
