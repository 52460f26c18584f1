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

/** A nonce unique to (subscription, slot), at most 25 characters (Discord's limit), the same on every retry. */
export function slotNonce(subscriptionId: number, slot: string): string {
  return `nb${subscriptionId.toString(36)}.${Math.floor(Date.parse(slot) / 60_000).toString(36)}`;
}

/** A small FIFO work queue running at most `concurrency` tasks at once; nothing pushed is dropped. */
export interface WorkQueue {
  push(task: () => Promise<void>): void;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  /** Drops tasks not started yet; returns how many. */
  clear(): number;
  readonly pending: number;
  readonly running: number;
}

export function createQueue(concurrency: number): WorkQueue {
  const queue: (() => Promise<void>)[] = [];
  let running = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (running === 0 && queue.length === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };
  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const task = queue.shift() as () => Promise<void>;
      running++;
      void task()
        .catch(() => undefined) // tasks handle their own errors; a stray rejection must not stop the queue
        .finally(() => {
          running--;
          pump();
          settle();
        });
    }
  };
  return {
    push(task) {
      queue.push(task);
      pump();
    },
    idle() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((r) => waiters.push(r));
    },
    clear() {
      const n = queue.length;
      queue.length = 0;
      settle();
      return n;
    },
    get pending() {
      return queue.length;
    },
    get running() {
      return running;
    },
  };
}
