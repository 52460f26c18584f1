// The update delivery ledger on PostgreSQL (part of the PostgreSQL store; migration 4): the same tables and rules as
// SQLite's (sqlite-updates.ts). A claim is INSERT … ON CONFLICT DO NOTHING on (target, story, seq), written with its
// shown rows in one atomic part; stale claims, and claims left for a retry that is due (retry_at, migration 12), are
// taken over with UPDATE … FROM a FOR UPDATE SKIP LOCKED pick. Claim times (claiming, renewing, staleness, a retry's
// due time) are the database's clock, as digest claims', so instances agree on them.
import { pgDeadOwner } from './pg-coordination.js';
import type { Db } from './pg-db.js';
import type { ThreadStore, UpdateLedger } from './ports.js';
import type { StoryThread, UpdateDelivery } from './update-types.js';

/** The columns of a row as UpdateDelivery names them, of table alias `t`. */
const columns = (t: string): string => `${t}.target, ${t}.story_id AS "storyId", ${t}.seq, ${t}.platform, ${t}.status, ${t}.owner,
  ${t}.nonce, ${t}.payload, ${t}.attempts, ${t}.claimed_at AS "claimedAt", ${t}.finished_at AS "finishedAt", ${t}.message_ref AS "messageRef", ${t}.error,
  ${t}.retry_at AS "retryAt"`;

type Row = Omit<UpdateDelivery, 'owner' | 'finishedAt' | 'messageRef' | 'error' | 'retryAt'> & {
  owner: string | null;
  retryAt: string | null;
  finishedAt: string | null;
  messageRef: string | null;
  error: string | null;
};

const toDelivery = (r: Row): UpdateDelivery => ({
  target: r.target, storyId: r.storyId, seq: r.seq, platform: r.platform, status: r.status, nonce: r.nonce,
  payload: r.payload, attempts: r.attempts, claimedAt: r.claimedAt,
  ...(r.owner ? { owner: r.owner } : {}),
  ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  ...(r.messageRef ? { messageRef: r.messageRef } : {}),
  ...(r.error ? { error: r.error } : {}),
  ...(r.retryAt ? { retryAt: r.retryAt } : {}),
});

async function markShown(db: Db, target: string, storyId: number, articleIds: number[], sentenceKeys: string[], at: string): Promise<void> {
  const keys = [...new Set(articleIds.map(String))];
  const sentences = [...new Set(sentenceKeys)];
  if (keys.length + sentences.length === 0) return;
  await db.query(`INSERT INTO update_shown (target, kind, key, story_id, shown_at)
    SELECT $1, k, v, $4, $5 FROM unnest($2::text[], $3::text[]) AS x(k, v) ON CONFLICT DO NOTHING`,
  [target, [...keys.map(() => 'article'), ...sentences.map(() => 'sentence')], [...keys, ...sentences], storyId, at]);
}

/** A claim not renewed for the milliseconds in parameter `p` by the database's clock (as digest claims, pg-digests.ts). */
const STALE = (p: string, t = ''): string => `${t}claimed_at < statement_timestamp() - ${p}::float8 * interval '1 millisecond'`;

export function pgUpdates(db: Db): UpdateLedger {
  return {
    async shown(target, storyId, articleIds, sentenceKeys) {
      const last = (await db.query<{ seq: number; at: string }>(`SELECT seq, claimed_at AS at FROM update_deliveries
        WHERE target = $1 AND story_id = $2 ORDER BY seq DESC LIMIT 1`, [target, storyId])).rows[0];
      const rows = (await db.query<{ kind: string; key: string }>(`SELECT kind, key FROM update_shown WHERE target = $1
        AND ((kind = 'article' AND key = ANY($2::text[])) OR (kind = 'sentence' AND key = ANY($3::text[])))`,
      [target, articleIds.map(String), sentenceKeys])).rows;
      return {
        seq: last?.seq ?? 0,
        ...(last ? { lastAt: last.at } : {}),
        articleIds: new Set(rows.filter((r) => r.kind === 'article').map((r) => Number(r.key))),
        sentenceKeys: new Set(rows.filter((r) => r.kind === 'sentence').map((r) => r.key)),
      };
    },
    markShown: (target, storyId, articleIds, sentenceKeys, at) => markShown(db, target, storyId, articleIds, sentenceKeys, at),
    claimUpdate: (c, now) =>
      db.atomic(async (d) => {
        const r = await d.query(`INSERT INTO update_deliveries (target, story_id, seq, platform, status, owner, nonce, payload, claimed_at)
          VALUES ($1, $2, $3, $4, 'claimed', $5, $6, $7, statement_timestamp()) ON CONFLICT DO NOTHING`,
        [c.target, c.storyId, c.seq, c.platform, c.owner, c.nonce, c.payload]);
        if (r.rowCount !== 1) return false;
        await markShown(d, c.target, c.storyId, c.articleIds, c.sentenceKeys, now);
        return true;
      }),
    async takeOverUpdates(owner, platforms, limit, _now, staleMs, prefix, deadMs) {
      if (limit <= 0 || platforms.length === 0) return [];
      // Due: a stale claim or a dead instance's (no retry_at), or a claim left for a retry whose time has come.
      const due = (t: string) => `${t}status = 'claimed'
        AND (CASE WHEN ${t}retry_at IS NULL THEN ${STALE('$2', t)} OR ${pgDeadOwner('$1', '$6', t)} ELSE ${t}retry_at <= statement_timestamp() END)`;
      const r = await db.query<Row>(`UPDATE update_deliveries u SET owner = $1, claimed_at = statement_timestamp(), retry_at = NULL, attempts = u.attempts + 1
        FROM (SELECT target, story_id, seq FROM update_deliveries
               WHERE ${due('')} AND platform = ANY($3::text[]) AND left(target, length($5)) = $5
               ORDER BY coalesce(retry_at, claimed_at) LIMIT $4 FOR UPDATE SKIP LOCKED) c
        WHERE u.target = c.target AND u.story_id = c.story_id AND u.seq = c.seq AND ${due('u.')}
        RETURNING ${columns('u')}`, [owner, staleMs, platforms, limit, prefix, deadMs ?? null]);
      return r.rows.map(toDelivery);
    },
    renewUpdates: async (owner) =>
      (await db.query(`UPDATE update_deliveries SET claimed_at = statement_timestamp() WHERE owner = $1 AND status = 'claimed'`, [owner])).rowCount ?? 0,
    finishUpdate: async (target, storyId, seq, owner, o, now) =>
      o.status === 'retry'
        ? // Due after as long as the app asked (retryAt - now), by the database's clock.
          (await db.query(`UPDATE update_deliveries SET owner = NULL, retry_at = statement_timestamp() + ($5::timestamptz - $7::timestamptz), error = $6
            WHERE target = $1 AND story_id = $2 AND seq = $3 AND status = 'claimed' AND owner = $4`,
          [target, storyId, seq, owner, o.retryAt ?? now, o.error ?? null, now])).rowCount === 1
        : (await db.query(`UPDATE update_deliveries SET status = $5, message_ref = $6, error = $7, finished_at = $8
        WHERE target = $1 AND story_id = $2 AND seq = $3 AND status = 'claimed' AND owner = $4`,
      [target, storyId, seq, owner, o.status, o.messageRef ?? null, o.error ?? null, now])).rowCount === 1,
    async getUpdate(target, storyId, seq) {
      const r = (await db.query<Row>(`SELECT ${columns('d')} FROM update_deliveries d WHERE d.target = $1 AND d.story_id = $2 AND d.seq = $3`,
        [target, storyId, seq])).rows[0];
      return r ? toDelivery(r) : undefined;
    },
  };
}

/** The digest messages of posted stories on PostgreSQL (story_threads, migration 5). */
export function pgThreads(db: Db): ThreadStore {
  return {
    async recordThreads(subscriptionId, messageRef, storyIds, postedAt) {
      const ids = [...new Set(storyIds)];
      if (ids.length === 0) return;
      await db.query(`INSERT INTO story_threads (subscription_id, story_id, message_ref, posted_at, checked_at, not_before)
        SELECT $1, s, $3, $4, $4, $4 FROM unnest($2::bigint[]) AS x(s)
        ON CONFLICT (subscription_id, story_id) DO UPDATE SET message_ref = excluded.message_ref, posted_at = excluded.posted_at,
          checked_at = excluded.checked_at, not_before = excluded.not_before`, [subscriptionId, ids, messageRef, postedAt]);
    },
    async dueThreads(platforms, now, since, limit) {
      if (limit <= 0 || platforms.length === 0) return [];
      const r = await db.query<StoryThread>(`SELECT t.subscription_id AS "subscriptionId", t.story_id AS "storyId", st.id AS "liveStoryId",
          s.channel_id AS "channelId", s.workspace_id AS "workspaceId", t.message_ref AS "messageRef", t.posted_at AS "postedAt",
          st.last_ingested_at AS "lastIngestedAt", t.checked_at AS "checkedAt"
        FROM story_threads t
        JOIN subscriptions s ON s.id = t.subscription_id
        JOIN stories st ON st.id = coalesce((SELECT a.story_id FROM story_aliases a WHERE a.alias_id = t.story_id), t.story_id)
        WHERE t.posted_at >= $1 AND t.not_before <= $2 AND st.last_ingested_at > t.checked_at
          AND s.updates = 'thread' AND s.enabled AND s.paused_reason IS NULL AND split_part(s.channel_id, ':', 1) = ANY($3::text[])
        ORDER BY st.last_ingested_at, t.subscription_id, t.story_id LIMIT $4`, [since, now, platforms, limit]);
      return r.rows;
    },
    async checkThread(subscriptionId, storyId, checkedAt, notBefore) {
      await db.query('UPDATE story_threads SET checked_at = $3, not_before = $4 WHERE subscription_id = $1 AND story_id = $2',
        [subscriptionId, storyId, checkedAt, notBefore]);
    },
  };
}
