// Digest filters, mutes and the last run's left-out stories on SQLite (part of the SQLite store).
import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import type { SyncPort } from './gate.js';
import type { PreferenceStore } from './ports.js';
import type { DigestExplanation, DigestFilters, Mute, MuteKind } from './preference-types.js';

interface MuteRow { id: number; workspace_id: string; user_id: string; kind: string; value: string; created_by: string | null; created_at: string }

export const muteFromRow = (r: MuteRow): Mute => ({
  id: Number(r.id),
  workspaceId: r.workspace_id,
  ...(r.user_id ? { userId: r.user_id } : {}),
  kind: r.kind as MuteKind,
  value: r.value,
  ...(r.created_by ? { createdBy: r.created_by } : {}),
  createdAt: r.created_at,
});

/** Whether filters hold anything worth storing. */
export const hasFilters = (f: DigestFilters | undefined): f is DigestFilters =>
  f !== undefined && Object.values(f).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));

/** A LIKE pattern matching `name` as a URL's host, with LIKE's wildcards escaped. */
export const hostPattern = (name: string): string => `%://${name.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;

/** The preference methods of the SQLite store (synchronous: the store makes them asynchronous). */
export function sqlitePreferences(db: Database.Database, now: Clock): SyncPort<PreferenceStore> {
  const st = {
    getFilters: db.prepare('SELECT filters FROM digest_filters WHERE workspace_id = ? AND subscription_id = ?'),
    ownsSub: db.prepare('SELECT 1 FROM subscriptions WHERE workspace_id = ? AND id = ?'),
    setFilters: db.prepare(`INSERT INTO digest_filters (subscription_id, workspace_id, filters, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (subscription_id) DO UPDATE SET filters = excluded.filters, updated_at = excluded.updated_at
      WHERE digest_filters.workspace_id = excluded.workspace_id`),
    clearFilters: db.prepare('DELETE FROM digest_filters WHERE workspace_id = ? AND subscription_id = ?'),
    listMutes: db.prepare('SELECT * FROM mutes WHERE workspace_id = ? AND user_id = ? ORDER BY id'),
    mutesFor: db.prepare(`SELECT * FROM mutes WHERE workspace_id = ? AND (user_id = '' OR user_id = ?) ORDER BY id`),
    addMute: db.prepare(`INSERT INTO mutes (workspace_id, user_id, kind, value, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING`),
    removeMute: db.prepare('DELETE FROM mutes WHERE workspace_id = ? AND user_id = ? AND kind = ? AND value = ?'),
    saveExplanation: db.prepare(`INSERT INTO digest_explanations (subscription_id, workspace_id, record, at) VALUES (?, ?, ?, ?)
      ON CONFLICT (subscription_id) DO UPDATE SET record = excluded.record, at = excluded.at
      WHERE digest_explanations.workspace_id = excluded.workspace_id`),
    lastExplanation: db.prepare('SELECT record FROM digest_explanations WHERE workspace_id = ? AND subscription_id = ?'),
    sourceByName: db.prepare('SELECT source FROM articles WHERE lower(source) = ? LIMIT 1'),
    sourceByHost: db.prepare(`SELECT 1 FROM articles WHERE lower(url) LIKE ? ESCAPE '\\' LIMIT 1`),
  };
  return {
    getDigestFilters(workspaceId, subscriptionId) {
      const r = st.getFilters.get(workspaceId, subscriptionId) as { filters: string } | undefined;
      return r ? (JSON.parse(r.filters) as DigestFilters) : undefined;
    },
    setDigestFilters(workspaceId, subscriptionId, filters) {
      if (!hasFilters(filters)) {
        st.clearFilters.run(workspaceId, subscriptionId);
        return;
      }
      // A subscription of another workspace is never written.
      if (st.ownsSub.get(workspaceId, subscriptionId) === undefined) return;
      st.setFilters.run(subscriptionId, workspaceId, JSON.stringify(filters), now().toISOString());
    },
    listMutes: (workspaceId, userId) => (st.listMutes.all(workspaceId, userId ?? '') as MuteRow[]).map(muteFromRow),
    mutesFor: (workspaceId, userId) => (st.mutesFor.all(workspaceId, userId ?? '') as MuteRow[]).map(muteFromRow),
    addMute: (m) => st.addMute.run(m.workspaceId, m.userId ?? '', m.kind, m.value, m.createdBy ?? null, now().toISOString()).changes > 0,
    removeMute: (workspaceId, userId, kind, value) => st.removeMute.run(workspaceId, userId ?? '', kind, value).changes > 0,
    saveExplanation(workspaceId, subscriptionId, e) {
      if (st.ownsSub.get(workspaceId, subscriptionId) === undefined) return;
      st.saveExplanation.run(subscriptionId, workspaceId, JSON.stringify(e), e.at);
    },
    lastExplanation(workspaceId, subscriptionId) {
      const r = st.lastExplanation.get(workspaceId, subscriptionId) as { record: string } | undefined;
      return r ? (JSON.parse(r.record) as DigestExplanation) : undefined;
    },
    knownSources(names) {
      const out = new Map<string, string>();
      for (const raw of names) {
        const name = raw.toLowerCase();
        const r = st.sourceByName.get(name) as { source: string } | undefined;
        if (r) out.set(name, r.source);
        else if (st.sourceByHost.get(hostPattern(name)) !== undefined) out.set(name, name);
      }
      return out;
    },
  };
}
