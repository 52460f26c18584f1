// Personal follows on SQLite (part of the SQLite store; migration 15): follows (one per user and story or topic text),
// follow_users (timezone, quiet hours, daily cap, paused) and follow_alerts (each story alerted to a user once: the row
// is inserted before the direct message is sent, so a second process or a restart finds it and sends nothing).
import type Database from 'better-sqlite3';
import type { SyncPort } from './gate.js';
import type { FollowStore } from './ports.js';
import type { Follow, FollowUser, NewFollow } from './follow-types.js';

interface FollowRow {
  id: number;
  workspace_id: string;
  user_id: string;
  kind: Follow['kind'];
  story_id: number | null;
  query: string | null;
  label: string;
  created_at: string;
  watermark: string;
}

interface UserRow {
  workspace_id: string;
  user_id: string;
  timezone: string;
  quiet_start: string | null;
  quiet_end: string | null;
  daily_cap: number;
  paused_at: string | null;
  paused_reason: string | null;
}

export const toFollow = (r: FollowRow): Follow => ({
  id: r.id, workspaceId: r.workspace_id, userId: r.user_id, kind: r.kind, label: r.label, createdAt: r.created_at, watermark: r.watermark,
  ...(r.story_id !== null ? { storyId: r.story_id } : {}),
  ...(r.query !== null ? { query: r.query } : {}),
});

export const toFollowUser = (r: UserRow): FollowUser => ({
  workspaceId: r.workspace_id, userId: r.user_id, timezone: r.timezone, dailyCap: r.daily_cap,
  ...(r.quiet_start !== null ? { quietStart: r.quiet_start } : {}),
  ...(r.quiet_end !== null ? { quietEnd: r.quiet_end } : {}),
  ...(r.paused_at !== null ? { pausedAt: r.paused_at } : {}),
  ...(r.paused_reason !== null ? { pausedReason: r.paused_reason } : {}),
});

/** The uniqueness key of a follow: the story id, or the topic text folded to lower case with single spaces. */
export const followKey = (f: Pick<NewFollow, 'kind' | 'storyId' | 'query'>): string =>
  f.kind === 'story' ? String(f.storyId) : (f.query ?? '').toLowerCase().replace(/\s+/g, ' ').trim();

export function sqliteFollows(db: Database.Database): SyncPort<FollowStore> {
  const st = {
    ensureUser: db.prepare(`INSERT INTO follow_users (workspace_id, user_id) VALUES (?, ?)
      ON CONFLICT DO UPDATE SET paused_at = NULL, paused_reason = NULL`),
    insert: db.prepare(`INSERT INTO follows (workspace_id, user_id, kind, key, story_id, query, label, created_at, watermark)
      VALUES (@workspaceId, @userId, @kind, @key, @storyId, @query, @label, @createdAt, @createdAt) ON CONFLICT DO NOTHING`),
    byKey: db.prepare('SELECT * FROM follows WHERE workspace_id = ? AND user_id = ? AND kind = ? AND key = ?'),
    list: db.prepare('SELECT * FROM follows WHERE workspace_id = ? AND user_id = ? ORDER BY id'),
    removeOne: db.prepare('DELETE FROM follows WHERE workspace_id = ? AND user_id = ? AND id = ?'),
    removeAll: db.prepare('DELETE FROM follows WHERE workspace_id = ? AND user_id = ?'),
    active: db.prepare(`SELECT f.* FROM follows f JOIN follow_users u ON u.workspace_id = f.workspace_id AND u.user_id = f.user_id
      WHERE u.paused_at IS NULL ORDER BY f.id`),
    watermark: db.prepare('UPDATE follows SET watermark = ? WHERE id = ?'),
    user: db.prepare('SELECT * FROM follow_users WHERE workspace_id = ? AND user_id = ?'),
    saveUser: db.prepare(`INSERT INTO follow_users (workspace_id, user_id, timezone, quiet_start, quiet_end, daily_cap)
      VALUES (@workspaceId, @userId, @timezone, @quietStart, @quietEnd, @dailyCap)
      ON CONFLICT DO UPDATE SET timezone = excluded.timezone, quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
        daily_cap = excluded.daily_cap`),
    pause: db.prepare(`UPDATE follow_users SET paused_at = ?, paused_reason = ? WHERE workspace_id = ? AND user_id = ? AND paused_at IS NULL`),
    pauseNew: db.prepare(`INSERT INTO follow_users (workspace_id, user_id, paused_at, paused_reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    claim: db.prepare(`INSERT INTO follow_alerts (workspace_id, user_id, story_id, follow_id, day, state, at)
      VALUES (@workspaceId, @userId, @storyId, @followId, @day, @state, @at) ON CONFLICT DO NOTHING`),
    setAlert: db.prepare('UPDATE follow_alerts SET state = ?, at = ? WHERE workspace_id = ? AND user_id = ? AND story_id = ?'),
    countDay: db.prepare(`SELECT count(*) AS n FROM follow_alerts WHERE workspace_id = ? AND user_id = ? AND day = ? AND state IN ('claimed', 'sent')`),
    pending: db.prepare(`SELECT story_id AS storyId, day FROM follow_alerts WHERE workspace_id = ? AND user_id = ? AND state = 'pending' ORDER BY at, story_id`),
  };
  const add = db.transaction((f: NewFollow): { follow: Follow; created: boolean } => {
    st.ensureUser.run(f.workspaceId, f.userId);
    const key = followKey(f);
    const created = st.insert.run({ ...f, key, storyId: f.storyId ?? null, query: f.query ?? null }).changes === 1;
    return { follow: toFollow(st.byKey.get(f.workspaceId, f.userId, f.kind, key) as FollowRow), created };
  });
  const pause = db.transaction((workspaceId: string, userId: string, reason: string, at: string): boolean => {
    if (st.pause.run(at, reason, workspaceId, userId).changes === 1) return true;
    return st.pauseNew.run(workspaceId, userId, at, reason).changes === 1;
  });
  const setAlerts = db.transaction((workspaceId: string, userId: string, storyIds: number[], state: string, at: string): void => {
    for (const id of new Set(storyIds)) st.setAlert.run(state, at, workspaceId, userId, id);
  });
  return {
    addFollow: (f) => add(f),
    listFollows: (workspaceId, userId) => (st.list.all(workspaceId, userId) as FollowRow[]).map(toFollow),
    removeFollows: (workspaceId, userId, id) => (id === undefined ? st.removeAll.run(workspaceId, userId) : st.removeOne.run(workspaceId, userId, id)).changes,
    activeFollows: () => (st.active.all() as FollowRow[]).map(toFollow),
    setWatermark: (id, at) => void st.watermark.run(at, id),
    followUser(workspaceId, userId) {
      const r = st.user.get(workspaceId, userId) as UserRow | undefined;
      return r ? toFollowUser(r) : undefined;
    },
    saveFollowUser: (u) => void st.saveUser.run({ ...u, quietStart: u.quietStart ?? null, quietEnd: u.quietEnd ?? null }),
    pauseFollowUser: (workspaceId, userId, reason, at) => pause(workspaceId, userId, reason, at),
    claimAlert: (a, at) => st.claim.run({ ...a, at }).changes === 1,
    setAlerts: (workspaceId, userId, storyIds, state, at) => setAlerts(workspaceId, userId, storyIds, state, at),
    alertsOn: (workspaceId, userId, day) => (st.countDay.get(workspaceId, userId, day) as { n: number }).n,
    pendingAlerts: (workspaceId, userId) => st.pending.all(workspaceId, userId) as { storyId: number; day: string }[],
  };
}
