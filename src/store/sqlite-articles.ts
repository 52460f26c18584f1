// Articles on SQLite (part of the SQLite store): insert and dedupe, the near-copy band index, tags, and full-text
// search with FTS5 and bm25. Query shape: rank inside the FTS scan, join articles only for the hits. The neutral
// TextQuery is compiled to an FTS5 expression here and nowhere else.
import type Database from 'better-sqlite3';
import { strongest } from '../stories/assign.js';
import type { Article, Tag } from '../types.js';
import { sortTime } from './sort-time.js';
import { BUMP_STORIES_STAMP } from './stamps.js';
import { NEAR_COPY_HORIZON, TOP_TAGS_ARTICLES } from './ingest-migrations.js';
import type { SyncPort } from './gate.js';
import type { ArticleStore } from './ports.js';
import type { NewArticle, SearchHit, SearchQuery, StoryCandidate, TextQuery } from './types.js';

const KIND_ORDER: Record<Tag['kind'], number> = { topic: 0, person: 1, place: 2, org: 3, keyword: 4 };

/** bm25 column weights: title, body, summary, tags. A title hit says far more than one in a long body. */
const BM25 = 'bm25(articles_fts, 8.0, 1.0, 2.0, 3.0)';

/** Newest full-text matches scored per search (see search()). */
export const FTS_SCAN = 600;
/** The newest FTS_SCAN full-text matches (rowids grow with ingest; FTS5 walks them newest-first without sorting). */
const NEWEST_MATCHES = `SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH @match ORDER BY rowid DESC LIMIT ${FTS_SCAN}`;

/** Keeps articles the tagger filed under a topic (checked per hit through the tags primary key). */
const TOPIC_FILTER = `EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.kind = 'topic' AND t.value = @topic)`;

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

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** Sorts tags: topics, people, places, organizations, keywords; within a kind by score. */
export function sortTags(tags: Tag[]): Tag[] {
  return [...tags].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (b.score ?? 0) - (a.score ?? 0));
}

/**
 * The FTS5 expression for a neutral text query: every phrase double-quoted (so no word is ever an operator), joined
 * by a space (all) or OR (any). An empty query compiles to '' (the caller searches nothing).
 */
export function ftsExpression(q: TextQuery): string {
  const phrases = q.phrases.filter((p) => p.length > 0).map((p) => `"${p.join(' ').replace(/"/g, '""')}"`);
  return phrases.join(q.mode === 'all' ? ' ' : ' OR ');
}

/** The article methods of the SQLite store (synchronous: the store makes them asynchronous). */
export function sqliteArticles(db: Database.Database, horizon = NEAR_COPY_HORIZON): SyncPort<Omit<ArticleStore, 'eachArticle'>> & { eachArticle(): Iterable<Article> } {
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
    bumpStamp: db.prepare(BUMP_STORIES_STAMP),
    band: db.prepare('SELECT article_id FROM story_bands WHERE key = ? ORDER BY article_id DESC LIMIT 50').pluck(),
    // From the covering index: the row's fingerprint lies behind the body's overflow pages.
    candidate: db.prepare(`SELECT id AS articleId, story_id AS storyId, fingerprint FROM articles INDEXED BY articles_candidate
      WHERE id = ?`),
    insertBand: db.prepare('INSERT OR IGNORE INTO story_bands (key, article_id) VALUES (?, ?)'),
    deleteBands: db.prepare('DELETE FROM story_bands WHERE article_id = ?'),
    // Through story_bands_article: the keys below the horizon are the index's first entries.
    pruneBands: db.prepare('DELETE FROM story_bands WHERE article_id <= ?'),
    insertFts: db.prepare('INSERT INTO articles_fts (rowid, title, body, summary, tags) VALUES (?, ?, ?, ?, ?)'),
    deleteFts: db.prepare('DELETE FROM articles_fts WHERE rowid = ?'),
    getArticle: db.prepare('SELECT * FROM articles WHERE id = ?'),
    tagsOf: db.prepare('SELECT kind, value, score FROM article_tags WHERE article_id = ?'),
    allArticleIds: db.prepare('SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT 500').pluck(),
    // The latest match among the newest FTS_SCAN matches, the same rows a search scores: the fallback window it gives
    // always holds a hit, and its cost does not follow the archive (max over every match read them all: 0.2-6 s for
    // two common words at 450,000 articles).
    latest: db.prepare(`SELECT max(a.sort_at) AS latest FROM (${NEWEST_MATCHES}) f JOIN articles a ON a.id = f.id`),
    latestTag: db.prepare(`SELECT max(sort_at) AS latest FROM article_tags WHERE kind = 'topic' AND value = @topic`),
    latestTagged: db.prepare(`SELECT max(a.sort_at) AS latest FROM (${NEWEST_MATCHES}) f JOIN articles a ON a.id = f.id
      WHERE ${TOPIC_FILTER}`),
    // The newest articles' tags, a range of the primary key (article_id, kind, value).
    topTags: db.prepare(`SELECT value, count(*) AS count FROM article_tags
      WHERE article_id > (SELECT coalesce(max(id), 0) FROM articles) - ${TOP_TAGS_ARTICLES} AND kind = ?
      GROUP BY value ORDER BY count DESC, value LIMIT ?`),
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
    const where = [`t.kind = 'topic'`, 't.value = @topic'];
    if (q.since) where.push('t.sort_at >= @since');
    if (q.until) where.push('t.sort_at <= @until');
    const join = q.ingestedAfter ? 'JOIN stories s ON s.id = a.story_id' : '';
    if (q.ingestedAfter) where.push('s.last_ingested_at > @ingestedAfter');
    const sql = `SELECT a.id AS articleId, a.story_id AS storyId, t.sort_at AS sortAt, -coalesce(t.score, 1) AS rank
      FROM article_tags t JOIN articles a ON a.id = t.article_id ${join}
      WHERE ${where.join(' AND ')} ORDER BY t.sort_at DESC LIMIT @limit`;
    const params: Record<string, string | number> = { topic: q.topic ?? '', limit: q.limit };
    if (q.since) params.since = q.since;
    if (q.until) params.until = q.until;
    if (q.ingestedAfter) params.ingestedAfter = q.ingestedAfter;
    return db.prepare(sql).all(params) as SearchHit[];
  };

  const getArticle = (id: number): Article | undefined => {
    const r = st.getArticle.get(id) as ArticleRow | undefined;
    if (!r) return undefined;
    return {
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
  };

  const topTagsCache = new Map<string, { at: number; rows: { value: string; count: number }[] }>();

  return {
    findExisting(contentHash, url) {
      const hit = st.byHash.get(contentHash) ?? (url ? st.byUrl.get(url) : undefined);
      return hit as { id: number; contentHash: string; storyId: number } | undefined;
    },

    storyCandidates(bandKeys, limit) {
      // One indexed lookup per key (prepared once), then the articles sharing the most keys, newest first on ties.
      const shared = new Map<number, number>();
      for (const k of bandKeys.slice(0, 200)) {
        for (const id of st.band.all(k) as number[]) shared.set(id, (shared.get(id) ?? 0) + 1);
      }
      return strongest(shared, limit).map((id) => st.candidate.get(id) as StoryCandidate);
    },

    insertArticle(a, storyId) {
      const sortAt = sortTime(a);
      let sid = storyId;
      if (sid === null) sid = Number(st.insertStory.run(sortAt, sortAt, a.ingestedAt).lastInsertRowid);
      const id = Number(st.insertArticle.run(row(a, sid)).lastInsertRowid);
      if (storyId === null) st.setHeadline.run(id, sid);
      st.touchStory.run({ id: sid, sortAt, ingestedAt: a.ingestedAt, delta: 1 });
      writeIndexes(id, a);
      // The article that fell out of the near-copy horizon takes its band keys with it.
      if (id > horizon) st.pruneBands.run(id - horizon);
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
      st.bumpStamp.run();
    },

    *eachArticle() {
      // Pages of ids, then one article at a time: no statement stays open across the caller's work.
      let after = 0;
      for (;;) {
        const ids = st.allArticleIds.all(after) as number[];
        if (ids.length === 0) return;
        for (const a of ids) {
          const article = getArticle(a);
          if (article) yield article;
        }
        after = ids[ids.length - 1] as number;
      }
    },

    getArticle,

    search(q) {
      if (q.text === undefined) return searchTagged(q);
      const match = ftsExpression(q.text);
      if (match === '') return [];
      const where: string[] = [];
      if (q.since) where.push('a.sort_at >= @since');
      if (q.until) where.push('a.sort_at <= @until');
      if (q.topic) where.push(TOPIC_FILTER);
      const join = q.ingestedAfter ? 'JOIN stories s ON s.id = a.story_id' : '';
      if (q.ingestedAfter) where.push('s.last_ingested_at > @ingestedAfter');
      // bm25 costs ~8 µs a row: score only the newest FTS_SCAN matches (rowids grow with ingest, and FTS5 walks
      // them newest-first without sorting), then filter the window and rank. Rare queries see every match.
      const sql = `SELECT a.id AS articleId, a.story_id AS storyId, a.sort_at AS sortAt, f.rank AS rank
        FROM (SELECT rowid AS id, ${BM25} AS rank FROM articles_fts WHERE articles_fts MATCH @match
              ORDER BY rowid DESC LIMIT ${FTS_SCAN}) f
        JOIN articles a ON a.id = f.id ${join}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.rank LIMIT @limit`;
      const params: Record<string, string | number> = { match, limit: q.limit };
      if (q.since) params.since = q.since;
      if (q.until) params.until = q.until;
      if (q.ingestedAfter) params.ingestedAfter = q.ingestedAfter;
      if (q.topic) params.topic = q.topic;
      return db.prepare(sql).all(params) as SearchHit[];
    },

    latestMatch(text, topic) {
      const match = text === undefined ? undefined : ftsExpression(text);
      if (match === '') return undefined;
      const r = (match === undefined
        ? st.latestTag.get({ topic: topic ?? '' })
        : topic ? st.latestTagged.get({ match, topic }) : st.latest.get({ match })) as { latest: string | null } | undefined;
      return r?.latest ?? undefined;
    },

    topTags(kind, limit) {
      // A GROUP BY over the newest articles' tags of a kind (its cost does not follow the archive): cached for a
      // minute, since it only feeds suggestions and autocomplete.
      const key = `${kind}:${limit}`;
      const hit = topTagsCache.get(key);
      if (hit && hit.at > performance.now() - 60_000) return hit.rows;
      const rows = st.topTags.all(kind, limit) as { value: string; count: number }[];
      topTagsCache.set(key, { at: performance.now(), rows });
      return rows;
    },
  };
}
