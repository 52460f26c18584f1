// One request budget for every instance on the database: send times spaced 1/perSecond apart, reserved in the store
// by the database's clock, several per round-trip (as many as this process has callers waiting, at most `maxBatch`;
// the next batch asked for before the held times run out, so batches follow on without a gap), and handed to the
// waiting callers in order when their time comes on this process's clock. N processes together stay
// under a limit the platform counts per bot (Discord: 50 requests/s), where each pacing itself would add up to N times
// it. A time this process could not use within `maxLateMs` of it (its event loop was blocked) is given up, not used
// late: a late request would arrive together with the next ones, other instances' included, and overfill a second.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RateBudgetStore } from '../store/ports.js';

/** A pacer: resolves when the caller may send its next request. */
export type Pacer = () => Promise<void>;

export interface SharedPacerOptions {
  /** The platform's own limit per second (Discord: 50), which sets the default `maxLateMs`. */
  limitPerSecond?: number;
  /**
   * Most send times reserved per round-trip (default: BATCH_MS of the budget, at least 1: 7 at 48/s, so a low rate
   * does not pay a round-trip per request, and a round-trip slower than the gap between times does not leave gaps).
   */
  maxBatch?: number;
  /**
   * A send time not reached within this many ms after it is given up. Default: a quarter of what the margin between
   * the budget and `limitPerSecond` absorbs (48 of 50: 5 ms; 480 of 500: 10 ms), three quarters left to what happens
   * after the turn (the REST client, the network, the platform reading it: at 480/s requests reached a strict fake up
   * to 11 more a second than turns were given, and half the margin was 9.5); 10 ms without a limit.
   */
  maxLateMs?: number;
  /** How far ahead of the database's now the first time of an idle budget is (default: 5 ms, for the round-trip). */
  leadMs?: number;
}

/** How much of the budget's time one round-trip reserves at most, by default (see maxBatch). */
export const BATCH_MS = 150;

/** What a shared pacer did, for benchmarks and status. */
export interface PacerStats {
  /** Send times handed to callers. */
  granted: number;
  /** Send times given up because this process reached them too late. */
  forfeited: number;
  /** Round-trips to the store. */
  reservations: number;
}

/**
 * Where the database's clock is on this process's clock: the offset from the quickest round-trip of the last 20 to 30
 * seconds (the best of this 10-second span and the two before), so it follows drift without ever resting on a slow
 * round-trip while a quick one was seen lately: a slow one's offset is off by up to half its round-trip, which would
 * shift this process's times against the other instances' and crowd a second.
 */
function clockOffset() {
  type Sample = { offset: number; rtt: number };
  const SPAN_MS = 10_000;
  let spans: { start: number; best: Sample }[] = [];
  let best: Sample | undefined;
  return {
    sample(dbNow: number, sentAt: number, receivedAt: number) {
      const s = { offset: dbNow - (sentAt + receivedAt) / 2, rtt: receivedAt - sentAt };
      const current = spans[spans.length - 1];
      if (current && receivedAt - current.start < SPAN_MS) {
        if (s.rtt <= current.best.rtt) current.best = s;
      } else spans = [...spans.filter((x) => receivedAt - x.start < 3 * SPAN_MS).slice(-2), { start: receivedAt, best: s }];
      best = spans.reduce<Sample | undefined>((b, x) => (!b || x.best.rtt <= b.rtt ? x.best : b), undefined);
    },
    /** The database time `ms` on this process's monotonic clock (performance.now). */
    local: (ms: number) => ms - (best as { offset: number }).offset,
  };
}

/**
 * Paces the callers of every instance sharing `store` to at most `perSecond` requests per second for budget `name`,
 * evenly spaced, so no one-second window holds more than perSecond + 1 of them at the platform (given the network
 * adds less delay spread than the margin to the limit).
 */
export function sharedPacer(store: { rates: RateBudgetStore }, name: string, perSecond: number, opts: SharedPacerOptions = {}): Pacer & { stats: PacerStats } {
  const intervalMs = 1000 / perSecond;
  const maxBatch = Math.max(1, Math.floor(opts.maxBatch ?? (perSecond * BATCH_MS) / 1000));
  // Times used at most d ms late put at most perSecond * (1 + d / 1000) + 1 requests in a second: at most the limit
  // while d <= 1000 * ((limit - 1) / perSecond - 1).
  const margin = (limit: number) => 1000 * ((limit - 1) / perSecond - 1);
  const maxLateMs = opts.maxLateMs ?? (opts.limitPerSecond === undefined ? 10 : Math.max(1, margin(opts.limitPerSecond) / 4));
  const minLeadMs = opts.leadMs ?? 5;
  let leadMs = minLeadMs; // grows while reserved times arrive already due (a slow round-trip), so not all are given up
  const stats: PacerStats = { granted: 0, forfeited: 0, reservations: 0 };
  const clock = clockOffset();
  const waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  let times: number[] = []; // reserved send times on this process's clock, ascending
  let running = false;
  let rtt = 0; // the last reservation's round-trip, ms
  let reserving: Promise<void> | undefined; // at most one reservation in flight
  let failed: { err: unknown } | undefined; // a failed reservation, handed to the waiters once the held times are used

  const reserve = (count: number): Promise<void> => {
    const sentAt = performance.now();
    return store.rates.reserveSlots(name, intervalMs, count, leadMs).then(
      (r) => {
        stats.reservations++;
        const receivedAt = performance.now();
        rtt = receivedAt - sentAt;
        clock.sample(r.nowMs, sentAt, receivedAt);
        const fresh = Array.from({ length: count }, (_, i) => clock.local(r.at + i * intervalMs));
        const early = (fresh[0] as number) - receivedAt;
        // At most 50 ms: a lead is idle time before each batch of an idle budget (one process alone pays it per batch).
        leadMs = early < 0 ? Math.min(50, leadMs - early + minLeadMs) : Math.max(minLeadMs, leadMs / 2);
        times = times.concat(fresh).sort((a, b) => a - b);
      },
      (err: unknown) => {
        if (running) failed = { err }; // else no caller is waiting for it
      },
    );
  };

  const run = async (): Promise<void> => {
    running = true;
    try {
      while (waiters.length > 0) {
        const t = performance.now();
        while (times.length > 0 && t - (times[0] as number) > maxLateMs) {
          times.shift();
          stats.forfeited++;
        }
        // The next batch is asked for while the held times still cover a round-trip, the lead and two turns of this
        // loop, so that it follows on from them in the budget: asked for only once they ran out, it would start a
        // lead and a round-trip after the last (a batch of 9 at 480/s then took 23 ms instead of 19).
        const wanted = waiters.length - times.length;
        const last = times.length > 0 ? (times[times.length - 1] as number) : -Infinity;
        if (wanted > 0 && !reserving && !failed && last - t < leadMs + rtt + 2 * intervalMs) {
          reserving = reserve(Math.min(wanted, maxBatch)).finally(() => (reserving = undefined));
        }
        if (times.length === 0) {
          if (reserving) await reserving;
          else if (failed) {
            const { err } = failed;
            failed = undefined;
            for (const w of waiters.splice(0)) w.reject(err);
            return;
          }
          continue;
        }
        const wait = (times[0] as number) - performance.now();
        if (wait > 0) {
          await sleep(wait);
          continue; // checks again how late it woke
        }
        times.shift();
        stats.granted++;
        (waiters.shift() as { resolve: () => void }).resolve();
      }
    } finally {
      running = false;
      failed = undefined;
    }
  };

  const pace = () =>
    new Promise<void>((resolve, reject) => {
      waiters.push({ resolve, reject });
      if (!running) void run();
    });
  return Object.assign(pace, { stats });
}
