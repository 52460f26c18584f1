// What an operator sees of a running service: /healthz follows Discord's real gateway
// state through an outage (logged once when lost and once when back; 503 after NEWSBRIEF_HEALTH_GRACE), and /metrics
// counts command outcomes truthfully, feed polls by outcome, LLM calls and fallbacks by reason, and each platform's
// connection. The service runs in-process against the fake Discord, fake feed server and fake OpenAI on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import cron from 'node-cron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { start, type Service } from '../../adapters/main.js';
import { createLogger } from '../../src/log.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';
import { articleText, rssFeed, startFeedServer, type FakeFeedServer } from '../fakes/feeds.js';
import { errorAnswer, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { startFakeSlack } from '../fakes/slack.js';

const ADMIN = { permissions: PERMISSIONS.manager, id: '777777777777777777' };

let dir: string;
let fd: FakeDiscord;
let service: Service | undefined;
const logs: { level: number; msg: string; [k: string]: unknown }[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-ops-health-'));
  // Heartbeats every 200 ms, so a connection that stops acknowledging them is found quickly.
  fd = await startFakeDiscord({ heartbeatIntervalMs: 200 });
  logs.length = 0;
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
  for (const t of cron.getTasks().values()) await t.destroy();
  await fd.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startService(env: Record<string, string> = {}): Promise<{ s: Service; base: string }> {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line) as (typeof logs)[number]);
      done();
    },
  });
  service = await start(
    { NEWSBRIEF_DB: path.join(dir, 'nb.db'), NEWSBRIEF_HTTP_PORT: '0', DISCORD_TOKEN: fd.token, DISCORD_APPLICATION_ID: fd.applicationId, DISCORD_API_URL: fd.apiUrl, ...env },
    createLogger('info', sink),
  );
  return { s: service, base: `http://127.0.0.1:${service.http?.port ?? 0}` };
}

type Report = { status: string; checks: Record<string, { ok: boolean; connected?: boolean; status?: string; error?: string; lastHeartbeatAck?: string }> };

async function health(base: string): Promise<{ code: number; report: Report }> {
  const res = await fetch(`${base}/healthz`);
  return { code: res.status, report: (await res.json()) as Report };
}

/** Polls /healthz until `pred` holds (the vitest timeout bounds it). */
async function healthUntil(base: string, pred: (h: { code: number; report: Report }) => boolean): Promise<{ code: number; report: Report }> {
  for (;;) {
    const h = await health(base);
    if (pred(h)) return h;
    await sleep(50);
  }
}

const metrics = async (base: string) => (await fetch(`${base}/metrics`)).text();

/** The text of an interaction's reply once it has one (deferred replies are edited). */
async function replyText(i: SentInteraction): Promise<string> {
  await i.waitFor((r) => r.method === 'POST' && /\/callback$/.test(r.path) && r.status > 0);
  await fd.until(() => (i.messages().some((m) => m.content || m.embeds.length > 0) ? true : undefined), 5000, 'a reply');
  return i.messages().map((m) => m.content + JSON.stringify(m.embeds)).join('\n');
}

describe('/healthz follows the Discord gateway', () => {
  it('turns 503 when the gateway is lost (grace 0), logs the loss once, and recovers when Discord is back', async () => {
    const { base } = await startService({ NEWSBRIEF_HEALTH_GRACE: '0' });
    const up = await health(base);
    expect(up.code).toBe(200);
    expect(up.report.checks.discord).toMatchObject({ ok: true, connected: true, status: 'Ready' });
    expect(await metrics(base)).toContain('newsbrief_platform_connected{platform="discord"} 1');

    fd.outage(true);
    const lost = await healthUntil(base, (h) => h.report.checks.discord?.connected === false);
    expect(lost.code).toBe(503);
    expect(lost.report.status).toBe('degraded');
    expect(lost.report.checks.discord).toMatchObject({ ok: false, connected: false, error: expect.stringMatching(/^discord disconnected for \d+ s/) });
    expect(await metrics(base)).toContain('newsbrief_platform_connected{platform="discord"} 0');
    await health(base);
    expect(logs.filter((l) => /discord connection lost/.test(l.msg))).toHaveLength(1);

    fd.outage(false);
    const back = await healthUntil(base, (h) => h.code === 200);
    expect(back.report.checks.discord).toMatchObject({ ok: true, connected: true, status: 'Ready' });
    expect(logs.filter((l) => /discord connection restored after [\d.]+ s/.test(l.msg))).toHaveLength(1);
    expect(await metrics(base)).toContain('newsbrief_platform_connected{platform="discord"} 1');
    // Commands work again after the reconnect.
    expect(await replyText(fd.command('brief', { topic: 'korea' }))).toMatch(/korea/i);
  });

  it('reports the last heartbeat acknowledged, and a gateway that stops acknowledging heartbeats as lost', async () => {
    const { base } = await startService({ NEWSBRIEF_HEALTH_GRACE: '0' });
    await fd.until(() => (fd.heartbeatAcks() > 0 ? true : undefined), 5000, 'a heartbeat');
    const up = await healthUntil(base, (h) => h.report.checks.discord?.lastHeartbeatAck !== undefined);
    expect(up.code).toBe(200);
    expect(Date.parse(up.report.checks.discord?.lastHeartbeatAck ?? '')).toBeGreaterThan(0);

    // The socket stays open, but Discord no longer answers: the missing acknowledgement closes it as a zombie.
    fd.hang();
    const lost = await healthUntil(base, (h) => h.code === 503);
    expect(lost.report.checks.discord).toMatchObject({ ok: false, connected: false });
    fd.outage(false);
    await healthUntil(base, (h) => h.code === 200);
  });

  it('reports a short loss as reconnecting but healthy within the grace', async () => {
    const { base } = await startService({ NEWSBRIEF_HEALTH_GRACE: '3600' });
    fd.outage(true);
    const lost = await healthUntil(base, (h) => h.report.checks.discord?.connected === false);
    expect(lost.code).toBe(200);
    expect(lost.report.checks.discord).toMatchObject({ ok: true, connected: false, reason: expect.any(String), disconnectedSeconds: expect.any(Number) });
    fd.outage(false);
    await healthUntil(base, (h) => h.report.checks.discord?.connected === true);
  });
});

describe('/healthz follows the Slack Socket Mode connection', () => {
  it('reports the loss (503 after the grace), logs it once, and recovers', async () => {
    const fs = await startFakeSlack({ botToken: 'xoxb-test-token', appToken: 'xapp-test-token' });
    try {
      const { base } = await startService({ NEWSBRIEF_HEALTH_GRACE: '0', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: fs.apiUrl });
      await fs.socketReady();
      expect((await health(base)).report.checks.slack).toMatchObject({ ok: true, connected: true, mode: 'socket' });
      fs.outage(true);
      const lost = await healthUntil(base, (h) => h.report.checks.slack?.connected === false);
      expect(lost.code).toBe(503);
      expect(await metrics(base)).toContain('newsbrief_platform_connected{platform="slack"} 0');
      fs.outage(false);
      await healthUntil(base, (h) => h.code === 200);
      expect(logs.filter((l) => /^slack connection lost/.test(l.msg))).toHaveLength(1);
      expect(logs.filter((l) => /^slack connection restored after/.test(l.msg))).toHaveLength(1);
    } finally {
      await service?.stop();
      service = undefined;
      await fs.close();
    }
  }, 60_000);
});

describe('/metrics counts outcomes truthfully', () => {
  let feeds: FakeFeedServer;
  let openai: FakeOpenAI;
  beforeEach(async () => {
    feeds = await startFeedServer();
    openai = await startFakeOpenAI();
  });
  afterEach(async () => {
    await feeds.close();
    await openai.close();
  });

  it('counts handled failures by kind, feed polls by outcome, LLM calls and fallbacks by reason', async () => {
    const { s, base } = await startService({ NEWSBRIEF_ALLOW_PRIVATE_FEEDS: '1', OPENAI_BASE_URL: openai.baseURL, NEWSBRIEF_LLM_MODEL: 'fake-model' });
    expect(await replyText(fd.command('digest', { id: 99 }, ADMIN, 'off'))).toContain('This channel has no digest #99');
    expect(await replyText(fd.command('topics', { name: 'nosuchtopic' }, ADMIN, 'remove'))).toContain('There is no topic named');
    expect(await replyText(fd.command('digest', { schedule: 'daily 08:00' }, {}, 'set'))).toContain('Only members with the Manage Server permission');
    expect(await replyText(fd.command('digest', { schedule: 'daily 08:00', timezone: 'UTC' }, ADMIN, 'set'))).toMatch(/next/i);

    // Two feeds: one works, one answers 500.
    const items = [1, 2, 3].map((n) => ({ title: `Harbour strike day ${n}`, link: feeds.url(`/a/${n}`), description: articleText('harbour strike', 6), pubDate: new Date(Date.now() - n * 3_600_000).toUTCString() }));
    feeds.route('/good.xml', { body: rssFeed('Harbour News', items), contentType: 'application/rss+xml' });
    expect(await replyText(fd.command('feeds', { url: feeds.url('/good.xml'), pages: 'off' }, ADMIN, 'add'))).toContain('Harbour News');
    feeds.route('/bad.xml', { body: rssFeed('Flaky News', items), contentType: 'application/rss+xml' });
    expect(await replyText(fd.command('feeds', { url: feeds.url('/bad.xml'), pages: 'off' }, ADMIN, 'add'))).toContain('Flaky News');
    feeds.route('/bad.xml', { status: 500, body: 'oops' });
    await s.poller.pollNow({ all: true });

    // The LLM answers the first briefing, then fails with 500s (server_error fallbacks).
    expect(await replyText(fd.command('brief', { topic: 'harbour strike', limit: 3 }))).toMatch(/harbour/i);
    openai.respondWith(() => errorAnswer(500, 'server_error'));
    const body = 'A volcano on the peninsula erupted overnight and lava reached the coastal road. Residents of the fishing town were evacuated before dawn. Scientists said the eruption could last for weeks.';
    await s.app.pipeline.ingestContent(JSON.stringify({ title: 'Volcano erupts near fishing town', body, url: 'https://news.example/volcano', source: 'Island Post' }), 'volcano.json');
    expect(await replyText(fd.command('brief', { topic: 'volcano' }))).toMatch(/volcano/i);

    const m = await metrics(base);
    expect(m).toContain('newsbrief_commands_total{platform="discord",command="digest off",outcome="user_error"} 1');
    expect(m).not.toContain('command="digest off",outcome="ok"');
    expect(m).toContain('newsbrief_commands_total{platform="discord",command="topics remove",outcome="user_error"} 1');
    expect(m).toContain('newsbrief_commands_total{platform="discord",command="digest set",outcome="refused"} 1');
    expect(m).toContain('newsbrief_commands_total{platform="discord",command="digest set",outcome="ok"} 1');
    expect(m).toMatch(/newsbrief_feed_polls_total\{outcome="(ok|not-modified)"\} 1/);
    expect(m).toContain('newsbrief_feed_polls_total{outcome="failed"} 1');
    expect(m).toMatch(/newsbrief_llm_calls_total\{what="briefing"\} [1-9]/);
    expect(m).toMatch(/newsbrief_llm_fallbacks_total\{reason="server_error"\} [1-9]/);
    expect(m).toMatch(/newsbrief_llm_tokens_total [1-9]/);
  });
});
