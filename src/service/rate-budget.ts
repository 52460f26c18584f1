// One request budget for every instance on the database: each request reserves the next send time of the budget in
// the store (spaced 1/perSecond apart, by the database's clock) and waits until then. N processes together stay under
// a limit that the platform counts per bot (Discord: 50 requests/s), where each pacing itself would add up to N times it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RateBudgetStore } from '../store/ports.js';

/** A pacer: resolves when the caller may send its next request. */
export type Pacer = () => Promise<void>;

/** Paces the callers of every instance sharing `store` to at most `perSecond` requests per second for budget `name`. */
export function sharedPacer(store: { rates: RateBudgetStore }, name: string, perSecond: number): Pacer {
  const intervalMs = 1000 / perSecond;
  return async () => {
    const { waitMs } = await store.rates.reserveSlot(name, intervalMs);
    if (waitMs > 0) await sleep(waitMs);
  };
}
