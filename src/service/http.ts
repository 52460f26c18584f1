// The running service's HTTP endpoints: GET /healthz (JSON; 200 when the database answers and can be written, every
// platform is connected (or reconnecting within the grace) and the scheduler is ticking, else 503 naming what is
// wrong), GET /metrics (Prometheus text), and the routes platforms add (Discord's interactions endpoint).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/ports.js';

export interface ComponentHealth {
  ok: boolean;
  [detail: string]: unknown;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  uptimeSeconds: number;
  checks: Record<string, ComponentHealth>;
  lastError?: { at: string; message: string };
}

/** Something /healthz reports on: a name, and a check that says whether it is fine (never throws). */
export interface HealthSource {
  name: string;
  check(): ComponentHealth | Promise<ComponentHealth>;
  /** The latest error this component saw, if any. */
  lastError?(): { at: string; message: string } | undefined | Promise<{ at: string; message: string } | undefined>;
}

const started = performance.now();

/**
 * The database as a health source: a query must answer and a (rolled-back) write must be possible. A write lock held
 * by another process is reported at once and makes the check fail after `graceSeconds` (default 30).
 */
export function databaseHealth(app: { store: Pick<Store, 'ping' | 'probeWrite'> }, file?: string, graceSeconds = 30): HealthSource {
  let lockedAt: number | undefined;
  const where = file ? { path: file } : {};
  return {
    name: 'database',
    async check() {
      try {
        await app.store.ping();
        const w = await app.store.probeWrite();
        if (!w.writable) {
          lockedAt = undefined;
          return { ok: false, ...where, writable: false, error: `${file ?? 'the database'} is read-only: ${w.error}` };
        }
        if (!w.locked) {
          lockedAt = undefined;
          return { ok: true, ...where, writable: true };
        }
        lockedAt ??= performance.now();
        const lockedSeconds = Math.round((performance.now() - lockedAt) / 1000);
        const ok = performance.now() - lockedAt < graceSeconds * 1000;
        return {
          ok,
          ...where,
          writable: true,
          locked: true,
          lockedSeconds,
          ...(ok ? {} : { error: `another process has held the write lock for ${lockedSeconds} s: commands that save anything answer "busy"` }),
        };
      } catch (err) {
        return { ok: false, ...where, error: (err as Error).message };
      }
    },
  };
}

/** Runs every check at `now`; the newest lastError among sources is reported. */
export async function healthReport(sources: HealthSource[], now: Date): Promise<HealthReport> {
  const checks: Record<string, ComponentHealth> = {};
  let lastError: { at: string; message: string } | undefined;
  for (const s of sources) {
    let c: ComponentHealth;
    try {
      c = await s.check();
    } catch (err) {
      c = { ok: false, error: (err as Error).message };
    }
    checks[s.name] = c;
    const e = await s.lastError?.();
    if (e && (!lastError || e.at > lastError.at)) lastError = e;
    if (!c.ok && typeof c.error === 'string' && !e) {
      const at = now.toISOString();
      if (!lastError || at > lastError.at) lastError = { at, message: `${s.name}: ${c.error}` };
    }
  }
  const ok = Object.values(checks).every((c) => c.ok);
  return { status: ok ? 'ok' : 'degraded', uptimeSeconds: Math.round((performance.now() - started) / 1000), checks, ...(lastError ? { lastError } : {}) };
}

/** An endpoint a platform adds to the server (e.g. POST /discord/interactions). */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  /** Answers the request; a rejection is answered with 500. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** How long close() lets requests in flight finish before it cuts their connections (ms). */
const CLOSE_GRACE_MS = 3000;

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

/** Starts the server on host:port (port 0 = any free port, for tests). */
export async function startHttpServer(app: { metrics: Pick<Metrics, 'enableProcessMetrics' | 'text' | 'registry'>; now: Clock }, opts: { port: number; host: string; sources: HealthSource[]; routes?: HttpRoute[] }): Promise<HttpServer> {
  app.metrics.enableProcessMetrics();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = opts.routes?.find((r) => r.path === path);
    if (route) {
      if (req.method !== route.method) {
        res.writeHead(405, { allow: route.method }).end();
        return;
      }
      route.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`failed: ${(err as Error).message}`);
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      healthReport(opts.sources, app.now()).then(
        (report) => {
          res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify(report, null, 2));
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`health check failed: ${(err as Error).message}`);
        },
      );
      return;
    }
    if (path === '/metrics') {
      app.metrics.text().then(
        (text) => {
          res.writeHead(200, { 'content-type': app.metrics.registry.contentType });
          res.end(text);
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(err as Error).message}`);
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('newsbrief: try /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      // Stop accepting; requests in flight (an interaction waiting for its callback) get CLOSE_GRACE_MS to be answered.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const ac = new AbortController();
      await Promise.race([closed, sleep(CLOSE_GRACE_MS, undefined, { signal: ac.signal }).catch(() => undefined)]);
      ac.abort();
      server.closeAllConnections();
      await closed;
    },
  };
}
