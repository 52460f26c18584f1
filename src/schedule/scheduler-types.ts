// The digest scheduler's public shapes (its options, status and interface), apart from scheduler.ts so that file stays
// within its size.
import type { Logger } from '../log.js';
import type { Digest } from '../types.js';
import type { DigestPoster } from './delivery.js';

/** A run's outcome counts. */
export interface Tally {
  posted: number;
  nothingNew: number;
  failed: number;
  skipped: number;
}

export interface SchedulerOptions {
  posters: DigestPoster[];
  logger: Logger;
  /** Missed slots younger than this are posted on start (default: config digest.graceMinutes). */
  graceMs?: number;
  /**
   * A claim not finished or renewed for this long belongs to a dead process (default 3 min): live processes renew theirs
   * every tick, and the takeover re-posts soon enough for Discord's nonce check to catch a post made just before dying.
   */
  staleMs?: number;
  /** Claims of another instance (owner = its id) whose heartbeat is this old are taken over at once (default LIVE_SECONDS). */
  deadOwnerMs?: number;
  /** Once started, workers with room claim what is claimable (a dead instance's claims) this often between ticks (0: never). */
  sweepMs?: number;
  /** This process's name in the ledger (its instance id). */
  owner?: string;
  now?: () => Date;
  /** Retryable failures: attempts per slot and backoff (default 6 attempts, 2 s doubling, at most 5 min). */
  retry?: { attempts?: number; baseMs?: number; maxMs?: number };
  /** Fatal failures in a row that pause a subscription (default 3). */
  fatalLimit?: number;
  /** Rewrites a digest before posting (default: the LLM overview when configured), keeping it as is on any error. */
  enhance?: (digest: Digest) => Promise<Digest>;
  sleep?: (ms: number) => Promise<void>;
}

export interface SchedulerStatus {
  running: boolean;
  /** Ticked within the last two minutes (or not started by a tick yet). */
  alive: boolean;
  lastTickAt?: string;
  subscriptions: number;
  queued: number;
  inFlight: number;
  lastError?: { at: string; message: string };
}

export interface Scheduler {
  /** Runs a catch-up tick (missed slots), then ticks every minute. */
  start(): Promise<void>;
  /** Claims the slots due up to `at` (default: the app clock's now) and resolves with their tally once they are delivered. */
  tick(at?: Date): Promise<Tally>;
  status(): Promise<SchedulerStatus>;
  /** Stops ticking, gives back claims not started, and waits for deliveries in flight. */
  stop(): Promise<void>;
}
