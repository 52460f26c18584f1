// This process in the instances table: registers at start (id, host, pid, roles), heartbeats on a timer, leaves at
// stop. /healthz, /metrics and `/digest status` read the table to say how many instances share the database. Liveness
// is judged by the database's clock alone (see InstanceStore), so machines with skewed clocks agree.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { InstanceStore } from '../store/ports.js';
import type { Instance, Role } from '../store/types.js';
import type { HealthSource } from './http.js';

/** Seconds between heartbeats (default of NEWSBRIEF_HEARTBEAT_SECONDS). */
export const HEARTBEAT_SECONDS = 5;
/**
 * An instance whose heartbeat is older than this is not live, and its claims are taken over (default of
 * NEWSBRIEF_DEAD_AFTER_SECONDS: four heartbeats missed).
 */
export const LIVE_SECONDS = 20;

/** The heartbeat and dead-after times of a config (defaults where it has none, as in tests). */
export function instanceTiming(config: { instances?: { heartbeatSeconds: number; deadAfterSeconds: number } }): { heartbeatSeconds: number; deadAfterSeconds: number } {
  return config.instances ?? { heartbeatSeconds: HEARTBEAT_SECONDS, deadAfterSeconds: LIVE_SECONDS };
}
/** Rows silent this long are deleted (a process that died without stopping). */
const PRUNE_SECONDS = 24 * 3600;

export interface RunningInstance {
  id: string;
  roles: Role[];
  /** The live instances on this database (this one included while it heartbeats). */
  live(): Promise<Instance[]>;
  /** /healthz's view: this instance's id and roles, and how many are live. */
  health: HealthSource;
  /** Stops heartbeating and removes this instance's row. */
  stop(): Promise<void>;
}

/** A new instance id: host, pid and a random part (a restarted pid on the same host is a new instance). */
export const newInstanceId = (): string => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** Registers this process and heartbeats every `heartbeatSeconds` (0: only when `beat` is called, for tests). */
export async function startInstance(
  deps: { store: { instances: InstanceStore }; now: Clock; metrics?: Pick<Metrics, 'instancesLive'> },
  opts: { roles: Role[]; logger: Logger; id?: string; heartbeatSeconds?: number; liveSeconds?: number },
): Promise<RunningInstance & { beat(): Promise<void> }> {
  const log = opts.logger.child({ scope: 'instance' });
  const store = deps.store.instances;
  const me = { id: opts.id ?? newInstanceId(), host: hostname(), pid: process.pid, roles: opts.roles };
  const liveSeconds = opts.liveSeconds ?? LIVE_SECONDS;
  const heartbeatSeconds = opts.heartbeatSeconds ?? HEARTBEAT_SECONDS;
  await store.registerInstance(me);
  await store.pruneInstances(PRUNE_SECONDS);
  let lastError: { at: string; message: string } | undefined;
  let beating: Promise<void> = Promise.resolve();

  const beat = async (): Promise<void> => {
    try {
      // A row pruned while this process was frozen comes back: it is live again.
      if (!(await store.heartbeatInstance(me.id))) await store.registerInstance(me);
    } catch (err) {
      lastError = { at: deps.now().toISOString(), message: `instance heartbeat: ${(err as Error).message}` };
      log.warn({ err }, 'could not record the heartbeat');
    }
  };
  const timer = heartbeatSeconds > 0
    ? setInterval(() => {
      beating = beat();
    }, heartbeatSeconds * 1000)
    : undefined;
  timer?.unref();
  const live = () => store.liveInstances(liveSeconds);
  deps.metrics?.instancesLive(live);
  log.info({ instance: me.id, roles: me.roles }, 'instance registered');

  return {
    id: me.id,
    roles: me.roles,
    live,
    beat,
    health: {
      name: 'instance',
      async check() {
        try {
          const all = await live();
          const byRole = (r: Role) => all.filter((i) => i.roles.includes(r)).length;
          return { ok: true, id: me.id, roles: me.roles, live: all.length, scheduler: byRole('scheduler'), poller: byRole('poller'), http: byRole('http') };
        } catch (err) {
          return { ok: false, id: me.id, roles: me.roles, error: (err as Error).message };
        }
      },
      lastError: () => lastError,
    },
    async stop() {
      if (timer) clearInterval(timer);
      await beating;
      try {
        await store.removeInstance(me.id);
      } catch (err) {
        log.warn({ err }, 'could not remove the instance row');
      }
    },
  };
}

/** One line about the live instances for `/digest status` (undefined when none is registered, as in the CLI). */
export async function instancesLine(store: { instances: Pick<InstanceStore, 'liveInstances'> }, liveSeconds = LIVE_SECONDS): Promise<string | undefined> {
  const live = await store.instances.liveInstances(liveSeconds);
  if (live.length === 0) return undefined;
  const schedulers = live.filter((i) => i.roles.includes('scheduler')).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (schedulers === 0) return `newsbrief: ${plural(live.length, 'live instance')}, none posting digests (NEWSBRIEF_ROLES has no scheduler): scheduled digests wait until one runs.`;
  return `newsbrief: ${plural(live.length, 'live instance')}, ${schedulers} posting digests.`;
}
