// End to end: `npm start`'s entry point (adapters/main.ts) with Discord and Slack both configured against their
// loopback fakes and the real discord.js and bolt clients. Admins schedule digests with slash commands; the
// scheduler (driven by node-cron under fake timers, or by explicit ticks) posts them through both platforms.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import cron from 'node-cron';
import { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDiscordPoster } from '../../adapters/discord/poster.js';
import { start, type Service } from '../../adapters/main.js';
import { createLogger } from '../../src/log.js';
import { slotNonce } from '../../src/schedule/delivery.js';
import { nextRuns } from '../../src/schedule/schedule.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../fakes/discord.js';
import { slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const GUILD = '222222222222222222';
const CHANNEL = '333333333333333333';
const SLACK_CHANNEL = 'C0NEWS';
const BOT_TOKEN = 'xoxb-test-token';
const APP_TOKEN = 'xapp-test-token';
const ADMIN = { permissions: PERMISSIONS.manager, id: '777777777777777777' };

let dir: string;
let fd: FakeDiscord;
let fs: FakeSlack;
let service: Service | undefined;
const logLines: Record<string, unknown>[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-digests-'));
  fd = await startFakeDiscord();
  fs = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  fs.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  logLines.length = 0;
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
  vi.useRealTimers();
  for (const t of cron.getTasks().values()) await t.destroy();
  await fd.close();
  await fs.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startService(extraEnv: Record<string, string> = {}): Promise<Service> {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  service = await start(
    {
      NEWSBRIEF_DB: path.join(dir, 'nb.db'),
      NEWSBRIEF_HTTP_PORT: '0',
      DISCORD_TOKEN: fd.token,
      DISCORD_APPLICATION_ID: fd.applicationId,
      DISCORD_API_URL: fd.apiUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: fs.apiUrl,
      ...extraEnv,
    },
    createLogger('info', sink),
  );
  await fs.socketReady();
  return service;
}

let n = 0;
async function ingestKorea(s: Service, title = 'Korea talks resume in Seoul'): Promise<void> {
  const body = `${title}. North Korean and South Korean officials met in Seoul on Monday to discuss the stalled talks on the border. The meeting was described as constructive by both sides.`;
  const r = await s.app.pipeline.ingestContent(JSON.stringify({ title, body, url: `https://news.example/k${++n}`, source: 'Example News' }), `k${n}.json`);
  expect(r.rejections).toEqual([]);
}

/** `/digest <sub>` on Discord by an admin; resolves with the text of the reply. */
async function discordDigest(sub: string, options: Record<string, string | number>): Promise<string> {
  const s = fd.command('digest', options, ADMIN, sub);
  const r = await s.waitFor((x) => x.path.includes('/callback') || x.path.includes('/messages/@original'));
  const body = r.body as { data?: { content?: string }; content?: string };
  return body.data?.content ?? body.content ?? '';
}

/** `/digest <text>` on Slack (Socket Mode) by an admin; resolves with the reply text. */
async function slackDigest(text: string): Promise<string> {
  const r = fs.responseUrl();
  await fs.sendEnvelope('slash_commands', slashPayload({ command: '/digest', text, response_url: r.url, user_id: 'U0ADMIN', channel_id: SLACK_CHANNEL }));
  const reply = await fs.waitForResponse(r.id);
  return String(reply.text ?? '');
}

const channelPosts = () => fd.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages` && r.status === 200);
const embedsText = (r: RecordedRequest) => JSON.stringify((r.body as { embeds?: unknown[] }).embeds ?? []);

describe('scheduled digests through npm start', () => {
  it('posts a daily 08:00 Asia/Seoul digest on Discord and Slack when node-cron reaches 08:00', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-12-01T22:58:30Z')); // 07:58:30 on Wednesday 2 December in Seoul
    const s = await startService();
    const d = await discordDigest('set', { schedule: '0 8 * * *', timezone: 'Asia/Seoul', topics: 'korea,china' });
    expect(d).toContain('Next runs (Asia/Seoul): Wed 2 Dec 08:00, Thu 3 Dec 08:00, Fri 4 Dec 08:00.');
    const sl = await slackDigest('set "daily 08:00" timezone:Asia/Seoul topics:korea');
    expect(sl).toContain('Next runs (Asia/Seoul): Wed 2 Dec 08:00, Thu 3 Dec 08:00, Fri 4 Dec 08:00.');
    vi.setSystemTime(new Date('2026-12-01T22:58:40Z'));
    await ingestKorea(s);

    await vi.advanceTimersByTimeAsync(60_000); // 07:59:40: nothing yet
    expect(channelPosts()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(25_000); // 08:00:05
    await fd.until(() => (channelPosts().length > 0 ? true : undefined), 5000, 'the digest on Discord');
    await vi.waitFor(() => expect(fs.posts(SLACK_CHANNEL)).toHaveLength(1), { timeout: 5000 });

    const [post] = channelPosts();
    expect(post?.body).toMatchObject({ nonce: expect.stringMatching(/^nb/), enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(embedsText(post as RecordedRequest)).toContain('Korea talks resume in Seoul');
    expect(JSON.stringify(fs.posts(SLACK_CHANNEL)[0])).toContain('Korea talks resume in Seoul');

    // Nothing more for the rest of the day.
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(channelPosts()).toHaveLength(1);
    expect(fs.posts(SLACK_CHANNEL)).toHaveLength(1);
    const status = await slackDigest('status');
    expect(status).toMatch(/last: Wed 2 Dec 08:00 — posted/);
  });

  it('posts nothing when nothing is new, and says so in /digest status', async () => {
    const s = await startService();
    await discordDigest('set', { schedule: 'daily 08:00', timezone: 'Asia/Seoul' });
    const slot = nextRuns('0 8 * * *', 'Asia/Seoul', 1, s.app.now())[0] as Date;
    expect(await s.scheduler.tick(new Date(slot.getTime() + 1000))).toEqual({ posted: 0, nothingNew: 1, failed: 0, skipped: 0 });
    expect(channelPosts()).toHaveLength(0);
    expect(await discordDigest('status', {})).toMatch(/last: .* — nothing new/);
  });

  it('records a deleted Discord channel as failed, pauses after three, and tells the admin by DM', async () => {
    const s = await startService();
    await discordDigest('set', { schedule: 'daily 08:00', timezone: 'UTC' });
    await ingestKorea(s);
    fd.failChannel(CHANNEL, { status: 404, code: 10003, message: 'Unknown Channel' });
    const slots = nextRuns('0 8 * * *', 'UTC', 3, s.app.now());
    for (const slot of slots) expect((await s.scheduler.tick(new Date(slot.getTime() + 1000))).failed).toBe(1);
    const status = await discordDigest('status', {});
    expect(status).toContain('paused: 3 deliveries in a row failed: the channel no longer exists (Discord: Unknown Channel)');
    const dms = fd.directMessages();
    expect(dms).toHaveLength(1);
    expect(dms[0]?.to).toBe(ADMIN.id);
    expect(dms[0]?.message.content).toContain('/digest resume id:');
    // The channel is a working mention (Discord links <#id>), not escaped text that shows the markup.
    expect(dms[0]?.message.content).toContain(`in <#${CHANNEL}> is paused`);
    expect(dms[0]?.message.content).not.toContain(`\\<#`);
  });

  it('records not_in_channel on Slack with the fix in /digest status, while Discord still posts', async () => {
    const s = await startService();
    await discordDigest('set', { schedule: 'daily 08:00', timezone: 'UTC' });
    await slackDigest('set "daily 08:00" timezone:UTC');
    await ingestKorea(s);
    fs.failChannel(SLACK_CHANNEL, 'not_in_channel');
    const slot = nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date;
    expect(await s.scheduler.tick(new Date(slot.getTime() + 1000))).toEqual({ posted: 1, nothingNew: 0, failed: 1, skipped: 0 });
    expect(channelPosts()).toHaveLength(1);
    expect(await slackDigest('status')).toContain('failed (newsbrief is not a member of the channel: invite it with /invite @newsbrief (Slack: not_in_channel))');
  });

  it('rides out a 429 storm on both platforms without losing or doubling a digest', async () => {
    const s = await startService();
    await discordDigest('set', { schedule: 'daily 08:00', timezone: 'UTC' });
    await slackDigest('set "daily 08:00" timezone:UTC');
    await ingestKorea(s);
    for (let i = 0; i < 4; i++) fd.rateLimitOnce((m, p) => m === 'POST' && p === `/channels/${CHANNEL}/messages`, 0.05);
    fs.injectApi('chat.postMessage', 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '0' }, 4);
    const slot = nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date;
    expect(await s.scheduler.tick(new Date(slot.getTime() + 1000))).toEqual({ posted: 2, nothingNew: 0, failed: 0, skipped: 0 });
    expect(fd.requests.filter((r) => r.path === `/channels/${CHANNEL}/messages` && r.status === 429)).toHaveLength(4);
    expect(channelPosts()).toHaveLength(1);
    expect(fs.posts(SLACK_CHANNEL)).toHaveLength(1);
  });

  it('posts a slot claimed by a process that was killed before posting once, after restart', async () => {
    let s = await startService();
    await discordDigest('set', { schedule: 'daily 08:00', timezone: 'UTC' });
    await ingestKorea(s);
    const sub = (await s.app.store.digests.listSubscriptions(`discord:${GUILD}:${CHANNEL}`))[0];
    const slot = (nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date).toISOString();
    // The killed process claimed the slot at 08:00:01 and died.
    expect(await s.app.store.digests.claimSlot(sub?.id ?? 0, slot, 'killed-process', new Date(Date.parse(slot) + 1000).toISOString(), 1000)).toBe(true);
    await s.stop();
    service = undefined;
    s = await startService();
    expect((await s.scheduler.tick(new Date(Date.parse(slot) + 2 * 60_000))).posted).toBe(0); // the claim may still be alive
    expect((await s.scheduler.tick(new Date(Date.parse(slot) + 5 * 60_000))).posted).toBe(1);
    await s.stop();
    service = undefined;
    s = await startService();
    await s.scheduler.tick(new Date(Date.parse(slot) + 20 * 60_000));
    expect(channelPosts()).toHaveLength(1);
  });

  it('does not duplicate on Discord when the process died after posting but before recording (nonce)', async () => {
    const s = await startService();
    await discordDigest('set', { schedule: 'daily 08:00', timezone: 'UTC' });
    await ingestKorea(s);
    const sub = (await s.app.store.digests.listSubscriptions(`discord:${GUILD}:${CHANNEL}`))[0];
    const slot = (nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date).toISOString();
    await s.app.store.digests.claimSlot(sub?.id ?? 0, slot, 'killed-process', slot, 0);
    // The killed process's post reached Discord with the slot's nonce.
    const rest = new REST({ api: fd.apiUrl, retries: 0 }).setToken(fd.token);
    await createDiscordPoster(rest, { connected: () => true, now: s.app.now }).post(`discord:${GUILD}:${CHANNEL}`, { kind: 'text', text: 'digest' }, { nonce: slotNonce(sub?.id ?? 0, slot) });
    expect((await s.scheduler.tick(new Date(Date.parse(slot) + 4 * 60_000))).posted).toBe(1);
    expect(fd.limits.duplicatesPrevented).toBe(1);
    expect(fd.channelMessages(CHANNEL)).toHaveLength(1);
  });
});

describe('/digest preview, now, status and off', () => {
  it('previews privately, posts now without repeating it at the next slot, lists and removes digests', async () => {
    const s = await startService();
    await discordDigest('set', { schedule: 'daily 08:00', timezone: 'Asia/Seoul', topics: 'korea' });
    // A second digest that will not fire during the test (29 February only).
    expect(await discordDigest('set', { schedule: '0 18 29 2 *', timezone: 'Europe/Berlin', when_empty: 'note' })).toContain('When nothing is new it posts a one-line note.');
    await ingestKorea(s);

    const preview = fd.command('digest', {}, ADMIN, 'preview');
    const pr = await preview.waitFor((x) => x.path.includes('/callback'));
    expect((pr.body as { data: { flags: number; embeds: unknown[] } }).data.flags & 64).toBe(64);
    expect(JSON.stringify((pr.body as { data: { embeds: unknown[] } }).data.embeds)).toContain('Korea talks resume in Seoul');

    // /digest now: posted in the channel as a scheduler run (nonce, run ledger), the command answered privately.
    const now = fd.command('digest', { id: 1 }, ADMIN, 'now');
    const nr = (await now.waitFor((x) => x.path.includes('/callback'))).body as { data: { flags?: number; content?: string } };
    expect((nr.data.flags ?? 0) & 64).toBe(64);
    expect(nr.data.content).toBe('Posted digest #1 in this channel.');
    expect(channelPosts()).toHaveLength(1);
    expect(embedsText(channelPosts()[0] as RecordedRequest)).toContain('Korea talks resume in Seoul');
    expect(channelPosts()[0]?.body).toMatchObject({ nonce: expect.stringMatching(/^nb1\./), enforce_nonce: true });
    // /digest now with nothing new: a private "nothing new since …" with its time, and nothing posted in the channel.
    const again = fd.command('digest', { id: 1 }, ADMIN, 'now');
    const ar = (await again.waitFor((x) => x.path.includes('/callback'))).body as { data: { flags?: number; content?: string; embeds?: unknown[] } };
    expect((ar.data.flags ?? 0) & 64).toBe(64);
    expect(ar.data.content).toMatch(/^Nothing new since \d{1,2} \w{3} \d{4}, \d\d:\d\d Asia\/Seoul: nothing was posted\.$/);
    expect(ar.data.embeds ?? []).toEqual([]);
    expect(channelPosts()).toHaveLength(1);
    // The next scheduled slot has nothing new: the story was just posted.
    const slot = nextRuns('0 8 * * *', 'Asia/Seoul', 1, s.app.now())[0] as Date;
    expect(await s.scheduler.tick(new Date(slot.getTime() + 1000))).toMatchObject({ posted: 0, nothingNew: 1 });

    const status = await discordDigest('status', {});
    expect(status).toMatch(/#1: korea — `0 8 \* \* \*` \(Asia\/Seoul\)\n {3}next: .* · last: .* — nothing new/);
    expect(status).toMatch(/#2: all topics — `0 18 29 2 \*` \(Europe\/Berlin\)\n {3}next: .* 29 Feb 18:00 · last: never/);
    expect(await discordDigest('off', { id: 2 })).toBe('Removed digest #2.');
    expect(await discordDigest('off', {})).toBe('Removed 1 digest from this channel.');
    expect(await discordDigest('status', {})).toContain('This channel has no digest.');
  });

  it('refuses /digest set, now and off to non-admins, and explains bad schedules, zones and topics', async () => {
    await startService();
    const member = fd.command('digest', { schedule: 'daily 08:00' }, { permissions: PERMISSIONS.member }, 'set');
    const m = await member.waitFor((x) => x.path.includes('/callback'));
    expect((m.body as { data: { content: string } }).data.content).toBe('Only members with the Manage Server permission can use /digest set.');
    expect(await slackDigest('set "0 8 * * *" timezone:Mars/Olympus')).toContain('"Mars/Olympus" is not a known timezone');
    expect(await slackDigest('set "*/5 * * * *"')).toContain('more often than every 15 minutes');
    expect(await slackDigest('set "61 8 * * *"')).toMatch(/Invalid cron expression|not a valid minute/);
    expect(await slackDigest('set "daily 08:00" topics:korea,atlantis')).toContain('Unknown topic: atlantis');
  });
});

describe('the feed poller under npm start', () => {
  it('disables a feed failing for 3 days, tells whoever added it by DM, and shows it in /digest status', async () => {
    const s = await startService({ NEWSBRIEF_ALLOW_PRIVATE_FEEDS: '1' });
    // A port nothing listens on: every poll fails with "connection refused".
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const now = new Date().toISOString();
    const { feed } = await s.app.store.feeds.addFeed({
      workspaceId: `discord:${GUILD}`, url: `http://127.0.0.1:${port}/feed.xml`, topics: [], intervalMinutes: 15, fetchPages: false,
      nextPollAt: now, addedBy: `discord:${ADMIN.id}`, addedIn: `discord:${GUILD}:${CHANNEL}`, title: 'Gone Weekly',
    }, now);
    await s.app.store.feeds.updateFeed(feed.id, { failures: 40, failingSince: new Date(Date.now() - 4 * 86_400_000).toISOString() });
    const summary = await s.poller.pollNow({ all: true });
    expect(summary).toMatchObject({ polled: 1, disabled: 1 });
    await fd.until(() => (fd.directMessages().length > 0 ? true : undefined), 5000, 'the DM');
    const [dm] = fd.directMessages();
    expect(dm?.to).toBe(ADMIN.id);
    expect(dm?.message.content).toContain('Gone Weekly');
    await discordDigest('set', { schedule: 'daily 08:00' });
    expect(await discordDigest('status', {})).toContain('Gone Weekly');
  });
});

describe('/healthz and /metrics', () => {
  it('reports every component, counts commands and digests, and turns 503 when the database breaks', async () => {
    const s = await startService();
    const base = `http://127.0.0.1:${s.http?.port ?? 0}`;
    await discordDigest('set', { schedule: 'daily 08:00', timezone: 'UTC' });
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    const report = (await ok.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(report.status).toBe('ok');
    expect(Object.keys(report.checks).sort()).toEqual(['database', 'discord', 'instance', 'scheduler', 'slack']);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('newsbrief_commands_total{platform="discord",command="digest set",outcome="ok"} 1');
    expect(metrics).toContain('newsbrief_process_resident_memory_bytes');

    // A second service on the same port is refused with what to change.
    await expect(start({ NEWSBRIEF_DB: path.join(dir, 'other.db'), NEWSBRIEF_HTTP_PORT: String(s.http?.port), DISCORD_TOKEN: fd.token, DISCORD_APPLICATION_ID: fd.applicationId, DISCORD_API_URL: fd.apiUrl }, createLogger('silent')))
      .rejects.toThrow(`NEWSBRIEF_HTTP_PORT ${s.http?.port} is already in use on 127.0.0.1: set NEWSBRIEF_HTTP_PORT to a free port, or to off`);

    await s.app.store.close();
    const broken = await fetch(`${base}/healthz`);
    expect(broken.status).toBe(503);
    const b = (await broken.json()) as { status: string; checks: { database: { ok: boolean; error: string } }; lastError?: { message: string } };
    expect(b.status).toBe('degraded');
    expect(b.checks.database).toEqual({ ok: false, path: path.join(dir, 'nb.db'), error: expect.stringMatching(/database connection is not open/i) });
    expect(b.lastError?.message).toMatch(/^database: /);
  });
});
