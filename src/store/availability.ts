// Whether the store can serve a command right now, in terms any store can state: busy (another writer holds what we
// need for longer than we wait) or read-only. Commands see only this port; each store classifies its own errors.
import { setTimeout as sleep } from 'node:timers/promises';

export type StoreProblem = 'busy' | 'read_only';

export interface StoreAvailability {
  /** What an error the store threw means for a user, when it is one of the problems above. */
  problemOf(err: unknown): StoreProblem | undefined;
}

/** The store stayed busy for longer than the caller would wait. */
export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError';
}

export interface BusyRetryOptions {
  /** How long to keep trying, in ms. */
  waitMs: number;
  /** Called once, when the first attempt finds the store busy (e.g. to show "thinking…"). */
  onBusy?: () => void;
}

/**
 * Runs `fn`; while the store is busy, runs it again after short asynchronous pauses (nothing else is blocked), for at
 * most `waitMs`, then throws StoreBusyError. Any other error propagates at once.
 */
export async function retryWhileBusy<T>(fn: () => T | Promise<T>, store: StoreAvailability, opts: BusyRetryOptions): Promise<T> {
  const t0 = performance.now();
  let pause = 50;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (store.problemOf(err) !== 'busy') throw err;
      if (attempt === 1) opts.onBusy?.();
      const left = opts.waitMs - (performance.now() - t0);
      if (left <= 0) throw new StoreBusyError(`the store stayed busy for ${Math.round((performance.now() - t0) / 100) / 10} s`, { cause: err });
      await sleep(Math.min(left, pause * (0.75 + Math.random() / 2)));
      pause = Math.min(pause * 2, 500);
    }
  }
}
