// Coordination tables on SQLite (part of the SQLite store): the instances table (migration 9: each running process,
// its roles and its heartbeat, every time taken from SQLite's own clock so no process's clock decides who is live) and
// the paging state of chat buttons (ui_pages, migration 12) and the shared rate budgets (migration 13).
import type Database from 'better-sqlite3';
import type { SyncPort } from './gate.js';
import type { InstanceStore, RateBudgetStore, UiPageStore } from './ports.js';
import type { Instance, Role } from './types.js';

/** SQLite's now as ISO-8601 UTC with milliseconds, shifted by a bound number of seconds (`?`). */
export const SQLITE_NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
export const sqliteNowMinus = (param: string): string => `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ${param} || ' seconds')`;
/**
 * A claim whose owner is another registered instance that has not heartbeated for `deadSeconds` (SQLite's clock, as
 * liveness): the owner died. Null `deadSeconds`: never. An owner that is no instance (a command) never counts as dead.
 */
export const sqliteDeadOwner = (self: string, deadSeconds: string): string =>
  `(${deadSeconds} IS NOT NULL AND owner <> ${self} AND owner IN (SELECT id FROM instances WHERE heartbeat_at < ${sqliteNowMinus(deadSeconds)}))`;

interface Row {
  id: string;
  host: string;
  pid: number;
  roles: string;
  started_at: string;
  heartbeat_at: string;
}

const toInstance = (r: Row): Instance => ({
  id: r.id,
  host: r.host,
  pid: r.pid,
  roles: JSON.parse(r.roles) as Role[],
  startedAt: r.started_at,
  heartbeatAt: r.heartbeat_at,
});

export function sqliteInstances(db: Database.Database): SyncPort<InstanceStore> {
  const st = {
    register: db.prepare(`INSERT INTO instances (id, host, pid, roles, started_at, heartbeat_at)
      VALUES (?, ?, ?, ?, ${SQLITE_NOW}, ${SQLITE_NOW})
      ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, roles = excluded.roles, heartbeat_at = excluded.heartbeat_at
      RETURNING *`),
    heartbeat: db.prepare(`UPDATE instances SET heartbeat_at = ${SQLITE_NOW} WHERE id = ?`),
    remove: db.prepare('DELETE FROM instances WHERE id = ?'),
    live: db.prepare(`SELECT * FROM instances WHERE heartbeat_at >= ${sqliteNowMinus('?')} ORDER BY started_at, id`),
    prune: db.prepare(`DELETE FROM instances WHERE heartbeat_at < ${sqliteNowMinus('?')}`),
  };
  return {
    registerInstance: (i) => toInstance(st.register.get(i.id, i.host, i.pid, JSON.stringify(i.roles)) as Row),
    heartbeatInstance: (id) => st.heartbeat.run(id).changes === 1,
    removeInstance: (id) => st.remove.run(id).changes === 1,
    liveInstances: (liveSeconds) => (st.live.all(liveSeconds) as Row[]).map(toInstance),
    pruneInstances: (deadSeconds) => st.prune.run(deadSeconds).changes,
  };
}

export function sqlitePages(db: Database.Database): SyncPort<UiPageStore> {
  const st = {
    put: db.prepare(`INSERT INTO ui_pages (key, body, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET body = excluded.body, expires_at = excluded.expires_at`),
    get: db.prepare('SELECT body FROM ui_pages WHERE key = ? AND expires_at >= ?'),
    claim: db.prepare(`INSERT INTO ui_pages (key, body, expires_at) VALUES (@key, @body, @expiresAt)
      ON CONFLICT (key) DO UPDATE SET body = excluded.body, expires_at = excluded.expires_at WHERE ui_pages.expires_at < @now`),
    prune: db.prepare('DELETE FROM ui_pages WHERE expires_at < ?'),
  };
  return {
    putPage(key, body, expiresAt) {
      st.put.run(key, body, expiresAt);
    },
    getPage: (key, now) => (st.get.get(key, now) as { body: string } | undefined)?.body,
    claimPage: (key, body, expiresAt, now) => st.claim.run({ key, body, expiresAt, now }).changes === 1,
    prunePages: (now) => st.prune.run(now).changes,
  };
}

export function sqliteRates(db: Database.Database): SyncPort<RateBudgetStore> {
  // One statement under SQLite's write lock: two instances never reserve the same time. next_ms is the last time taken.
  const reserve = db.prepare(`WITH t AS (SELECT unixepoch('subsec') * 1000 AS now_ms)
    INSERT INTO rate_budgets (name, next_ms) SELECT @name, now_ms + @lead + (@count - 1) * @interval FROM t WHERE true
    ON CONFLICT (name) DO UPDATE
      SET next_ms = max((SELECT now_ms FROM t) + @lead, rate_budgets.next_ms + @interval) + (@count - 1) * @interval
    RETURNING next_ms - (@count - 1) * @interval AS at, (SELECT now_ms FROM t) AS nowMs`);
  return {
    reserveSlots: (name, intervalMs, count, leadMs) =>
      reserve.get({ name, interval: intervalMs, count, lead: leadMs }) as { at: number; nowMs: number },
  };
}
