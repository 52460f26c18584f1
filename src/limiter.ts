// A concurrency limiter (counting semaphore): at most `max` tasks in flight; the rest wait in FIFO order. Used for LLM
// calls (a burst of cold briefings must not open dozens of connections), digest deliveries per platform and feed polls.

export interface Limiter {
  /** Runs `fn` when a slot is free; the slot is released when it settles. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Calls running now. */
  active(): number;
  /** Calls waiting for a slot. */
  waiting(): number;
}

/** A limiter allowing `max` (>= 1) concurrent calls. */
export function createLimiter(max: number): Limiter {
  const limit = Math.max(1, Math.floor(max));
  const queue: (() => void)[] = [];
  let running = 0;
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (running < limit) running++;
      else await new Promise<void>((resolve) => queue.push(resolve)); // the releaser hands its slot over
      try {
        return await fn();
      } finally {
        release();
      }
    },
    active: () => running,
    waiting: () => queue.length,
  };
}
