// Digest subscriptions, the run ledger and the stories each digest posted, on PostgreSQL (part of the PostgreSQL
// store). Claims rest on the primary key: INSERT … ON CONFLICT DO NOTHING records or claims a slot once, a conditional
// UPDATE takes over a due or stale claim (READ COMMITTED re-checks its WHERE on the newest row version), and workers
// pull due slots with FOR UPDATE SKIP LOCKED; whichever instance changes the row owns the slot. Claim times are the
// database's clock; slots and their due-ness are the app's (the schedule).
import type { Clock } from '../clock.js';
import { pgDeadOwner } from './pg-coordination.js';
import type { Db } from './pg-db.js';
import type { DigestStore } from './ports.js';
import type { ClaimedSlot, DigestRun, Subscription } from './types.js';

interface SubRow {
  id: number;
  workspace_id: string;
  channel_id: string;
  topics: string[];
  cron: string;
  timezone: string;
  enabled: boolean;
  post_empty: boolean;
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
  topics: r.topics,
  cron: r.cron,
  timezone: r.timezone,
  enabled: r.enabled,
  postEmpty: r.post_empty,
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

/**
 * A claim not renewed for the milliseconds in parameter `p`, by the database's clock: claims are stamped with
 * statement_timestamp() (the current statement's start, also inside a transaction), so the clocks of the machines the
 * instances run on never decide whether a claim is stale.
 */
const STALE = (p: string): string => `claimed_at < statement_timestamp() - ${p}::float8 * interval '1 millisecond'`;

const RUN_COLUMNS = `subscription_id AS "subscriptionId", slot, status, message_ref AS "messageRef", error,
  claimed_at AS "claimedAt", finished_at AS "finishedAt", owner, attempts`;

export function pgDigests(db: Db, now: Clock): DigestStore {
  const subs = async (sql: string, params: unknown[]): Promise<Subscription[]> => (await db.query<SubRow>(sql, params)).rows.map(toSub);
  const changed = async (sql: string, params: unknown[]): Promise<number> => (await db.query(sql, params)).rowCount ?? 0;
  const run = async (sql: string, params: unknown[]): Promise<DigestRun | undefined> => {
    const r = (await db.query<RunRow>(sql, params)).rows[0];
    return r ? toRun(r) : undefined;
  };

  return {
    async addSubscription(s) {
      const [sub] = await subs(`INSERT INTO subscriptions (workspace_id, channel_id, topics, cron, timezone, post_empty,
        last_watermark, created_by, created_at, updates, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [s.workspaceId, s.channelId, s.topics, s.cron, s.timezone, s.postEmpty, s.lastWatermark ?? null, s.createdBy ?? null,
        s.createdAt ?? now().toISOString(), s.updates ?? 'thread', s.language ?? null]);
      return sub as Subscription;
    },
    listSubscriptions: (channelId) => subs('SELECT * FROM subscriptions WHERE channel_id = $1 ORDER BY id', [channelId]),
    activeSubscriptions: () => subs('SELECT * FROM subscriptions WHERE enabled AND paused_reason IS NULL ORDER BY id', []),
    getSubscription: async (id) => (await subs('SELECT * FROM subscriptions WHERE id = $1', [id]))[0],
    removeSubscriptions: (channelId, id) =>
      id === undefined
        ? changed('DELETE FROM subscriptions WHERE channel_id = $1', [channelId])
        : changed('DELETE FROM subscriptions WHERE channel_id = $1 AND id = $2', [channelId, id]),
    async setWatermark(id, watermark) {
      await db.query('UPDATE subscriptions SET last_watermark = $2 WHERE id = $1', [id, watermark]);
    },
    setLanguage: async (workspaceId, id, language) =>
      (await changed('UPDATE subscriptions SET language = $3 WHERE workspace_id = $1 AND id = $2', [workspaceId, id, language ?? null])) === 1,
    lastRun: (subscriptionId) =>
      run(`SELECT ${RUN_COLUMNS} FROM digest_runs WHERE subscription_id = $1 ORDER BY slot DESC LIMIT 1`, [subscriptionId]),
    getRun: (subscriptionId, slot) =>
      run(`SELECT ${RUN_COLUMNS} FROM digest_runs WHERE subscription_id = $1 AND slot = $2`, [subscriptionId, slot]),
    async claimSlot(subscriptionId, slot, owner, _now, staleMs) {
      const claimed = await changed(`INSERT INTO digest_runs (subscription_id, slot, status, claimed_at, owner, platform)
        VALUES ($1, $2, 'claimed', statement_timestamp(), $3, (SELECT split_part(channel_id, ':', 1) FROM subscriptions WHERE id = $1))
        ON CONFLICT DO NOTHING`, [subscriptionId, slot, owner]);
      if (claimed === 1) return true;
      return (await changed(`UPDATE digest_runs SET status = 'claimed', owner = $3, claimed_at = statement_timestamp(), attempts = attempts + 1
        WHERE subscription_id = $1 AND slot = $2 AND (status = 'due' OR (status = 'claimed' AND ${STALE('$4')}))`,
      [subscriptionId, slot, owner, staleMs])) === 1;
    },
    async enqueueSlots(slots, at) {
      if (slots.length === 0) return 0;
      return changed(`INSERT INTO digest_runs (subscription_id, slot, status, claimed_at, attempts, platform)
        SELECT s, t, 'due', $4, 0, p FROM unnest($1::bigint[], $2::timestamptz[], $3::text[]) AS x(s, t, p)
        ON CONFLICT DO NOTHING`, [slots.map((s) => s.subscriptionId), slots.map((s) => s.slot), slots.map((s) => s.platform), at]);
    },
    async claimDue(owner, platforms, limit, _now, staleMs, notBefore, deadMs) {
      if (limit <= 0 || platforms.length === 0) return [];
      // SKIP LOCKED: rows another worker is claiming right now are passed over, not waited for; a row that changed
      // before we locked it is re-checked against the WHERE (READ COMMITTED), so no slot is claimed twice.
      const r = await db.query<ClaimedSlot>(`UPDATE digest_runs r SET status = 'claimed', owner = $1, claimed_at = statement_timestamp(),
          attempts = r.attempts + 1
        FROM (SELECT subscription_id, slot FROM digest_runs
               WHERE status IN ('due', 'claimed') AND platform = ANY($2::text[]) AND slot >= $3
                 AND (status = 'due' OR ${STALE('$4')} OR ${pgDeadOwner('$1', '$6')})
               ORDER BY slot, subscription_id LIMIT $5 FOR UPDATE SKIP LOCKED) c
        WHERE r.subscription_id = c.subscription_id AND r.slot = c.slot
        RETURNING r.subscription_id AS "subscriptionId", r.slot, r.attempts`, [owner, platforms, notBefore, staleMs, limit, deadMs ?? null]);
      return r.rows.sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : a.subscriptionId - b.subscriptionId));
    },
    expireDue: (notBefore, reason, at) =>
      changed(`UPDATE digest_runs SET status = 'skipped', error = $2, finished_at = $3 WHERE status = 'due' AND slot < $1`, [notBefore, reason, at]),
    renewClaims: (owner) => changed(`UPDATE digest_runs SET claimed_at = statement_timestamp() WHERE owner = $1 AND status = 'claimed'`, [owner]),
    renewClaim: async (subscriptionId, slot, owner) =>
      (await changed(`UPDATE digest_runs SET claimed_at = statement_timestamp() WHERE subscription_id = $1 AND slot = $2
        AND status = 'claimed' AND owner = $3`, [subscriptionId, slot, owner])) === 1,
    finishRun: async (subscriptionId, slot, owner, o, at) =>
      (await changed(`UPDATE digest_runs SET status = $4, message_ref = $5, error = $6, finished_at = $7
        WHERE subscription_id = $1 AND slot = $2 AND status = 'claimed' AND owner = $3`,
      [subscriptionId, slot, owner, o.status, o.messageRef ?? null, o.error ?? null, at])) === 1,
    releaseClaim: async (subscriptionId, slot, owner) =>
      (await changed(`UPDATE digest_runs SET status = 'due', owner = NULL WHERE subscription_id = $1 AND slot = $2 AND owner = $3
        AND status = 'claimed'`,
        [subscriptionId, slot, owner])) === 1,
    skipSlot: async (subscriptionId, slot, reason, at) =>
      (await changed(`INSERT INTO digest_runs (subscription_id, slot, status, error, claimed_at, finished_at)
        VALUES ($1, $2, 'skipped', $3, $4, $4) ON CONFLICT DO NOTHING`, [subscriptionId, slot, reason, at])) === 1,
    staleClaims: async (_now, staleMs, notBefore) =>
      (await db.query<{ subscriptionId: number; slot: string }>(`SELECT subscription_id AS "subscriptionId", slot FROM digest_runs
        WHERE status = 'claimed' AND ${STALE('$1')} AND slot >= $2 ORDER BY slot`, [staleMs, notBefore])).rows,
    async noteFailure(id, reason, fatal) {
      const r = await db.query<{ n: number }>(`UPDATE subscriptions SET last_error = $2,
        consecutive_failures = CASE WHEN $3 THEN consecutive_failures + 1 ELSE consecutive_failures END
        WHERE id = $1 RETURNING consecutive_failures AS n`, [id, reason.slice(0, 500), fatal]);
      return fatal ? (r.rows[0]?.n ?? 0) : 0;
    },
    async noteSuccess(id) {
      await db.query('UPDATE subscriptions SET last_error = NULL, consecutive_failures = 0 WHERE id = $1', [id]);
    },
    async setPaused(id, reason) {
      await db.query(`UPDATE subscriptions SET paused_reason = $2,
        consecutive_failures = CASE WHEN $2::text IS NULL THEN 0 ELSE consecutive_failures END WHERE id = $1`, [id, reason ?? null]);
    },
    async postedStories(subscriptionId, storyIds) {
      if (storyIds.length === 0) return new Map();
      const r = await db.query<{ storyId: number; n: number }>(`SELECT story_id AS "storyId", article_count AS n FROM digest_stories
        WHERE subscription_id = $1 AND story_id = ANY($2::bigint[])`, [subscriptionId, storyIds]);
      return new Map(r.rows.map((x) => [x.storyId, x.n]));
    },
    async markPosted(subscriptionId, stories, at) {
      // One statement may not touch a row twice: the last count given for a story wins, as with one insert each.
      const last = new Map(stories.map((s) => [s.storyId, s.articleCount]));
      if (last.size === 0) return;
      await db.query(`INSERT INTO digest_stories (subscription_id, story_id, article_count, posted_at)
        SELECT $1, s, n, $4 FROM unnest($2::bigint[], $3::int[]) AS x(s, n)
        ON CONFLICT (subscription_id, story_id) DO UPDATE SET article_count = excluded.article_count, posted_at = excluded.posted_at`,
      [subscriptionId, [...last.keys()], [...last.values()], at]);
    },
  };
}
