// The Poster port: how the scheduler hands a digest to a chat platform, and how platforms report failures so the
// scheduler can tell "try again later" (429, 5xx, timeouts) from "this will never work" (channel deleted, no access).
import type { Digest } from '../types.js';

export type Platform = 'discord' | 'slack';

/** What to post: a digest, or a one-line note ("nothing new"). */
export type PostContent = { kind: 'digest'; digest: Digest } | { kind: 'text'; text: string };

export interface DigestPoster {
  platform: Platform;
  /** Posts in a channel ('discord:<guild>:<channel>' / 'slack:<team>:<channel>'); resolves with a message reference. */
  post(channelId: string, content: PostContent, opts: { nonce: string }): Promise<string>;
  /** Sends a direct message to a user ('discord:<id>' / 'slack:<id>'). */
  dm(userId: string, text: string): Promise<void>;
  /** True while connected to the platform. */
  connected(): boolean;
  /** Most posts in flight at once (the platform client queues and rate-limits underneath). */
  concurrency: number;
}

/** A failed delivery, classified. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: 'retryable' | 'fatal',
    /** The platform's code (e.g. 10003, 'channel_not_found', 429). */
    readonly code: string,
    /** How long the platform asked us to wait, when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The platform of a channel or user id ('discord:…' / 'slack:…'). */
export function platformOf(id: string): Platform | undefined {
  const p = id.slice(0, id.indexOf(':'));
  return p === 'discord' || p === 'slack' ? p : undefined;
}

/** The platform's own id inside a namespaced one: 'discord:1:333' -> '333', 'slack:U42' -> 'U42'. */
export const platformId = (id: string): string => id.slice(id.lastIndexOf(':') + 1);

/** A nonce unique to (subscription, slot), at most 25 characters (Discord's limit), the same on every retry. */
export function slotNonce(subscriptionId: number, slot: string): string {
  return `nb${subscriptionId.toString(36)}.${Math.floor(Date.parse(slot) / 60_000).toString(36)}`;
}
