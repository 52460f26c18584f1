// End to end: the real @slack/bolt App (HTTP receiver and Socket Mode) against the fake Slack on 127.0.0.1, over a
// fresh in-memory core. Signed slash commands in, recorded response_url bodies out. Runs the shared adapter contract.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createSlackBot, SLACK_EVENTS_PATH, type SlackBot } from '../../adapters/slack/client.js';
import { blockKitProblems, mentionsSafe, messageTexts, type SlackBlock, type SlackMessage } from '../../adapters/slack/limits.js';
import { MORE_ACTION_ID, replyToSlack } from '../../adapters/slack/render.js';
import { slackPlatform } from '../../adapters/slack/adapter.js';
import { startSlack } from '../../adapters/slack/adapter.js';
import { slackConfigured } from '../../adapters/slack/config.js';
import { start as startMain } from '../../adapters/main.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { runAdapterContract, type AdapterHarness } from '../contract/suite.js';
import { runFiltersContract } from '../contract/filters-suite.js';
import { buttonPayload, postToBot, slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const SECRET = 'test-signing-secret';
const BOT_TOKEN = 'xoxb-test-token';
const APP_TOKEN = 'xapp-test-token';
const NOW = new Date('2026-11-30T00:00:00Z');
const TEAMS = { a: 'T0TEST', b: 'T0OTHER' } as const;

/** What the bot posted to a response_url. */
type SlackReply = { response_type?: string; replace_original?: boolean; text: string; blocks?: SlackBlock[] };

function testConfig(): Config {
  const file = FileConfigSchema.parse({ topics: [{ name: 'korea', keywords: ['korea', 'north korea', 'pyongyang', 'seoul', 'kim jong un'] }] });
  return { dbPath: ':memory:', configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent' };
}

/** A logger whose JSON lines the test can read and wait for. */
function logSink() {
  const lines: Record<string, unknown>[] = [];
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      const line = JSON.parse(String(chunk)) as Record<string, unknown>;
      lines.push(line);
      for (const w of waiters.filter((x) => x.match(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
      done();
    },
  });
  return {
    logger: createLogger('info', stream),
    lines,
    waitFor: (match: (l: Record<string, unknown>) => boolean) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const hit = lines.find(match);
        if (hit) resolve(hit);
        else waiters.push({ match, resolve });
      }),
  };
}

const asMessage = (r: SlackReply): SlackMessage => ({ text: r.text, ...(r.blocks ? { blocks: r.blocks } : {}) });
const visible = (r: SlackReply) => messageTexts(asMessage(r)).join('\n');

/** A fake Slack, a core and an HTTP-mode bot, wired together. */
async function setup(extra: { admins?: Set<string> } = {}) {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  fake.users.set('U0OWNER', { id: 'U0OWNER', is_owner: true });
  fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
  const core = createApp({ config: testConfig(), dbPath: ':memory:' });
  const log = logSink();
  const bot = createSlackBot(core, {
    botToken: BOT_TOKEN,
    http: { signingSecret: SECRET, port: 0, host: '127.0.0.1' },
    apiUrl: fake.apiUrl,
    retries: 0,
    logger: log.logger,
    now: () => NOW,
    ...(extra.admins ? { admins: extra.admins } : {}),
  });
  const { port } = await bot.start();
  const url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
  /** Types a slash command; resolves with the HTTP response and the response_url id. */
  const command = async (command: string, text: string, o: { user?: string; team?: string } = {}) => {
    const r = fake.responseUrl();
    const res = await postToBot(url, SECRET, slashPayload({ command, text, response_url: r.url, user_id: o.user ?? 'U0MEMBER', team_id: o.team ?? TEAMS.a }));
    return { res, id: r.id };
  };
  /** Types a slash command and waits for the (first) reply. */
  const ask = async (cmd: string, text: string, o: { user?: string; team?: string } = {}) => {
    const { res, id } = await command(cmd, text, o);
    expect(res.status).toBe(200);
    return (await fake.waitForResponse(id)) as SlackReply;
  };
  return { fake, core, bot, log, url, command, ask };
}
type Setup = Awaited<ReturnType<typeof setup>>;

// ---- the shared contract ------------------------------------------------------------------------------------------

let env: Setup | undefined;
const harness: AdapterHarness<SlackReply> = {
  async start() {
    env = await setup();
  },
  async stop() {
    await env?.bot.stop();
    await env?.fake.close();
    await env?.core.close();
  },
  get core(): App {
    return (env as Setup).core;
  },
  registeredCommands() {
    const m = parse(readFileSync(path.join(root, 'config', 'slack-manifest.yaml'), 'utf8')) as { features: { slash_commands: { command: string }[] } };
    return m.features.slash_commands.map((c) => c.command.replace(/^\//, ''));
  },
  async invoke(command, sub, args, opts = {}) {
    const words = [...(sub ? [sub] : []), ...Object.entries(args).map(([k, v]) => `${k}:"${v}"`)];
    const reply = await (env as Setup).ask(`/${command}`, words.join(' '), { user: opts.admin ? 'U0ADMIN' : 'U0MEMBER', team: TEAMS[opts.workspace ?? 'a'] });
    return [reply];
  },
  render(reply) {
    const r = replyToSlack(reply, { now: NOW });
    return r.messages.map((p) => ({ response_type: r.ephemeral ? 'ephemeral' : 'in_channel', ...p }));
  },
  visibleText: visible,
  isPrivate: (r) => r.response_type === 'ephemeral',
  mentionsSafe: (r) => mentionsSafe(asMessage(r)),
  limitProblems: (r) => blockKitProblems(asMessage(r)),
};
runAdapterContract('slack', harness);
runFiltersContract('slack', harness);

// ---- Slack specifics over HTTP ------------------------------------------------------------------------------------

describe('slack adapter over HTTP', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup({ admins: new Set(['U0LISTED']) });
    const sample = readFileSync(path.join(root, 'samples', 'sample-article.txt'), 'utf8');
    await s.core.pipeline.ingestContent(sample, 'sample-article.txt');
  });
  afterAll(async () => {
    await s.bot.stop();
    await s.fake.close();
    await s.core.close();
  });

  it('answers /brief korea with Block Kit: header, then the sample story as a section', async () => {
    const r = await s.ask('/brief', 'korea');
    expect(r.response_type).toBe('in_channel');
    expect(r.blocks?.[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Briefing: korea' } });
    const story = r.blocks?.find((b) => b.type === 'section');
    expect(story?.type === 'section' && story.text.text).toMatch(/^\*1\. Chinese envoy wraps up North Korea trip after meetings\*\n.+\n1 source · 21 Nov 2017/);
    expect(visible(r)).toContain('latest from 21 Nov 2017');
  });

  it('parses options and quotes end to end', async () => {
    expect(visible(await s.ask('/brief', 'korea since:48h limit:5'))).toContain('Chinese envoy');
    expect(visible(await s.ask('/brief', '"north korea"'))).toContain('Chinese envoy');
  });

  it('answers /brief help and bad options privately with usage', async () => {
    const help = await s.ask('/brief', 'help');
    expect(help.response_type).toBe('ephemeral');
    expect(help.text).toContain('Usage: `/brief &lt;topic&gt; [since:24h|3d|7d|30d|all] [limit:number]`');
    const bad = await s.ask('/brief', 'korea limt:5');
    expect(bad.response_type).toBe('ephemeral');
    expect(bad.text).toMatch(/^Unknown option `limt`/);
    const badValue = await s.ask('/brief', 'korea limit:500');
    expect(badValue).toMatchObject({ response_type: 'ephemeral', text: 'limit can be at most 10' });
  });

  it('acknowledges at once, before the admin lookup and the reply', async () => {
    const release = s.fake.holdUsersInfo();
    const { res, id } = await s.command('/topics', 'add ack-test keywords:"one, two"', { user: 'U0OWNER' });
    expect(res.status).toBe(200);
    expect(s.fake.responsesFor(id)).toEqual([]);
    release();
    expect(visible((await s.fake.waitForResponse(id)) as SlackReply)).toContain('Added topic *ack-test*: one, two');
  });

  it('refuses /topics add to a member with an ephemeral message that names the right needed', async () => {
    const r = await s.ask('/topics', 'add nope keywords:"a, b"', { user: 'U0MEMBER' });
    expect(r).toMatchObject({ response_type: 'ephemeral', text: 'Only members with workspace admin rights can use /topics add.' });
  });

  it('treats users in NEWSBRIEF_SLACK_ADMINS as admins without asking users.info', async () => {
    const r = await s.ask('/topics', 'add listed keywords:"x, y"', { user: 'U0LISTED' });
    expect(r.text).toContain('Added topic *listed*');
    expect(s.fake.calls.filter((c) => c.method === 'users.info' && c.params.user === 'U0LISTED')).toEqual([]);
  });

  it('caches the admin lookup per user', async () => {
    await s.ask('/topics', 'add cached-1 keywords:"x"', { user: 'U0ADMIN' });
    await s.ask('/topics', 'add cached-2 keywords:"x"', { user: 'U0ADMIN' });
    expect(s.fake.calls.filter((c) => c.method === 'users.info' && c.params.user === 'U0ADMIN')).toHaveLength(1);
  });

  it('keeps topics per Slack team', async () => {
    await s.ask('/topics', 'add team-only keywords:"x"', { user: 'U0ADMIN', team: 'T0ONE' });
    const listed = await s.ask('/topics', 'list', { team: 'T0ONE' });
    expect(visible(listed)).toContain('team-only');
    expect(listed.response_type).toBe('ephemeral'); // the list is only for whoever asked
    expect(visible(await s.ask('/topics', 'list', { team: 'T0TWO' }))).not.toContain('team-only');
  });

  it('shows /digest preview only to the user', async () => {
    expect((await s.ask('/digest', 'preview since:all')).response_type).toBe('ephemeral');
  });

  it('pages a long briefing behind a More button that runs the next page from its own state, once', async () => {
    const places = ['Albany', 'Bergen', 'Cusco', 'Dakar', 'Esbjerg', 'Fukuoka', 'Galway', 'Hobart', 'Iquitos', 'Jaipur', 'Kochi', 'Lagos', 'Malmo', 'Nantes'];
    const words = (i: number) => Array.from({ length: 60 }, (_, j) => `w${i}x${j}${'abcdefghij'[(i * 7 + j) % 10]}`).join(' ');
    const jsonl = places
      .map((p, i) => JSON.stringify({ title: `Quokka census in ${p} finds ${10 + i} colonies`, body: `Quokka counters in ${p} reported new colonies. ${words(i)}. The quokka survey continues.`, url: `https://quokka.example.com/${i}`, source: `Desk ${i}`, publishedAt: `2026-11-${10 + i}T08:00:00Z` }))
      .join('\n');
    expect((await s.core.pipeline.ingestContent(jsonl, 'quokka.jsonl')).rejections).toEqual([]);

    const first = await s.ask('/brief', 'quokka since:all limit:7');
    expect(first.blocks?.filter((b) => b.type === 'section')).toHaveLength(7);
    // Each story has its own actions block (Sources); the page ends with the "More stories" one.
    const actions = first.blocks?.filter((b) => b.type === 'actions') ?? [];
    expect(actions).toHaveLength(8);
    const last = actions.at(-1);
    const button = last?.type === 'actions' ? last.elements[0] : undefined;
    expect(button).toMatchObject({ action_id: MORE_ACTION_ID, text: { text: 'More stories' } });

    const click = async () => {
      const r = s.fake.responseUrl();
      const res = await postToBot(s.url, SECRET, { payload: JSON.stringify(buttonPayload({ action_id: MORE_ACTION_ID, value: button?.value ?? '', response_url: r.url })) });
      expect(res.status).toBe(200);
      return (await s.fake.waitForResponse(r.id)) as SlackReply;
    };
    const second = await click();
    expect(second).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(second.blocks?.filter((b) => b.type === 'section')).toHaveLength(7);
    expect(visible(second)).toContain('stories 8–14');
    expect(visible(second)).toContain('Quokka census');
    // The last page: 14 stories in all, so no further button.
    expect(second.blocks?.some((b) => b.type === 'actions' && b.elements.some((e) => e.action_id === MORE_ACTION_ID))).toBe(false);
    expect(await click()).toMatchObject({ response_type: 'ephemeral', text: 'That page is already shown below.' });
  });

  it('answers a More button it no longer knows with an ephemeral hint', async () => {
    const r = s.fake.responseUrl();
    await postToBot(s.url, SECRET, { payload: JSON.stringify(buttonPayload({ action_id: MORE_ACTION_ID, value: 'gone:1', response_url: r.url })) });
    expect(await s.fake.waitForResponse(r.id)).toMatchObject({ response_type: 'ephemeral', text: 'This list has expired; run the command again to see more.' });
  });

  it.each([
    ['a wrong signing secret', { signWith: 'not-the-secret' }],
    ['a tampered body', { tamper: (b: string) => b.replace('korea', 'japan') }],
    ['a stale timestamp', { ts: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('rejects %s with 401 and never runs the handler', async (_, o) => {
    const rejected = s.fake.responseUrl();
    const res = await postToBot(s.url, SECRET, slashPayload({ command: '/brief', text: 'korea', response_url: rejected.url }), o);
    expect(res.status).toBe(401);
    // A valid request sent after it is answered; the rejected one never is.
    expect(visible(await s.ask('/brief', 'korea'))).toContain('Chinese envoy');
    expect(s.fake.responsesFor(rejected.id)).toEqual([]);
  });

  it('logs a failed reply with an error id and keeps serving', async () => {
    const res = await postToBot(s.url, SECRET, slashPayload({ command: '/brief', text: 'korea', response_url: `${s.fake.url}/response/expired` }));
    expect(res.status).toBe(200);
    const line = await s.log.waitFor((l) => l.msg === 'slack listener error');
    expect(line.errorId).toMatch(/^E-[0-9A-F]{6}$/);
    expect(visible(await s.ask('/brief', 'korea'))).toContain('Chinese envoy');
  });

  it('logs a handler error with the same error id the user sees', async () => {
    const search = s.core.store.articles.search;
    s.core.store.articles.search = () => {
      throw new Error('index corrupted');
    };
    try {
      const r = await s.ask('/brief', 'korea');
      const id = /E-[0-9A-F]{6}/.exec(r.text)?.[0];
      const line = await s.log.waitFor((l) => l.msg === 'slack command failed' && l.errorId === id);
      expect((line.err as { message: string }).message).toBe('index corrupted');
    } finally {
      s.core.store.articles.search = search;
    }
  });
});

// ---- Socket Mode and start-up from the environment ----------------------------------------------------------------

describe('slack adapter in Socket Mode', () => {
  let fake: FakeSlack;
  let core: App;
  let bot: SlackBot;
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    core = createApp({ config: testConfig(), dbPath: ':memory:' });
    await core.pipeline.ingestContent(readFileSync(path.join(root, 'samples', 'sample-article.txt'), 'utf8'), 'sample-article.txt');
    bot = createSlackBot(core, { botToken: BOT_TOKEN, socket: { appToken: APP_TOKEN }, apiUrl: fake.apiUrl, retries: 0, logger: createLogger('silent'), now: () => NOW });
    await bot.start();
    await fake.socketReady();
  });
  afterAll(async () => {
    await bot.stop();
    await fake.socketsClosed();
    await fake.close();
    await core.close();
  });

  it('opens the connection with the app-level token', async () => {
    expect(fake.calls.find((c) => c.method === 'apps.connections.open')?.token).toBe(APP_TOKEN);
  });

  it('acks a slash command envelope and answers /brief korea through the response_url', async () => {
    const r = fake.responseUrl();
    const ack = await fake.sendEnvelope('slash_commands', slashPayload({ command: '/brief', text: 'korea', response_url: r.url }));
    expect(ack.payload ?? {}).toEqual({});
    const reply = (await fake.waitForResponse(r.id)) as SlackReply;
    expect(visible(reply)).toContain('Chinese envoy wraps up North Korea trip after meetings');
  });
});

describe('startSlack', () => {
  const logger = createLogger('silent');

  it('is off without Slack variables', async () => {
    expect(slackConfigured({ PORT: '3000' })).toBe(false);
    expect(slackConfigured({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(true);
  });

  it('names every missing or malformed variable at once', async () => {
    const core = createApp({ config: testConfig(), dbPath: ':memory:' });
    try {
      const err = await startSlack(core, { SLACK_BOT_TOKEN: 'xoxp-user-token', PORT: 'eighty', NEWSBRIEF_SLACK_ADMINS: 'U01ABC, bob' }, logger).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('SLACK_BOT_TOKEN must be the Bot User OAuth Token (starts with xoxb-)');
      expect(msg).toContain('PORT must be a port number');
      expect(msg).toContain('set SLACK_APP_TOKEN (Socket Mode');
      expect(msg).toContain('NEWSBRIEF_SLACK_ADMINS has entries that are not Slack user ids (U… or W…): bob');
    } finally {
      await core.close();
    }
  });

  it('serves HTTP on PORT against SLACK_API_URL, and reports a busy port or a refused token as a ConfigError', async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN });
    const core = createApp({ config: testConfig(), dbPath: ':memory:' });
    try {
      const handle = await startSlack(core, { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl }, logger, { retries: 0 });
      expect(handle.mode).toBe('http');
      expect(handle.port).toBeGreaterThan(0);
      const busy = await startSlack(core, { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, PORT: String(handle.port), SLACK_API_URL: fake.apiUrl }, logger, { retries: 0 }).catch((e: unknown) => e);
      expect((busy as Error).message).toBe(`PORT ${handle.port} is already in use: set PORT to a free port for Slack's HTTP mode.`);
      await handle.stop();
      const refused = await startSlack(core, { SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl }, logger, { retries: 0 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConfigError);
      expect((refused as Error).message).toContain('Slack refused a token (invalid_auth)');
    } finally {
      await core.close();
      await fake.close();
    }
  });

  it('plugs into adapters/main.ts as a platform entry', async () => {
    expect(slackPlatform.detect({})).toEqual({ enabled: false });
    expect(slackPlatform.detect({ SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({ enabled: true, problems: [expect.stringContaining('SLACK_BOT_TOKEN is not set')] });
    const fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    try {
      const { stop } = await startMain({ NEWSBRIEF_DB: ':memory:', NEWSBRIEF_HTTP_PORT: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl }, logger, [slackPlatform]);
      await fake.socketReady();
      await stop();
      await fake.socketsClosed();
    } finally {
      await fake.close();
    }
  });
});
