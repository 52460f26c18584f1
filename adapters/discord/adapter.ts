// Discord as a platform for adapters/main.ts: on when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set.
import type { PlatformEntry } from '../platform.js';
import { startDiscordBot } from './client.js';
import { discordEnv } from './config.js';
import { inviteUrl } from './invite.js';
import { createDiscordPoster } from './poster.js';
import { replyToDiscord } from './render.js';

/** Detects DISCORD_* in the environment and starts the bot. */
export const discordPlatform: PlatformEntry = {
  name: 'discord',
  detect(env) {
    const d = discordEnv(env);
    if (!d.enabled) return { enabled: false };
    if ('problems' in d) return { enabled: true, problems: d.problems };
    const c = d.config;
    return {
      enabled: true,
      async start(app, logger) {
        const url = inviteUrl(c.applicationId);
        logger.info({ scope: 'discord', inviteUrl: url }, `Invite newsbrief to a server: ${url}`);
        const grace = app.config.healthGraceSeconds;
        const bot = await startDiscordBot(app, { token: c.token, apiUrl: c.apiUrl, logger, ...(grace === undefined ? {} : { healthGraceSeconds: grace }) });
        const poster = createDiscordPoster(bot.client.rest, { connected: () => bot.connected(), now: app.now });
        return { stop: () => bot.stop(), connected: () => bot.connected(), poster, health: () => bot.health(), render: replyToDiscord };
      },
    };
  },
};
