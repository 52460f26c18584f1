// The Slack adapter's wiring with @slack/bolt 5: one listener per neutral command (/brief, /topics, /digest), the
// "More" button, and the error handler. Every command is acknowledged at once (Slack's 3-second rule), then parsed
// (args.ts), run through commands/run.ts and answered through the command's response_url with Block Kit
// (render.ts). Socket Mode (app-level token) or HTTP (signing secret; bolt verifies signatures and timestamps); one
// bot token (SLACK_BOT_TOKEN), or OAuth for many workspaces (oauth.ts: each workspace's token from the store).
// Nothing a listener throws crashes the process: it becomes an ephemeral apology with an error id that is also logged.
import { App as BoltApp, LogLevel, type BlockAction, type ButtonAction, type Logger as BoltLogger, type RespondFn } from '@slack/bolt';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { COMMANDS } from '../../commands/index.js';
import { MAX_PAGE } from '../../commands/brief.js';
import { findHandler, runCommand } from '../../commands/run.js';
import { LLM_WAIT_MS, settle, type Settled } from '../../commands/settle.js';
import type { CommandContext, CommandDefinition, Handler, Reply } from '../../commands/types.js';
import type { Briefing } from '../../src/types.js';
import { createPageCodec, firstPage, PAGE_TTL_MS, pageOf, type PageState } from '../paging.js';
import type { App } from '../../src/app.js';
import { errorId, type Logger } from '../../src/log.js';
import { createConnectionWatch } from '../../src/service/connection.js';
import type { ComponentHealth } from '../../src/service/http.js';
import { apology } from '../present.js';
import { createAdminCheck } from './admin.js';
import { parseCommandText } from './args.js';
import type { SlackMessage } from './limits.js';
import { briefingToBlockKit, FOLLOW_ACTION_ID, MORE_ACTION_ID, messageToSlack, replyToSlack, type RenderedReply } from './render.js';
import { listenForSources } from './sources.js';
import { listenForFeedback } from './feedback.js';
import { createSlackOAuth, type SlackOAuth, type SlackOAuthOptions } from './oauth.js';

/** Where slash commands and button clicks arrive in HTTP mode (the manifest names the same path). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Longest value of a Slack button. */
const SLACK_BUTTON_VALUE_MAX = 2000;

export interface SlackBotOptions {
  /** One workspace: its Bot User OAuth Token (xoxb-…), SLACK_BOT_TOKEN. Exactly one of botToken and oauth. */
  botToken?: string;
  /** Many workspaces: OAuth installs (HTTP mode only), each workspace's token kept in the store (oauth.ts). */
  oauth?: SlackOAuthOptions;
  /** Socket Mode: the app-level token (xapp-…, scope connections:write): SLACK_APP_TOKEN. */
  socket?: { appToken: string };
  /** HTTP mode: the Signing Secret (SLACK_SIGNING_SECRET) and the port to listen on (PORT, default 3000). */
  http?: { signingSecret: string; port: number; host?: string; processBeforeResponse?: boolean };
  /** Web API base URL (SLACK_API_URL, default https://slack.com/api/): for proxies and tests. */
  apiUrl?: string;
  /** User ids that are always admins (NEWSBRIEF_SLACK_ADMINS). */
  admins?: ReadonlySet<string>;
  logger: Logger;
  /** Web API retries of a failed call (default 2, quick; bolt's own default retries for 30 minutes). */
  retries?: number;
  /** Clock for command contexts (tests and benchmarks). */
  now?: () => Date;
  /** How long a reply waits for the LLM before the offline text is shown and the LLM text edited in later (ms).
   * Default LLM_WAIT_MS (2,000). */
  llmWaitMs?: number;
  /** Skip auth.test at start by giving the bot's ids (tests and benchmarks). */
  botId?: string;
  botUserId?: string;
  /** Seconds the Socket Mode connection may be down before health() reports it (default 30). */
  healthGraceSeconds?: number;
}

export interface SlackBot {
  /** The bolt App (for tests that need its client). */
  readonly bolt: BoltApp;
  /** OAuth mode: installs, authorize and each workspace's token. */
  readonly oauth?: SlackOAuth;
  /** Socket Mode: the WebSocket is open; HTTP mode: the server is listening. */
  connected(): boolean;
  /** /healthz's view: connected, or for how long it has been down (unhealthy after the grace). */
  health(): ComponentHealth;
  /** Verifies the bot token (auth.test), then connects (Socket Mode) or listens (HTTP). Resolves with the HTTP port. */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

/** Slack tokens of every kind (bot, user, app-level, refresh): never written to a log. */
const TOKEN_RE = /\bxox[a-z]?(?:\.xox[a-z])?-[A-Za-z0-9-]+/g;

/** A log line with every Slack token and each of `secrets` replaced (the Web API client's debug lines show request
 *  bodies, where it does not redact client_secret). */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(TOKEN_RE, '[redacted]');
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join('[redacted]');
  return out.replace(/("?(?:client_secret|refresh_token)"?\s*[:=]\s*"?)[^"&,\s}]+/g, '$1[redacted]');
}

/** Routes bolt's, the Web API client's and the Socket Mode client's logs into our pino logger, secrets redacted. */
export function boltLogger(log: Logger, secrets: readonly string[] = []): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    redactSecrets(parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' '), secrets);
  // bolt and the Web API client log a lot at debug level: format only what pino will write.
  const at = (lvl: 'debug' | 'info' | 'warn' | 'error') => (...m: unknown[]) => {
    if (log.isLevelEnabled(lvl)) log[lvl](text(m));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Sends one page through a response_url. */
async function send(respond: RespondFn, page: SlackMessage, ephemeral: boolean, replaceOriginal?: boolean): Promise<void> {
  await respond({
    response_type: ephemeral ? 'ephemeral' : 'in_channel',
    ...(replaceOriginal === undefined ? {} : { replace_original: replaceOriginal }),
    text: page.text,
    ...(page.blocks ? { blocks: page.blocks } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
}

/** Builds the bolt app and its listeners; nothing connects until `start()`. */
export function createSlackBot(core: App, o: SlackBotOptions): SlackBot {
  if (!o.socket === !o.http) throw new Error('createSlackBot needs exactly one of `socket` or `http`');
  if (!o.botToken === !o.oauth) throw new Error('createSlackBot needs exactly one of `botToken` or `oauth`');
  if (o.oauth && !o.http) throw new Error('Slack OAuth needs HTTP mode');
  const log = o.logger.child({ scope: 'slack' });
  const now = o.now ?? core.now;
  const codec = createPageCodec(SLACK_BUTTON_VALUE_MAX, { pages: core.store.pages, now, onError: (err) => log.warn({ err }, 'could not store a paging state') });
  const clientOptions = {
    ...(o.apiUrl ? { slackApiUrl: o.apiUrl } : {}),
    retryConfig: { retries: o.retries ?? 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    timeout: 10_000,
  };
  const secrets = [o.oauth?.clientSecret, o.oauth?.stateSecret, o.http?.signingSecret].filter((x): x is string => Boolean(x));
  const logger = boltLogger(log, secrets);
  // OAuth: the client below has no token; authorize gives each event its workspace's token.
  const oauth = o.oauth
    ? createSlackOAuth(core, { ...o.oauth, client: () => bolt.client, logger: log, installerLogger: logger, ...(o.apiUrl ? { apiUrl: o.apiUrl } : {}), retries: o.retries ?? 2 })
    : undefined;
  const bolt: BoltApp = new BoltApp({
    ...(oauth ? { authorize: (source) => oauth.authorize(source), customRoutes: oauth.routes } : { token: o.botToken }),
    ...(o.botId && o.botUserId ? { botId: o.botId, botUserId: o.botUserId } : {}),
    ...(o.socket
      ? { socketMode: true, appToken: o.socket.appToken }
      : { signingSecret: o.http?.signingSecret, endpoints: SLACK_EVENTS_PATH, processBeforeResponse: o.http?.processBeforeResponse ?? false }),
    clientOptions,
    logger,
    logLevel: LogLevel.INFO,
    deferInitialization: true,
    // No conversation state is used; bolt's default store builds an Error for every event that has none.
    convoStore: false,
  });

  const isAdmin = createAdminCheck({
    admins: o.admins ?? new Set(),
    lookup: async (teamId, userId) => {
      const token = oauth ? await oauth.tokenFor(teamId) : undefined;
      const r = await bolt.client.users.info({ user: userId, ...(token ? { token } : {}) });
      const u = r.user;
      return Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner);
    },
  });

  /** The context of a command or button click by `user` in `channel` of `team`; only admin-only handlers pay for a
   *  users.info lookup. To the millisecond: a "More" page runs exactly this time window again. */
  const contextFor = async (h: Handler | undefined, team: string, channel: string, user: string, at = now()): Promise<CommandContext> => ({
    platform: 'slack',
    workspaceId: `slack:${team}`,
    channelId: `slack:${team}:${channel}`,
    userId: `slack:${user}`,
    isAdmin: h?.admin || h?.checksAdmin ? await isAdmin(team, user) : (o.admins?.has(user) ?? false),
    adminRight: 'workspace admin rights',
    now: at,
  });

  /** Stories [offset, offset + pageSize) of a briefing, with a "More stories" button when there are more; undefined
   *  for a page past the end. */
  const briefingPage = (b: Briefing, state: PageState): RenderedReply | undefined => {
    const page = pageOf(b.stories, state.offset, state.pageSize);
    if (!page) return undefined;
    const more = page.more ? codec.encode({ ...state, offset: state.offset + state.pageSize }) : undefined;
    return { messages: briefingToBlockKit({ ...b, stories: page.stories }, { now: now(), first: state.offset + 1, ...(more ? { more } : {}) }), ephemeral: false };
  };

  /** A reply as messages: a paged briefing as its page (see briefingPage), anything else whole. */
  const render = (reply: Reply, state: PageState | undefined): RenderedReply =>
    (state && reply.kind === 'briefing' ? briefingPage(reply.briefing, state) : undefined) ?? replyToSlack(reply, { now: now() });

  /** Parses, checks rights, runs and renders one command; never throws for a handler's error. Waits for the LLM until
   *  `deadline` (performance.now() time); when it is late, `later` renders its text for an edit in place. */
  async function execute(
    def: CommandDefinition,
    c: { text: string; team_id: string; channel_id: string; user_id: string },
    deadline: number,
  ): Promise<RenderedReply & { later?: Promise<RenderedReply | undefined> }> {
    const parsed = parseCommandText(def, c.text ?? '');
    if (parsed.kind !== 'run') return { messages: [messageToSlack(parsed.text)], ephemeral: true };
    const label = `/${[def.name, parsed.sub].filter(Boolean).join(' ')}`;
    let settled: Settled;
    let state: PageState | undefined;
    try {
      const h = findHandler(def.name, parsed.sub);
      const ctx = await contextFor(h, c.team_id, c.channel_id, c.user_id);
      // A paged command (adapters/paging.ts) shows `limit` stories (else the default) and a "More" button for the rest.
      const page = h?.paged ? firstPage(parsed.args.limit, core.config.briefing.defaultLimit, MAX_PAGE) : undefined;
      if (page) {
        const { limit: _limit, ...rest } = parsed.args;
        state = { command: def.name, ...(parsed.sub ? { sub: parsed.sub } : {}), args: rest, offset: 0, pageSize: page.size, now: ctx.now.getTime() };
      }
      settled = await settle(await runCommand(core, page ? { ...ctx, page } : ctx, def.name, parsed.sub, parsed.args), deadline - performance.now());
    } catch (err) {
      const id = errorId();
      log.error({ err, errorId: id, command: label, team: c.team_id, user: c.user_id }, 'slack command failed');
      settled = { now: { kind: 'error', text: apology(id, `running ${label}`) } };
    }
    const rendered = render(settled.now, state);
    return settled.later ? { ...rendered, later: settled.later.then((next) => (next ? render(next, state) : undefined)) } : rendered;
  }

  for (const def of COMMANDS.values()) {
    bolt.command(`/${def.name}`, async ({ command, ack, respond }) => {
      // The LLM gets until llmWaitMs after the command arrived; then the offline text goes out.
      const deadline = performance.now() + (o.llmWaitMs ?? LLM_WAIT_MS);
      await ack();
      let rendered: RenderedReply & { later?: Promise<RenderedReply | undefined> };
      try {
        rendered = await execute(def, command, deadline);
      } catch (err) {
        // execute() already turns handler errors into replies; this catches a bug in parsing or rendering.
        const id = errorId();
        log.error({ err, errorId: id, command: def.name }, 'slack reply could not be built');
        rendered = { messages: [messageToSlack(apology(id, `running /${def.name}`))], ephemeral: true };
      }
      // Every message of the reply at once (a long digest is several); an LLM edit replaces the first.
      await codec.saved();
      for (const page of rendered.messages) await send(respond, page, rendered.ephemeral);
      if (!rendered.later) return;
      const next = await rendered.later;
      if (!next) return;
      try {
        // The same response_url replaces the message it posted (Slack allows 5 posts within 30 minutes).
        await send(respond, next.messages[0] as SlackMessage, next.ephemeral, true);
      } catch (err) {
        log.warn({ err, command: def.name }, 'could not edit the LLM text into the reply');
      }
    });
  }

  // "More stories": runs the command again for the next page from the state the button carries (adapters/paging.ts).
  bolt.action<BlockAction<ButtonAction>>(MORE_ACTION_ID, async ({ ack, action, body, respond }) => {
    const deadline = performance.now() + (o.llmWaitMs ?? LLM_WAIT_MS);
    await ack();
    const value = action.value ?? '';
    const state = await codec.decode(value);
    const team = body.team?.id ?? body.user.team_id;
    if (!state || !team || !body.channel) return send(respond, messageToSlack('This list has expired; run the command again to see more.'), true, false);
    // A second click on the same button does not post the page twice, whichever instance saw the first: the click is
    // recorded in the database (ui_pages, as long as a stored page lives), first come first served.
    const at = now();
    const clickKey = `click:${createHash('sha256').update(value).digest('base64url').slice(0, 32)}`;
    if (!(await core.store.pages.claimPage(clickKey, '1', new Date(at.getTime() + PAGE_TTL_MS).toISOString(), at.toISOString()))) {
      return send(respond, messageToSlack('That page is already shown below.'), true, false);
    }
    let rendered: RenderedReply;
    try {
      const ctx = await contextFor(findHandler(state.command, state.sub), team, body.channel.id, body.user.id, new Date(state.now));
      const run = await runCommand(core, { ...ctx, page: { offset: state.offset, size: state.pageSize } }, state.command, state.sub, state.args);
      const reply = (await settle(run, deadline - performance.now())).now;
      rendered = (reply.kind === 'briefing' ? briefingPage(reply.briefing, state) : replyToSlack(reply, { now: now() })) ?? { messages: [messageToSlack('No more stories in this briefing.')], ephemeral: true };
    } catch (err) {
      const id = errorId();
      log.error({ err, errorId: id, command: `/${state.command} more` }, 'slack command failed');
      rendered = { messages: [messageToSlack(apology(id, `running /${state.command}`))], ephemeral: true };
    }
    await codec.saved();
    for (const page of rendered.messages) await send(respond, page, rendered.ephemeral, false);
  });

  // A story's "Follow" button: /follow story for whoever clicked, answered privately.
  bolt.action<BlockAction<ButtonAction>>(FOLLOW_ACTION_ID, async ({ ack, action, body, respond }) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id;
    const id = /^\d{1,15}$/.test(action.value ?? '') ? Number(action.value) : 0;
    let text: string;
    try {
      const reply = team ? await runCommand(core, await contextFor(undefined, team, body.channel?.id ?? 'unknown', body.user.id), 'follow', 'story', { id }) : undefined;
      text = reply && (reply.kind === 'message' || reply.kind === 'error') ? reply.text : 'This button is not valid any more: run the command again.';
    } catch (err) {
      const eid = errorId();
      log.error({ err, errorId: eid, command: '/follow story' }, 'slack command failed');
      text = apology(eid, 'following the story');
    }
    await send(respond, messageToSlack(text), true, false);
  });

  listenForSources(bolt, core, log);
  listenForFeedback(bolt, core, log, now);
  oauth?.listen(bolt);

  bolt.error(async (error) => {
    // Reached when a listener throws after our own handling (e.g. the response_url refused the reply).
    log.error({ err: error, errorId: errorId(), code: error.code }, 'slack listener error');
  });

  let started = false;
  let socketUp = false;
  // Logs the loss and the recovery of the Socket Mode connection; /healthz turns 503 only after the grace.
  const watch = createConnectionWatch({ platform: 'slack', logger: log, ...(o.healthGraceSeconds === undefined ? {} : { graceSeconds: o.healthGraceSeconds }) });
  const setUp = (up: boolean, reason: string) => {
    socketUp = up;
    if (!started) return;
    if (up) watch.up();
    else watch.down(reason);
  };
  const connected = () => started && (!o.socket || socketUp);
  return {
    bolt,
    ...(oauth ? { oauth } : {}),
    connected,
    health: () => (started ? watch.health({ mode: o.socket ? 'socket' : 'http' }) : { ok: false, connected: false, error: 'slack adapter is not started' }),
    async start() {
      await bolt.init();
      if (o.socket) {
        // Socket Mode: follow the connection's state for /healthz (bolt keeps its receiver private).
        const client = (bolt as unknown as { receiver?: { client?: { on(event: string, fn: () => void): void } } }).receiver?.client;
        client?.on('connected', () => setUp(true, 'connected'));
        client?.on('disconnected', () => setUp(false, 'socket mode connection closed'));
        client?.on('reconnecting', () => setUp(false, 'socket mode reconnecting'));
        await bolt.start();
        started = true;
        if (!client) socketUp = true;
        return {};
      }
      const http = o.http as NonNullable<SlackBotOptions['http']>;
      const server = (await bolt.start(http.host ? { port: http.port, host: http.host } : http.port)) as Server;
      started = true;
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      if (!started) return;
      started = false;
      await bolt.stop();
    },
  };
}
