// What several instances share on PostgreSQL besides the archive (part of the PostgreSQL store): app installations
// (OAuth) with their tokens, locked row by row for a refresh; the instances table, whose times are the database's own
// clock (now()), so processes on machines whose clocks disagree still agree on who is live; chat paging state; and
// request budgets shared by every instance.
import type { Db } from './pg-db.js';
import type { InstallationStore, InstanceStore, RateBudgetStore, UiPageStore } from './ports.js';
import type { AppInstallation, Instance } from './types.js';

type InstallationRow = { id: string; workspace_id: string | null; data: string; expires_at: string | null; installed_at: string; updated_at: string };

const toInstallation = (r: InstallationRow): AppInstallation => ({
  id: r.id,
  ...(r.workspace_id === null ? {} : { workspaceId: r.workspace_id }),
  data: r.data,
  ...(r.expires_at === null ? {} : { expiresAt: r.expires_at }),
  installedAt: r.installed_at,
  updatedAt: r.updated_at,
});

export function pgInstallations(db: Db): InstallationStore {
  const rows = async (sql: string, params: unknown[]) => (await db.query<InstallationRow>(sql, params)).rows.map(toInstallation);
  return {
    async saveInstallation(i, now) {
      // xmax is 0 on a freshly inserted row version: "it was new".
      const r = await db.query<{ created: boolean }>(`INSERT INTO app_installations (id, workspace_id, data, expires_at, installed_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $5)
        ON CONFLICT (id) DO UPDATE SET workspace_id = excluded.workspace_id, data = excluded.data,
          expires_at = excluded.expires_at, updated_at = excluded.updated_at
        RETURNING (xmax = 0) AS created`, [i.id, i.workspaceId ?? null, i.data, i.expiresAt ?? null, now]);
      return r.rows[0]?.created ?? false;
    },
    getInstallation: async (id) => (await rows('SELECT * FROM app_installations WHERE id = $1', [id]))[0],
    // FOR UPDATE: another transaction locking the same row waits for this one to end, then reads what it wrote.
    lockInstallation: async (id) => (await rows('SELECT * FROM app_installations WHERE id = $1 FOR UPDATE', [id]))[0],
    deleteInstallation: async (id) => ((await db.query('DELETE FROM app_installations WHERE id = $1', [id])).rowCount ?? 0) > 0,
    listInstallations: (workspaceId) =>
      workspaceId === undefined
        ? rows('SELECT * FROM app_installations ORDER BY id', [])
        : rows('SELECT * FROM app_installations WHERE workspace_id = $1 ORDER BY id', [workspaceId]),
  };
}

/**
 * A claim whose owner is another registered instance that has not heartbeated for the milliseconds in parameter
 * `deadMs` (the database's clock, as liveness): the owner died. Null: never. An owner that is no instance never is.
 */
export const pgDeadOwner = (self: string, deadMs: string, t = ''): string =>
  `(${t}owner <> ${self} AND ${t}owner IN (SELECT id FROM instances WHERE heartbeat_at < statement_timestamp() - ${deadMs}::float8 * interval '1 millisecond'))`;

type InstanceRow = { id: string; host: string; pid: number; roles: Instance['roles']; started_at: string; heartbeat_at: string };

const toInstance = (r: InstanceRow): Instance => ({
  id: r.id, host: r.host, pid: r.pid, roles: r.roles, startedAt: r.started_at, heartbeatAt: r.heartbeat_at,
});

export function pgInstances(db: Db): InstanceStore {
  const changed = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rowCount ?? 0;
  return {
    async registerInstance(i) {
      const r = await db.query<InstanceRow>(`INSERT INTO instances (id, host, pid, roles, started_at, heartbeat_at)
        VALUES ($1, $2, $3, $4, now(), now())
        ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, roles = excluded.roles,
          heartbeat_at = excluded.heartbeat_at
        RETURNING *`, [i.id, i.host, i.pid, i.roles]);
      return toInstance(r.rows[0]!);
    },
    heartbeatInstance: async (id) => (await changed('UPDATE instances SET heartbeat_at = now() WHERE id = $1', [id])) === 1,
    removeInstance: async (id) => (await changed('DELETE FROM instances WHERE id = $1', [id])) === 1,
    liveInstances: async (liveSeconds) =>
      (await db.query<InstanceRow>(`SELECT * FROM instances WHERE heartbeat_at >= now() - make_interval(secs => $1)
        ORDER BY started_at, id`, [liveSeconds])).rows.map(toInstance),
    pruneInstances: (deadSeconds) => changed('DELETE FROM instances WHERE heartbeat_at < now() - make_interval(secs => $1)', [deadSeconds]),
  };
}

export function pgPages(db: Db): UiPageStore {
  return {
    async putPage(key, body, expiresAt) {
      await db.query(`INSERT INTO ui_pages (key, body, expires_at) VALUES ($1, $2, $3)
        ON CONFLICT (key) DO UPDATE SET body = excluded.body, expires_at = excluded.expires_at`, [key, body, expiresAt]);
    },
    getPage: async (key, now) =>
      (await db.query<{ body: string }>('SELECT body FROM ui_pages WHERE key = $1 AND expires_at >= $2', [key, now])).rows[0]?.body,
    claimPage: async (key, body, expiresAt, now) =>
      ((await db.query(`INSERT INTO ui_pages (key, body, expires_at) VALUES ($1, $2, $3)
        ON CONFLICT (key) DO UPDATE SET body = excluded.body, expires_at = excluded.expires_at WHERE ui_pages.expires_at < $4`,
      [key, body, expiresAt, now])).rowCount ?? 0) === 1,
    prunePages: async (now) => (await db.query('DELETE FROM ui_pages WHERE expires_at < $1', [now])).rowCount ?? 0,
  };
}

export function pgRates(db: Db): RateBudgetStore {
  return {
    async reserveSlots(name, intervalMs, count, leadMs) {
      // The row lock of the upsert serializes instances: each reserves its times after the last one reserved, by the
      // database's clock (clock_timestamp: the real time, not the transaction's start). next_ms is the last time taken.
      const r = await db.query<{ at: number; nowMs: number }>(`WITH t AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now_ms)
        INSERT INTO rate_budgets (name, next_ms) SELECT $1, now_ms + $4::float8 + ($3::int - 1) * $2::float8 FROM t
        ON CONFLICT (name) DO UPDATE
          SET next_ms = greatest((SELECT now_ms FROM t) + $4::float8, rate_budgets.next_ms + $2::float8) + ($3::int - 1) * $2::float8
        RETURNING next_ms - ($3::int - 1) * $2::float8 AS at, (SELECT now_ms FROM t) AS "nowMs"`, [name, intervalMs, count, leadMs]);
      const row = r.rows[0]!;
      return { at: Number(row.at), nowMs: Number(row.nowMs) };
    },
  };
}
