// Discord as a platform for adapters/main.ts: on when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set. With
// DISCORD_PUBLIC_KEY too, interactions arrive over HTTP (POST /discord/interactions on the service's HTTP server)
// instead of the gateway; either way the same handler answers them and digests post through REST.
import { ROLES } from '../../src/config/config.js';
import type { PlatformEntry } from '../platform.js';
import { startDiscordBot } from './client.js';
import { discordEnv } from './config.js';
import { INTERACTIONS_PATH, startDiscordInteractions } from './http.js';
import { inviteUrl } from './invite.js';
import { createDiscordPoster } from './poster.js';
import { sharedPacer } from '../../src/service/rate-budget.js';
import { batchedDmChannels } from '../../src/store/group-commit.js';
import { replyToDiscord } from './render.js';

/** Detects DISCORD_* in the environment and starts the bot. */
/**
 * Requests per second of every instance's poster together (the database holds the budget): 96% of Discord's global
 * 50/s, evenly spaced, so no one-second window holds more than 49 of them (src/service/rate-budget.ts).
 */
const DISCORD_SHARED_RATE = 48;

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
        if (c.publicKey) {
          // An instance without the http role (NEWSBRIEF_ROLES) serves no endpoint, and posts digests all the same.
          if (!app.config.http && (app.config.roles ?? ROLES).includes('http')) {
            throw new Error(`DISCORD_PUBLIC_KEY is set, so Discord sends interactions to newsbrief's HTTP server (POST ${INTERACTIONS_PATH}), but NEWSBRIEF_HTTP_PORT=off: set a port, or unset DISCORD_PUBLIC_KEY to use the gateway`);
          }
          const bot = await startDiscordInteractions(app, { token: c.token, apiUrl: c.apiUrl, publicKey: c.publicKey, logger });
          const poster = createDiscordPoster(bot.client.rest, { connected: () => bot.connected(), now: app.now, pace: sharedPacer(app.store, 'discord', DISCORD_SHARED_RATE, { limitPerSecond: 50 }), dmChannels: batchedDmChannels(app.store) });
          return { stop: () => bot.stop(), connected: () => bot.connected(), poster, health: () => bot.health(), render: replyToDiscord, routes: [bot.route] };
        }
        const grace = app.config.healthGraceSeconds;
        const bot = await startDiscordBot(app, { token: c.token, apiUrl: c.apiUrl, logger, ...(grace === undefined ? {} : { healthGraceSeconds: grace }) });
        const poster = createDiscordPoster(bot.client.rest, { connected: () => bot.connected(), now: app.now, pace: sharedPacer(app.store, 'discord', DISCORD_SHARED_RATE, { limitPerSecond: 50 }), dmChannels: batchedDmChannels(app.store) });
        return { stop: () => bot.stop(), connected: () => bot.connected(), poster, health: () => bot.health(), render: replyToDiscord };
      },
    };
  },
};
