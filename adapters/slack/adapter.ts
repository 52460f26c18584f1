// Slack as a platform for adapters/main.ts (the adapter contract, adapters/platform.ts): on when any SLACK_* token is
// set (see config.ts for the variables); starts the bolt app (one token, or OAuth for many workspaces) and its digest
// poster.
import type { App } from '../../src/app.js';
import { ConfigError, networkProblem } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import type { DigestPoster } from '../../src/schedule/delivery.js';
import type { ComponentHealth } from '../../src/service/http.js';
import type { PlatformEntry } from '../platform.js';
import { createSlackBot, SLACK_EVENTS_PATH, type SlackBotOptions } from './client.js';
import { checkSlackEnv, slackConfigured, slackOptionsFromEnv } from './config.js';
import { SLACK_INSTALL_PATH, SLACK_REDIRECT_PATH } from './oauth.js';
import { createSlackPoster } from './poster.js';
import { replyToSlack } from './render.js';

/** Detects SLACK_* in the environment and starts the bot (Socket Mode or HTTP). */
export const slackPlatform: PlatformEntry = {
  name: 'slack',
  detect(env) {
    if (!slackConfigured(env)) return { enabled: false };
    const { problems } = checkSlackEnv(env);
    if (problems.length > 0) return { enabled: true, problems };
    return {
      enabled: true,
      async start(app, logger) {
        const handle = await startSlack(app, env, logger);
        return { stop: () => handle.stop(), connected: () => handle.connected(), poster: handle.poster, health: () => handle.health(), render: (reply, now) => replyToSlack(reply, { now }) };
      },
    };
  },
};

/** A running Slack adapter. */
export interface SlackHandle {
  mode: 'socket' | 'http';
  /** The HTTP port (HTTP mode). */
  port?: number;
  /** Posts scheduled digests through this app's Web API client. */
  poster: DigestPoster;
  /** Whether the connection is up (Socket Mode open, or the HTTP server listening). */
  connected(): boolean;
  /** /healthz's view of the connection. */
  health(): ComponentHealth;
  stop(): Promise<void>;
}

const slackError = (err: unknown): string | undefined => {
  const data = (err as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
};

/**
 * Starts Slack for `app` from `env` (see SLACK_ENV_VARS). Throws a ConfigError when variables are missing or Slack
 * refuses a token; call it only when `slackConfigured(env)`.
 */
export async function startSlack(app: App, env: NodeJS.ProcessEnv, logger: Logger, extra: Partial<SlackBotOptions> = {}): Promise<SlackHandle> {
  const grace = app.config.healthGraceSeconds;
  const opts = { ...slackOptionsFromEnv(env, logger), ...(grace === undefined ? {} : { healthGraceSeconds: grace }), ...extra };
  const bot = createSlackBot(app, opts);
  const mode = opts.socket ? 'socket' : 'http';
  try {
    const { port } = await bot.start();
    const oauth = bot.oauth ? { oauth: true, install: SLACK_INSTALL_PATH, redirect: SLACK_REDIRECT_PATH } : {};
    logger.info({ scope: 'slack', mode, ...(port === undefined ? {} : { port, path: SLACK_EVENTS_PATH }), ...oauth }, 'slack adapter started');
    // OAuth: each digest is posted with its workspace's token.
    const tokenFor = bot.oauth?.tokenFor;
    const onLookupFailed = (e: { code: string; message: string }) =>
      logger.warn({ scope: 'slack', code: e.code }, `could not look for a story update already posted (${e.message}); posting it: add the channels:history and groups:history scopes`);
    const poster = createSlackPoster(bot.bolt.client, { connected: () => bot.connected(), now: app.now, onLookupFailed, ...(tokenFor ? { tokenFor } : {}) });
    return { mode, ...(port === undefined ? {} : { port }), poster, connected: () => bot.connected(), health: () => bot.health(), stop: () => bot.stop() };
  } catch (err) {
    await bot.stop().catch(() => undefined);
    const code = slackError(err);
    if (code === 'invalid_auth' || code === 'not_authed' || code === 'account_inactive' || code === 'token_revoked') {
      throw new ConfigError(
        `Slack refused a token (${code}). Check SLACK_BOT_TOKEN (OAuth & Permissions → Bot User OAuth Token)` +
          (opts.socket ? ' and SLACK_APP_TOKEN (Basic Information → App-Level Tokens, scope connections:write).' : '.'),
      );
    }
    const net = networkProblem(err);
    if (net) {
      throw new ConfigError(`SLACK_API_URL ${opts.apiUrl ?? 'https://slack.com/api/'}: cannot reach Slack: ${net}. Check the URL (unset it to use Slack itself) and the network`);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(`PORT ${opts.http?.port ?? ''} is already in use: set PORT to a free port for Slack's HTTP mode.`);
    }
    throw err;
  }
}
