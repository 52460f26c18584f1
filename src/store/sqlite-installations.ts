// App installations (OAuth) on SQLite (part of the SQLite Store; the app_installations table). A transaction here
// holds the database's write lock from BEGIN IMMEDIATE on, so lockInstallation needs no lock of its own: another
// transaction (in this process or another) waits for the whole transaction to end.
import type Database from 'better-sqlite3';
import type { SyncPort } from './gate.js';
import type { InstallationStore } from './ports.js';
import type { AppInstallation } from './types.js';

type Row = { id: string; workspace_id: string | null; data: string; expires_at: string | null; installed_at: string; updated_at: string };

const toInstallation = (r: Row): AppInstallation => ({
  id: r.id,
  ...(r.workspace_id === null ? {} : { workspaceId: r.workspace_id }),
  data: r.data,
  ...(r.expires_at === null ? {} : { expiresAt: r.expires_at }),
  installedAt: r.installed_at,
  updatedAt: r.updated_at,
});

export function sqliteInstallations(db: Database.Database): SyncPort<InstallationStore> {
  const st = {
    exists: db.prepare('SELECT 1 FROM app_installations WHERE id = ?').pluck(),
    save: db.prepare(`INSERT INTO app_installations (id, workspace_id, data, expires_at, installed_at, updated_at)
      VALUES (@id, @workspaceId, @data, @expiresAt, @now, @now)
      ON CONFLICT (id) DO UPDATE SET workspace_id = excluded.workspace_id, data = excluded.data,
        expires_at = excluded.expires_at, updated_at = excluded.updated_at`),
    get: db.prepare('SELECT * FROM app_installations WHERE id = ?'),
    remove: db.prepare('DELETE FROM app_installations WHERE id = ?'),
    all: db.prepare('SELECT * FROM app_installations ORDER BY id'),
    ofWorkspace: db.prepare('SELECT * FROM app_installations WHERE workspace_id = ? ORDER BY id'),
  };
  const get = (id: string) => {
    const r = st.get.get(id) as Row | undefined;
    return r ? toInstallation(r) : undefined;
  };
  return {
    saveInstallation(i, now) {
      return db.transaction(() => {
        const created = st.exists.get(i.id) === undefined;
        st.save.run({ id: i.id, workspaceId: i.workspaceId ?? null, data: i.data, expiresAt: i.expiresAt ?? null, now });
        return created;
      })();
    },
    getInstallation: get,
    lockInstallation: get,
    deleteInstallation: (id) => st.remove.run(id).changes > 0,
    listInstallations: (workspaceId) =>
      ((workspaceId === undefined ? st.all.all() : st.ofWorkspace.all(workspaceId)) as Row[]).map(toInstallation),
  };
}
