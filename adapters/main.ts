// `npm start`: loads config, starts every chat platform whose environment variables are set (Discord, Slack, both
// in one process), and shuts down gracefully on SIGINT/SIGTERM: stop taking commands, finish
// replies in flight, close the database. Start-up problems are logged once, naming the variable to set.
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger, type Logger } from '../src/log.js';
import { discordPlatform } from './discord/platform.js';
import { slackPlatform } from './slack/platform.js';

/** A running platform adapter. */
export interface RunningPlatform {
  stop(): Promise<void>;
}

/** A chat platform: whether its variables are set (and valid), and how to start it. */
export interface PlatformEntry {
  name: string;
  detect(env: NodeJS.ProcessEnv):
    | { enabled: false }
    | { enabled: true; problems: string[] }
    | { enabled: true; start(app: App, logger: Logger): Promise<RunningPlatform> };
}

export const PLATFORMS: PlatformEntry[] = [discordPlatform, slackPlatform];

/** Starts everything; resolves with a stop function, or rejects with an Error whose message says what to fix. */
export async function start(env: NodeJS.ProcessEnv, log: Logger, platforms: PlatformEntry[] = PLATFORMS): Promise<() => Promise<void>> {
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
  const app = createApp({ config });
  const running: RunningPlatform[] = [];
  const stopAll = async () => {
    await Promise.allSettled(running.map((r) => r.stop()));
    app.close();
  };
  try {
    for (const s of starters) running.push(await s.start(app, log));
  } catch (err) {
    await stopAll();
    throw err;
  }
  return stopAll;
}

async function main(): Promise<void> {
  const log = createLogger();
  let stop: () => Promise<void>;
  try {
    stop = await start(process.env, log);
  } catch (err) {
    log.fatal({ err }, (err as Error).message);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: finishing replies in flight');
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
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
