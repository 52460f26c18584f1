// The daily token budget: NEWSBRIEF_LLM_DAILY_TOKENS per UTC day, counted in the store's ledger so the count survives
// restarts and is shared by every process on the same database (bot and CLI). Before a call, its estimated size is
// reserved; after it, the tokens the server reports replace the estimate. A call that would cross the cap is refused
// and the offline text is used instead.
import type { LlmStore } from '../store/ports.js';
import type { Clock } from '../clock.js';

/** A reservation for one call. */
export interface Reservation {
  /** Records what the call really used (server-reported total tokens) and frees the reservation. */
  commit(tokens: number): Promise<void>;
  /** Frees the reservation without recording tokens (the call never reached the model). */
  release(): void;
}

export interface TokenBudget {
  readonly limit: number;
  /** Reserves `estimate` tokens, or returns undefined when today's budget cannot cover them. */
  reserve(estimate: number): Promise<Reservation | undefined>;
  /** Tokens recorded today (UTC), not counting reservations in flight. */
  usedToday(): Promise<number>;
}

/** The UTC day of a time, as the ledger keys it ("2026-11-30"). */
export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

/** A budget of `limit` tokens a day over the store's ledger; `now` is the program's clock. */
export function createTokenBudget(store: Pick<LlmStore, 'llmUsage' | 'llmRecord'>, limit: number, now: Clock): TokenBudget {
  let pending = 0;
  // Reservations are decided one at a time: the ledger read and the reservation it allows are one step.
  let queue: Promise<unknown> = Promise.resolve();
  const reserve = async (estimate: number): Promise<Reservation | undefined> => {
      const day = utcDay(now());
      const want = Math.max(1, Math.ceil(estimate));
      if ((await store.llmUsage(day)).tokens + pending + want > limit) return undefined;
      pending += want;
      let open = true;
      const free = () => {
        if (open) pending -= want;
        const was = open;
        open = false;
        return was;
      };
      return {
        async commit(tokens) {
          // Counted on the day the call started: a call straddling midnight belongs to the day that allowed it.
          if (free()) await store.llmRecord(day, { tokens: Math.max(0, Math.round(tokens)), calls: 1 });
        },
        release() {
          free();
        },
      };
  };
  return {
    limit,
    usedToday: async () => (await store.llmUsage(utcDay(now()))).tokens,
    reserve(estimate) {
      const r = queue.then(() => reserve(estimate));
      queue = r.catch(() => undefined);
      return r;
    },
  };
}
