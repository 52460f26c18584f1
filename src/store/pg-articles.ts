// Articles on PostgreSQL (part of the PostgreSQL store): insert and dedupe, the near-copy band index, tags, and
// full-text search over the weighted tsvector in article_search. The neutral TextQuery is compiled to a tsquery here
// and nowhere else, always through phraseto_tsquery with the words as a bound parameter, so nothing a user typed is
// ever tsquery syntax.
import type { Article, Tag } from '../types.js';
import { sortTime } from './sort-time.js';
import { BUMP_STORIES_STAMP } from './stamps.js';
import { sortTags } from './sqlite-articles.js';
import { NEAR_COPY_HORIZON, TOP_TAGS_ARTICLES } from './ingest-migrations.js';
import type { Db } from './pg-db.js';
import { TS_CONFIG } from './pg-migrations.js';
import type { ArticleStore } from './ports.js';
import type { NewArticle, SearchHit, SearchQuery, StoryCandidate, TextQuery } from './types.js';

/**
 * Newest full-text matches ranked per search, at least (never every match, see search()): a search asking for more
 * (`limit`) ranks that many. /brief asks for 300, so it gets the newest 300 matches in rank order: finding matches
 * newest first costs a tsvector read per article walked, so every match ranked beyond those it returns is paid twice.
 */
export const PG_FTS_SCAN = 300;
/** Articles fetched per page by eachArticle. */
const PAGE = 200;

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
  tags: [Tag['kind'], string, number | null][];
}

/** Columns of an Article, its tags as one JSON array. */
const ARTICLE_COLUMNS = `a.id, a.url, a.source, a.title, a.author, a.published_at, a.ingested_at, a.body, a.summary, a.gist,
  a.lang, a.story_id, coalesce((SELECT json_agg(json_build_array(t.kind, t.value, t.score)) FROM article_tags t
  WHERE t.article_id = a.id), '[]') AS tags`;

const toArticle = (r: ArticleRow): Article => ({
  id: r.id,
  ...(r.url === null ? {} : { url: r.url }),
  ...(r.source === null ? {} : { source: r.source }),
  title: r.title,
  ...(r.author === null ? {} : { author: r.author }),
  ...(r.published_at === null ? {} : { publishedAt: r.published_at }),
  ingestedAt: r.ingested_at,
  body: r.body,
  summary: r.summary,
  gist: r.gist,
  lang: r.lang,
  tags: sortTags(r.tags.map(([kind, value, score]) => (score === null ? { kind, value } : { kind, value, score }))),
  storyId: r.story_id,
});

/**
 * The tsquery of a neutral text query, as SQL over bound parameters: each phrase is `phraseto_tsquery(config, $n)`
 * (its words in order, stop words dropped as in the index), joined with && (all) or || (any). Returns the SQL and
 * the parameters it adds after the `offset` already used; undefined when there is no phrase at all. A phrase of stop
 * words alone becomes an empty tsquery, which && and || skip; a query of nothing else is empty (numnode 0) and
 * matches nothing, decided from constants when the statement is planned (no scan). Use it where it is needed, not
 * through a CTE: written out, it folds to a constant at planning.
 */
export function tsqueryOf(q: TextQuery, offset: number): { sql: string; params: string[] } | undefined {
  const phrases = q.phrases.filter((p) => p.length > 0).map((p) => p.join(' '));
  if (phrases.length === 0) return undefined;
  const parts = phrases.map((_, i) => `phraseto_tsquery('${TS_CONFIG}', $${offset + i + 1})`);
  return { sql: `(${parts.join(q.mode === 'all' ? ' && ' : ' || ')})`, params: phrases };
}

/** Parameters and WHERE conditions of a search, numbered in order. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * The statement of a full-text search (undefined: no phrase at all). Never ranks every match: the newest
 * max(PG_FTS_SCAN, limit) matches in the window are found first in article_search (narrow rows: the id, the time and
 * the tsvector, stored out of line; GIN cannot order by time, so the planner picks a GIN bitmap for rare words, which
 * visits one narrow row per match, and a backward walk of its sort_at index for common ones), then ts_rank (term
 * frequency by weight; ts_rank_cd's cover density cost twice the CPU on long articles) scores those alone, and only
 * the hits returned are joined to articles and stories (for their story and its article count). A query of stop
 * words alone is an empty tsquery: `numnode(q) > 0` folds to false when the statement is planned, so no scan runs.
 */
export function searchStatement(q: SearchQuery & { text: TextQuery }): { text: string; values: unknown[] } | undefined {
  const ts = tsqueryOf(q.text, 0);
  if (!ts) return undefined;
  const p = new Params();
  for (const v of ts.params) p.add(v);
  // The tsquery is written out where it is used (not a CTE): built from bound constants by immutable functions, it is
  // folded to one constant when the statement is planned, which the planner needs to judge how common the words are.
  const where = [`numnode(${ts.sql}) > 0`, `s.tsv @@ ${ts.sql}`];
  if (q.since) where.push(`s.sort_at >= ${p.add(q.since)}`);
  if (q.until) where.push(`s.sort_at <= ${p.add(q.until)}`);
  if (q.topic) where.push(`EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = s.article_id AND t.kind = 'topic' AND t.value = ${p.add(q.topic)})`);
  if (q.ingestedAfter) {
    where.push(`EXISTS (SELECT 1 FROM articles x JOIN stories st ON st.id = x.story_id WHERE x.id = s.article_id
      AND st.last_ingested_at > ${p.add(q.ingestedAfter)})`);
  }
  const scan = Math.max(PG_FTS_SCAN, Math.floor(q.limit));
  return {
    text: `SELECT a.id AS "articleId", a.story_id AS "storyId", m.sort_at AS "sortAt", m.rank, st.article_count AS "storyArticles"
      FROM (SELECT s.article_id, s.sort_at, -ts_rank(s.tsv, ${ts.sql}) AS rank
        FROM (SELECT s.article_id, s.sort_at, s.tsv FROM article_search s WHERE ${where.join(' AND ')}
          ORDER BY s.sort_at DESC LIMIT ${scan}) s
        ORDER BY rank, s.sort_at DESC LIMIT ${p.add(q.limit)}) m
      JOIN articles a ON a.id = m.article_id LEFT JOIN stories st ON st.id = a.story_id ORDER BY m.rank, m.sort_at DESC`,
    values: p.values,
  };
}

/** A hit as read, its story's article count null when the story row is missing. */
type HitRow = Omit<SearchHit, 'storyArticles'> & { storyArticles: number | null };
const toHit = ({ storyArticles, ...h }: HitRow): SearchHit => (storyArticles === null ? h : { ...h, storyArticles });

export function pgArticles(db: Db, horizon = NEAR_COPY_HORIZON): ArticleStore {
  const getArticle = async (id: number): Promise<Article | undefined> => {
    const r = await db.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = $1`, [id]);
    return r.rows[0] ? toArticle(r.rows[0]) : undefined;
  };

  /**
   * Writes tags and band keys of article `id` and folds it into its story's span and size; a new article (delta 1)
   * drops the band keys of the article that fell out of the near-copy horizon.
   */
  const writeIndexes = (d: Db, id: number, a: NewArticle, storyId: number, delta: number, headline: boolean) =>
    d.query(`WITH t AS (
        INSERT INTO article_tags (article_id, kind, value, score, sort_at)
        SELECT $1, k, v, s, $2 FROM unnest($3::text[], $4::text[], $5::float8[]) AS x(k, v, s)
        ON CONFLICT DO NOTHING),
      b AS (INSERT INTO story_bands (key, article_id) SELECT DISTINCT unnest($6::bigint[]), $1 ON CONFLICT DO NOTHING),
      p AS (DELETE FROM story_bands WHERE article_id <= $11)
      UPDATE stories SET first_seen = least(first_seen, $2), last_seen = greatest(last_seen, $2),
        last_ingested_at = greatest(last_ingested_at, $7), article_count = article_count + $8,
        headline_article_id = CASE WHEN $9 THEN $1 ELSE headline_article_id END
      WHERE id = $10`,
    [id, sortTime(a), a.tags.map((t) => t.kind), a.tags.map((t) => t.value), a.tags.map((t) => t.score ?? null),
      a.bandKeys, a.ingestedAt, delta, headline, storyId, delta === 1 ? id - horizon : 0]);

  const values = (a: NewArticle) => [a.contentHash, a.url ?? null, a.source ?? null, a.title, a.author ?? null,
    a.publishedAt ?? null, sortTime(a), a.ingestedAt, a.body, a.summary, a.gist, a.lang, a.fingerprint,
    a.tags.map((t) => t.value).join(' ; ')];

  /** Articles filed under a topic, newest first: one range of the (kind, value, sort_at) index. Rank = -tag score. */
  const searchTagged = async (q: SearchQuery): Promise<SearchHit[]> => {
    const p = new Params();
    const where = [`t.kind = 'topic'`, `t.value = ${p.add(q.topic ?? '')}`];
    if (q.since) where.push(`t.sort_at >= ${p.add(q.since)}`);
    if (q.until) where.push(`t.sort_at <= ${p.add(q.until)}`);
    if (q.ingestedAfter) where.push(`s.last_ingested_at > ${p.add(q.ingestedAfter)}`);
    const r = await db.query<HitRow>(`SELECT a.id AS "articleId", a.story_id AS "storyId", t.sort_at AS "sortAt",
        -coalesce(t.score, 1) AS rank, s.article_count AS "storyArticles"
      FROM article_tags t JOIN articles a ON a.id = t.article_id ${q.ingestedAfter ? '' : 'LEFT '}JOIN stories s ON s.id = a.story_id
      WHERE ${where.join(' AND ')} ORDER BY t.sort_at DESC LIMIT ${p.add(q.limit)}`, p.values);
    return r.rows.map(toHit);
  };

  const topTagsCache = new Map<string, { at: number; rows: { value: string; count: number }[] }>();

  return {
    async findExisting(contentHash, url) {
      await db.ingestLock();
      const r = await db.query<{ id: number; contentHash: string; storyId: number }>(
        `SELECT id, content_hash AS "contentHash", story_id AS "storyId" FROM articles WHERE content_hash = $1
         UNION ALL (SELECT id, content_hash, story_id FROM articles WHERE url = $2 LIMIT 1) LIMIT 1`, [contentHash, url ?? null]);
      return r.rows[0];
    },

    async storyCandidates(bandKeys, limit) {
      await db.ingestLock();
      if (bandKeys.length === 0) return [];
      // The newest 50 articles per key, then those sharing the most keys, newest first on ties.
      const r = await db.query<StoryCandidate>(`SELECT a.id AS "articleId", a.story_id AS "storyId", a.fingerprint
        FROM (SELECT p.article_id, count(*) AS shared FROM unnest($1::bigint[]) AS k(key)
              CROSS JOIN LATERAL (SELECT article_id FROM story_bands b WHERE b.key = k.key ORDER BY article_id DESC LIMIT 50) p
              GROUP BY p.article_id ORDER BY shared DESC, p.article_id DESC LIMIT $2) c
        JOIN articles a ON a.id = c.article_id ORDER BY c.shared DESC, c.article_id DESC`, [[...new Set(bandKeys.slice(0, 200))], limit]);
      return r.rows;
    },

    async insertArticle(a, storyId) {
      await db.ingestLock();
      return db.atomic(async (d) => {
        const sortAt = sortTime(a);
        const sid = storyId ?? (await d.query<{ id: number }>(`INSERT INTO stories (headline_article_id, first_seen, last_seen,
          last_ingested_at, article_count) VALUES (0, $1, $1, $2, 0) RETURNING id`, [sortAt, a.ingestedAt])).rows[0]!.id;
        const id = (await d.query<{ id: number }>(`INSERT INTO articles (content_hash, url, source, title, author, published_at,
          sort_at, ingested_at, body, summary, gist, lang, fingerprint, tag_text, story_id)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`, [...values(a), sid])).rows[0]!.id;
        await writeIndexes(d, id, a, sid, 1, storyId === null);
        return { articleId: id, storyId: sid };
      });
    },

    async updateArticle(id, a) {
      await db.ingestLock();
      await db.atomic(async (d) => {
        const r = await d.query<{ story_id: number }>(`UPDATE articles SET content_hash = $1, url = coalesce($2, url), source = $3,
          title = $4, author = $5, published_at = $6, sort_at = $7, ingested_at = $8, body = $9, summary = $10, gist = $11,
          lang = $12, fingerprint = $13, tag_text = $14 WHERE id = $15 RETURNING story_id`, [...values(a), id]);
        const row = r.rows[0];
        if (!row) throw new Error(`article ${id} does not exist`);
        await d.query('DELETE FROM article_tags WHERE article_id = $1', [id]);
        await d.query('DELETE FROM story_bands WHERE article_id = $1', [id]);
        await writeIndexes(d, id, a, row.story_id, 0, false);
        await d.query(BUMP_STORIES_STAMP);
      });
    },

    async *eachArticle() {
      // Pages by id: no cursor stays open across the caller's work.
      let after = 0;
      for (;;) {
        const r = await db.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id > $1 ORDER BY a.id LIMIT ${PAGE}`, [after]);
        for (const row of r.rows) yield toArticle(row);
        if (r.rows.length < PAGE) return;
        after = r.rows[r.rows.length - 1]!.id;
      }
    },

    getArticle,

    async search(q) {
      if (q.text === undefined) return searchTagged(q);
      const st = searchStatement({ ...q, text: q.text });
      return st ? (await db.query<HitRow>(st.text, st.values)).rows.map(toHit) : [];
    },

    async latestMatch(text, topic) {
      if (text === undefined) {
        const r = await db.query<{ latest: string | null }>(`SELECT max(sort_at) AS latest FROM article_tags
          WHERE kind = 'topic' AND value = $1`, [topic ?? '']);
        return r.rows[0]?.latest ?? undefined;
      }
      const ts = tsqueryOf(text, 0);
      if (!ts) return undefined;
      const tagged = topic
        ? ` AND EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = s.article_id AND t.kind = 'topic' AND t.value = $${ts.params.length + 1})`
        : '';
      const r = await db.query<{ sort_at: string }>(`SELECT s.sort_at FROM article_search s
        WHERE numnode(${ts.sql}) > 0 AND s.tsv @@ ${ts.sql}${tagged} ORDER BY s.sort_at DESC LIMIT 1`, topic ? [...ts.params, topic] : ts.params);
      return r.rows[0]?.sort_at;
    },

    async topTags(kind, limit) {
      // The newest articles' tags of a kind, counted: cached for a minute, since it only feeds suggestions and autocomplete.
      const key = `${kind}:${limit}`;
      const hit = topTagsCache.get(key);
      if (hit && hit.at > performance.now() - 60_000) return hit.rows;
      const r = await db.query<{ value: string; count: number }>(`SELECT value, count(*)::int AS count FROM article_tags
        WHERE article_id > (SELECT coalesce(max(id), 0) FROM articles) - ${TOP_TAGS_ARTICLES} AND kind = $1
        GROUP BY value ORDER BY count DESC, value LIMIT $2`, [kind, limit]);
      topTagsCache.set(key, { at: performance.now(), rows: r.rows });
      return r.rows;
    },
  };
}
