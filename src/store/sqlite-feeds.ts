// Feeds and the feed items already seen, on SQLite (part of the SQLite Store; migrations 5 and 11).
import type Database from 'better-sqlite3';
import type { SyncPort } from './gate.js';
import { BUMP_STORIES_STAMP } from './stamps.js';
import type { FeedStore } from './ports.js';
import type { Feed, FeedPatch } from './types.js';

/** `ms` after the ISO time `iso` (leases on SQLite: one machine, so the app's clock is the lease clock). */
const after = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

interface FeedRow {
  id: number;
  workspace_id: string;
  url: string;
  title: string | null;
  site_url: string | null;
  topics: string;
  interval_minutes: number;
  fetch_pages: number;
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
  topics: JSON.parse(r.topics) as string[],
  intervalMinutes: r.interval_minutes,
  fetchPages: r.fetch_pages === 1,
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

/** Patch field → column. */
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

export function sqliteFeeds(db: Database.Database): SyncPort<FeedStore> {
  const st = {
    insert: db.prepare(`INSERT INTO feeds (workspace_id, url, title, site_url, topics, interval_minutes, fetch_pages,
      added_by, added_in, added_at, next_poll_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (workspace_id, url) DO NOTHING`),
    byUrl: db.prepare('SELECT * FROM feeds WHERE workspace_id = ? AND url = ?'),
    byId: db.prepare('SELECT * FROM feeds WHERE id = ?'),
    all: db.prepare('SELECT * FROM feeds ORDER BY id'),
    ofWorkspace: db.prepare('SELECT * FROM feeds WHERE workspace_id = ? ORDER BY id'),
    remove: db.prepare('DELETE FROM feeds WHERE workspace_id = ? AND id = ?'),
    due: db.prepare(`SELECT * FROM feeds WHERE disabled_reason IS NULL AND next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?`),
    lease: db.prepare(`UPDATE feeds SET lease_owner = @owner, lease_until = @until
      WHERE id IN (SELECT id FROM feeds WHERE disabled_reason IS NULL AND next_poll_at <= @now
                     AND (lease_until IS NULL OR lease_until <= @now) ORDER BY next_poll_at, id LIMIT @limit)
      RETURNING *`),
    release: db.prepare('UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?'),
    leaseHost: db.prepare(`INSERT INTO host_leases (host, owner, until) VALUES (@host, @owner, @until)
      ON CONFLICT (host) DO UPDATE SET owner = excluded.owner, until = excluded.until
      WHERE host_leases.until <= @now OR host_leases.owner = excluded.owner`),
    releaseHost: db.prepare('DELETE FROM host_leases WHERE host = ? AND owner = ?'),
    settings: db.prepare('UPDATE feeds SET topics = ?, interval_minutes = ?, fetch_pages = ? WHERE id = ?'),
    seen: db.prepare('SELECT 1 FROM feed_items WHERE feed_id = ? AND guid = ?'),
    markSeen: db.prepare(`INSERT INTO feed_items (feed_id, guid, article_id, first_seen) VALUES (?, ?, ?, ?)
      ON CONFLICT (feed_id, guid) DO NOTHING`),
    sortAt: db.prepare('SELECT sort_at FROM articles WHERE id = ?'),
    bumpStamp: db.prepare(BUMP_STORIES_STAMP),
    tag: db.prepare(`INSERT INTO article_tags (article_id, kind, value, score, sort_at) VALUES (?, 'topic', ?, 1, ?)
      ON CONFLICT (article_id, kind, value) DO NOTHING`),
  };
  const updates = new Map<string, Database.Statement>();

  return {
    addFeed(f, now) {
      const r = st.insert.run(f.workspaceId, f.url, f.title ?? null, f.siteUrl ?? null, JSON.stringify(f.topics),
        f.intervalMinutes, f.fetchPages ? 1 : 0, f.addedBy ?? null, f.addedIn ?? null, now, f.nextPollAt);
      return { feed: toFeed(st.byUrl.get(f.workspaceId, f.url) as FeedRow), created: r.changes > 0 };
    },
    getFeed(id) {
      const r = st.byId.get(id) as FeedRow | undefined;
      return r ? toFeed(r) : undefined;
    },
    listFeeds: (workspaceId) => ((workspaceId === undefined ? st.all.all() : st.ofWorkspace.all(workspaceId)) as FeedRow[]).map(toFeed),
    removeFeed: (workspaceId, id) => st.remove.run(workspaceId, id).changes > 0,
    dueFeeds: (now, limit) => (st.due.all(now, limit) as FeedRow[]).map(toFeed),
    leaseDueFeeds: (owner, now, leaseMs, limit) =>
      (st.lease.all({ owner, now, until: after(now, leaseMs), limit }) as FeedRow[]).map(toFeed).sort((a, b) => (a.nextPollAt < b.nextPollAt ? -1 : a.nextPollAt > b.nextPollAt ? 1 : a.id - b.id)),
    releaseFeed: (id, owner) => st.release.run(id, owner).changes === 1,
    leaseHost: (host, owner, now, leaseMs) => st.leaseHost.run({ host, owner, now, until: after(now, leaseMs) }).changes === 1,
    releaseHost: (host, owner) => st.releaseHost.run(host, owner).changes === 1,
    updateFeed(id, patch) {
      const keys = (Object.keys(patch) as (keyof FeedPatch)[]).filter((k) => k !== 'addArticles' && patch[k] !== undefined).sort();
      const sets = keys.map((k) => `${COLUMNS[k as Exclude<keyof FeedPatch, 'addArticles'>]} = @${k}`);
      if (patch.addArticles) sets.push('article_count = article_count + @addArticles');
      if (sets.length === 0) return;
      const sql = `UPDATE feeds SET ${sets.join(', ')} WHERE id = @id`;
      let stmt = updates.get(sql);
      if (!stmt) updates.set(sql, (stmt = db.prepare(sql)));
      const params: Record<string, string | number | null> = { id };
      for (const k of keys) params[k] = patch[k] as string | number | null;
      if (patch.addArticles) params.addArticles = patch.addArticles;
      stmt.run(params);
    },
    updateFeedSettings(id, s) {
      st.settings.run(JSON.stringify(s.topics), s.intervalMinutes, s.fetchPages ? 1 : 0, id);
    },
    seenItems(feedId, guids) {
      const out = new Set<string>();
      for (const g of guids) if (st.seen.get(feedId, g) !== undefined) out.add(g);
      return out;
    },
    markSeen(feedId, guid, articleId, at) {
      st.markSeen.run(feedId, guid, articleId ?? null, at);
    },
    addArticleTopics(articleId, topics) {
      const row = st.sortAt.get(articleId) as { sort_at: string } | undefined;
      if (!row) return;
      let added = 0;
      for (const t of topics) added += st.tag.run(articleId, t, row.sort_at).changes;
      if (added > 0) st.bumpStamp.run();
    },
  };
}
