// End to end: Slack OAuth distribution through `npm start`'s entry point (adapters/main.ts) with the real bolt and
// @slack/oauth against the fake Slack on 127.0.0.1: installs in two workspaces through /slack/install and
// /slack/oauth_redirect, each workspace answered and posted to with its own token, uninstall, forged states, token
// rotation refreshed once by two instances on one database (in this process, and a second `newsbrief serve` process
// meeting a refresh in progress), and no secret in any log line or page.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Service } from '../../adapters/main.js';
import { checkSlackEnv } from '../../adapters/slack/config.js';
import { UNINSTALLED_REASON } from '../../adapters/slack/oauth.js';
import { createLogger } from '../../src/log.js';
import { nextRuns } from '../../src/schedule/schedule.js';
import { fakeSlackOAuth, type FakeSlackOAuth } from '../fakes/slack-oauth.js';
import { postEventToBot, postToBot, slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const SIGNING = 'oauth-test-signing-secret';
const CLIENT_ID = '1111.2222';
const CLIENT_SECRET = 'oauth-test-client-secret-42';
const STATE_SECRET = 'oauth-test-state-secret-0123456789';
const A = { teamId: 'T0ALPHA', teamName: 'Alpha Works' };
const B = { teamId: 'T0BRAVO', teamName: 'Bravo & Sons' };

/** A running service (or two on one database) with its Slack HTTP base URL and its log lines. */
interface Instance {
  service: Service;
  base: string;
  lines: Record<string, unknown>[];
  raw: string[];
}

async function startInstance(fake: FakeSlack, db: string): Promise<Instance> {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of String(chunk).split('\n')) {
        if (!line.trim()) continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const env = {
    NEWSBRIEF_DB: db,
    NEWSBRIEF_HTTP_PORT: 'off',
    PORT: '0',
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SIGNING,
    SLACK_API_URL: fake.apiUrl,
  };
  // Debug level: the Web API client's request bodies are logged too, and must still show no secret.
  const service = await start(env, createLogger('debug', sink));
  const started = lines.find((l) => l.msg === 'slack adapter started') as { port: number; oauth?: boolean };
  expect(started.oauth).toBe(true);
  return { service, base: `http://127.0.0.1:${started.port}`, lines, raw };
}

/** Runs the install flow in a browser's place: the install page, then Slack's redirect back with a code. */
async function install(i: Instance, oauth: FakeSlackOAuth, ws: { teamId: string; teamName: string }, tamper?: (state: string, cookie: string) => { state: string; cookie: string }) {
  const landing = await fetch(`${i.base}/slack/install`);
  expect(landing.status).toBe(200);
  const html = await landing.text();
  const href = (/id="add-to-slack" href="([^"]+)"/.exec(html)?.[1] ?? '').replace(/&#38;/g, '&');
  const authorizeUrl = new URL(href);
  expect(authorizeUrl.searchParams.get('client_id')).toBe(CLIENT_ID);
  expect(authorizeUrl.searchParams.get('scope')).toBe('channels:history,chat:write,commands,groups:history,im:write,users:read');
  const state = authorizeUrl.searchParams.get('state') ?? '';
  const cookie = (landing.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const t = tamper ? tamper(state, cookie) : { state, cookie };
  const code = oauth.grant(ws);
  const res = await fetch(`${i.base}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(t.state)}`, { headers: t.cookie ? { cookie: t.cookie } : {} });
  return { status: res.status, page: await res.text(), code };
}

/** Types a slash command in a workspace (signed like Slack); resolves with the response_url id. */
async function command(i: Instance, fake: FakeSlack, team: string, cmd: string, text: string, user = 'U0ADMIN') {
  const r = fake.responseUrl();
  const res = await postToBot(`${i.base}/slack/events`, SIGNING, slashPayload({ command: cmd, text, response_url: r.url, team_id: team, user_id: user, channel_id: `C0${team.slice(2)}` }));
  expect(res.status).toBe(200);
  return r.id;
}

const waitForLog = async (i: Instance, msg: string) => {
  for (let n = 0; n < 500 && !i.lines.some((l) => l.msg === msg); n++) await new Promise((r) => setImmediate(r));
  return i.lines.find((l) => l.msg === msg);
};

/** Every secret of the run that must never be logged or shown. */
const secretsOf = (oauth: FakeSlackOAuth) => [CLIENT_SECRET, STATE_SECRET, SIGNING, ...oauth.issued];

describe('Slack OAuth for many workspaces (npm start, HTTP receiver)', () => {
  let dir: string;
  let fake: FakeSlack;
  let oauth: FakeSlackOAuth;
  let i: Instance;
  const pages: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'nb-slack-oauth-'));
    oauth = fakeSlackOAuth({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    fake = await startFakeSlack({ tokenTeam: oauth.tokenTeam, methods: oauth.methods });
    fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
    i = await startInstance(fake, path.join(dir, 'nb.db'));
  });
  afterAll(async () => {
    await i?.service.stop();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs in two workspaces through /slack/install and /slack/oauth_redirect and stores each installation', async () => {
    for (const ws of [A, B]) {
      const r = await install(i, oauth, ws);
      pages.push(r.page);
      expect(r.status).toBe(200);
      expect(r.page).toContain('newsbrief is now installed in <b>');
    }
    expect(pages[1]).toContain('Bravo &#38; Sons');
    const stored = await i.service.app.store.installations.listInstallations();
    expect(stored.map((s) => [s.id, s.workspaceId])).toEqual([[`slack:${A.teamId}`, `slack:${A.teamId}`], [`slack:${B.teamId}`, `slack:${B.teamId}`]]);
    expect(fake.calls.filter((c) => c.method === 'oauth.v2.access')).toHaveLength(2);
  });

  it("answers each workspace's commands with that workspace's token", async () => {
    const [tokenA] = oauth.tokensOf(A.teamId);
    const [tokenB] = oauth.tokensOf(B.teamId);
    for (const [ws, token] of [[A, tokenA], [B, tokenB]] as const) {
      const before = fake.calls.length;
      const id = await command(i, fake, ws.teamId, '/topics', `add only-${ws.teamId} keywords:"harbor, ferry"`);
      expect(String((await fake.waitForResponse(id)).text)).toContain(`only-${ws.teamId.toLowerCase()}`);
      // The admin check (users.info) ran with this workspace's own bot token.
      expect(fake.calls.slice(before).filter((c) => c.method === 'users.info').map((c) => c.token)).toEqual([token]);
    }
    // Topics stay per workspace.
    expect((await i.service.app.store.topics.listTopics(`slack:${A.teamId}`)).map((t) => t.name)).toEqual([`only-${A.teamId.toLowerCase()}`]);
  });

  it("posts workspace B's digest with B's token", async () => {
    const id = await command(i, fake, B.teamId, '/digest', 'set "daily 08:00" timezone:UTC when_empty:note');
    expect(String((await fake.waitForResponse(id)).text)).toContain('Next runs');
    const [sub] = await i.service.app.store.digests.activeSubscriptions();
    expect(sub?.workspaceId).toBe(`slack:${B.teamId}`);
    const slot = nextRuns('0 8 * * *', 'UTC', 1, i.service.app.now())[0] as Date;
    const tally = await i.service.scheduler.tick(new Date(slot.getTime() + 30_000));
    expect(tally.posted).toBe(1);
    const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => [c.params.channel, c.token])).toEqual([[`C0${B.teamId.slice(2)}`, oauth.tokensOf(B.teamId)[0]]]);
  });

  it('refuses a forged, foreign-signed or cookie-less state with a clear page, and stores nothing', async () => {
    const before = (await i.service.app.store.installations.listInstallations()).length;
    const forged = await install(i, oauth, { teamId: 'T0EVIL', teamName: 'Evil' }, (_s, cookie) => ({ state: 'eyJvIjp7fX0.forged', cookie: cookie.replace(/=.*/, '=eyJvIjp7fX0.forged') }));
    const noCookie = await install(i, oauth, { teamId: 'T0EVIL', teamName: 'Evil' }, (state) => ({ state, cookie: '' }));
    for (const r of [forged, noCookie]) {
      expect(r.status).toBe(400);
      expect(r.page).toContain('This install link is not valid here');
      expect(r.page).toContain('/slack/install');
      pages.push(r.page);
    }
    expect(await i.service.app.store.installations.listInstallations()).toHaveLength(before);
    expect(oauth.tokensOf('T0EVIL')).toEqual([]);
  });

  it('deletes the installation on app_uninstalled, pauses its digests, and answers nothing from that team afterwards', async () => {
    const res = await postEventToBot(`${i.base}/slack/events`, SIGNING, {
      token: 'deprecated', team_id: B.teamId, api_app_id: 'A0TEST', type: 'event_callback', event_id: 'Ev1', event_time: 1,
      event: { type: 'app_uninstalled' }, authorizations: [{ team_id: B.teamId, is_enterprise_install: false, is_bot: true }],
    });
    expect(res.status).toBe(200);
    expect(await waitForLog(i, 'slack app uninstalled: installation deleted')).toMatchObject({ installation: `slack:${B.teamId}`, removed: true, pausedDigests: 1 });
    expect(await i.service.app.store.installations.getInstallation(`slack:${B.teamId}`)).toBeUndefined();
    const subs = await i.service.app.store.digests.listSubscriptions(`slack:${B.teamId}:C0${B.teamId.slice(2)}`);
    expect(subs.map((s) => s.pausedReason)).toEqual([UNINSTALLED_REASON]);

    const silent = await command(i, fake, B.teamId, '/brief', 'harbor');
    const answered = await command(i, fake, A.teamId, '/brief', 'harbor');
    await fake.waitForResponse(answered);
    expect(fake.responsesFor(silent)).toEqual([]);
  });

  it('shows no token or secret in any log line or page', () => {
    // The Web API client's debug lines show request bodies: the exchange's client_secret is among them, redacted.
    expect(i.raw.some((l) => l.includes('http request body') && l.includes('client_secret'))).toBe(true);
    const all = [...i.raw, ...pages].join('\n');
    for (const s of secretsOf(oauth)) expect(all).not.toContain(s);
  });
});

describe('Slack token rotation', () => {
  it('two instances in this process on one database refresh an expiring token once and both use the new one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nb-slack-rotate-'));
    const oauth = fakeSlackOAuth({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, expiresIn: 60 });
    const fake = await startFakeSlack({ tokenTeam: oauth.tokenTeam, methods: oauth.methods });
    fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
    const db = path.join(dir, 'nb.db');
    const one = await startInstance(fake, db);
    const two = await startInstance(fake, db);
    try {
      expect((await install(one, oauth, A)).status).toBe(200);
      const [first] = oauth.tokensOf(A.teamId);
      // Both instances get an admin command at once: each must authorize with a token that has < 2 h left.
      const ids = await Promise.all([command(one, fake, A.teamId, '/topics', 'add one keywords:"a"'), command(two, fake, A.teamId, '/topics', 'add two keywords:"b"')]);
      await Promise.all(ids.map((id) => fake.waitForResponse(id)));
      expect(oauth.refreshes).toEqual({ ok: 1, spent: 0 });
      const fresh = oauth.tokensOf(A.teamId).filter((t) => t !== first);
      expect(fresh).toHaveLength(1);
      expect(new Set(fake.calls.filter((c) => c.method === 'users.info').map((c) => c.token))).toEqual(new Set(fresh));
      const stored = await one.service.app.store.installations.getInstallation(`slack:${A.teamId}`);
      expect(Date.parse(stored?.expiresAt ?? '')).toBeGreaterThan(one.service.app.now().getTime() + 11 * 3600_000);
      const all = [...one.raw, ...two.raw].join('\n');
      for (const s of secretsOf(oauth)) expect(all).not.toContain(s);
    } finally {
      await one.service.stop();
      await two.service.stop();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** `newsbrief serve` as a separate process on the same database: a second instance that shares no memory. */
async function startProcess(fake: FakeSlack, db: string, dir: string): Promise<{ child: ChildProcess; base: string; out: () => string; exited: Promise<number | null> }> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    ...Object.fromEntries(['NODE_OPTIONS', 'NEWSBRIEF_TEST_CLOCK', 'NEWSBRIEF_TEST_CLOCK_ORIGIN'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : []))),
    HOME: dir, LOG_LEVEL: 'debug', NEWSBRIEF_DB: db, NEWSBRIEF_HTTP_PORT: 'off', PORT: '0',
    SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: STATE_SECRET, SLACK_SIGNING_SECRET: SIGNING, SLACK_API_URL: fake.apiUrl,
  };
  const child = spawn(process.execPath, [path.join(root, 'bin', 'newsbrief.js'), 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => (out += String(d)));
    child.stdout?.on('data', (d: Buffer) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.includes('"slack adapter started"'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then((code) => reject(new Error(`newsbrief serve exited (${code}) before Slack started:\n${out}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, out: () => out, exited };
}

describe('Slack token rotation across processes', () => {
  it('a second process meeting a refresh in progress keeps the still-valid token instead of spending the refresh token again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nb-slack-rotate-proc-'));
    const oauth = fakeSlackOAuth({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, expiresIn: 60 });
    const fake = await startFakeSlack({ tokenTeam: oauth.tokenTeam, methods: oauth.methods });
    fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
    const db = path.join(dir, 'nb.db');
    const one = await startInstance(fake, db);
    const two = await startProcess(fake, db, dir);
    try {
      expect((await install(one, oauth, A)).status).toBe(200);
      const [first] = oauth.tokensOf(A.teamId);
      // Instance one starts refreshing (it holds the refresh lease) and Slack is slow to answer.
      const held = oauth.holdRefresh();
      const viaOne = command(one, fake, A.teamId, '/topics', 'add one keywords:"a"');
      await held.arrived;
      // Meanwhile the other process gets an admin command that writes, from the same workspace: no database lock is
      // held while Slack answers, and it must not spend the refresh token a second time.
      const viaTwo = await command({ ...one, base: two.base }, fake, A.teamId, '/topics', 'add two keywords:"b"');
      const replyTwo = await fake.waitForResponse(viaTwo);
      held.release();
      await fake.waitForResponse(await viaOne);
      expect(String(replyTwo.text)).toMatch(/two/i);
      expect((await one.service.app.store.topics.listTopics('slack:' + A.teamId)).map((t) => t.name)).toContain('two');
      const refreshCalls = fake.calls.filter((c) => c.method === 'oauth.v2.access' && c.params.grant_type === 'refresh_token');
      expect(refreshCalls).toHaveLength(1);
      expect(oauth.refreshes).toEqual({ ok: 1, spent: 0 });
      const [fresh] = oauth.tokensOf(A.teamId).filter((t) => t !== first);
      expect(fake.calls.filter((c) => c.method === 'users.info').map((c) => c.token)).toEqual([first, fresh]);
      // Afterwards the other process uses the refreshed token too, without refreshing.
      const later = await command({ ...one, base: two.base }, fake, A.teamId, '/feeds', 'list');
      await fake.waitForResponse(later);
      expect(fake.calls.filter((c) => c.method === 'users.info').map((c) => c.token).at(-1)).toBe(fresh);
      expect(oauth.refreshes.ok).toBe(1);
      for (const s of secretsOf(oauth)) expect(two.out()).not.toContain(s);
    } finally {
      two.child.kill('SIGTERM');
      await two.exited;
      await one.service.stop();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Slack OAuth configuration', () => {
  const oauthEnv = { SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: STATE_SECRET, SLACK_SIGNING_SECRET: SIGNING };

  it('turns OAuth on with all three variables and the signing secret, over HTTP', () => {
    const { problems, options } = checkSlackEnv(oauthEnv);
    expect(problems).toEqual([]);
    expect(options).toMatchObject({ oauth: { clientId: CLIENT_ID, scopes: ['channels:history', 'chat:write', 'commands', 'groups:history', 'im:write', 'users:read'] }, http: { signingSecret: SIGNING } });
    expect(options).not.toHaveProperty('botToken');
  });

  it('names every missing or conflicting variable', () => {
    expect(checkSlackEnv({ SLACK_CLIENT_ID: CLIENT_ID }).problems.join('\n')).toMatch(/SLACK_CLIENT_SECRET is not set[\s\S]*SLACK_STATE_SECRET is not set[\s\S]*SLACK_SIGNING_SECRET is not set/);
    expect(checkSlackEnv({ ...oauthEnv, SLACK_BOT_TOKEN: 'xoxb-1' }).problems.join('\n')).toContain('unset SLACK_BOT_TOKEN');
    expect(checkSlackEnv({ ...oauthEnv, SLACK_APP_TOKEN: 'xapp-1' }).problems.join('\n')).toContain('unset SLACK_APP_TOKEN');
    expect(checkSlackEnv({ ...oauthEnv, SLACK_STATE_SECRET: 'short' }).problems.join('\n')).toContain('SLACK_STATE_SECRET must be a long random string');
  });

  it('keeps single-token mode as it was', () => {
    const { problems, options } = checkSlackEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(problems).toEqual([]);
    expect(options).toMatchObject({ botToken: 'xoxb-1', socket: { appToken: 'xapp-1' } });
    expect(options).not.toHaveProperty('oauth');
  });
});
