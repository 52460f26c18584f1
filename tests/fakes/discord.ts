// A fake Discord on 127.0.0.1 (REST over HTTP + the JSON gateway over WebSocket) for running the REAL discord.js
// client in tests and benchmarks: it speaks the handshake (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats), sends
// interactions (over the gateway, or signed over HTTP to the bot's interactions endpoint with deliverOverHttp()),
// records every REST request, answers with realistic objects and can inject 429s and errors.
// Shapes follow the Discord API documentation (verified against discord.js 14.28).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedRequest {
  method: string;
  /** Decoded path after /api/v10, e.g. /webhooks/1/tok/messages/@original. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** performance.now() when the whole body had arrived. */
  at: number;
  /** The HTTP status answered (0 while a delayed answer is pending). */
  status: number;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: { id: string; name: string }[];
}

/** A message the bot created (interaction reply, follow-up or channel message). */
export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  /** Interaction token it belongs to, if any. */
  token?: string;
}

export interface InteractionUser {
  id?: string;
  name?: string;
  /** Member permission bits as a decimal string (default: none beyond reading/sending). */
  permissions?: string;
  guildId?: string;
  channelId?: string;
  /** Make the interaction this many ms old (its snowflake's timestamp), as if the gateway delivered it late. */
  ageMs?: number;
}

export interface SentInteraction {
  id: string;
  token: string;
  /** performance.now() just before the INTERACTION_CREATE frame was written. */
  sentAt: number;
  /** Requests made for this interaction (callback and webhook routes carry its token). */
  requests(): RecordedRequest[];
  /** Waits for a request of this interaction matching `pred`. */
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Messages created for this interaction, in order. */
  messages(): FakeMessage[];
  /** Delivered over HTTP: the endpoint's answer. */
  http?: Promise<HttpAnswer>;
}

/** What the bot's interactions endpoint answered. */
export interface HttpAnswer {
  status: number;
  body: string;
}

interface Injection {
  match: (method: string, path: string) => boolean;
  /** 0: answer normally, only after `delayMs`. */
  status: number;
  body: unknown;
  headers: Record<string, string>;
  delayMs?: number;
}

export const PERMISSIONS = {
  /** View Channel + Send Messages + Read History + Use Application Commands: an ordinary member. */
  member: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n)),
  /** The same plus Manage Server (1 << 5). */
  manager: String((1n << 5n) | (1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n)),
};

const DISCORD_EPOCH = 1420070400000n;
let seq = 0;
/** A snowflake for "now", so discord.js computes a correct createdTimestamp. */
export function snowflake(at = Date.now()): string {
  return String(((BigInt(at) - DISCORD_EPOCH) << 22n) | BigInt(seq++ & 0xfff));
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  if (status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

export interface FakeDiscordOptions {
  /** The time interactions are created at (their snowflakes), when a test runs the bot on its own clock. */
  now?: () => number;
  token?: string;
  applicationId?: string;
  guilds?: FakeGuild[];
  /** Enforce Discord's global rate limit: at most this many REST requests per second, else a global 429. */
  rateLimitPerSecond?: number;
  /** The heartbeat interval sent in HELLO, ms (Discord's is about 41,250). */
  heartbeatIntervalMs?: number;
}

/** Starts the fake on 127.0.0.1:0. */
export async function startFakeDiscord(opts: FakeDiscordOptions = {}) {
  const token = opts.token ?? 'fake-bot-token-0123456789abcdef';
  const applicationId = opts.applicationId ?? '111111111111111111';
  const guilds: FakeGuild[] = opts.guilds ?? [
    { id: '222222222222222222', name: 'Alpha', channels: [{ id: '333333333333333333', name: 'general' }] },
    { id: '444444444444444444', name: 'Beta', channels: [{ id: '555555555555555555', name: 'news' }] },
  ];
  const botUser = { id: applicationId, username: 'newsbrief', discriminator: '0', global_name: null, avatar: null, bot: true };
  const requests: RecordedRequest[] = [];
  const messages = new Map<string, FakeMessage>();
  const originals = new Map<string, string>(); // token -> message id
  const injections: Injection[] = [];
  const waiters = new Set<() => void>();
  const identifies: unknown[] = [];
  const sockets = new Set<WebSocket>();
  let gatewaySeq = 0;
  let port = 0;
  /** While true, Discord is unreachable: gateway and REST connections are dropped unanswered (outage()). */
  let down = false;
  /** While true, open gateway connections stay open but heartbeats go unacknowledged (hang()). */
  let hung = false;
  let heartbeatAcks = 0;

  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const makeMessage = (channelId: string, body: Record<string, unknown>, tok?: string): FakeMessage => {
    const m: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...(tok ? { token: tok } : {}),
    };
    messages.set(m.id, m);
    return m;
  };
  const apiMessage = (m: FakeMessage) => ({
    id: m.id, channel_id: m.channel_id, author: botUser, content: m.content, timestamp: new Date().toISOString(),
    edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [],
    embeds: m.embeds, components: m.components, pinned: false, type: 0, flags: m.flags, webhook_id: applicationId,
    application_id: applicationId,
  });
  const interactionChannel = new Map<string, string>(); // token -> channel id
  const nonces = new Map<string, FakeMessage>(); // `${channel}|${nonce}` -> message (enforce_nonce)
  const channelFailures = new Map<string, { status: number; code: number; message: string }>();
  const dmChannels = new Map<string, string>(); // dm channel id -> recipient user id
  const threads = new Map<string, { parent: string; name: string }>(); // thread id (= the message's id) -> its channel
  const blocked = new Set<string>(); // users whose DMs refuse the bot (50007)
  const windowStarts: number[] = []; // request times within the last second (global rate limit)
  const limits = { globalHits: 0, duplicatesPrevented: 0 };

  function route(method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, body: unknown): [number, unknown] {
    const b = (body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      if (headers.authorization !== `Bot ${token}`) return [401, { message: '401: Unauthorized', code: 0 }];
      return [200, { url: `ws://127.0.0.1:${port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 } }];
    }
    if (method === 'GET' && path === '/users/@me') {
      if (headers.authorization !== `Bot ${token}`) return [401, { message: '401: Unauthorized', code: 0 }];
      return [200, botUser];
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      const tok = m[2] as string;
      const data = (b.data ?? {}) as Record<string, unknown>;
      let created: FakeMessage | undefined;
      if (b.type === 4 || b.type === 5) {
        created = makeMessage(interactionChannel.get(tok) ?? '0', b.type === 4 ? data : { flags: data.flags }, tok);
        originals.set(tok, created.id);
      }
      if (b.type === 7) {
        // UPDATE_MESSAGE: edits the message whose component was clicked.
        const target = messages.get(originals.get(tok) ?? '');
        if (target && Array.isArray(data.components)) target.components = data.components;
        if (target && Array.isArray(data.embeds)) target.embeds = data.embeds;
        if (target && 'content' in data) target.content = String(data.content ?? '');
      }
      if (query.get('with_response') === 'true') {
        return [200, { interaction: { id: m[1], type: 2 }, resource: { type: b.type, ...(created ? { message: apiMessage(created) } : {}) } }];
      }
      return [204, null];
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path))) {
      const tok = m[2] as string;
      const id = m[3] === '@original' ? originals.get(tok) : m[3];
      const msg = id ? messages.get(id) : undefined;
      if (!msg) return [404, { message: 'Unknown Message', code: 10008 }];
      if (method === 'GET') return [200, apiMessage(msg)];
      if (method === 'DELETE') {
        messages.delete(msg.id);
        return [204, null];
      }
      if (method === 'PATCH') {
        if ('content' in b) msg.content = String(b.content ?? '');
        if (Array.isArray(b.embeds)) msg.embeds = b.embeds;
        if (Array.isArray(b.components)) msg.components = b.components;
        return [200, apiMessage(msg)];
      }
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path)) && method === 'POST') {
      const tok = m[2] as string;
      return [200, apiMessage(makeMessage(interactionChannel.get(tok) ?? '0', b, tok))];
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === 'PUT') {
      const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
      return [200, list.map((c) => ({ ...c, id: snowflake(), application_id: m?.[1], version: snowflake(), ...(m?.[2] ? { guild_id: m[2] } : {}) }))];
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const id = snowflake();
      dmChannels.set(id, String(b.recipient_id));
      return [200, { id, type: 1, recipients: [{ id: String(b.recipient_id), username: 'admin', discriminator: '0', global_name: null, avatar: null }] }];
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && method === 'POST') {
      // Start a thread on a message: the thread's id is the message's; a second start is refused (160004).
      const [, channel = '', message = ''] = m;
      const failure = channelFailures.get(channel);
      if (failure) return [failure.status, { message: failure.message, code: failure.code }];
      if (messages.get(message)?.channel_id !== channel) return [404, { message: 'Unknown Message', code: 10008 }];
      if (threads.has(message)) return [400, { message: 'A thread has already been created for this message', code: 160004 }];
      threads.set(message, { parent: channel, name: String(b.name ?? '') });
      return [201, { id: message, type: 11, guild_id: '222222222222222222', parent_id: channel, name: String(b.name ?? ''), owner_id: botUser.id, message_count: 0, member_count: 1, thread_metadata: { archived: false, auto_archive_duration: 1440, locked: false } }];
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      const channel = m[1] as string;
      const failure = channelFailures.get(channel);
      if (failure) return [failure.status, { message: failure.message, code: failure.code }];
      if (blocked.has(dmChannels.get(channel) ?? '')) return [403, { message: 'Cannot send messages to this user', code: 50007 }];
      const nonce = typeof b.nonce === 'string' || typeof b.nonce === 'number' ? String(b.nonce) : undefined;
      if (nonce && b.enforce_nonce === true) {
        const seen = nonces.get(`${channel}|${nonce}`);
        if (seen) {
          limits.duplicatesPrevented++;
          return [200, apiMessage(seen)];
        }
      }
      const created = makeMessage(channel, b);
      if (nonce) nonces.set(`${channel}|${nonce}`, created);
      return [200, apiMessage(created)];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      if ((req.headers['content-type'] ?? '').includes('json') && raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      const method = req.method ?? 'GET';
      const at = performance.now();
      if (opts.rateLimitPerSecond && !path.startsWith('/gateway')) {
        while (windowStarts.length > 0 && (windowStarts[0] as number) <= at - 1000) windowStarts.shift();
        if (windowStarts.length >= opts.rateLimitPerSecond) {
          limits.globalHits++;
          const retryAfter = Math.max(0.001, ((windowStarts[0] as number) + 1000 - at) / 1000);
          requests.push({ method, path, query: url.searchParams, headers: req.headers, body, at, status: 429 });
          json(res, 429, { message: 'You are being rate limited.', retry_after: retryAfter, global: true }, { 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' });
          notify();
          return;
        }
        windowStarts.push(at);
      }
      const inj = injections.findIndex((x) => x.match(method, path));
      const i = inj >= 0 ? (injections.splice(inj, 1)[0] as Injection) : undefined;
      const answer = () => {
        let status: number;
        if (i && i.status !== 0) {
          status = i.status;
          json(res, i.status, i.body, i.headers);
        } else {
          const [s, out] = route(method, path, url.searchParams, req.headers, body);
          status = s;
          json(res, s, out);
        }
        return status;
      };
      const rec: RecordedRequest = { method, path, query: url.searchParams, headers: req.headers, body, at, status: 0 };
      requests.push(rec);
      if (i?.delayMs) {
        delay(() => {
          rec.status = answer();
          notify();
        }, i.delayMs);
      } else rec.status = answer();
      notify();
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (down || hung || !(req.url ?? '').startsWith('/gateway')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });
  const sendFrame = (ws: WebSocket, op: number, d: unknown, t: string | null = null) => {
    const s = op === 0 ? ++gatewaySeq : null;
    ws.send(JSON.stringify({ op, d, s, t }));
  };
  wss.on('connection', (ws) => {
    sendFrame(ws, 10, { heartbeat_interval: opts.heartbeatIntervalMs ?? 41_250 });
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { op: number; d: Record<string, unknown> };
      if (msg.op === 1) {
        if (hung) return;
        heartbeatAcks++;
        notify();
        return sendFrame(ws, 11, null);
      }
      if (msg.op === 2) {
        identifies.push(msg);
        if (msg.d.token !== token) return ws.close(4004, 'Authentication failed.');
        if (msg.d.compress) return ws.close(4000, 'compression is not supported by the fake');
        sockets.add(ws);
        sendFrame(ws, 0, {
          v: 10, user: botUser, guilds: guilds.map((g) => ({ id: g.id, unavailable: true })), session_id: 'fake-session',
          resume_gateway_url: `ws://127.0.0.1:${port}/gateway`, application: { id: applicationId, flags: 0 },
        }, 'READY');
        for (const g of guilds) sendFrame(ws, 0, guildCreate(g), 'GUILD_CREATE');
        notify();
        return;
      }
      if (msg.op === 6) {
        sockets.add(ws);
        return sendFrame(ws, 0, {}, 'RESUMED');
      }
    });
    ws.on('close', () => {
      sockets.delete(ws);
      notify();
    });
  });
  const guildCreate = (g: FakeGuild) => ({
    id: g.id, name: g.name, icon: null, owner_id: '999999999999999999', afk_timeout: 300, verification_level: 0,
    default_message_notifications: 0, explicit_content_filter: 0, features: [], mfa_level: 0, system_channel_flags: 0,
    premium_tier: 0, preferred_locale: 'en-US', nsfw_level: 0, large: false, unavailable: false, member_count: 2,
    joined_at: new Date().toISOString(), emojis: [], stickers: [], voice_states: [], members: [], presences: [],
    threads: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    roles: [{ id: g.id, name: '@everyone', permissions: PERMISSIONS.member, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    channels: g.channels.map((c, i) => ({ id: c.id, type: 0, name: c.name, guild_id: g.id, position: i, permission_overwrites: [], nsfw: false, parent_id: null })),
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  /** Resolves when `check` returns a value (re-checked on every request or gateway event), or rejects after timeoutMs. */
  function until<T>(check: () => T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const w = () => {
        const v = check();
        if (v === undefined) return;
        waiters.delete(w);
        clearTimeout(timer);
        resolve(v);
      };
      const timer = delay(() => {
        waiters.delete(w);
        reject(new Error(`fake Discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      waiters.add(w);
    });
  }

  /** Set by deliverOverHttp(): interactions are POSTed to the bot instead of sent over the gateway. */
  let overHttp: ((payload: Record<string, unknown>) => Promise<HttpAnswer>) | undefined;

  function dispatchInteraction(d: Record<string, unknown>, user: InteractionUser): SentInteraction {
    if (!overHttp && sockets.size === 0) throw new Error('fake Discord: no bot is connected to the gateway');
    const guild = guilds.find((g) => g.id === user.guildId) ?? (guilds[0] as FakeGuild);
    const channelId = user.channelId ?? guild.channels[0]?.id ?? '0';
    const id = snowflake((opts.now?.() ?? Date.now()) - (user.ageMs ?? 0));
    const tok = `itok_${id}_${Math.random().toString(36).slice(2, 10)}`;
    interactionChannel.set(tok, channelId);
    const u = { id: user.id ?? '666666666666666666', username: user.name ?? 'alice', discriminator: '0', global_name: user.name ?? 'Alice', avatar: null };
    const perms = user.permissions ?? PERMISSIONS.member;
    const payload = {
      id, application_id: applicationId, token: tok, version: 1, ...d,
      guild_id: guild.id, channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guild.id, name: guild.channels[0]?.name ?? 'general', permission_overwrites: [] },
      member: { user: u, roles: [], permissions: perms, joined_at: new Date().toISOString(), nick: null, avatar: null, flags: 0, deaf: false, mute: false, pending: false },
      locale: 'en-US', guild_locale: 'en-US', app_permissions: PERMISSIONS.member, entitlements: [],
      authorizing_integration_owners: { 0: guild.id }, context: 0, attachment_size_limit: 10_485_760,
    };
    const mine = (r: RecordedRequest) => r.path.includes(tok);
    const sentAt = performance.now();
    const http = overHttp?.(payload);
    if (!http) for (const ws of sockets) sendFrame(ws, 0, payload, 'INTERACTION_CREATE');
    return {
      ...(http ? { http } : {}),
      id,
      token: tok,
      sentAt,
      requests: () => requests.filter(mine),
      waitFor: (pred, timeoutMs = 5000) => until(() => requests.find((r) => mine(r) && pred(r)), timeoutMs, `a request for interaction ${id}`),
      messages: () => [...messages.values()].filter((m) => m.token === tok),
    };
  }

  /** Builds command options: `{ topic: 'korea', limit: 3 }` -> Discord option objects (strings 3, integers 4). */
  const toOptions = (o: Record<string, string | number>, focused?: string) =>
    Object.entries(o).map(([name, value]) => ({ name, type: typeof value === 'number' ? 4 : 3, value, ...(name === focused ? { focused: true } : {}) }));

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    port,
    token,
    applicationId,
    guilds,
    requests,
    messages,
    identifies,
    /** Resolves once a bot has identified and received READY. */
    ready: (timeoutMs = 5000) => until(() => (sockets.size > 0 ? true : undefined), timeoutMs, 'the bot to identify'),
    /** Gateway connections that have identified and are open. */
    connections: () => sockets.size,
    /** Waits for any request matching `pred`. */
    waitFor: (pred: (r: RecordedRequest) => boolean, timeoutMs = 5000) => until(() => requests.find(pred), timeoutMs, 'a request'),
    until,
    /** The next request matching (method, path) gets this answer instead (once). */
    inject(match: (method: string, path: string) => boolean, status: number, body: unknown, headers: Record<string, string> = {}) {
      injections.push({ match, status, body, headers });
    },
    /** The next matching request is answered normally, but only after `ms` (a slow Discord). */
    delayOnce(match: (method: string, path: string) => boolean, ms: number) {
      injections.push({ match, status: 0, body: null, headers: {}, delayMs: ms });
    },
    /** The next matching request gets 429 with retry_after (seconds), as Discord sends it. */
    rateLimitOnce(match: (method: string, path: string) => boolean, retryAfterSec = 0.1) {
      injections.push({
        match,
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: retryAfterSec, global: false },
        headers: { 'retry-after': String(retryAfterSec), 'x-ratelimit-scope': 'user', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(retryAfterSec) },
      });
    },
    /** Sends `/name [sub] options…` as a chat-input command. */
    command(name: string, options: Record<string, string | number> = {}, user: InteractionUser = {}, sub?: string): SentInteraction {
      const opts = toOptions(options);
      return dispatchInteraction({ type: 2, data: { id: snowflake(), name, type: 1, options: sub ? [{ name: sub, type: 1, options: opts }] : opts } }, user);
    },
    /** Sends an autocomplete request with `focused` being typed. */
    autocomplete(name: string, options: Record<string, string | number>, focused: string, user: InteractionUser = {}, sub?: string): SentInteraction {
      const opts = toOptions(options, focused);
      return dispatchInteraction({ type: 4, data: { id: snowflake(), name, type: 1, options: sub ? [{ name: sub, type: 1, options: opts }] : opts } }, user);
    },
    /** Clicks the button `customId` on a message the bot sent. */
    click(message: FakeMessage, customId: string, user: InteractionUser = {}): SentInteraction {
      const sent = dispatchInteraction({ type: 3, data: { custom_id: customId, component_type: 2 }, message: apiMessage(message) }, { channelId: message.channel_id, ...user });
      originals.set(sent.token, message.id);
      return sent;
    },
    /** Every later message posted to `channelId` fails like this (e.g. 404 10003 Unknown Channel); `undefined` clears. */
    failChannel(channelId: string, failure: { status: number; code: number; message: string } | undefined) {
      if (failure) channelFailures.set(channelId, failure);
      else channelFailures.delete(channelId);
    },
    /** Direct messages to `userId` are refused from now on as Discord does when a user closed them (403, code 50007). */
    blockDms(userId: string) {
      blocked.add(userId);
    },
    /** Messages posted to channels (not interaction replies), optionally of one channel. */
    channelMessages: (channelId?: string) => [...messages.values()].filter((m) => !m.token && (channelId === undefined || m.channel_id === channelId) && !dmChannels.has(m.channel_id)),
    /** Threads started on messages (id = the message's id), with their channel and name. */
    threads: () => [...threads.entries()].map(([id, t]) => ({ id, ...t })),
    /** Direct messages sent, with their recipient. */
    directMessages: () => [...messages.values()].filter((m) => dmChannels.has(m.channel_id)).map((m) => ({ to: dmChannels.get(m.channel_id) as string, message: m })),
    /** Global 429s answered and duplicate posts the nonce check turned back. */
    limits,
    /**
     * A Discord outage: drops every gateway connection and refuses new ones and REST requests until `outage(false)`,
     * after which the bot can reconnect (RESUME) as it would with Discord.
     */
    outage(on: boolean) {
      down = on;
      if (!on) hung = false;
      if (on) for (const ws of wss.clients) ws.terminate();
      notify();
    },
    /** A hung Discord: gateway connections stay open but heartbeats are no longer acknowledged, and new connections
     * are refused, until `outage(false)`. */
    hang() {
      hung = true;
    },
    /** Heartbeats acknowledged so far. */
    heartbeatAcks: () => heartbeatAcks,
    /** Delivers later interactions through `send` (signed HTTP POSTs to the bot's endpoint) instead of the gateway. */
    deliverOverHttp(send: (payload: Record<string, unknown>) => Promise<HttpAnswer>) {
      overHttp = send;
    },
    /** Sends any gateway dispatch event to connected bots. */
    event(t: string, d: unknown) {
      for (const ws of sockets) sendFrame(ws, 0, d, t);
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;
