// Discord over HTTP interactions (DISCORD_PUBLIC_KEY set): no gateway connection (no shards, no identify), so any
// number of instances behind a load balancer can answer. Discord POSTs each interaction to POST /discord/interactions
// on newsbrief's HTTP server; the request must carry a valid Ed25519 signature over timestamp + body (else 401 and
// nothing runs), PING is answered with PONG, and every other interaction goes to the same handler the gateway bot
// uses (interactions.ts), which replies through REST: the interaction callback, then follow-up webhooks. The HTTP
// request is answered 202 (no body) once that callback is sent, as Discord asks. Digests post through the same REST
// client with the bot token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Client, Events, Routes } from 'discord.js';
import type { Interaction } from 'discord.js';
import type { App } from '../../src/app.js';
import { errorId } from '../../src/log.js';
import type { HttpRoute } from '../../src/service/http.js';
import { discordRestOptions, startupProblem, type DiscordBot, type DiscordBotOptions } from './client.js';
import { createInteractionHandler } from './interactions.js';
import { NO_MENTIONS } from './reply.js';
import { checkSignature, discordPublicKey, REPLAY_WINDOW_SECONDS } from './signature.js';

/** Where Discord sends interactions, on the service's HTTP server. */
export const INTERACTIONS_PATH = '/discord/interactions';
/** The URL to enter as the Interactions Endpoint URL in the Developer Portal, from NEWSBRIEF_PUBLIC_URL. */
export function interactionsEndpoint(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${INTERACTIONS_PATH}`;
}

/** Request bodies above this are refused (413) unread: Discord's interactions are a few kilobytes. */
export const MAX_INTERACTION_BYTES = 256 * 1024;

export interface DiscordInteractionsOptions extends Omit<DiscordBotOptions, 'healthGraceSeconds'> {
  /** DISCORD_PUBLIC_KEY: 64 hex digits. */
  publicKey: string;
  /** How long the HTTP request may wait for the handler's first callback before it is answered 202 anyway (ms). */
  ackWaitMs?: number;
  /** Largest body accepted (bytes). Default MAX_INTERACTION_BYTES. */
  maxBodyBytes?: number;
}

/** The HTTP interactions bot: DiscordBot's view, plus the route to mount on the HTTP server. */
export interface DiscordInteractionsBot extends DiscordBot {
  route: HttpRoute;
}

/** Interaction types (and, for components, component types) newsbrief answers, and the discord.js class of each. */
type Build = new (client: Client<true>, data: unknown) => Interaction;
function interactionClass(raw: { type?: unknown; data?: { type?: unknown; component_type?: unknown } }): Build | undefined {
  if (raw.type === 2 && raw.data?.type === 1) return ChatInputCommandInteraction as unknown as Build;
  if (raw.type === 3 && raw.data?.component_type === 2) return ButtonInteraction as unknown as Build;
  if (raw.type === 4) return AutocompleteInteraction as unknown as Build;
  return undefined;
}

/** Resolves once `i` has sent its first answer to Discord (reply, defer, update or choices), or failed to. */
function firstAnswer(i: Interaction): Promise<void> {
  return new Promise((resolve) => {
    const target = i as unknown as Record<string, unknown>;
    for (const name of ['reply', 'deferReply', 'update', 'deferUpdate', 'respond']) {
      const original = target[name];
      if (typeof original !== 'function') continue;
      target[name] = async (...args: unknown[]) => {
        try {
          return (await (original as (...a: unknown[]) => Promise<unknown>).apply(i, args)) as unknown;
        } finally {
          resolve();
        }
      };
    }
  });
}

/** Reads a request body of at most `max` bytes; undefined when it is larger (the rest is read and dropped). */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= max && declared <= max) chunks.push(chunk);
  }
  return size <= max && declared <= max ? Buffer.concat(chunks) : undefined;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Checks the bot token over REST and starts answering interactions posted to the HTTP route. */
export async function startDiscordInteractions(app: App, opts: DiscordInteractionsOptions): Promise<DiscordInteractionsBot> {
  const log = opts.logger.child({ scope: 'discord', mode: 'interactions' });
  const key = discordPublicKey(opts.publicKey);
  const clock = opts.now ?? app.now;
  const handler = createInteractionHandler(app, { ...opts, logger: log });
  const maxBody = opts.maxBodyBytes ?? MAX_INTERACTION_BYTES;
  // A client that never logs in: its REST client answers interactions and posts digests; no gateway, no caches used.
  const client = new Client({ intents: [], rest: discordRestOptions(opts.apiUrl, opts.restRetries, log), allowedMentions: NO_MENTIONS });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.rest.setToken(opts.token);
  try {
    const me = (await client.rest.get(Routes.user())) as { username?: string };
    log.info({ user: me.username, endpoint: INTERACTIONS_PATH }, `Discord over HTTP interactions: answering POST ${INTERACTIONS_PATH}`);
  } catch (err) {
    await client.destroy();
    throw startupProblem(err, opts.apiUrl);
  }
  setImmediate(() => {
    handler.warm().catch((err: unknown) => log.warn({ err }, 'could not compute autocomplete tags'));
  });

  // Interactions already run, by id, until their timestamp leaves the window: a replayed request runs nothing twice.
  // Insertion order is expiry order (give or take the clock skew), so expired ids are dropped from the front.
  const seen = new Map<string, number>();
  const stats = { received: 0, rejected: 0, lastAt: undefined as string | undefined };
  let stopped = false;

  const refuse = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/plain' }).end(`${text}\n`);
  };

  const route: HttpRoute = {
    method: 'POST',
    path: INTERACTIONS_PATH,
    async handle(req, res) {
      const body = await readBody(req, maxBody);
      if (!body) return refuse(res, 413, `request body larger than ${maxBody} bytes`);
      const now = clock().getTime();
      const check = checkSignature(key, { signature: header(req, 'x-signature-ed25519'), timestamp: header(req, 'x-signature-timestamp'), body }, now);
      if (!check.ok) {
        stats.rejected++;
        log.warn({ reason: check.reason, remote: req.socket.remoteAddress }, 'refused an interaction request: bad signature');
        return refuse(res, 401, 'invalid request signature');
      }
      let raw: { id?: unknown; type?: unknown; data?: { type?: unknown; component_type?: unknown } };
      try {
        raw = JSON.parse(body.toString('utf8')) as typeof raw;
      } catch {
        return refuse(res, 400, 'body is not JSON');
      }
      if (raw.type === 1) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 1 }));
        return;
      }
      const id = typeof raw.id === 'string' ? raw.id : '';
      for (const [k, until] of seen) {
        if (until >= now) break;
        seen.delete(k);
      }
      if (seen.has(id)) return refuse(res, 409, 'interaction already received');
      const Kind = interactionClass(raw);
      if (!Kind || stopped) return refuse(res, stopped ? 503 : 400, stopped ? 'newsbrief is stopping' : 'interaction type not handled');
      let interaction: Interaction;
      try {
        interaction = new Kind(client as Client<true>, raw);
      } catch (err) {
        log.warn({ err, errorId: errorId() }, 'could not read an interaction');
        return refuse(res, 400, 'malformed interaction');
      }
      seen.set(id, (Number(header(req, 'x-signature-timestamp')) + REPLAY_WINDOW_SECONDS) * 1000);
      stats.received++;
      stats.lastAt = new Date(now).toISOString();
      const answered = firstAnswer(interaction);
      const handled = handler.handle(interaction);
      // Discord wants the HTTP answer within 3 s; the handler defers well before that when the work takes longer.
      const ac = new AbortController();
      await Promise.race([answered, handled, sleep(opts.ackWaitMs ?? 2500, undefined, { signal: ac.signal }).catch(() => undefined)]);
      ac.abort();
      res.writeHead(202).end();
    },
  };

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await handler.drain(opts.drainMs ?? 10_000);
    stopped = true;
    await client.destroy();
    log.info('Discord interactions stopped');
  };

  return {
    client,
    route,
    connected: () => !stopped,
    health: () => ({ ok: !stopped, mode: 'interactions', endpoint: INTERACTIONS_PATH, received: stats.received, refused: stats.rejected, ...(stats.lastAt ? { lastInteractionAt: stats.lastAt } : {}) }),
    inFlight: () => handler.inFlight(),
    idle: () => handler.idle(),
    stop: () => (stopping ??= stop()),
  };
}
