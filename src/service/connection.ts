// A platform connection as /healthz and /metrics see it: adapters report when their gateway or socket goes down
// and comes back; the watch logs the loss and the recovery once each, and reports unhealthy only after a short grace
// (a routine reconnect of a few seconds is not an outage).
import type { Logger } from '../log.js';
import type { ComponentHealth } from './http.js';

/** Seconds a platform may be disconnected before /healthz turns 503 (NEWSBRIEF_HEALTH_GRACE). */
export const DEFAULT_HEALTH_GRACE_SECONDS = 30;

export interface ConnectionWatch {
  /** The connection is up (idempotent: logs the recovery once after a loss). */
  up(detail?: Record<string, unknown>): void;
  /** The connection is down or reconnecting (idempotent: logs the loss once). */
  down(reason: string, detail?: Record<string, unknown>): void;
  /** Whether the connection is up right now. */
  connected(): boolean;
  /** The /healthz check: ok while connected or within the grace after a loss. `extra` adds live details. */
  health(extra?: Record<string, unknown>): ComponentHealth;
}

export interface ConnectionWatchOptions {
  /** 'discord', 'slack': names the platform in log lines. */
  platform: string;
  logger: Logger;
  /** Grace before a loss makes /healthz unhealthy, seconds (default 30). */
  graceSeconds?: number;
}

/** A watch that starts connected (adapters create it once their first connection is up). */
export function createConnectionWatch(opts: ConnectionWatchOptions): ConnectionWatch {
  const graceMs = (opts.graceSeconds ?? DEFAULT_HEALTH_GRACE_SECONDS) * 1000;
  let lost: { at: number; reason: string } | undefined;
  return {
    up(detail = {}) {
      if (!lost) return;
      const downForSeconds = Math.round((performance.now() - lost.at) / 100) / 10;
      opts.logger.info({ platform: opts.platform, downForSeconds, ...detail }, `${opts.platform} connection restored after ${downForSeconds} s`);
      lost = undefined;
    },
    down(reason, detail = {}) {
      if (lost) return;
      lost = { at: performance.now(), reason };
      opts.logger.warn({ platform: opts.platform, reason, ...detail }, `${opts.platform} connection lost (${reason}); reconnecting`);
    },
    connected: () => lost === undefined,
    health(extra = {}) {
      if (!lost) return { ok: true, connected: true, ...extra };
      const downSeconds = Math.round((performance.now() - lost.at) / 1000);
      const ok = performance.now() - lost.at < graceMs;
      return {
        ok,
        connected: false,
        disconnectedSeconds: downSeconds,
        reason: lost.reason,
        ...extra,
        ...(ok ? {} : { error: `${opts.platform} disconnected for ${downSeconds} s (${lost.reason})` }),
      };
    },
  };
}
