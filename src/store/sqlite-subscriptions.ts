// Digest subscriptions, the run ledger and the stories each digest posted, on SQLite (part of the SQLite store).
// Claims rely on SQLite's atomic INSERT … ON CONFLICT DO NOTHING and conditional UPDATE: whichever process changes
// the row owns the slot, so two schedulers on one database never both post it.
import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import type { SyncPort } from './gate.js';
import type { DigestStore } from './ports.js';
import { sqliteDeadOwner } from './sqlite-coordination.js';
import type { ClaimedSlot, DigestRun, Subscription } from './types.js';

/** `ms` before the ISO time `iso` (claims on SQLite: one machine, so the app's clock is the lease clock). */
const before = (iso: string, ms: number): string => new Date(Date.parse(iso) - ms).toISOString();

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
  last_error: string | null;
  consecutive_failures: number;
  updates: Subscription['updates'];
  language: string | null;
}

interface RunRow {
  subscriptionId: number;
  slot: string;
  status: DigestRun['status'];
  messageRef: string | null;
  error: string | null;
  claimedAt: string;
  finishedAt: string | null;
  owner: string | null;
  attempts: number;
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
  consecutiveFailures: r.consecutive_failures,
  updates: r.updates,
  ...(r.last_watermark ? { lastWatermark: r.last_watermark } : {}),
  ...(r.created_by ? { createdBy: r.created_by } : {}),
  ...(r.paused_reason ? { pausedReason: r.paused_reason } : {}),
  ...(r.last_error ? { lastError: r.last_error } : {}),
  ...(r.language ? { language: r.language } : {}),
});

const toRun = (r: RunRow): DigestRun => ({
  subscriptionId: r.subscriptionId, slot: r.slot, status: r.status, claimedAt: r.claimedAt, attempts: r.attempts,
  ...(r.messageRef ? { messageRef: r.messageRef } : {}),
  ...(r.error ? { error: r.error } : {}),
  ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  ...(r.owner ? { owner: r.owner } : {}),
});

/** The platform of a subscription's channel ('discord:1:2' -> 'discord'), in SQL. */
const PLATFORM_OF = `substr(channel_id, 1, instr(channel_id, ':') - 1)`;

const RUN_COLUMNS = `subscription_id AS subscriptionId, slot, status, message_ref AS messageRef, error,
  claimed_at AS claimedAt, finished_at AS finishedAt, owner, attempts`;

export function sqliteSubscriptions(db: Database.Database, now: Clock): SyncPort<DigestStore> {
  const st = {
    insert: db.prepare(`INSERT INTO subscriptions (workspace_id, channel_id, topics, cron, timezone, post_empty,
      last_watermark, created_by, created_at, updates, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    language: db.prepare('UPDATE subscriptions SET language = ? WHERE workspace_id = ? AND id = ?'),
    byChannel: db.prepare('SELECT * FROM subscriptions WHERE channel_id = ? ORDER BY id'),
    active: db.prepare('SELECT * FROM subscriptions WHERE enabled = 1 AND paused_reason IS NULL ORDER BY id'),
    byId: db.prepare('SELECT * FROM subscriptions WHERE id = ?'),
    removeOne: db.prepare('DELETE FROM subscriptions WHERE channel_id = ? AND id = ?'),
    removeAll: db.prepare('DELETE FROM subscriptions WHERE channel_id = ?'),
    watermark: db.prepare('UPDATE subscriptions SET last_watermark = ? WHERE id = ?'),
    lastRun: db.prepare(`SELECT ${RUN_COLUMNS} FROM digest_runs WHERE subscription_id = ? ORDER BY slot DESC LIMIT 1`),
    getRun: db.prepare(`SELECT ${RUN_COLUMNS} FROM digest_runs WHERE subscription_id = ? AND slot = ?`),
    claim: db.prepare(`INSERT INTO digest_runs (subscription_id, slot, status, claimed_at, owner, platform)
      VALUES (@sub, @slot, 'claimed', @now, @owner, (SELECT ${PLATFORM_OF} FROM subscriptions WHERE id = @sub)) ON CONFLICT DO NOTHING`),
    takeOver: db.prepare(`UPDATE digest_runs SET status = 'claimed', owner = ?, claimed_at = ?, attempts = attempts + 1
      WHERE subscription_id = ? AND slot = ? AND (status = 'due' OR (status = 'claimed' AND claimed_at < ?))`),
    enqueue: db.prepare(`INSERT INTO digest_runs (subscription_id, slot, status, claimed_at, attempts, platform)
      VALUES (?, ?, 'due', ?, 0, ?) ON CONFLICT DO NOTHING`),
    // One statement: SQLite runs it under its write lock, so no other process claims the same rows in between.
    claimDue: db.prepare(`UPDATE digest_runs SET status = 'claimed', owner = @owner, claimed_at = @now, attempts = attempts + 1
      WHERE (subscription_id, slot) IN (
        SELECT subscription_id, slot FROM digest_runs
         WHERE status IN ('due', 'claimed') AND platform IN (SELECT value FROM json_each(@platforms)) AND slot >= @notBefore
           AND (status = 'due' OR claimed_at < @staleBefore OR ${sqliteDeadOwner('@owner', '@deadSeconds')})
         ORDER BY slot, subscription_id LIMIT @limit)
      RETURNING subscription_id AS subscriptionId, slot, attempts`),
    expire: db.prepare(`UPDATE digest_runs SET status = 'skipped', error = ?, finished_at = ? WHERE status = 'due' AND slot < ?`),
    renewAll: db.prepare(`UPDATE digest_runs SET claimed_at = ? WHERE owner = ? AND status = 'claimed'`),
    renew: db.prepare(`UPDATE digest_runs SET claimed_at = ? WHERE subscription_id = ? AND slot = ? AND status = 'claimed' AND owner = ?`),
    finish: db.prepare(`UPDATE digest_runs SET status = ?, message_ref = ?, error = ?, finished_at = ?
      WHERE subscription_id = ? AND slot = ? AND status = 'claimed' AND owner = ?`),
    release: db.prepare(`UPDATE digest_runs SET status = 'due', owner = NULL WHERE subscription_id = ? AND slot = ? AND owner = ? AND status = 'claimed'`),
    skip: db.prepare(`INSERT INTO digest_runs (subscription_id, slot, status, error, claimed_at, finished_at)
      VALUES (?, ?, 'skipped', ?, ?, ?) ON CONFLICT DO NOTHING`),
    stale: db.prepare(`SELECT subscription_id AS subscriptionId, slot FROM digest_runs
      WHERE status = 'claimed' AND claimed_at < ? AND slot >= ? ORDER BY slot`),
    fail: db.prepare(`UPDATE subscriptions SET last_error = ?,
      consecutive_failures = CASE WHEN ? THEN consecutive_failures + 1 ELSE consecutive_failures END
      WHERE id = ? RETURNING consecutive_failures AS n`),
    ok: db.prepare('UPDATE subscriptions SET last_error = NULL, consecutive_failures = 0 WHERE id = ?'),
    pause: db.prepare('UPDATE subscriptions SET paused_reason = ?, consecutive_failures = CASE WHEN ? IS NULL THEN 0 ELSE consecutive_failures END WHERE id = ?'),
    posted: db.prepare(`SELECT story_id AS storyId, article_count AS n FROM digest_stories
      WHERE subscription_id = ? AND story_id IN (SELECT value FROM json_each(?))`),
    markPosted: db.prepare(`INSERT INTO digest_stories (subscription_id, story_id, article_count, posted_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (subscription_id, story_id) DO UPDATE SET article_count = excluded.article_count, posted_at = excluded.posted_at`),
  };
  const markPosted = db.transaction((id: number, stories: { storyId: number; articleCount: number }[], at: string) => {
    for (const s of stories) st.markPosted.run(id, s.storyId, s.articleCount, at);
  });
  return {
    addSubscription(s) {
      const createdAt = s.createdAt ?? now().toISOString();
      const id = Number(
        st.insert.run(s.workspaceId, s.channelId, JSON.stringify(s.topics), s.cron, s.timezone, s.postEmpty ? 1 : 0,
          s.lastWatermark ?? null, s.createdBy ?? null, createdAt, s.updates ?? 'thread', s.language ?? null).lastInsertRowid,
      );
      return toSub(st.byId.get(id) as SubRow);
    },
    listSubscriptions: (channelId) => (st.byChannel.all(channelId) as SubRow[]).map(toSub),
    activeSubscriptions: () => (st.active.all() as SubRow[]).map(toSub),
    getSubscription(id) {
      const r = st.byId.get(id) as SubRow | undefined;
      return r ? toSub(r) : undefined;
    },
    removeSubscriptions: (channelId, id) =>
      (id === undefined ? st.removeAll.run(channelId) : st.removeOne.run(channelId, id)).changes,
    setWatermark(id, watermark) {
      st.watermark.run(watermark, id);
    },
    setLanguage: (workspaceId, id, language) => st.language.run(language ?? null, workspaceId, id).changes === 1,
    lastRun(subscriptionId) {
      const r = st.lastRun.get(subscriptionId) as RunRow | undefined;
      return r ? toRun(r) : undefined;
    },
    getRun(subscriptionId, slot) {
      const r = st.getRun.get(subscriptionId, slot) as RunRow | undefined;
      return r ? toRun(r) : undefined;
    },
    claimSlot(subscriptionId, slot, owner, now, staleMs) {
      const staleBefore = before(now, staleMs);
      if (st.claim.run({ sub: subscriptionId, slot, now, owner }).changes === 1) return true;
      return st.takeOver.run(owner, now, subscriptionId, slot, staleBefore).changes === 1;
    },
    enqueueSlots(slots, now) {
      let n = 0;
      for (const s of slots) n += st.enqueue.run(s.subscriptionId, s.slot, now, s.platform).changes;
      return n;
    },
    claimDue(owner, platforms, limit, now, staleMs, notBefore, deadMs) {
      if (limit <= 0 || platforms.length === 0) return [];
      const deadSeconds = deadMs === undefined ? null : deadMs / 1000;
      const rows = st.claimDue.all({ owner, now, platforms: JSON.stringify(platforms), notBefore, staleBefore: before(now, staleMs), limit, deadSeconds }) as ClaimedSlot[];
      return rows.sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : a.subscriptionId - b.subscriptionId));
    },
    expireDue: (notBefore, reason, now) => st.expire.run(reason, now, notBefore).changes,
    renewClaims: (owner, now) => st.renewAll.run(now, owner).changes,
    renewClaim: (subscriptionId, slot, owner, now) => st.renew.run(now, subscriptionId, slot, owner).changes === 1,
    finishRun: (subscriptionId, slot, owner, o, now) =>
      st.finish.run(o.status, o.messageRef ?? null, o.error ?? null, now, subscriptionId, slot, owner).changes === 1,
    releaseClaim: (subscriptionId, slot, owner) => st.release.run(subscriptionId, slot, owner).changes === 1,
    skipSlot: (subscriptionId, slot, reason, now) => st.skip.run(subscriptionId, slot, reason, now, now).changes === 1,
    staleClaims: (now, staleMs, notBefore) => st.stale.all(before(now, staleMs), notBefore) as { subscriptionId: number; slot: string }[],
    noteFailure(id, reason, fatal) {
      const r = st.fail.get(reason.slice(0, 500), fatal ? 1 : 0, id) as { n: number } | undefined;
      return fatal ? (r?.n ?? 0) : 0;
    },
    noteSuccess(id) {
      st.ok.run(id);
    },
    setPaused(id, reason) {
      st.pause.run(reason ?? null, reason ?? null, id);
    },
    postedStories(subscriptionId, storyIds) {
      const out = new Map<number, number>();
      if (storyIds.length === 0) return out;
      for (const r of st.posted.all(subscriptionId, JSON.stringify(storyIds)) as { storyId: number; n: number }[]) out.set(r.storyId, r.n);
      return out;
    },
    markPosted(subscriptionId, stories, at) {
      markPosted(subscriptionId, stories, at);
    },
  };
}
