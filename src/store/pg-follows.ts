// Personal follows on PostgreSQL (part of the PostgreSQL store; migration 5): the same tables and rules as SQLite's
// (sqlite-follows.ts). A follow and an alert are each one INSERT … ON CONFLICT DO NOTHING, so two instances adding or
// claiming the same one at once create it once.
import type { Db } from './pg-db.js';
import type { FollowStore } from './ports.js';
import type { Follow } from './follow-types.js';
import { followKey, toFollow, toFollowUser } from './sqlite-follows.js';

type FollowRow = Parameters<typeof toFollow>[0];
type UserRow = Parameters<typeof toFollowUser>[0];

export function pgFollows(db: Db): FollowStore {
  return {
    async addFollow(f) {
      const key = followKey(f);
      return db.atomic(async (d) => {
        await d.query(`INSERT INTO follow_users (workspace_id, user_id) VALUES ($1, $2)
          ON CONFLICT (workspace_id, user_id) DO UPDATE SET paused_at = NULL, paused_reason = NULL`, [f.workspaceId, f.userId]);
        const ins = await d.query(`INSERT INTO follows (workspace_id, user_id, kind, key, story_id, query, label, created_at, watermark)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT DO NOTHING`,
        [f.workspaceId, f.userId, f.kind, key, f.storyId ?? null, f.query ?? null, f.label, f.createdAt]);
        const row = (await d.query<FollowRow>('SELECT * FROM follows WHERE workspace_id = $1 AND user_id = $2 AND kind = $3 AND key = $4',
          [f.workspaceId, f.userId, f.kind, key])).rows[0] as FollowRow;
        return { follow: toFollow(row), created: ins.rowCount === 1 };
      });
    },
    async listFollows(workspaceId, userId) {
      return (await db.query<FollowRow>('SELECT * FROM follows WHERE workspace_id = $1 AND user_id = $2 ORDER BY id', [workspaceId, userId])).rows.map(toFollow);
    },
    async removeFollows(workspaceId, userId, id) {
      const r = id === undefined
        ? await db.query('DELETE FROM follows WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId])
        : await db.query('DELETE FROM follows WHERE workspace_id = $1 AND user_id = $2 AND id = $3', [workspaceId, userId, id]);
      return r.rowCount ?? 0;
    },
    async activeFollows(): Promise<Follow[]> {
      return (await db.query<FollowRow>(`SELECT f.* FROM follows f JOIN follow_users u ON u.workspace_id = f.workspace_id AND u.user_id = f.user_id
        WHERE u.paused_at IS NULL ORDER BY f.id`)).rows.map(toFollow);
    },
    async setWatermark(id, at) {
      await db.query('UPDATE follows SET watermark = $1 WHERE id = $2', [at, id]);
    },
    async followUser(workspaceId, userId) {
      const r = (await db.query<UserRow>('SELECT * FROM follow_users WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId])).rows[0];
      return r ? toFollowUser(r) : undefined;
    },
    async saveFollowUser(u) {
      await db.query(`INSERT INTO follow_users (workspace_id, user_id, timezone, quiet_start, quiet_end, daily_cap) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (workspace_id, user_id) DO UPDATE SET timezone = excluded.timezone, quiet_start = excluded.quiet_start,
          quiet_end = excluded.quiet_end, daily_cap = excluded.daily_cap`,
      [u.workspaceId, u.userId, u.timezone, u.quietStart ?? null, u.quietEnd ?? null, u.dailyCap]);
    },
    async pauseFollowUser(workspaceId, userId, reason, at) {
      const r = await db.query(`INSERT INTO follow_users (workspace_id, user_id, paused_at, paused_reason) VALUES ($1, $2, $3, $4)
        ON CONFLICT (workspace_id, user_id) DO UPDATE SET paused_at = excluded.paused_at, paused_reason = excluded.paused_reason
        WHERE follow_users.paused_at IS NULL`, [workspaceId, userId, at, reason]);
      return r.rowCount === 1;
    },
    async claimAlert(a, at) {
      const r = await db.query(`INSERT INTO follow_alerts (workspace_id, user_id, story_id, follow_id, day, state, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT DO NOTHING`, [a.workspaceId, a.userId, a.storyId, a.followId, a.day, a.state, at]);
      return r.rowCount === 1;
    },
    async setAlerts(workspaceId, userId, storyIds, state, at) {
      if (storyIds.length === 0) return;
      await db.query('UPDATE follow_alerts SET state = $1, at = $2 WHERE workspace_id = $3 AND user_id = $4 AND story_id = ANY($5::bigint[])',
        [state, at, workspaceId, userId, [...new Set(storyIds)]]);
    },
    async alertsOn(workspaceId, userId, day) {
      const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM follow_alerts WHERE workspace_id = $1 AND user_id = $2 AND day = $3
        AND state IN ('claimed', 'sent')`, [workspaceId, userId, day]);
      return r.rows[0]?.n ?? 0;
    },
    async pendingAlerts(workspaceId, userId) {
      return (await db.query<{ storyId: number; day: string }>(`SELECT story_id AS "storyId", day FROM follow_alerts
        WHERE workspace_id = $1 AND user_id = $2 AND state = 'pending' ORDER BY at, story_id`, [workspaceId, userId])).rows;
    },
  };
}
