// The update delivery ledger on SQLite (part of the SQLite store; migration 14): what each target was shown
// (update_shown) and each update of (target, story) claimed once by its number (update_deliveries). A claim is an
// INSERT that fails on the primary key when another process claimed that number first; the claim and the shown rows
// are written in one transaction. A claim not renewed for a while, or left for a retry that is now due (retry_at,
// migration 21), is taken over by one conditional UPDATE.
import type Database from 'better-sqlite3';
import type { SyncPort } from './gate.js';
import type { ThreadStore, UpdateLedger } from './ports.js';
import { sqliteDeadOwner } from './sqlite-coordination.js';
import type { StoryThread, UpdateDelivery } from './update-types.js';

interface Row {
  target: string;
  story_id: number;
  seq: number;
  platform: string;
  status: UpdateDelivery['status'];
  owner: string | null;
  nonce: string;
  payload: string;
  attempts: number;
  claimed_at: string;
  finished_at: string | null;
  message_ref: string | null;
  error: string | null;
  retry_at: string | null;
}

export const toDelivery = (r: Row): UpdateDelivery => ({
  target: r.target, storyId: r.story_id, seq: r.seq, platform: r.platform, status: r.status, nonce: r.nonce,
  payload: r.payload, attempts: r.attempts, claimedAt: r.claimed_at,
  ...(r.owner ? { owner: r.owner } : {}),
  ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
  ...(r.message_ref ? { messageRef: r.message_ref } : {}),
  ...(r.error ? { error: r.error } : {}),
  ...(r.retry_at ? { retryAt: r.retry_at } : {}),
});

/** Keys asked about per statement (SQLite's bound-parameter limit is far above; this keeps statements small). */
const CHUNK = 500;

export function sqliteUpdates(db: Database.Database): SyncPort<UpdateLedger> {
  const st = {
    latest: db.prepare('SELECT seq, claimed_at AS at FROM update_deliveries WHERE target = ? AND story_id = ? ORDER BY seq DESC LIMIT 1'),
    show: db.prepare(`INSERT INTO update_shown (target, kind, key, story_id, shown_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING`),
    claim: db.prepare(`INSERT INTO update_deliveries (target, story_id, seq, platform, status, owner, nonce, payload, claimed_at)
      VALUES (@target, @storyId, @seq, @platform, 'claimed', @owner, @nonce, @payload, @now) ON CONFLICT DO NOTHING`),
    takeOver: db.prepare(`UPDATE update_deliveries SET owner = @owner, claimed_at = @now, retry_at = NULL, attempts = attempts + 1
      WHERE (target, story_id, seq) IN (SELECT target, story_id, seq FROM update_deliveries
        WHERE status = 'claimed'
          AND (CASE WHEN retry_at IS NULL THEN claimed_at < @staleBefore OR ${sqliteDeadOwner('@owner', '@deadSeconds')} ELSE retry_at <= @now END)
          AND platform IN (SELECT value FROM json_each(@platforms)) AND substr(target, 1, length(@prefix)) = @prefix
        ORDER BY coalesce(retry_at, claimed_at) LIMIT @limit)
      RETURNING *`),
    renew: db.prepare(`UPDATE update_deliveries SET claimed_at = ? WHERE owner = ? AND status = 'claimed'`),
    finish: db.prepare(`UPDATE update_deliveries SET status = @status, message_ref = @messageRef, error = @error, finished_at = @now
      WHERE target = @target AND story_id = @storyId AND seq = @seq AND status = 'claimed' AND owner = @owner`),
    retry: db.prepare(`UPDATE update_deliveries SET owner = NULL, retry_at = @retryAt, error = @error
      WHERE target = @target AND story_id = @storyId AND seq = @seq AND status = 'claimed' AND owner = @owner`),
    get: db.prepare('SELECT * FROM update_deliveries WHERE target = ? AND story_id = ? AND seq = ?'),
  };
  /** The lookup of n keys, prepared once per n (a follow tick asks this for every follower). */
  const byCount = new Map<number, Database.Statement>();
  const lookup = (n: number): Database.Statement => {
    let s = byCount.get(n);
    if (!s) byCount.set(n, (s = db.prepare(`SELECT key FROM update_shown WHERE target = ? AND kind = ? AND key IN (${Array.from({ length: n }, () => '?').join(',')})`).pluck()));
    return s;
  };
  const shownKeys = (target: string, kind: 'article' | 'sentence', keys: string[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const part = keys.slice(i, i + CHUNK);
      out.push(...(lookup(part.length).all(target, kind, ...part) as string[]));
    }
    return out;
  };
  const markShown = (target: string, storyId: number, articleIds: number[], sentenceKeys: string[], at: string): void => {
    for (const id of new Set(articleIds)) st.show.run(target, 'article', String(id), storyId, at);
    for (const k of new Set(sentenceKeys)) st.show.run(target, 'sentence', k, storyId, at);
  };
  const claim = db.transaction((c: Parameters<UpdateLedger['claimUpdate']>[0], now: string): boolean => {
    if (st.claim.run({ target: c.target, storyId: c.storyId, seq: c.seq, platform: c.platform, owner: c.owner, nonce: c.nonce, payload: c.payload, now }).changes !== 1) return false;
    markShown(c.target, c.storyId, c.articleIds, c.sentenceKeys, now);
    return true;
  });
  return {
    shown(target, storyId, articleIds, sentenceKeys) {
      const last = st.latest.get(target, storyId) as { seq: number; at: string } | undefined;
      return {
        seq: last?.seq ?? 0,
        ...(last ? { lastAt: last.at } : {}),
        articleIds: new Set(shownKeys(target, 'article', [...new Set(articleIds)].map(String)).map(Number)),
        sentenceKeys: new Set(shownKeys(target, 'sentence', [...new Set(sentenceKeys)])),
      };
    },
    markShown: db.transaction(markShown),
    claimUpdate: (c, now) => claim(c, now),
    takeOverUpdates: (owner, platforms, limit, now, staleMs, prefix, deadMs) =>
      limit <= 0 || platforms.length === 0
        ? []
        : (st.takeOver.all({
          owner, now, staleBefore: new Date(Date.parse(now) - staleMs).toISOString(), platforms: JSON.stringify(platforms), prefix, limit,
          deadSeconds: deadMs === undefined ? null : deadMs / 1000,
        }) as Row[]).map(toDelivery),
    renewUpdates: (owner, now) => st.renew.run(now, owner).changes,
    finishUpdate: (target, storyId, seq, owner, o, now) =>
      o.status === 'retry'
        ? st.retry.run({ target, storyId, seq, owner, retryAt: o.retryAt ?? now, error: o.error ?? null }).changes === 1
        : st.finish.run({ target, storyId, seq, owner, status: o.status, messageRef: o.messageRef ?? null, error: o.error ?? null, now }).changes === 1,
    getUpdate(target, storyId, seq) {
      const r = st.get.get(target, storyId, seq) as Row | undefined;
      return r ? toDelivery(r) : undefined;
    },
  };
}

/** The digest messages of posted stories on SQLite (story_threads, migration 15). */
export function sqliteThreads(db: Database.Database): SyncPort<ThreadStore> {
  const st = {
    record: db.prepare(`INSERT INTO story_threads (subscription_id, story_id, message_ref, posted_at, checked_at, not_before)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, story_id) DO UPDATE SET message_ref = excluded.message_ref,
      posted_at = excluded.posted_at, checked_at = excluded.checked_at, not_before = excluded.not_before`),
    due: db.prepare(`SELECT t.subscription_id AS subscriptionId, t.story_id AS storyId, st.id AS liveStoryId, s.channel_id AS channelId,
        s.workspace_id AS workspaceId, t.message_ref AS messageRef, t.posted_at AS postedAt, st.last_ingested_at AS lastIngestedAt,
        t.checked_at AS checkedAt
      FROM story_threads t
      JOIN subscriptions s ON s.id = t.subscription_id
      JOIN stories st ON st.id = coalesce((SELECT a.story_id FROM story_aliases a WHERE a.alias_id = t.story_id), t.story_id)
      WHERE t.posted_at >= ? AND t.not_before <= ? AND st.last_ingested_at > t.checked_at
        AND s.updates = 'thread' AND s.enabled = 1 AND s.paused_reason IS NULL
        AND substr(s.channel_id, 1, instr(s.channel_id, ':') - 1) IN (SELECT value FROM json_each(?))
      ORDER BY st.last_ingested_at, t.subscription_id, t.story_id LIMIT ?`),
    check: db.prepare('UPDATE story_threads SET checked_at = ?, not_before = ? WHERE subscription_id = ? AND story_id = ?'),
  };
  return {
    recordThreads: db.transaction((subscriptionId: number, messageRef: string, storyIds: number[], postedAt: string) => {
      for (const id of new Set(storyIds)) st.record.run(subscriptionId, id, messageRef, postedAt, postedAt, postedAt);
    }),
    dueThreads: (platforms, now, since, limit) =>
      limit <= 0 || platforms.length === 0 ? [] : (st.due.all(since, now, JSON.stringify(platforms), limit) as StoryThread[]),
    checkThread(subscriptionId, storyId, checkedAt, notBefore) {
      st.check.run(checkedAt, notBefore, subscriptionId, storyId);
    },
  };
}
