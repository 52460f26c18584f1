// Slack as a platform for adapters/main.ts: on when any SLACK_* token is set (see config.ts for the variables).
import type { PlatformEntry } from '../platform.js';
import { checkSlackEnv, slackConfigured, startSlack } from './config.js';
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
