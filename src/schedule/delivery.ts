// The Poster port: how the scheduler hands a digest to a chat platform, and how platforms report failures so the
// scheduler can tell "try again later" (429, 5xx, timeouts) from "this will never work" (channel deleted, no access).
import type { Digest } from '../types.js';

/** A platform's id: the prefix of the channel and user ids it serves ('<platform>:…'). Opaque to the core. */
export type Platform = string;

/** A direct message in neutral pieces: text, references to a channel (its namespaced id) that each platform shows
 * as a link to that channel, and a story update, which each platform renders as it renders that update in a thread. */
export type Notice = readonly (string | { channel: string } | { update: UpdatePost })[];

/** What to post: a digest, or a one-line note ("nothing new"). */
export type PostContent = { kind: 'digest'; digest: Digest } | { kind: 'text'; text: string };

/** A story's update as posted in a thread: "Update — <headline>: …" and its new sentences, each with its source. */
export interface UpdatePost {
  headline: string;
  /** The story's link (its headline article). */
  url?: string;
  /** At most three, article text: platforms escape it and never let it ping. A rewritten update (updates/rewrite.ts)
   * is one sentence citing [1], [2] …: `cites` are those sources in order (url/outlet repeat the first). */
  sentences: { text: string; url?: string; outlet?: string; cites?: { url?: string; outlet?: string }[] }[];
  /** New facts left out (shown as "and N more"). */
  more: number;
}

/** The thread under a posted message: its channel ('<platform>:<workspace>:<channel>') and the message the poster returned. */
export interface ThreadRef {
  channelId: string;
  messageRef: string;
}

export interface DigestPoster {
  platform: Platform;
  /** Posts in a channel ('<platform>:<workspace>:<channel>'); resolves with a message reference. */
  post(channelId: string, content: PostContent, opts: { nonce: string }): Promise<string>;
  /**
   * Posts an update in the thread of a message this poster posted (starting the thread where the platform needs
   * one); resolves with the reply's reference. The nonce is the update's (the same on every retry and takeover);
   * `maybePosted` (a claim taken over, a retry) asks a platform without nonces to look for that reply first.
   */
  postUpdate?(thread: ThreadRef, update: UpdatePost, opts: { nonce: string; maybePosted?: boolean }): Promise<string>;
  /** Sends a direct message to a user ('<platform>:<id>'); `workspaceId` says which workspace's installation sends it
   * (platforms with one token per workspace need it); `nonce` (Discord) makes a retry return the first message. */
  dm(userId: string, notice: Notice, opts?: { workspaceId?: string; nonce?: string }): Promise<void>;
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

/** A failed send as a DeliveryError: one the poster did not classify counts as retryable. */
export const asDeliveryError = (err: unknown): DeliveryError =>
  err instanceof DeliveryError ? err : new DeliveryError(err instanceof Error ? err.message : String(err), 'retryable', 'unknown');

/** The platform of a namespaced channel or user id: its prefix before the first ':' (undefined when there is none). */
export function platformOf(id: string): Platform | undefined {
  const end = id.indexOf(':');
  return end > 0 ? id.slice(0, end) : undefined;
}

/** An update as plain text: "Update — <headline>:", then each sentence with its sources ([n] for a cited rewrite). */
export function updateText(u: UpdatePost): string {
  const src = (o: { url?: string; outlet?: string }): string => `${o.outlet ?? 'source'}${o.url ? `: ${o.url}` : ''}`;
  const lines = u.sentences.map((s) => `• ${s.text} (${s.cites ? s.cites.map((c, i) => `[${i + 1}] ${src(c)}`).join(', ') : src(s)})`);
  const more = u.more > 0 ? [`…and ${u.more} more new fact${u.more === 1 ? '' : 's'}, in the next update.`] : [];
  return [`Update — ${u.headline}${u.url ? ` (${u.url})` : ''}:`, ...lines, ...more].join('\n');
}

/** A notice as plain text, the channel shown by its namespaced id (logs, tests, platforms without links). */
export const noticeText = (notice: Notice): string =>
  notice.map((p) => (typeof p === 'string' ? p : 'channel' in p ? p.channel : updateText(p.update))).join('');

/** The platform's own id inside a namespaced one: '<platform>:1:333' -> '333', '<platform>:U42' -> 'U42'. */
export const platformId = (id: string): string => id.slice(id.lastIndexOf(':') + 1);

/** A nonce unique to (subscription, slot), at most 25 characters (Discord's limit), the same on every retry. */
export function slotNonce(subscriptionId: number, slot: string): string {
  return `nb${subscriptionId.toString(36)}.${Math.floor(Date.parse(slot) / 60_000).toString(36)}`;
}
