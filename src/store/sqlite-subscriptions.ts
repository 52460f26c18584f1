// Digest subscriptions and the run ledger on SQLite (part of the SQLite Store).
import type Database from 'better-sqlite3';
import type { DigestRun, Subscription, SubscriptionStore } from './types.js';

interface SubRow {
  id: number;
  workspace_id: string;
  channel_id: string;
  topics: string;
  cron: string;
  timezone: string;
  enabled: number;
  post_empty: number;
  last_watermark: string | null;
  created_by: string | null;
  created_at: string;
  paused_reason: string | null;
}

const toSub = (r: SubRow): Subscription => ({
  id: r.id,
  workspaceId: r.workspace_id,
  channelId: r.channel_id,
  topics: JSON.parse(r.topics) as string[],
  cron: r.cron,
  timezone: r.timezone,
  enabled: r.enabled === 1,
  postEmpty: r.post_empty === 1,
  createdAt: r.created_at,
  ...(r.last_watermark ? { lastWatermark: r.last_watermark } : {}),
  ...(r.created_by ? { createdBy: r.created_by } : {}),
  ...(r.paused_reason ? { pausedReason: r.paused_reason } : {}),
});

export function sqliteSubscriptions(db: Database.Database): SubscriptionStore {
  const st = {
    insert: db.prepare(`INSERT INTO subscriptions (workspace_id, channel_id, topics, cron, timezone, post_empty,
      last_watermark, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    byChannel: db.prepare('SELECT * FROM subscriptions WHERE channel_id = ? ORDER BY id'),
    byId: db.prepare('SELECT * FROM subscriptions WHERE id = ?'),
    removeOne: db.prepare('DELETE FROM subscriptions WHERE channel_id = ? AND id = ?'),
    removeAll: db.prepare('DELETE FROM subscriptions WHERE channel_id = ?'),
    watermark: db.prepare('UPDATE subscriptions SET last_watermark = ? WHERE id = ?'),
    lastRun: db.prepare(`SELECT subscription_id AS subscriptionId, slot, status, message_ref AS messageRef, error,
      claimed_at AS claimedAt, finished_at AS finishedAt FROM digest_runs WHERE subscription_id = ? ORDER BY slot DESC LIMIT 1`),
  };
  return {
    addSubscription(s) {
      const createdAt = new Date().toISOString();
      const id = Number(
        st.insert.run(s.workspaceId, s.channelId, JSON.stringify(s.topics), s.cron, s.timezone, s.postEmpty ? 1 : 0,
          s.lastWatermark ?? null, s.createdBy ?? null, createdAt).lastInsertRowid,
      );
      return toSub(st.byId.get(id) as SubRow);
    },
    listSubscriptions: (channelId) => (st.byChannel.all(channelId) as SubRow[]).map(toSub),
    getSubscription(id) {
      const r = st.byId.get(id) as SubRow | undefined;
      return r ? toSub(r) : undefined;
    },
    removeSubscriptions: (channelId, id) =>
      (id === undefined ? st.removeAll.run(channelId) : st.removeOne.run(channelId, id)).changes,
    setWatermark(id, watermark) {
      st.watermark.run(watermark, id);
    },
    lastRun(subscriptionId) {
      const r = st.lastRun.get(subscriptionId) as (DigestRun & { messageRef: string | null; error: string | null; finishedAt: string | null }) | undefined;
      if (!r) return undefined;
      return {
        subscriptionId: r.subscriptionId, slot: r.slot, status: r.status, claimedAt: r.claimedAt,
        ...(r.messageRef ? { messageRef: r.messageRef } : {}),
        ...(r.error ? { error: r.error } : {}),
        ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
      };
    },
  };
}
