// Digest filters, mutes and the last run's left-out stories on PostgreSQL (part of the PostgreSQL store).
import type { Clock } from '../clock.js';
import type { Db } from './pg-db.js';
import type { PreferenceStore } from './ports.js';
import type { DigestExplanation, DigestFilters } from './preference-types.js';
import { hasFilters, hostPattern, muteFromRow } from './sqlite-preferences.js';

type MuteRow = Parameters<typeof muteFromRow>[0];
const MUTE_COLUMNS = 'id, workspace_id, user_id, kind, value, created_by, created_at';

export function pgPreferences(db: Db, now: Clock): PreferenceStore {
  const owns = async (workspaceId: string, subscriptionId: number): Promise<boolean> =>
    (await db.query('SELECT 1 FROM subscriptions WHERE workspace_id = $1 AND id = $2', [workspaceId, subscriptionId])).rows.length > 0;
  return {
    async getDigestFilters(workspaceId, subscriptionId) {
      const r = await db.query<{ filters: string }>('SELECT filters FROM digest_filters WHERE workspace_id = $1 AND subscription_id = $2', [workspaceId, subscriptionId]);
      return r.rows[0] ? (JSON.parse(r.rows[0].filters) as DigestFilters) : undefined;
    },
    async setDigestFilters(workspaceId, subscriptionId, filters) {
      if (!hasFilters(filters)) {
        await db.query('DELETE FROM digest_filters WHERE workspace_id = $1 AND subscription_id = $2', [workspaceId, subscriptionId]);
        return;
      }
      if (!(await owns(workspaceId, subscriptionId))) return;
      await db.query(`INSERT INTO digest_filters (subscription_id, workspace_id, filters, updated_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (subscription_id) DO UPDATE SET filters = excluded.filters, updated_at = excluded.updated_at
        WHERE digest_filters.workspace_id = excluded.workspace_id`, [subscriptionId, workspaceId, JSON.stringify(filters), now().toISOString()]);
    },
    async listMutes(workspaceId, userId) {
      const r = await db.query<MuteRow>(`SELECT ${MUTE_COLUMNS} FROM mutes WHERE workspace_id = $1 AND user_id = $2 ORDER BY id`, [workspaceId, userId ?? '']);
      return r.rows.map(muteFromRow);
    },
    async mutesFor(workspaceId, userId) {
      const r = await db.query<MuteRow>(`SELECT ${MUTE_COLUMNS} FROM mutes WHERE workspace_id = $1 AND (user_id = '' OR user_id = $2) ORDER BY id`,
        [workspaceId, userId ?? '']);
      return r.rows.map(muteFromRow);
    },
    async addMute(m) {
      const r = await db.query(`INSERT INTO mutes (workspace_id, user_id, kind, value, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT DO NOTHING`, [m.workspaceId, m.userId ?? '', m.kind, m.value, m.createdBy ?? null, now().toISOString()]);
      return (r.rowCount ?? 0) > 0;
    },
    async removeMute(workspaceId, userId, kind, value) {
      const r = await db.query('DELETE FROM mutes WHERE workspace_id = $1 AND user_id = $2 AND kind = $3 AND value = $4', [workspaceId, userId ?? '', kind, value]);
      return (r.rowCount ?? 0) > 0;
    },
    async saveExplanation(workspaceId, subscriptionId, e) {
      if (!(await owns(workspaceId, subscriptionId))) return;
      await db.query(`INSERT INTO digest_explanations (subscription_id, workspace_id, record, at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (subscription_id) DO UPDATE SET record = excluded.record, at = excluded.at
        WHERE digest_explanations.workspace_id = excluded.workspace_id`, [subscriptionId, workspaceId, JSON.stringify(e), e.at]);
    },
    async lastExplanation(workspaceId, subscriptionId) {
      const r = await db.query<{ record: string }>('SELECT record FROM digest_explanations WHERE workspace_id = $1 AND subscription_id = $2', [workspaceId, subscriptionId]);
      return r.rows[0] ? (JSON.parse(r.rows[0].record) as DigestExplanation) : undefined;
    },
    async knownSources(names) {
      const out = new Map<string, string>();
      for (const raw of names) {
        const name = raw.toLowerCase();
        const r = await db.query<{ source: string }>('SELECT source FROM articles WHERE lower(source) = $1 LIMIT 1', [name]);
        if (r.rows[0]) out.set(name, r.rows[0].source);
        else if ((await db.query(`SELECT 1 FROM articles WHERE lower(url) LIKE $1 ESCAPE '\\' LIMIT 1`, [hostPattern(name)])).rows.length > 0) out.set(name, name);
      }
      return out;
    },
  };
}
