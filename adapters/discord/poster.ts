// Posts scheduled digests to Discord channels over REST (the bot's own discord.js REST client, which queues per
// route). Each request takes its turn in the rate budget first; a rate limit on the poster's routes is handed back by
// the REST client (rejectOnRateLimit: posterRateLimit) and waited out here, then the request takes a new turn, so a
// retried request counts against the budget that every instance shares, as the first try did. Every message carries
// a nonce derived from the slot with `enforce_nonce`, so a retry after a crash between "posted" and "recorded" returns
// the same message instead of posting twice; mentions never ping. Story updates go to the thread started on the digest
// message (thread.ts). Failures are classified for the scheduler: a deleted channel or missing access is fatal, 5xx,
// timeouts and network errors are retryable. A user's DM channel is opened once and remembered (dmChannels); when
// Discord says a remembered one is gone (Unknown Channel), it is opened again once. At most four opens are between
// their turn in the budget and their answer: discord.js sends one route's requests one at a time, so opens given turns
// faster than Discord answers queued there (up to 45 of a follower fan-out's 64) and left later, back to back when the
// answers came quickly: more requests in a second than the budget gave turns for, and a global 429.
import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type RateLimitData, type REST } from 'discord.js';
import { DeliveryError, platformId, type DigestPoster, type PostContent } from '../../src/schedule/delivery.js';
import { createLimiter } from '../../src/limiter.js';
import type { DmChannelStore } from '../../src/store/ports.js';
import { digestToDiscord, noticeToDiscord, textToDiscord, type DiscordMessage } from './render.js';
import { ensureThread, threadName, updateToDiscord } from './thread.js';

/** Discord error codes that no retry will fix, with what to tell the admin. */
const FATAL: Record<number, string> = {
  10003: 'the channel no longer exists (Discord: Unknown Channel)',
  10004: 'newsbrief is no longer in the server (Discord: Unknown Guild)',
  50001: 'newsbrief cannot see the channel (Discord: Missing Access)',
  50013: 'newsbrief may not post in the channel (Discord: Missing Permissions)',
  50007: 'Discord does not let newsbrief message this user',
  40001: 'Discord rejected the bot token (Unauthorized)',
};

/** A Discord error as a DeliveryError the scheduler understands. */
export function classifyDiscordError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof RateLimitError) return new DeliveryError(`rate limited by Discord (${err.route})`, 'retryable', '429', err.retryAfter);
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : 0;
    if (err.status >= 500) return new DeliveryError(`Discord answered ${err.status}`, 'retryable', String(err.status));
    if (err.status === 429) return new DeliveryError('rate limited by Discord', 'retryable', '429');
    const known = FATAL[code];
    if (known) return new DeliveryError(known, 'fatal', String(code));
    return new DeliveryError(`Discord refused the message (${err.status}, code ${code}: ${err.message})`, 'fatal', String(code || err.status));
  }
  if (err instanceof HTTPError) {
    return new DeliveryError(`Discord answered ${err.status}`, err.status >= 500 || err.status === 429 ? 'retryable' : 'fatal', String(err.status));
  }
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return new DeliveryError('Discord did not answer in time', 'retryable', 'timeout');
  return new DeliveryError(`could not reach Discord (${e.code ?? e.message ?? 'network error'})`, 'retryable', e.code ?? 'network');
}

export interface DiscordPosterOptions {
  /** True while the gateway connection is up (for /healthz). */
  connected: () => boolean;
  /** Posts in flight at once (default 8; REST queues the rest per route). */
  concurrency?: number;
  /**
   * Requests started per second, evenly spaced (default 45: just under Discord's global 50/s, so a digest burst
   * does not run into global 429s, whose Retry-After is rounded up to whole seconds).
   */
  maxPerSecond?: number;
  /** The program's clock (app.now). */
  now: () => Date;
  /** Waits for the next request's turn instead of `maxPerSecond` in this process: a budget shared by every instance
   *  (src/service/rate-budget.ts), since Discord counts the global limit per bot. */
  pace?: () => Promise<void>;
  /** Remembers each user's DM channel (app.store.dmChannels), so a user's later DMs cost one request, not two. */
  dmChannels?: DmChannelStore;
}

/** The routes the poster sends on (POST): channel messages, threads on a message, DM channels. */
const POSTER_ROUTE = /^\/(channels\/[^/]+\/messages(\/[^/]+\/threads)?|users\/@me\/channels)$/;

/**
 * For the REST client's `rejectOnRateLimit`: true for a rate limit on a route the poster sends on, which the REST
 * client then hands back as a RateLimitError instead of waiting and retrying outside the rate budget; other requests
 * (interaction replies, commands) are waited out by the REST client as before.
 */
export function posterRateLimit(r: Pick<RateLimitData, 'route' | 'method'>): boolean {
  return r.method.toUpperCase() === 'POST' && POSTER_ROUTE.test(r.route);
}

/** Most times one request is sent again after a rate limit before the delivery fails as retryable. */
const RATE_LIMIT_RETRIES = 10;

/** The Discord side of the scheduler's Poster port. */
export function createDiscordPoster(rest: REST, opts: DiscordPosterOptions): DigestPoster {
  const now = opts.now;
  const pace = opts.pace ?? createPacer(opts.maxPerSecond ?? 45);
  /** One request in its turn of the budget; a rate limit handed back is waited out and the request takes a new turn. */
  const paced = async <T>(request: () => Promise<T>): Promise<T> => {
    for (let retry = 0; ; retry++) {
      await pace();
      try {
        return await request();
      } catch (err) {
        if (!(err instanceof RateLimitError) || retry >= RATE_LIMIT_RETRIES) throw err;
        await sleep(Math.max(err.retryAfter, err.sublimitTimeout, 1));
      }
    }
  };
  // One open in flight and three waiting for their turns: at most three leave later than their turn (queued behind a
  // slow answer), where two would leave the opens short of turns when Discord answers within an interval of the budget.
  const opening = createLimiter(4);
  const send = async (channel: string, m: DiscordMessage, nonce?: string): Promise<string> => {
    const body = { ...m, allowed_mentions: { parse: [] }, ...(nonce ? { nonce, enforce_nonce: true } : {}) };
    const res = await paced(() => rest.post(Routes.channelMessages(channel), { body }) as Promise<{ id: string }>);
    return res.id;
  };
  return {
    platform: 'discord',
    concurrency: opts.concurrency ?? 8,
    connected: opts.connected,
    async post(channelId, content: PostContent, { nonce }) {
      const channel = platformId(channelId);
      const messages = content.kind === 'digest' ? digestToDiscord(content.digest, { now: now() }) : textToDiscord(content.text);
      let first: string | undefined;
      try {
        for (const [i, m] of messages.entries()) {
          const id = await send(channel, m, i === 0 ? nonce : `${nonce}.${i}`);
          first ??= id;
        }
      } catch (err) {
        throw classifyDiscordError(err);
      }
      return `discord:${channel}:${first ?? ''}`;
    },
    async postUpdate(thread, update, { nonce }) {
      // messageRef is 'discord:<channel>:<message>' (what post() returned).
      const [, channel = '', message = ''] = thread.messageRef.split(':');
      try {
        const threadId = await paced(() => ensureThread(rest, channel, message, threadName(update.headline)));
        return `discord:${threadId}:${await send(threadId, updateToDiscord(update), nonce)}`;
      } catch (err) {
        throw classifyDiscordError(err);
      }
    },
    async dm(userId, notice, o) {
      const cache = opts.dmChannels;
      const open = async (): Promise<string> => {
        const c = await opening.run(() => paced(() => rest.post(Routes.userChannels(), { body: { recipient_id: platformId(userId) } }) as Promise<{ id: string }>));
        await cache?.saveDmChannel(userId, c.id, now().toISOString());
        return c.id;
      };
      try {
        const cached = await cache?.dmChannel(userId);
        let channel = cached ?? (await open());
        let reopened = cached === undefined;
        for (const [i, m] of noticeToDiscord(notice).entries()) {
          const nonce = o?.nonce ? (i === 0 ? o.nonce : `${o.nonce.slice(0, 22)}.${i}`) : undefined;
          try {
            await send(channel, m, nonce);
          } catch (err) {
            // A remembered channel Discord no longer knows (Unknown Channel): opened again, once per DM.
            if (reopened || !(err instanceof DiscordAPIError && err.code === 10003)) throw err;
            reopened = true;
            await cache?.forgetDmChannel(userId, channel);
            channel = await open();
            await send(channel, m, nonce);
          }
        }
      } catch (err) {
        throw classifyDiscordError(err);
      }
    },
  };
}

/**
 * At most `perSecond` calls started in any sliding second, spread out by a token bucket (bursts of at most 1/20 of a
 * second's worth): the shape of limit Discord enforces, kept from the client side so a burst of digests meets no
 * global 429 (whose Retry-After is rounded up to whole seconds).
 */
export function createPacer(perSecond: number): () => Promise<void> {
  const capacity = Math.max(1, Math.floor(perSecond / 20));
  const started: number[] = []; // start times within the last second, ascending
  let tokens = capacity;
  let last = performance.now();
  const take = async (): Promise<void> => {
    for (;;) {
      const t = performance.now();
      tokens = Math.min(capacity, tokens + ((t - last) * perSecond) / 1000);
      last = t;
      while (started.length > 0 && (started[0] as number) <= t - 1000) started.shift();
      const windowFull = started.length >= perSecond;
      if (tokens >= 1 && !windowFull) {
        tokens -= 1;
        started.push(t);
        return;
      }
      const wait = windowFull ? (started[0] as number) + 1000 - t : ((1 - tokens) * 1000) / perSecond;
      await sleep(Math.max(1, wait));
    }
  };
  let chain: Promise<void> = Promise.resolve();
  return () => (chain = chain.then(take));
}
