// The Discord gateway bot: a discord.js client logged in to the gateway, whose interactions go to the shared handler
// (interactions.ts, which the HTTP interactions endpoint in http.ts feeds too), and whose REST client posts digests.
// It follows the gateway's real state for /healthz and drains replies in flight on stop().
import { Client, Events, GatewayIntentBits, Options, Status, type RESTOptions } from 'discord.js';
import type { App } from '../../src/app.js';
import { networkProblem } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import { createConnectionWatch, type ConnectionWatch } from '../../src/service/connection.js';
import type { ComponentHealth } from '../../src/service/http.js';
import { DEFAULT_DISCORD_API } from './config.js';
import { createInteractionHandler, type InteractionHandlerOptions } from './interactions.js';
import { NO_MENTIONS } from './reply.js';
import { posterRateLimit } from './poster.js';

export interface DiscordBotOptions extends Omit<InteractionHandlerOptions, 'logger'> {
  /** DISCORD_TOKEN. */
  token: string;
  /** REST base without /v10 (DISCORD_API_URL); default https://discord.com/api. The gateway URL comes from it too. */
  apiUrl?: string;
  logger: Logger;
  /** REST retries on 5xx and network errors (default 3; 429s are always waited out and retried). */
  restRetries?: number;
  /** How long stop() waits for replies in flight, ms. Default 10,000. */
  drainMs?: number;
  /** Seconds the gateway may be down before health() reports it (default 30). */
  healthGraceSeconds?: number;
}

export interface DiscordBot {
  client: Client;
  /** Whether the gateway connection is up (every shard Ready), following reconnects. */
  connected(): boolean;
  /** /healthz's view: shard status, last heartbeat acknowledged, and how long it has been down. */
  health(): ComponentHealth;
  /** Interactions being handled right now. */
  inFlight(): number;
  /** Resolves once every interaction being handled has been answered. */
  idle(): Promise<void>;
  /** Stops taking commands, lets replies in flight finish (up to drainMs), then disconnects. The app stays open. */
  stop(): Promise<void>;
}

export { NO_MENTIONS };

/**
 * The REST client's options in both modes: DISCORD_API_URL, retries, and every rate limit logged; those on the digest
 * poster's routes are handed back to the poster (it waits them out inside the shared rate budget), the others waited
 * out by the REST client.
 */
export function discordRestOptions(apiUrl: string | undefined, retries: number | undefined, log: Logger): Partial<RESTOptions> {
  return {
    api: apiUrl ?? DEFAULT_DISCORD_API,
    retries: retries ?? 3,
    // Called for every rate limit (a 429, or a bucket known to be empty) before @discordjs/rest waits and retries;
    // `true` throws a RateLimitError instead.
    rejectOnRateLimit: (r) => {
      log.warn({ route: r.route, method: r.method, retryAfterMs: r.retryAfter, global: r.global, scope: r.scope }, 'rate limited by Discord; waiting before retrying');
      return posterRateLimit(r);
    },
  };
}

/** A start-up failure as an Error naming the variable to fix (a rejected token, an unreachable DISCORD_API_URL). */
export function startupProblem(err: unknown, apiUrl: string | undefined): unknown {
  const status = (err as { status?: unknown }).status;
  if ((err as { code?: unknown }).code === 'TokenInvalid' || status === 401) {
    return new Error('Discord rejected DISCORD_TOKEN (401): reset the token in the Developer Portal → Bot and update .env', { cause: err });
  }
  const net = networkProblem(err);
  if (net) {
    return new Error(`DISCORD_API_URL ${apiUrl ?? DEFAULT_DISCORD_API}: cannot reach Discord: ${net}. Check the URL (unset it to use Discord itself) and the network`, { cause: err });
  }
  return err;
}

/** Logs in, waits for the gateway to be ready and starts answering interactions. */
export async function startDiscordBot(app: App, opts: DiscordBotOptions): Promise<DiscordBot> {
  const log = opts.logger.child({ scope: 'discord' });
  const handler = createInteractionHandler(app, { ...opts, logger: log });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: discordRestOptions(opts.apiUrl, opts.restRetries, log),
    allowedMentions: NO_MENTIONS,
    // We read nothing from message, member or presence caches: keep them empty to keep RSS flat.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ReactionManager: 0,
      PresenceManager: 0,
      ThreadMemberManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (m) => m.id === m.client.user.id },
    }),
  });

  client.on(Events.InteractionCreate, (i) => void handler.handle(i));
  // Without an 'error' listener an EventEmitter error would crash the process.
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(opts.token);
    await ready;
  } catch (err) {
    await client.destroy();
    throw startupProblem(err, opts.apiUrl);
  }
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'Discord bot ready');
  const gateway = watchGateway(client, log, opts.healthGraceSeconds);
  setImmediate(() => {
    handler.warm().catch((err: unknown) => log.warn({ err }, 'could not compute autocomplete tags'));
  });

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await handler.drain(opts.drainMs ?? 10_000);
    gateway.stop();
    await client.destroy();
    log.info('Discord bot stopped');
  };

  return {
    client,
    connected: () => gateway.connected(),
    health: () => gateway.health(),
    inFlight: () => handler.inFlight(),
    idle: () => handler.idle(),
    stop: () => (stopping ??= stop()),
  };
}

/**
 * Follows the gateway's real state: client.isReady() stays true while discord.js reconnects, so this listens to the
 * shard events (reconnecting, disconnected, resumed, ready) and re-reads every shard's status when asked.
 */
function watchGateway(client: Client, log: Logger, graceSeconds?: number): { connected(): boolean; health(): ComponentHealth; stop(): void } {
  const watch: ConnectionWatch = createConnectionWatch({ platform: 'discord', logger: log, ...(graceSeconds === undefined ? {} : { graceSeconds }) });
  let stopped = false;
  const shards = () => [...client.ws.shards.values()];
  const allReady = () => shards().length > 0 && shards().every((s) => s.status === Status.Ready);
  client.on(Events.ShardReconnecting, (shard) => {
    if (!stopped) watch.down('gateway connection closed, reconnecting', { shard });
  });
  client.on(Events.ShardDisconnect, (event, shard) => {
    if (!stopped) watch.down(`gateway closed with code ${event.code}, not reconnecting`, { shard, code: event.code });
  });
  client.on(Events.ShardResume, (shard) => watch.up({ shard, how: 'resumed' }));
  client.on(Events.ShardReady, (shard) => watch.up({ shard, how: 'identified again' }));
  /** Re-reads the shards, in case an event was missed. */
  const sync = () => {
    if (stopped) return;
    if (allReady()) watch.up();
    else watch.down(`gateway ${shards().map((s) => Status[s.status] ?? String(s.status)).join(', ') || 'not connected'}`);
  };
  return {
    connected() {
      sync();
      return watch.connected();
    },
    health() {
      sync();
      const acks = shards().map((s) => s.lastPingTimestamp).filter((t) => t > 0);
      const lastAck = acks.length > 0 ? Math.min(...acks) : undefined;
      return watch.health({
        status: shards().map((s) => Status[s.status] ?? String(s.status)).join(', ') || 'none',
        ...(lastAck === undefined ? {} : { lastHeartbeatAck: new Date(lastAck).toISOString(), pingMs: client.ws.ping }),
      });
    },
    stop() {
      stopped = true;
    },
  };
}
