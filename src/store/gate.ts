// Asynchronous ports over a synchronous driver (better-sqlite3): a gate that lets one transaction at a time hold the
// single connection while other calls wait their turn, and wrappers that turn a synchronous implementation of a port
// into the asynchronous port. See docs/decisions/008-async-store.md.

/** A port's synchronous twin: the same methods, returning plain values instead of promises. */
export type SyncPort<P> = {
  [K in keyof P]: P[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : P[K];
};

/**
 * One connection, one transaction at a time. While no transaction holds it, a call runs at once (synchronously, in
 * the caller's turn: exactly as the synchronous store did); while one does, calls queue behind it in arrival order.
 */
export class Gate {
  /** Transactions and calls holding or waiting for the gate. */
  private queued = 0;
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` once no transaction holds the connection. */
  run<R>(fn: () => R): Promise<R> {
    if (this.queued === 0) {
      try {
        return Promise.resolve(fn());
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    return this.exclusive(async () => fn());
  }

  /** Runs `fn` alone: calls through run() and other exclusive work wait until its promise settles. */
  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    this.queued++;
    const result = this.tail.then(fn);
    const done = (): void => {
      this.queued--;
    };
    this.tail = result.then(done, done);
    return result;
  }
}

/** The asynchronous port over `impl`, every call going through `run` (the gate, or nothing inside a transaction). */
export function asyncPort<P extends object>(impl: SyncPort<P>, run: <R>(fn: () => R) => Promise<R>): P {
  const port: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(impl)) {
    port[key] = typeof value === 'function' ? (...args: unknown[]) => run(() => (value as (...a: unknown[]) => unknown)(...args)) : value;
  }
  return port as P;
}

/** Runs `fn` now, as a settled promise (the port's calls inside a transaction, which already holds the gate). */
export function direct<R>(fn: () => R): Promise<R> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err as Error);
  }
}
