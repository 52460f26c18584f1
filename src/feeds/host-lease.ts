// One request at a time per host across every newsbrief instance on the database: before a request the fetcher takes
// the host's row in host_leases (time-limited, so a process that dies mid-request blocks the host for at most the
// lease), and gives it back after. Within one process the fetcher's own per-host queue already serializes requests.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { FeedStore } from '../store/ports.js';
import { FETCH_DEFAULTS, FetchError, type HostLease } from './fetch.js';

export interface HostLeaseOptions {
  /** Who holds the leases (default: a random id per fetcher). */
  owner?: string;
  /** How long a lease lasts unless given back (default: the request timeout plus 20 s). */
  leaseMs?: number;
  /** How long to wait for a host another instance holds before giving up (default 2 leases). */
  maxWaitMs?: number;
}

/** Host leases kept in the store's host_leases table. */
export function storeHostLease(store: Pick<FeedStore, 'leaseHost' | 'releaseHost'>, now: Clock, opts: HostLeaseOptions = {}): HostLease {
  const owner = opts.owner ?? `fetcher:${randomBytes(4).toString('hex')}`;
  const leaseMs = opts.leaseMs ?? FETCH_DEFAULTS.timeoutMs + 20_000;
  const maxWaitMs = opts.maxWaitMs ?? 2 * leaseMs;
  return {
    async acquire(host) {
      const t0 = performance.now();
      let pause = 20;
      for (;;) {
        if (await store.leaseHost(host, owner, now().toISOString(), leaseMs)) {
          return async () => {
            await store.releaseHost(host, owner);
          };
        }
        if (performance.now() - t0 > maxWaitMs) {
          throw new FetchError('timeout', `${host} stayed busy with another newsbrief instance's request for ${Math.round(maxWaitMs / 1000)} s`);
        }
        await sleep(pause * (0.5 + Math.random()));
        pause = Math.min(pause * 2, 250);
      }
    },
  };
}
