// Stories on PostgreSQL (part of the PostgreSQL store): merges and aliases, headlines, what a briefing shows of a
// story, and the event assigner's state (term document frequencies, centroids, their term index). Every call reads or
// writes a bounded number of rows in one round trip where it can; nothing is cached, as other instances write too.
import type { Article, Tag } from '../types.js';
import type { StoryState, StoryVector } from '../stories/assign.js';
import type { Db } from './pg-db.js';
import { BUMP_STORIES_STAMP, READ_STORIES_STAMP } from './stamps.js';
import type { StoryStore } from './ports.js';
import { assembleOutlines, assembleStories, inRequestedOrder, type StoryMemberRow, type StoryViewRow } from './story-view.js';

/** The df row whose count is the number of documents. */
const DOCS = '';
/** Alias hops followed at most (a chain longer than this is a bug elsewhere, not a reason to loop). */
const MAX_HOPS = 32;

interface CentroidRow {
  story_id: number;
  terms: string[];
  weights: number[];
  count: number;
  first_seen: number;
  last_seen: number;
}

const toVector = (r: CentroidRow): StoryVector => ({
  id: r.story_id,
  terms: new Map(r.terms.map((t, i) => [t, r.weights[i] as number])),
  count: r.count,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
});

export function pgStoryState(db: Db): StoryState {
  return {
    async docCount() {
      await db.ingestLock();
      const r = await db.query<{ df: number }>('SELECT df FROM story_term_df WHERE term = $1', [DOCS]);
      return r.rows[0]?.df ?? 0;
    },
    async docFreqs(terms) {
      const r = await db.query<{ term: string; df: number }>('SELECT term, df FROM story_term_df WHERE term = ANY($1::text[]) AND df > 0', [[...terms]]);
      return new Map(r.rows.map((x) => [x.term, x.df]));
    },
    async addDocument(terms) {
      await db.ingestLock();
      // Sorted and distinct: one statement may not touch a row twice, and a fixed order keeps concurrent writers apart.
      const unique = [...new Set([DOCS, ...terms])].sort();
      await db.query(`INSERT INTO story_term_df (term, df) SELECT unnest($1::text[]), 1
        ON CONFLICT (term) DO UPDATE SET df = story_term_df.df + 1`, [unique]);
    },
    async postings(terms, limit) {
      const out = new Map<string, number[]>(terms.map((t) => [t, []]));
      if (terms.length === 0) return out;
      const r = await db.query<{ term: string; ids: number[] }>(`SELECT k.term, array(SELECT i.story_id FROM story_index i
          WHERE i.term = k.term ORDER BY i.story_id DESC LIMIT $2) AS ids
        FROM unnest($1::text[]) AS k(term)`, [[...new Set(terms)], limit]);
      for (const x of r.rows) out.set(x.term, x.ids);
      return out;
    },
    async centroid(id) {
      const r = await db.query<CentroidRow>('SELECT story_id, terms, weights, count, first_seen, last_seen FROM story_centroids WHERE story_id = $1', [id]);
      return r.rows[0] ? toVector(r.rows[0]) : undefined;
    },
    async centroids(ids, window) {
      if (ids.length === 0) return [];
      // Centroids whose span misses the window are not read (the assigner would drop them).
      const r = await db.query<CentroidRow>(`SELECT story_id, terms, weights, count, first_seen, last_seen FROM story_centroids
        WHERE story_id = ANY($1::bigint[]) AND last_seen >= $2 AND first_seen <= $3`,
      [[...ids], window?.from ?? Number.MIN_SAFE_INTEGER, window?.to ?? Number.MAX_SAFE_INTEGER]);
      return r.rows.map(toVector);
    },
    async saveCentroid(v, indexTerms) {
      await db.ingestLock();
      // One statement: index the story under the new terms, and upsert its centroid with the union of index terms.
      await db.query(`WITH i AS (INSERT INTO story_index (term, story_id) SELECT DISTINCT unnest($7::text[]), $1::bigint
          ON CONFLICT DO NOTHING)
        INSERT INTO story_centroids (story_id, terms, weights, indexed, count, first_seen, last_seen)
        VALUES ($1, $2, $3, array(SELECT DISTINCT t FROM unnest(coalesce((SELECT indexed FROM story_centroids WHERE story_id = $1), '{}')
          || $7::text[]) AS t), $4, $5, $6)
        ON CONFLICT (story_id) DO UPDATE SET terms = excluded.terms, weights = excluded.weights, indexed = excluded.indexed,
          count = excluded.count, first_seen = excluded.first_seen, last_seen = excluded.last_seen`,
      [v.id, [...v.terms.keys()], [...v.terms.values()], v.count, v.firstSeen, v.lastSeen, [...indexTerms]]);
    },
    async dropCentroid(id) {
      await db.ingestLock();
      await db.query(`WITH c AS (DELETE FROM story_centroids WHERE story_id = $1 RETURNING indexed)
        DELETE FROM story_index WHERE story_id = $1 AND term = ANY(coalesce((SELECT indexed FROM c), '{}'))`, [id]);
    },
  };
}

/**
 * CTEs `chain` and `live (id, live)`: each id of the array $1 with its live story (itself unless merged away),
 * following alias chains (WITH RECURSIVE).
 */
const LIVE = `chain(id, cur, hops) AS (
    SELECT x, x, 0 FROM unnest($1::bigint[]) AS x
    UNION ALL
    SELECT c.id, a.story_id, c.hops + 1 FROM chain c JOIN story_aliases a ON a.alias_id = c.cur
    WHERE a.story_id <> c.cur AND c.hops < ${MAX_HOPS}),
  live AS (SELECT DISTINCT ON (id) id, cur AS live FROM chain ORDER BY id, hops DESC)`;

/** A row of getStories' one statement: an id resolved ('r'), a story with its headline ('s') or a member article ('m'). */
type ViewPart = { part: 'r' | 's' | 'm'; id: number; live: number | null; tags: [Tag['kind'], string, number | null][] | null }
  & Omit<StoryViewRow, 'id'> & Omit<StoryMemberRow, 'storyId'>;

export function pgStoryStore(db: Db, getArticle: (id: number) => Promise<Article | undefined>): Omit<StoryStore, 'state' | 'rebuildStories'> {
  /** Each id's live story (itself unless merged away), following alias chains in the database. */
  const resolveMany = async (ids: number[]): Promise<number[]> => {
    if (ids.length === 0) return [];
    const r = await db.query<{ id: number; live: number }>(`WITH RECURSIVE ${LIVE} SELECT id, live FROM live`, [[...new Set(ids)]]);
    const live = new Map(r.rows.map((x) => [x.id, x.live]));
    return ids.map((id) => live.get(id) ?? id);
  };
  const resolveStory = async (id: number): Promise<number> => (await resolveMany([id]))[0] as number;

  return {
    resolveStory,

    async offerHeadline(storyId, articleId, score) {
      await db.query(`UPDATE stories SET headline_article_id = $2, headline_score = $3
        WHERE id = $1 AND (headline_score < $3 OR headline_article_id = $2)`, [storyId, articleId, score]);
    },

    async mergeStories(into, from, at) {
      await db.ingestLock();
      await db.atomic(async (d) => {
        for (const id of from) {
          if (id === into) continue;
          const gone = await d.query<{ first_seen: string; last_seen: string; last_ingested_at: string; article_count: number }>(
            'DELETE FROM stories WHERE id = $1 RETURNING first_seen, last_seen, last_ingested_at, article_count', [id]);
          const r = gone.rows[0];
          if (!r) continue;
          await d.query('UPDATE articles SET story_id = $1 WHERE story_id = $2', [into, id]);
          await d.query(`UPDATE stories SET first_seen = least(first_seen, $2), last_seen = greatest(last_seen, $3),
            last_ingested_at = greatest(last_ingested_at, $4), article_count = article_count + $5 WHERE id = $1`,
          [into, r.first_seen, r.last_seen, r.last_ingested_at, r.article_count]);
          // A digest that posted the merged story counts as having posted `into` at that size.
          await d.query(`INSERT INTO digest_stories (subscription_id, story_id, article_count, posted_at)
            SELECT subscription_id, $1, article_count, posted_at FROM digest_stories WHERE story_id = $2
            ON CONFLICT (subscription_id, story_id) DO UPDATE
              SET article_count = greatest(digest_stories.article_count, excluded.article_count)`, [into, id]);
          await d.query('UPDATE story_aliases SET story_id = $1 WHERE story_id = $2', [into, id]);
          await d.query(`INSERT INTO story_aliases (alias_id, story_id, merged_at) VALUES ($1, $2, $3)
            ON CONFLICT (alias_id) DO UPDATE SET story_id = excluded.story_id, merged_at = excluded.merged_at`, [id, into, at]);
        }
        await d.query(BUMP_STORIES_STAMP);
      });
    },

    async storyArticles(id) {
      const r = await db.query<{ id: number }>('SELECT id FROM articles WHERE story_id = $1 ORDER BY sort_at, id', [await resolveStory(id)]);
      const out: Article[] = [];
      for (const x of r.rows) {
        const a = await getArticle(x.id);
        if (a) out.push(a);
      }
      return out;
    },

    async getStories(requested) {
      if (requested.length === 0) return [];
      // Merged-away ids stand for their survivor (links and More pages made before a merge keep working). One statement
      // (one round trip, one plan): the ids resolved, the live stories with their headline article, and their articles
      // in time order, as rows of three parts.
      const r = await db.query<ViewPart>(`WITH RECURSIVE ${LIVE}, ids AS (SELECT DISTINCT live AS id FROM live)
        SELECT 'r' AS part, id, live, NULL::timestamptz AS first_seen, NULL::timestamptz AS last_seen, NULL::int AS article_count,
          NULL AS title, NULL AS gist, NULL AS url, NULL AS published_at, NULL AS lang, NULL::json AS tags,
          NULL AS source, NULL::timestamptz AS at, NULL AS text, 0 AS n FROM live
        UNION ALL
        SELECT 's', s.id, NULL, s.first_seen, s.last_seen, s.article_count, a.title, a.gist, a.url, a.published_at, a.lang,
          coalesce((SELECT json_agg(json_build_array(t.kind, t.value, t.score)) FROM article_tags t WHERE t.article_id = a.id), '[]'),
          NULL, NULL, NULL, 0 FROM stories s JOIN articles a ON a.id = s.headline_article_id WHERE s.id IN (SELECT id FROM ids)
        UNION ALL
        SELECT * FROM (SELECT 'm', story_id, NULL::bigint, NULL::timestamptz, NULL::timestamptz, NULL::int, NULL, NULL, url, NULL,
          NULL, NULL::json, source, sort_at,
          title || ' ' || left(body, 1500), row_number() OVER (ORDER BY sort_at, id) FROM articles WHERE story_id IN (SELECT id FROM ids)) m
        ORDER BY part, n`, [[...new Set(requested)]]);
      const live = new Map<number, number>();
      const rows: StoryViewRow[] = [];
      const members: StoryMemberRow[] = [];
      const tags = new Map<number, Tag[]>();
      for (const x of r.rows) {
        if (x.part === 'r') live.set(x.id, x.live as number);
        else if (x.part === 'm') members.push({ storyId: x.id, source: x.source, url: x.url, at: x.at, text: x.text });
        else {
          rows.push(x);
          tags.set(x.id, (x.tags ?? []).map(([kind, value, score]): Tag => (score === null ? { kind, value } : { kind, value, score })));
        }
      }
      const resolved = requested.map((id) => live.get(id) ?? id);
      const byId = assembleStories(rows, members, (id) => tags.get(id) ?? []);
      return inRequestedOrder(requested, resolved, byId);
    },

    async storyOutlines(requested) {
      if (requested.length === 0) return [];
      const resolved = await resolveMany(requested);
      const ids = [...new Set(resolved)];
      const heads = await db.query<{ id: number; title: string; gist: string; tags: [Tag['kind'], string, number | null][] }>(`SELECT s.id, a.title, a.gist,
          coalesce((SELECT json_agg(json_build_array(t.kind, t.value, t.score)) FROM article_tags t WHERE t.article_id = a.id), '[]') AS tags
        FROM stories s JOIN articles a ON a.id = s.headline_article_id WHERE s.id = ANY($1::bigint[])`, [ids]);
      const members = await db.query<Pick<StoryMemberRow, 'storyId' | 'source' | 'url'>>(`SELECT story_id AS "storyId", source, url
        FROM articles WHERE story_id = ANY($1::bigint[]) ORDER BY sort_at, id`, [ids]);
      const tags = new Map(heads.rows.map((r) => [r.id, r.tags.map(([kind, value, score]): Tag => (score === null ? { kind, value } : { kind, value, score }))]));
      return inRequestedOrder(requested, resolved, assembleOutlines(heads.rows, members.rows, (id) => tags.get(id) ?? []));
    },

    async storiesStamp() {
      return Number((await db.query<{ value: string }>(READ_STORIES_STAMP)).rows[0]?.value ?? 0);
    },

    async storyArticleCounts(ids) {
      const r = await db.query<{ id: number; n: number }>('SELECT id, article_count AS n FROM stories WHERE id = ANY($1::bigint[])', [ids]);
      return new Map(r.rows.map((x) => [x.id, x.n]));
    },
  };
}
