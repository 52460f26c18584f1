// SQLite implementation of the Store port (better-sqlite3, WAL, FTS5 with bm25).
// Query shapes: rank inside the FTS scan, join articles only for hits (docs/decisions/001-core-engine.md).
import type Database from 'better-sqlite3';
import type { Article, Story, StorySource, Tag } from '../types.js';
import type { Clock } from '../clock.js';
import { MIGRATIONS } from './migrations.js';
import { sortTime } from './sort-time.js';
import { sqliteSubscriptions } from './sqlite-subscriptions.js';
import { sqliteFeeds } from './sqlite-feeds.js';
import { sqliteLlm } from './sqlite-llm.js';
import { DEFAULT_BUSY_TIMEOUT_MS, describeDatabaseError, openDatabase, probeWrite } from './sqlite-access.js';
import { rebuildStories } from './sqlite-rebuild.js';
import { sqliteStoryState } from './sqlite-stories.js';
import { outletOf } from '../stories/timeline.js';
import { firstReportedBy, type OriginMember } from '../stories/origin.js';
import type { NewArticle, SearchHit, SearchQuery, Store, StoreStats, StoredTopic, StoryCandidate } from './types.js';

const KIND_ORDER: Record<Tag['kind'], number> = { topic: 0, person: 1, place: 2, org: 3, keyword: 4 };

/** bm25 column weights: title, body, summary, tags. A title hit says far more than one in a long body. */
const BM25 = 'bm25(articles_fts, 8.0, 1.0, 2.0, 3.0)';

interface ArticleRow {
  id: number;
  url: string | null;
  source: string | null;
  title: string;
  author: string | null;
  published_at: string | null;
  ingested_at: string;
  body: string;
  summary: string;
  gist: string;
  lang: string;
  story_id: number;
}

interface StoryRow {
  id: number;
  headline_article_id: number;
  first_seen: string;
  last_seen: string;
  article_count: number;
  title: string;
  gist: string;
  url: string | null;
  published_at: string | null;
}

/** Display name of a source: its name, else the URL's host without "www.", else undefined. */
export function sourceName(source: string | null | undefined, url: string | null | undefined): string | undefined {
  if (source) return source;
  if (url) {
    try {
      return new URL(url).hostname.replace(/^www\./, '');
    } catch {
      /* not a URL: fall through */
    }
  }
  return undefined;
}

/** Sorts tags: topics, people, places, organizations, keywords; within a kind by score. */
export function sortTags(tags: Tag[]): Tag[] {
  return [...tags].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (b.score ?? 0) - (a.score ?? 0));
}

/** Newest full-text matches scored per search (see search()). */
export const FTS_SCAN = 600;

/** Keeps articles the tagger filed under a topic (checked per hit through the tags primary key). */
const TOPIC_FILTER = `EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.kind = 'topic' AND t.value = @topicTag)`;

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/**
 * Opens (creating folder and file as needed) a SQLite store and applies pending migrations. `now` stamps every time it
 * writes. `busyTimeoutMs` is how long one statement waits for another connection's lock (it blocks the thread): the
 * CLI waits 5 s, the running service briefly and retries asynchronously (see sqlite-access.ts). Errors name the file.
 */
export function createSqliteStore(file: string, now: Clock, opts: { busyTimeoutMs?: number } = {}): Store {
  const busyTimeoutMs = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  // Opening and migrating may wait the CLI's 5 s for a lock: nothing else runs yet.
  const db = openDatabase(file, Math.max(busyTimeoutMs, DEFAULT_BUSY_TIMEOUT_MS));
  try {
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 64 MB page cache: FTS5 index merges and the story-band lookups of a large batch stay in memory.
    db.pragma('cache_size = -65536');
    migrate(db, now);
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
  } catch (err) {
    db.close();
    throw new Error(describeDatabaseError(file, err), { cause: err });
  }

  const st = {
    byHash: db.prepare('SELECT id, content_hash AS contentHash, story_id AS storyId FROM articles WHERE content_hash = ?'),
    byUrl: db.prepare('SELECT id, content_hash AS contentHash, story_id AS storyId FROM articles WHERE url = ?'),
    insertArticle: db.prepare(`INSERT INTO articles (content_hash, url, source, title, author, published_at, sort_at,
      ingested_at, body, summary, gist, lang, story_id, fingerprint)
      VALUES (@contentHash, @url, @source, @title, @author, @publishedAt, @sortAt, @ingestedAt, @body, @summary, @gist,
      @lang, @storyId, @fingerprint)`),
    updateArticle: db.prepare(`UPDATE articles SET content_hash=@contentHash, source=@source, title=@title,
      author=@author, published_at=@publishedAt, sort_at=@sortAt, ingested_at=@ingestedAt, body=@body, summary=@summary,
      gist=@gist, lang=@lang, fingerprint=@fingerprint WHERE id=@id`),
    insertStory: db.prepare(`INSERT INTO stories (headline_article_id, first_seen, last_seen, last_ingested_at, article_count)
      VALUES (0, ?, ?, ?, 0)`),
    setHeadline: db.prepare('UPDATE stories SET headline_article_id = ? WHERE id = ?'),
    touchStory: db.prepare(`UPDATE stories SET first_seen = min(first_seen, @sortAt), last_seen = max(last_seen, @sortAt),
      last_ingested_at = max(last_ingested_at, @ingestedAt), article_count = article_count + @delta WHERE id = @id`),
    insertTag: db.prepare('INSERT OR IGNORE INTO article_tags (article_id, kind, value, score, sort_at) VALUES (?, ?, ?, ?, ?)'),
    deleteTags: db.prepare('DELETE FROM article_tags WHERE article_id = ?'),
    band: db.prepare('SELECT article_id FROM story_bands WHERE key = ? ORDER BY article_id DESC LIMIT 50'),
    candidate: db.prepare('SELECT id AS articleId, story_id AS storyId, fingerprint FROM articles WHERE id = ?'),
    insertBand: db.prepare('INSERT OR IGNORE INTO story_bands (key, article_id) VALUES (?, ?)'),
    deleteBands: db.prepare('DELETE FROM story_bands WHERE article_id = ?'),
    insertFts: db.prepare('INSERT INTO articles_fts (rowid, title, body, summary, tags) VALUES (?, ?, ?, ?, ?)'),
    deleteFts: db.prepare('DELETE FROM articles_fts WHERE rowid = ?'),
    getArticle: db.prepare('SELECT * FROM articles WHERE id = ?'),
    tagsOf: db.prepare('SELECT kind, value, score FROM article_tags WHERE article_id = ?'),
    latest: db.prepare(`SELECT max(a.sort_at) AS latest FROM articles_fts f JOIN articles a ON a.id = f.rowid
      WHERE articles_fts MATCH @match`),
    latestTag: db.prepare(`SELECT max(sort_at) AS latest FROM article_tags WHERE kind = 'topic' AND value = @topicTag`),
    latestTagged: db.prepare(`SELECT max(a.sort_at) AS latest FROM articles_fts f JOIN articles a ON a.id = f.rowid
      WHERE articles_fts MATCH @match AND ${TOPIC_FILTER}`),
    topTags: db.prepare(`SELECT value, count(*) AS count FROM article_tags WHERE kind = ? GROUP BY value
      ORDER BY count DESC, value LIMIT ?`),
    listTopics: db.prepare(`SELECT name, keywords, created_by, created_at FROM topics WHERE workspace_id = ?
      ORDER BY name`),
    ensureWorkspace: db.prepare('INSERT OR IGNORE INTO workspaces (id, created_at) VALUES (?, ?)'),
    saveTopic: db.prepare(`INSERT INTO topics (workspace_id, name, keywords, created_by, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (workspace_id, name) DO UPDATE SET keywords = excluded.keywords, created_by = excluded.created_by`),
    topicExists: db.prepare('SELECT 1 FROM topics WHERE workspace_id = ? AND name = ?'),
    removeTopic: db.prepare('DELETE FROM topics WHERE workspace_id = ? AND name = ?'),
    alias: db.prepare('SELECT story_id FROM story_aliases WHERE alias_id = ?').pluck(),
    storyArticleIds: db.prepare('SELECT id FROM articles WHERE story_id = ? ORDER BY sort_at, id').pluck(),
    allArticleIds: db.prepare('SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT 500').pluck(),
    storyRow: db.prepare('SELECT first_seen, last_seen, last_ingested_at, article_count FROM stories WHERE id = ?'),
    moveArticles: db.prepare('UPDATE articles SET story_id = ? WHERE story_id = ?'),
    absorb: db.prepare(`UPDATE stories SET first_seen = min(first_seen, @first), last_seen = max(last_seen, @last),
      last_ingested_at = max(last_ingested_at, @ingested), article_count = article_count + @count WHERE id = @id`),
    deleteStory: db.prepare('DELETE FROM stories WHERE id = ?'),
    offerHeadline: db.prepare(`UPDATE stories SET headline_article_id = @articleId, headline_score = @score
      WHERE id = @storyId AND (headline_score < @score OR headline_article_id = @articleId)`),
    addAlias: db.prepare('INSERT OR REPLACE INTO story_aliases (alias_id, story_id, merged_at) VALUES (?, ?, ?)'),
    repointAliases: db.prepare('UPDATE story_aliases SET story_id = ? WHERE story_id = ?'),
    carryPosted: db.prepare(`INSERT INTO digest_stories (subscription_id, story_id, article_count, posted_at)
      SELECT subscription_id, @into, article_count, posted_at FROM digest_stories WHERE story_id = @from
      ON CONFLICT (subscription_id, story_id) DO UPDATE SET article_count = max(article_count, excluded.article_count)`),
  };

  const resolveStory = (id: number): number => {
    let x = id;
    for (let i = 0; i < 32; i++) {
      const next = st.alias.get(x) as number | undefined;
      if (next === undefined || next === x) return x;
      x = next;
    }
    return x;
  };

  const writeIndexes = (id: number, a: NewArticle): void => {
    const sortAt = sortTime(a);
    for (const t of a.tags) st.insertTag.run(id, t.kind, t.value, t.score ?? null, sortAt);
    for (const k of a.bandKeys) st.insertBand.run(k, id);
    st.insertFts.run(id, a.title, a.body, a.summary, a.tags.map((t) => t.value).join(' ; '));
  };

  const row = (a: NewArticle, storyId: number) => ({
    contentHash: a.contentHash,
    url: a.url ?? null,
    source: a.source ?? null,
    title: a.title,
    author: a.author ?? null,
    publishedAt: a.publishedAt ?? null,
    sortAt: sortTime(a),
    ingestedAt: a.ingestedAt,
    body: a.body,
    summary: a.summary,
    gist: a.gist,
    lang: a.lang,
    storyId,
    fingerprint: a.fingerprint,
  });

  /** Articles tagged with a topic, newest first: one range of the (kind, value, sort_at) index. Rank = -tag score. */
  const searchTagged = (q: SearchQuery): SearchHit[] => {
    const where = [`t.kind = 'topic'`, 't.value = @topicTag'];
    if (q.since) where.push('t.sort_at >= @since');
    if (q.until) where.push('t.sort_at <= @until');
    const join = q.ingestedAfter ? 'JOIN stories s ON s.id = a.story_id' : '';
    if (q.ingestedAfter) where.push('s.last_ingested_at > @ingestedAfter');
    const sql = `SELECT a.id AS articleId, a.story_id AS storyId, t.sort_at AS sortAt, -coalesce(t.score, 1) AS rank
      FROM article_tags t JOIN articles a ON a.id = t.article_id ${join}
      WHERE ${where.join(' AND ')} ORDER BY t.sort_at DESC LIMIT @limit`;
    const params: Record<string, string | number> = { topicTag: q.topicTag ?? '', limit: q.limit };
    if (q.since) params.since = q.since;
    if (q.until) params.until = q.until;
    if (q.ingestedAfter) params.ingestedAfter = q.ingestedAfter;
    return db.prepare(sql).all(params) as SearchHit[];
  };

  const topTagsCache = new Map<string, { at: number; rows: { value: string; count: number }[] }>();

  const store: Store = {
    ...sqliteSubscriptions(db, now),
    ...sqliteLlm(db, now),
    ...sqliteFeeds(db),
    transaction: (fn) => db.transaction(fn)(),
    storyState: sqliteStoryState(db),
    resolveStory,
    rebuildStories: (at) => rebuildStories(db, at),

    offerHeadline(storyId, articleId, score) {
      st.offerHeadline.run({ storyId, articleId, score });
    },

    mergeStories(into, from, at) {
      db.transaction(() => {
        for (const id of from) {
          if (id === into) continue;
          const r = st.storyRow.get(id) as
            | { first_seen: string; last_seen: string; last_ingested_at: string; article_count: number }
            | undefined;
          if (!r) continue;
          st.moveArticles.run(into, id);
          st.absorb.run({ id: into, first: r.first_seen, last: r.last_seen, ingested: r.last_ingested_at, count: r.article_count });
          st.carryPosted.run({ into, from: id });
          st.deleteStory.run(id);
          st.repointAliases.run(into, id);
          st.addAlias.run(id, into, at);
        }
      })();
    },

    findExisting(contentHash, url) {
      const hit = st.byHash.get(contentHash) ?? (url ? st.byUrl.get(url) : undefined);
      return hit as { id: number; contentHash: string; storyId: number } | undefined;
    },

    storyCandidates(bandKeys, limit) {
      // One indexed lookup per key (prepared once), then the articles sharing the most keys, newest first on ties.
      const shared = new Map<number, number>();
      for (const k of bandKeys.slice(0, 200)) {
        for (const id of st.band.pluck().all(k) as number[]) shared.set(id, (shared.get(id) ?? 0) + 1);
      }
      const ids = [...shared].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, limit).map(([id]) => id);
      return ids.map((id) => st.candidate.get(id) as StoryCandidate);
    },

    insertArticle(a, storyId) {
      const sortAt = sortTime(a);
      let sid = storyId;
      if (sid === null) sid = Number(st.insertStory.run(sortAt, sortAt, a.ingestedAt).lastInsertRowid);
      const id = Number(st.insertArticle.run(row(a, sid)).lastInsertRowid);
      if (storyId === null) st.setHeadline.run(id, sid);
      st.touchStory.run({ id: sid, sortAt, ingestedAt: a.ingestedAt, delta: 1 });
      writeIndexes(id, a);
      return { articleId: id, storyId: sid };
    },

    updateArticle(id, a) {
      const current = st.getArticle.get(id) as ArticleRow | undefined;
      if (!current) throw new Error(`article ${id} does not exist`);
      st.updateArticle.run({ ...row(a, current.story_id), id });
      st.deleteTags.run(id);
      st.deleteBands.run(id);
      st.deleteFts.run(id);
      writeIndexes(id, a);
      st.touchStory.run({ id: current.story_id, sortAt: sortTime(a), ingestedAt: a.ingestedAt, delta: 0 });
    },

    storyArticles(id) {
      const ids = st.storyArticleIds.all(resolveStory(id)) as number[];
      return ids.map((a) => store.getArticle(a)).filter((a): a is Article => a !== undefined);
    },

    *eachArticle() {
      // Pages of ids, then one article at a time: no statement stays open across the caller's work.
      let after = 0;
      for (;;) {
        const ids = st.allArticleIds.all(after) as number[];
        if (ids.length === 0) return;
        for (const a of ids) {
          const article = store.getArticle(a);
          if (article) yield article;
        }
        after = ids[ids.length - 1] as number;
      }
    },

    getArticle(id) {
      const r = st.getArticle.get(id) as ArticleRow | undefined;
      if (!r) return undefined;
      const article: Article = {
        id: r.id,
        url: opt(r.url),
        source: opt(r.source),
        title: r.title,
        author: opt(r.author),
        publishedAt: opt(r.published_at),
        ingestedAt: r.ingested_at,
        body: r.body,
        summary: r.summary,
        gist: r.gist,
        lang: r.lang,
        tags: sortTags((st.tagsOf.all(r.id) as { kind: Tag['kind']; value: string; score: number | null }[]).map(
          (t) => (t.score === null ? { kind: t.kind, value: t.value } : { kind: t.kind, value: t.value, score: t.score }),
        )),
        storyId: r.story_id,
      };
      return article;
    },

    search(q: SearchQuery): SearchHit[] {
      if (q.match === undefined) return searchTagged(q);
      const where: string[] = [];
      if (q.since) where.push('a.sort_at >= @since');
      if (q.until) where.push('a.sort_at <= @until');
      if (q.topicTag) where.push(TOPIC_FILTER);
      const join = q.ingestedAfter ? 'JOIN stories s ON s.id = a.story_id' : '';
      if (q.ingestedAfter) where.push('s.last_ingested_at > @ingestedAfter');
      // bm25 costs ~8 µs a row: score only the newest FTS_SCAN matches (rowids grow with ingest, and FTS5 walks
      // them newest-first without sorting), then filter the window and rank. Rare queries see every match.
      const sql = `SELECT a.id AS articleId, a.story_id AS storyId, a.sort_at AS sortAt, f.rank AS rank
        FROM (SELECT rowid AS id, ${BM25} AS rank FROM articles_fts WHERE articles_fts MATCH @match
              ORDER BY rowid DESC LIMIT ${FTS_SCAN}) f
        JOIN articles a ON a.id = f.id ${join}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.rank LIMIT @limit`;
      const params: Record<string, string | number> = { match: q.match, limit: q.limit };
      if (q.since) params.since = q.since;
      if (q.until) params.until = q.until;
      if (q.ingestedAfter) params.ingestedAfter = q.ingestedAfter;
      if (q.topicTag) params.topicTag = q.topicTag;
      return db.prepare(sql).all(params) as SearchHit[];
    },

    latestMatch(match, topicTag) {
      const r = (match === undefined
        ? st.latestTag.get({ topicTag: topicTag ?? '' })
        : topicTag ? st.latestTagged.get({ match, topicTag }) : st.latest.get({ match })) as { latest: string | null } | undefined;
      return r?.latest ?? undefined;
    },

    getStories(requested) {
      if (requested.length === 0) return [];
      // Merged-away ids stand for their survivor (links and More pages made before a merge keep working).
      const ids = [...new Set(requested.map(resolveStory))];
      const marks = ids.map(() => '?').join(',');
      const rows = db.prepare(`SELECT s.id, s.headline_article_id, s.first_seen, s.last_seen, s.article_count,
          a.title, a.gist, a.url, a.published_at
        FROM stories s JOIN articles a ON a.id = s.headline_article_id WHERE s.id IN (${marks})`).all(...ids) as StoryRow[];
      const members = db.prepare(`SELECT story_id AS storyId, source, url, sort_at AS at,
          title || ' ' || substr(body, 1, 1500) AS text FROM articles WHERE story_id IN (${marks})
        ORDER BY sort_at, id`).all(...ids) as { storyId: number; source: string | null; url: string | null; at: string; text: string }[];
      const sources = new Map<number, StorySource[]>();
      const origins = new Map<number, OriginMember[]>();
      for (const m of members) {
        const outlet = outletOf(m.source, m.url);
        const members = origins.get(m.storyId) ?? [];
        members.push({ ...(outlet ? { outlet } : {}), at: m.at, text: m.text });
        origins.set(m.storyId, members);
        // One entry per outlet (source name, else the URL's registrable domain), earliest first.
        const list = sources.get(m.storyId) ?? [];
        if (outlet !== undefined && !list.some((s) => s.name === outlet)) list.push(m.url ? { name: outlet, url: m.url } : { name: outlet });
        sources.set(m.storyId, list);
      }
      // A headline article without a URL still gets a link: the best of its story's other sources (https first,
      // then the earliest report).
      const bestUrl = new Map<number, string>();
      for (const m of members) {
        if (!m.url || !/^https?:\/\//i.test(m.url)) continue;
        const have = bestUrl.get(m.storyId);
        if (have === undefined || (!/^https:/i.test(have) && /^https:/i.test(m.url))) bestUrl.set(m.storyId, m.url);
      }
      const byId = new Map<number, Story>();
      for (const r of rows) {
        const url = r.url ?? bestUrl.get(r.id);
        const tags = (st.tagsOf.all(r.headline_article_id) as { kind: Tag['kind']; value: string; score: number | null }[])
          .map((t): Tag => ({ kind: t.kind, value: t.value, ...(t.score === null ? {} : { score: t.score }) }));
        byId.set(r.id, {
          id: r.id,
          headline: r.title,
          summary: r.gist,
          ...(url ? { url } : {}),
          ...(r.published_at ? { publishedAt: r.published_at } : {}),
          sources: sources.get(r.id) ?? [],
          articleCount: r.article_count,
          firstSeen: r.first_seen,
          lastSeen: r.last_seen,
          tags: sortTags(tags),
          ...((origin) => (origin ? { firstReportedBy: origin } : {}))(firstReportedBy(origins.get(r.id) ?? [])),
        });
      }
      const seen = new Set<number>();
      return requested.map((id) => byId.get(resolveStory(id))).filter((s): s is Story => {
        if (s === undefined || seen.has(s.id)) return false;
        seen.add(s.id);
        return true;
      });
    },

    storyArticleCounts(ids) {
      const out = new Map<number, number>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = db.prepare(`SELECT id, article_count AS n FROM stories WHERE id IN (${chunk.map(() => '?').join(',')})`)
          .all(...chunk) as { id: number; n: number }[];
        for (const r of rows) out.set(r.id, r.n);
      }
      return out;
    },

    topTags(kind, limit) {
      // A GROUP BY over every tag of a kind (~40 ms at 100k articles): cached for a minute, since it only feeds
      // suggestions and autocomplete.
      const key = `${kind}:${limit}`;
      const hit = topTagsCache.get(key);
      if (hit && hit.at > performance.now() - 60_000) return hit.rows;
      const rows = st.topTags.all(kind, limit) as { value: string; count: number }[];
      topTagsCache.set(key, { at: performance.now(), rows });
      return rows;
    },

    stats(): StoreStats {
      const one = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
      const range = db.prepare('SELECT min(sort_at) AS earliest, max(sort_at) AS latest FROM articles').get() as {
        earliest: string | null;
        latest: string | null;
      };
      return {
        articles: one('SELECT count(*) AS n FROM articles'),
        stories: one('SELECT count(*) AS n FROM stories'),
        sources: one(`SELECT count(DISTINCT coalesce(source, url)) AS n FROM articles`),
        topics: one('SELECT count(*) AS n FROM topics'),
        languages: db.prepare('SELECT lang, count(*) AS count FROM articles GROUP BY lang ORDER BY count DESC').all() as {
          lang: string;
          count: number;
        }[],
        ...(range.earliest ? { earliest: range.earliest } : {}),
        ...(range.latest ? { latest: range.latest } : {}),
      };
    },

    listTopics(workspaceId): StoredTopic[] {
      return (st.listTopics.all(workspaceId) as { name: string; keywords: string; created_by: string | null; created_at: string }[])
        .map((r) => ({
          name: r.name,
          keywords: JSON.parse(r.keywords) as string[],
          createdAt: r.created_at,
          ...(r.created_by ? { createdBy: r.created_by } : {}),
        }));
    },

    saveTopic(workspaceId, topic, createdBy) {
      const at = now().toISOString();
      return db.transaction(() => {
        st.ensureWorkspace.run(workspaceId, at);
        const existed = st.topicExists.get(workspaceId, topic.name) !== undefined;
        st.saveTopic.run(workspaceId, topic.name, JSON.stringify(topic.keywords), createdBy ?? null, at);
        return existed;
      })();
    },

    removeTopic(workspaceId, name) {
      return st.removeTopic.run(workspaceId, name).changes > 0;
    },

    ping() {
      db.prepare('SELECT count(*) FROM schema_migrations').get();
    },
    probeWrite: () => probeWrite(db),
    close() {
      if (db.open) db.close();
    },
  };
  return store;
}

function migrate(db: Database.Database, now: Clock): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: number }[]).map((r) => r.id));
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, now().toISOString());
    })();
  }
}
