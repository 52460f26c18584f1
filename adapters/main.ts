// `newsbrief serve` / `npm start`: loads config, starts every chat platform whose environment variables are set (Discord, Slack, both
// in one process), the digest scheduler (posting through those platforms), the feed poller, and the HTTP server with /healthz and
// /metrics; shuts down gracefully on SIGINT/SIGTERM: stop ticking and taking commands, finish replies and posts in
// flight, close the database. Start-up problems are logged once, naming the variable to set.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DB_WAIT_SECONDS } from '../commands/run.js';
import { createApp, type App } from '../src/app.js';
import { loadConfig, ROLES, type Config } from '../src/config/config.js';
import { SERVICE_BUSY_TIMEOUT_MS } from '../src/store/sqlite-access.js';
import { redactUrl } from '../src/store/pg-db.js';
import { createLogger, type Logger } from '../src/log.js';
import { startFeedPoller, type FeedPoller } from '../src/feeds/poller.js';
import { platformOf } from '../src/schedule/delivery.js';
import { createScheduler, type Scheduler } from '../src/schedule/scheduler.js';
import { createThreadUpdates, type ThreadUpdates } from '../src/updates/threads.js';
import { startFollowTicker } from '../src/follows/deliver.js';
import { databaseHealth, startHttpServer, type HealthSource, type HttpServer } from '../src/service/http.js';
import { instanceTiming, startInstance, type RunningInstance } from '../src/service/instance.js';
import { discordPlatform } from './discord/adapter.js';
import { slackPlatform } from './slack/adapter.js';
import type { PlatformEntry, RunningPlatform } from './platform.js';

export type { PlatformEntry, RunningPlatform };

/** The running service: what `start` returns. */
export interface Service {
  app: App;
  scheduler: Scheduler;
  /** Story updates in digest threads (ticking with the scheduler role). */
  updates: ThreadUpdates;
  poller: FeedPoller;
  http?: HttpServer;
  /** This process in the instances table. */
  instance: RunningInstance;
  stop(): Promise<void>;
}

/** /healthz's view of the scheduler. */
export function schedulerHealth(scheduler: Scheduler): HealthSource {
  return {
    name: 'scheduler',
    async check() {
      const s = await scheduler.status();
      return { ...s, ok: s.alive };
    },
    lastError: async () => (await scheduler.status()).lastError,
  };
}

/** The app on the service's database, or an Error naming NEWSBRIEF_DB and the file. */
function openApp(config: Config, log: Logger): App {
  try {
    return createApp({ config, logger: log, busyTimeoutMs: SERVICE_BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new Error(`NEWSBRIEF_DB=${(err as Error).message}`, { cause: err });
  }
}

/**
 * Start-up refuses a database it cannot write (read-only, or locked by another process for `waitSeconds`). `dbPath`
 * is the SQLite file, or the PostgreSQL URL (password hidden) with `variable` NEWSBRIEF_DATABASE_URL.
 */
async function checkWritable(app: App, dbPath: string, waitSeconds: number, variable = 'NEWSBRIEF_DB'): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    const w = await app.store.probeWrite();
    if (!w.writable) {
      if (variable !== 'NEWSBRIEF_DB') throw new Error(`${variable}=${dbPath} cannot be written (${w.error}): connect to the primary as a user who may write the newsbrief tables`);
      throw new Error(`NEWSBRIEF_DB=${dbPath} is read-only (${w.error}): make the file and its folder writable by the user running newsbrief, or set NEWSBRIEF_DB to a writable file`);
    }
    if (!w.locked) return;
    if (performance.now() - t0 >= waitSeconds * 1000) {
      throw new Error(`NEWSBRIEF_DB=${dbPath} is locked by another process (waited ${waitSeconds} s for its write lock): finish or stop whatever is writing to it (an import, an sqlite3 shell with an open transaction), then start again`);
    }
    await sleep(100);
  }
}

export const PLATFORMS: PlatformEntry[] = [discordPlatform, slackPlatform];

/** Starts everything; resolves with a stop function, or rejects with an Error whose message says what to fix. */
export async function start(env: NodeJS.ProcessEnv, log: Logger, platforms: PlatformEntry[] = PLATFORMS): Promise<Service> {
  const config = loadConfig(env);
  const problems: string[] = [];
  const starters: { name: string; start(app: App, logger: Logger): Promise<RunningPlatform> }[] = [];
  for (const p of platforms) {
    const d = p.detect(env);
    if (!d.enabled) continue;
    if ('problems' in d) problems.push(...d.problems);
    else starters.push({ name: p.name, start: d.start });
  }
  if (problems.length > 0) throw new Error(`Configuration problems:\n- ${problems.join('\n- ')}`);
  if (starters.length === 0) {
    throw new Error('No chat platform is configured: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see docs/discord.md), ' +
        'or SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET (see docs/slack.md), in .env');
  }
  const app = openApp(config, log);
  const dbPath = config.databaseUrl ? redactUrl(config.databaseUrl) : path.resolve(config.dbPath);
  const running: (RunningPlatform & { name: string })[] = [];
  let scheduler: Scheduler | undefined;
  let updates: ThreadUpdates | undefined;
  let follows: { stop(): Promise<void> } | undefined;
  let poller: FeedPoller | undefined;
  let http: HttpServer | undefined;
  let instance: RunningInstance | undefined;
  // NEWSBRIEF_ROLES: a role left out is not started here (every role is safe to run in any number of instances).
  const roles = new Set(config.roles ?? ROLES);
  const stopAll = async () => {
    await http?.close();
    await poller?.stop();
    await scheduler?.stop();
    await updates?.stop();
    await follows?.stop();
    await Promise.allSettled(running.map((r) => r.stop()));
    await instance?.stop();
    await app.close();
  };
  try {
    await checkWritable(app, dbPath, config.dbWaitSeconds ?? DEFAULT_DB_WAIT_SECONDS, config.databaseUrl ? 'NEWSBRIEF_DATABASE_URL' : 'NEWSBRIEF_DB');
    for (const s of starters) running.push({ name: s.name, ...(await s.start(app, log)) });
    const posters = running.map((r) => r.poster);
    // Heartbeats every NEWSBRIEF_HEARTBEAT_SECONDS; an instance silent for NEWSBRIEF_DEAD_AFTER_SECONDS is dead: its
    // claims (digests, thread updates, follow DMs) are taken over, digests within a heartbeat by an idle scheduler.
    const { heartbeatSeconds, deadAfterSeconds } = instanceTiming(config);
    instance = await startInstance(app, { roles: [...roles], logger: log, heartbeatSeconds, liveSeconds: deadAfterSeconds });
    const deadOwnerMs = deadAfterSeconds * 1000;
    scheduler = createScheduler(app, { posters, logger: log, owner: instance.id, deadOwnerMs, sweepMs: heartbeatSeconds * 1000 });
    if (roles.has('scheduler')) await scheduler.start();
    // `/digest now`: a run due now, delivered by this scheduler's tick like a scheduled one (nonce, ledger, thread).
    const runner = scheduler;
    app.postDigestNow = async (sub) => {
      const slot = app.now().toISOString();
      await app.store.digests.enqueueSlots([{ subscriptionId: sub.id, slot, platform: platformOf(sub.channelId) ?? '' }], slot);
      await runner.tick(new Date(slot));
      return app.store.digests.getRun(sub.id, slot);
    };
    updates = createThreadUpdates(app, { posters, logger: log, owner: instance.id, deadOwnerMs });
    if (roles.has('scheduler')) updates.start();
    // Personal follows: direct messages with a followed story's new facts and new stories on followed topics, each minute.
    if (roles.has('scheduler')) follows = startFollowTicker(app, { posters, owner: instance.id, logger: log, deadOwnerMs });
    // Feeds: polled on their intervals; whoever added a failing feed hears about it by direct message.
    poller = startFeedPoller(app, {
      logger: log,
      ...(roles.has('poller') ? {} : { tickMs: 0 }),
      owner: instance.id,
      notify: async (feed, text) => {
        const to = feed.addedBy;
        const poster = to ? posters.find((p) => p.platform === platformOf(to)) : undefined;
        if (to && poster) await poster.dm(to, [text], { workspaceId: feed.workspaceId });
      },
    });
    const sched = scheduler;
    const sources: HealthSource[] = [
      databaseHealth(app, dbPath, config.healthGraceSeconds),
      ...running.map((r) => ({ name: r.name, check: () => r.health() })),
      ...(roles.has('scheduler') ? [schedulerHealth(sched)] : []),
      instance.health,
    ];
    for (const r of running) app.metrics.platformConnected(r.name, () => r.connected());
    if (config.http && roles.has('http')) {
      const { port, host } = config.http;
      const routes = running.flatMap((r) => r.routes ?? []);
      http = await startHttpServer(app, { ...config.http, sources, routes }).catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        throw new Error(`NEWSBRIEF_HTTP_PORT ${port} is already in use on ${host}: set NEWSBRIEF_HTTP_PORT to a free port, or to off to run without /healthz and /metrics.`);
      });
      log.info({ port: http.port, host: config.http.host }, `health and metrics on http://${config.http.host}:${http.port}/healthz and /metrics`);
    }
    return { app, scheduler: sched, updates, poller, instance, ...(http ? { http } : {}), stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * `newsbrief serve` (and `npm start`): starts the service in this process and drains it on SIGINT/SIGTERM. Run it as
 * the container's command (`node bin/newsbrief.js serve`), not under `npm start`, whose npm process does not pass
 * signals on. Start-up problems are printed plainly on stderr (and logged as JSON with the stack); resolves with
 * exit code 1 then. Once started, it exits the process itself after a signal (0 when everything drained).
 */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let log: Logger;
  try {
    log = createLogger(env.LOG_LEVEL?.trim() || 'info');
  } catch (err) {
    process.stderr.write(`newsbrief could not start: ${(err as Error).message}\n`);
    return 1;
  }
  let stop: () => Promise<void>;
  try {
    stop = (await start(env, log)).stop;
  } catch (err) {
    log.fatal({ err }, (err as Error).message);
    process.stderr.write(`newsbrief could not start:\n${(err as Error).message}\n`);
    return 1;
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, pid: process.pid }, 'shutting down: finishing replies in flight');
    stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  log.info({ pid: process.pid }, 'newsbrief is running; SIGINT or SIGTERM to this process stops it gracefully');
  return new Promise<number>(() => undefined);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await serve();
