// Feeds and the feed items already seen, and the feed and host leases of several instances, on PostgreSQL (part of the
// PostgreSQL store).
import type { Db } from './pg-db.js';
import { BUMP_STORIES_STAMP } from './stamps.js';
import type { FeedStore } from './ports.js';
import type { Feed, FeedPatch } from './types.js';

interface FeedRow {
  id: number;
  workspace_id: string;
  url: string;
  title: string | null;
  site_url: string | null;
  topics: string[];
  interval_minutes: number;
  fetch_pages: boolean;
  added_by: string | null;
  added_in: string | null;
  added_at: string;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  failures: number;
  failing_since: string | null;
  next_poll_at: string;
  disabled_reason: string | null;
  article_count: number;
}

const opt = <K extends string>(key: K, v: string | null): { [P in K]?: string } =>
  (v === null ? {} : { [key]: v }) as { [P in K]?: string };

const toFeed = (r: FeedRow): Feed => ({
  id: r.id,
  workspaceId: r.workspace_id,
  url: r.url,
  topics: r.topics,
  intervalMinutes: r.interval_minutes,
  fetchPages: r.fetch_pages,
  addedAt: r.added_at,
  failures: r.failures,
  nextPollAt: r.next_poll_at,
  articleCount: r.article_count,
  ...opt('title', r.title),
  ...opt('siteUrl', r.site_url),
  ...opt('addedBy', r.added_by),
  ...opt('addedIn', r.added_in),
  ...opt('etag', r.etag),
  ...opt('lastModified', r.last_modified),
  ...opt('lastPolledAt', r.last_polled_at),
  ...opt('lastOkAt', r.last_ok_at),
  ...opt('lastError', r.last_error),
  ...opt('failingSince', r.failing_since),
  ...opt('disabledReason', r.disabled_reason),
});

/**
 * The end of a lease lasting the milliseconds in parameter `p`, by the database's clock (statement_timestamp()), as is
 * every lease comparison here: the clocks of the machines the instances run on never decide whether a lease ran out.
 * Due-ness (next_poll_at) stays the app's clock.
 */
const UNTIL = (p: string): string => `statement_timestamp() + ${p}::float8 * interval '1 millisecond'`;

/** Patch field → column (a fixed list: no name from outside ever reaches the SQL). */
const COLUMNS: Record<Exclude<keyof FeedPatch, 'addArticles'>, string> = {
  title: 'title',
  siteUrl: 'site_url',
  etag: 'etag',
  lastModified: 'last_modified',
  lastPolledAt: 'last_polled_at',
  lastOkAt: 'last_ok_at',
  lastError: 'last_error',
  failures: 'failures',
  failingSince: 'failing_since',
  nextPollAt: 'next_poll_at',
  disabledReason: 'disabled_reason',
};

export function pgFeeds(db: Db): FeedStore {
  const feeds = async (sql: string, params: unknown[]): Promise<Feed[]> => (await db.query<FeedRow>(sql, params)).rows.map(toFeed);
  return {
    async addFeed(f, now) {
      const inserted = await feeds(`INSERT INTO feeds (workspace_id, url, title, site_url, topics, interval_minutes, fetch_pages,
          added_by, added_in, added_at, next_poll_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (workspace_id, url) DO NOTHING RETURNING *`,
      [f.workspaceId, f.url, f.title ?? null, f.siteUrl ?? null, f.topics, f.intervalMinutes, f.fetchPages, f.addedBy ?? null,
        f.addedIn ?? null, now, f.nextPollAt]);
      if (inserted[0]) return { feed: inserted[0], created: true };
      const [existing] = await feeds('SELECT * FROM feeds WHERE workspace_id = $1 AND url = $2', [f.workspaceId, f.url]);
      return { feed: existing as Feed, created: false };
    },
    getFeed: async (id) => (await feeds('SELECT * FROM feeds WHERE id = $1', [id]))[0],
    listFeeds: (workspaceId) =>
      workspaceId === undefined ? feeds('SELECT * FROM feeds ORDER BY id', []) : feeds('SELECT * FROM feeds WHERE workspace_id = $1 ORDER BY id', [workspaceId]),
    removeFeed: async (workspaceId, id) => ((await db.query('DELETE FROM feeds WHERE workspace_id = $1 AND id = $2', [workspaceId, id])).rowCount ?? 0) > 0,
    dueFeeds: (now, limit) =>
      feeds('SELECT * FROM feeds WHERE disabled_reason IS NULL AND next_poll_at <= $1 ORDER BY next_poll_at, id LIMIT $2', [now, limit]),
    // SKIP LOCKED: a feed another instance is leasing right now is passed over, and re-checked if it changed first.
    leaseDueFeeds: async (owner, now, leaseMs, limit) =>
      (await feeds(`UPDATE feeds f SET lease_owner = $1, lease_until = ${UNTIL('$2')}
        FROM (SELECT id FROM feeds WHERE disabled_reason IS NULL AND next_poll_at <= $3
                AND (lease_until IS NULL OR lease_until <= statement_timestamp())
              ORDER BY next_poll_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) c
        WHERE f.id = c.id RETURNING f.*`, [owner, leaseMs, now, limit]))
        .sort((a, b) => (a.nextPollAt < b.nextPollAt ? -1 : a.nextPollAt > b.nextPollAt ? 1 : a.id - b.id)),
    releaseFeed: async (id, owner) =>
      ((await db.query('UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2', [id, owner])).rowCount ?? 0) === 1,
    leaseHost: async (host, owner, _now, leaseMs) =>
      ((await db.query(`INSERT INTO host_leases (host, owner, until) VALUES ($1, $2, ${UNTIL('$3')})
        ON CONFLICT (host) DO UPDATE SET owner = excluded.owner, until = excluded.until
        WHERE host_leases.until <= statement_timestamp() OR host_leases.owner = excluded.owner`, [host, owner, leaseMs])).rowCount ?? 0) === 1,
    releaseHost: async (host, owner) =>
      ((await db.query('DELETE FROM host_leases WHERE host = $1 AND owner = $2', [host, owner])).rowCount ?? 0) === 1,
    async updateFeed(id, patch) {
      const keys = (Object.keys(patch) as (keyof FeedPatch)[]).filter((k) => k !== 'addArticles' && patch[k] !== undefined).sort();
      const params: unknown[] = [id];
      const sets = keys.map((k) => {
        params.push(patch[k]);
        return `${COLUMNS[k as Exclude<keyof FeedPatch, 'addArticles'>]} = $${params.length}`;
      });
      if (patch.addArticles) {
        params.push(patch.addArticles);
        sets.push(`article_count = article_count + $${params.length}`);
      }
      if (sets.length === 0) return;
      await db.query(`UPDATE feeds SET ${sets.join(', ')} WHERE id = $1`, params);
    },
    async updateFeedSettings(id, s) {
      await db.query('UPDATE feeds SET topics = $2, interval_minutes = $3, fetch_pages = $4 WHERE id = $1', [id, s.topics, s.intervalMinutes, s.fetchPages]);
    },
    async seenItems(feedId, guids) {
      if (guids.length === 0) return new Set();
      const r = await db.query<{ guid: string }>('SELECT guid FROM feed_items WHERE feed_id = $1 AND guid = ANY($2::text[])', [feedId, guids]);
      return new Set(r.rows.map((x) => x.guid));
    },
    async markSeen(feedId, guid, articleId, at) {
      await db.query(`INSERT INTO feed_items (feed_id, guid, article_id, first_seen) VALUES ($1, $2, $3, $4)
        ON CONFLICT (feed_id, guid) DO NOTHING`, [feedId, guid, articleId ?? null, at]);
    },
    async addArticleTopics(articleId, topics) {
      if (topics.length === 0) return;
      const r = await db.query(`INSERT INTO article_tags (article_id, kind, value, score, sort_at)
        SELECT a.id, 'topic', t, 1, a.sort_at FROM articles a, unnest($2::text[]) AS t WHERE a.id = $1
        ON CONFLICT (article_id, kind, value) DO NOTHING`, [articleId, topics]);
      if ((r.rowCount ?? 0) > 0) await db.query(BUMP_STORIES_STAMP);
    },
  };
}
