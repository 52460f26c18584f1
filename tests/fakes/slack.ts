// A fake Slack on 127.0.0.1 for tests: the Web API methods the adapter calls (auth.test, users.info,
// apps.connections.open, chat.postMessage, conversations.replies, conversations.open), response_url endpoints that record what the bot answered, and the
// Socket Mode WebSocket (hello, envelopes, acks). It also builds the requests Slack would send to the
// bot in HTTP mode (signed by slack-signed.ts). Payload shapes follow Slack's API documentation (verified against bolt 5.1).
// Waiting is event-driven (promises resolved when a request lands), never a sleep.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';
import { WebSocketServer, type WebSocket } from 'ws';

export { postEventToBot, postToBot, slackSignature } from './slack-signed.js';

/** One Web API call as the bot made it (form fields, JSON-valued fields parsed). */
export interface ApiCall {
  method: string;
  token: string | undefined;
  params: Record<string, unknown>;
}

/** A Slack user as users.info returns it. */
export interface FakeUser {
  id: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  teamId?: string;
  /** More bot tokens (OAuth installs): the team a token belongs to, undefined when it is not valid. */
  tokenTeam?: (token: string | undefined) => string | undefined;
  /** Extra Web API methods (e.g. oauth.v2.access), answered before any token check. */
  methods?: Record<string, (params: Record<string, unknown>, token: string | undefined) => unknown>;
}

export interface FakeSlack {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** The Web API base for `slackApiUrl` / SLACK_API_URL. */
  readonly apiUrl: string;
  readonly calls: ApiCall[];
  /** Every post to a response_url, in arrival order. */
  readonly responses: { id: string; body: Record<string, unknown> }[];
  /** users.info answers from here; unknown users get `user_not_found`. */
  readonly users: Map<string, FakeUser>;
  /** Envelope acks the Socket Mode client sent back. */
  readonly acks: { envelope_id: string; payload?: unknown }[];
  /** A fresh response_url; what the bot posts there is recorded under `id`. */
  responseUrl(): { id: string; url: string };
  /** Resolves with the `index`-th post to response_url `id` (rejects after `timeoutMs`, default 5 s). */
  waitForResponse(id: string, index?: number, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Posts recorded so far for response_url `id`. */
  responsesFor(id: string): Record<string, unknown>[];
  /** Holds every users.info answer until the returned function is called. */
  holdUsersInfo(): () => void;
  /** Resolves once a Socket Mode client is connected and greeted. */
  socketReady(): Promise<void>;
  /** Pushes an envelope to the connected Socket Mode client; resolves with its ack. */
  sendEnvelope(type: 'slash_commands' | 'interactive', payload: Record<string, unknown>): Promise<{ envelope_id: string; payload?: unknown }>;
  /** Resolves when no Socket Mode client is connected any more. */
  socketsClosed(): Promise<void>;
  /** A Slack outage: drops the Socket Mode connections and refuses new ones until `outage(false)`. */
  outage(on: boolean): void;
  /** conversations.open with `user` answers `{ ok: false, error }` from now on (e.g. user_not_found, user_disabled). */
  failDm(user: string, error: string): void;
  /** chat.postMessage to `channel` answers `{ ok: false, error }` from now on (`undefined` clears). */
  failChannel(channel: string, error: string | undefined): void;
  /** The next `times` calls of `method` get this HTTP answer instead (e.g. 429 with retry-after, or 503). */
  injectApi(method: string, status: number, body: unknown, headers?: Record<string, string>, times?: number): void;
  /** Messages chat.postMessage accepted, in order (optionally of one channel). */
  posts(channel?: string): Record<string, unknown>[];
  /** conversations.replies answers `{ ok: false, error }` from now on (e.g. 'missing_scope'; `undefined` clears). */
  failHistory(error: string | undefined): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Form fields; values that hold JSON (blocks, view …) are parsed, as the real API does. */
function parseForm(raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (v.startsWith('[') || v.startsWith('{')) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* plain text that looks like JSON */
      }
    }
    out[k] = v;
  }
  return out;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

type Waiter = { id: string; index: number; resolve: (b: Record<string, unknown>) => void };

/** Starts the fake on 127.0.0.1 (random port). */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botToken = opts.botToken ?? 'xoxb-test-token';
  const appToken = opts.appToken ?? 'xapp-test-token';
  const teamId = opts.teamId ?? 'T0TEST';
  const calls: ApiCall[] = [];
  const responses: { id: string; body: Record<string, unknown> }[] = [];
  const responseIds = new Set<string>();
  const users = new Map<string, FakeUser>();
  const acks: { envelope_id: string; payload?: unknown }[] = [];
  const waiters: Waiter[] = [];
  const ackWaiters = new Map<string, (a: { envelope_id: string; payload?: unknown }) => void>();
  const sockets = new Set<WebSocket>();
  let readyWaiters: (() => void)[] = [];
  let closedWaiters: (() => void)[] = [];
  let hold: Promise<void> | undefined;
  let port = 0;
  /** While true, Socket Mode connections are dropped and refused (outage()). */
  let down = false;
  const channelErrors = new Map<string, string>();
  const dmErrors = new Map<string, string>(); // user -> conversations.open error
  const injections: { method: string; status: number; body: unknown; headers: Record<string, string> }[] = [];
  const posted: Record<string, unknown>[] = [];
  let tsCounter = 0;
  /** conversations.replies answers this error (e.g. missing_scope) while set. */
  let historyError: string | undefined;

  const byId = (id: string) => responses.filter((r) => r.id === id).map((r) => r.body);

  async function api(method: string, req: IncomingMessage, res: ServerResponse, raw: string) {
    const token = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const params = (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(raw || '{}') as Record<string, unknown>) : parseForm(raw);
    calls.push({ method, token, params });
    const inj = injections.findIndex((x) => x.method === method);
    if (inj >= 0) {
      const i = injections.splice(inj, 1)[0] as (typeof injections)[number];
      res.writeHead(i.status, { 'content-type': 'application/json', ...i.headers }).end(JSON.stringify(i.body));
      return;
    }
    const extra = opts.methods?.[method];
    if (extra) return json(res, 200, await extra(params, token));
    if (method === 'apps.connections.open') {
      if (token !== appToken) return json(res, 200, { ok: false, error: 'invalid_auth' });
      return json(res, 200, { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}` });
    }
    const team = token === botToken ? teamId : opts.tokenTeam?.(token);
    if (!team) return json(res, 200, { ok: false, error: 'invalid_auth' });
    switch (method) {
      case 'auth.test':
        return json(res, 200, { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'newsbrief', team_id: team, user_id: 'U0BOT', bot_id: 'B0BOT' });
      case 'users.info': {
        if (hold) await hold;
        const u = users.get(String(params.user));
        if (!u) return json(res, 200, { ok: false, error: 'user_not_found' });
        return json(res, 200, { ok: true, user: { is_admin: false, is_owner: false, is_primary_owner: false, ...u, team_id: team, name: u.id.toLowerCase() } });
      }
      case 'conversations.open': {
        // A direct message channel with a user: D + the user id; an error for users who cannot be messaged.
        const user = String(params.users ?? '');
        const refused = dmErrors.get(user);
        if (refused) return json(res, 200, { ok: false, error: refused });
        if (!user) return json(res, 200, { ok: false, error: 'users_list_not_supplied' });
        return json(res, 200, { ok: true, channel: { id: `D${user}` } });
      }
      case 'chat.postMessage': {
        const failure = channelErrors.get(String(params.channel));
        if (failure) return json(res, 200, { ok: false, error: failure });
        // Each message's ts is unique (replies in a thread carry the parent's ts as thread_ts).
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
        posted.push({ ...params, ts });
        return json(res, 200, { ok: true, channel: params.channel, ts, message: { text: params.text, ...(params.thread_ts ? { thread_ts: params.thread_ts } : {}) } });
      }
      case 'conversations.replies': {
        // A thread: its parent and replies, oldest first; metadata only with include_all_metadata (as Slack does).
        if (historyError) return json(res, 200, { ok: false, error: historyError });
        const ts = String(params.ts);
        const withMeta = params.include_all_metadata === true || params.include_all_metadata === 'true';
        const messages = posted
          .filter((p) => p.channel === params.channel && (p.ts === ts || p.thread_ts === ts))
          .map((p) => ({ type: 'message', ts: p.ts, text: p.text, ...(p.thread_ts ? { thread_ts: p.thread_ts } : {}), ...(withMeta && p.metadata ? { metadata: p.metadata } : {}) }));
        return json(res, 200, { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } });
      }
      default:
        return json(res, 200, { ok: false, error: 'unknown_method' });
    }
  }

  const server = createServer((req, res) => {
    void readBody(req).then(async (raw) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname.startsWith('/api/')) return api(url.pathname.slice(5), req, res, raw);
      if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
        const id = url.pathname.slice('/response/'.length);
        if (!responseIds.has(id)) return json(res, 404, { ok: false, error: 'expired_url' });
        const body = JSON.parse(raw) as Record<string, unknown>;
        responses.push({ id, body });
        const n = byId(id).length - 1;
        for (const w of waiters.filter((x) => x.id === id && x.index === n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(body);
        }
        return json(res, 200, { ok: true });
      }
      return json(res, 404, { ok: false, error: 'not_found' });
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (down || !req.url?.startsWith('/link')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (!msg.envelope_id) return;
        acks.push({ envelope_id: msg.envelope_id, ...(msg.payload === undefined ? {} : { payload: msg.payload }) });
        ackWaiters.get(msg.envelope_id)?.(acks[acks.length - 1] as { envelope_id: string });
      });
      ws.on('close', () => {
        sockets.delete(ws);
        if (sockets.size === 0) {
          for (const w of closedWaiters) w();
          closedWaiters = [];
        }
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0TEST' } }));
      for (const w of readyWaiters) w();
      readyWaiters = [];
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`fake Slack: timed out after ${ms} ms waiting for ${what}`)), ms);
      p.then(
        (v) => {
          clearTimeout(t);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(t);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });

  return {
    url: base,
    apiUrl: `${base}/api/`,
    calls,
    responses,
    users,
    acks,
    responseUrl() {
      const id = randomUUID();
      responseIds.add(id);
      return { id, url: `${base}/response/${id}` };
    },
    waitForResponse(id, index = 0, timeoutMs = 5000) {
      const have = byId(id)[index];
      if (have) return Promise.resolve(have);
      return withTimeout(new Promise((resolve) => waiters.push({ id, index, resolve })), timeoutMs, `response #${index} on ${id}`);
    },
    responsesFor: byId,
    holdUsersInfo() {
      let release = () => undefined as void;
      hold = new Promise<void>((r) => {
        release = () => {
          hold = undefined;
          r();
        };
      });
      return release;
    },
    socketReady() {
      if (sockets.size > 0) return Promise.resolve();
      return withTimeout(new Promise<void>((r) => readyWaiters.push(r)), 5000, 'a Socket Mode connection');
    },
    sendEnvelope(type, payload) {
      const ws = [...sockets][0];
      if (!ws) return Promise.reject(new Error('fake Slack: no Socket Mode client connected'));
      const envelope_id = randomUUID();
      const acked = new Promise<{ envelope_id: string; payload?: unknown }>((r) => ackWaiters.set(envelope_id, r));
      ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type === 'slash_commands' }));
      return withTimeout(acked, 5000, `the ack of envelope ${envelope_id}`);
    },
    socketsClosed() {
      if (sockets.size === 0) return Promise.resolve();
      return withTimeout(new Promise<void>((r) => closedWaiters.push(r)), 5000, 'Socket Mode clients to disconnect');
    },
    outage(on) {
      down = on;
      if (on) for (const ws of sockets) ws.terminate();
    },
    failDm(user, error) {
      dmErrors.set(user, error);
    },
    failChannel(channel, error) {
      if (error) channelErrors.set(channel, error);
      else channelErrors.delete(channel);
    },
    injectApi(method, status, body, headers = {}, times = 1) {
      for (let i = 0; i < times; i++) injections.push({ method, status, body, headers });
    },
    posts: (channel) => posted.filter((p) => channel === undefined || p.channel === channel),
    failHistory(error) {
      historyError = error;
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- What Slack sends to the bot -------------------------------------------------------------------------------

export interface SlashFields {
  command: string;
  text: string;
  response_url: string;
  team_id?: string;
  channel_id?: string;
  user_id?: string;
}

/** The fields of a slash command request (form body in HTTP mode, envelope payload in Socket Mode). */
export function slashPayload(f: SlashFields): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: f.team_id ?? 'T0TEST',
    team_domain: 'fake',
    channel_id: f.channel_id ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: f.user_id ?? 'U0MEMBER',
    user_name: 'member',
    command: f.command,
    text: f.text,
    api_app_id: 'A0TEST',
    is_enterprise_install: 'false',
    response_url: f.response_url,
    trigger_id: `1337.${Date.now()}.fake`,
  };
}

/** A block_actions payload for a button click on a message. */
export function buttonPayload(f: { action_id: string; value: string; response_url: string; user_id?: string; team_id?: string; ephemeral?: boolean }): Record<string, unknown> {
  const team = f.team_id ?? 'T0TEST';
  return {
    type: 'block_actions',
    team: { id: team, domain: 'fake' },
    user: { id: f.user_id ?? 'U0MEMBER', username: 'member', team_id: team },
    api_app_id: 'A0TEST',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0GENERAL', is_ephemeral: f.ephemeral ?? false },
    trigger_id: `1338.${Date.now()}.fake`,
    channel: { id: 'C0GENERAL', name: 'general' },
    response_url: f.response_url,
    actions: [{ action_id: f.action_id, block_id: 'more', text: { type: 'plain_text', text: 'More' }, value: f.value, type: 'button', action_ts: '1700000001.000200' }],
  };
}
