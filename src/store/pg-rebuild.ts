// `stories rebuild` on PostgreSQL, inside one transaction holding the ingest lock (no instance files an article while
// the story tables are rewritten): reads the archive for the store-neutral re-clustering (rebuild-plan.ts) over the
// PostgreSQL story state, then writes its plan in a few set-based statements. The same guarantees as on SQLite: story
// ids that digests recorded survive, every other old id becomes an alias, and the ledger is carried to the new ids.
import type { AssignerOptions } from '../stories/assign.js';
import type { Db } from './pg-db.js';
import { BUMP_STORIES_STAMP } from './stamps.js';
import { pgStoryState } from './pg-stories.js';
import { planRebuild, type LedgerRow, type RebuildArticle } from './rebuild-plan.js';
import type { RebuildReport } from './types.js';

/** Articles read per round trip. */
const BATCH = 500;

interface Row {
  id: number;
  title: string;
  body: string;
  fingerprint: Buffer;
  published_at: string | null;
  sort_at: string;
  ingested_at: string;
  story_id: number;
  entities: string[];
}

/** The instant an article is filed at: its stated publication time when it parses, else its sort time. */
const filedAt = (r: { published_at: string | null; sort_at: string }): string => {
  const t = r.published_at === null ? Number.NaN : Date.parse(r.published_at);
  return Number.isNaN(t) ? r.sort_at : new Date(t).toISOString();
};

/** Reads articles in id order of `ids` a batch at a time (each id is asked for once per pass, in order). */
function articleReader(db: Db, ids: number[]): (id: number) => Promise<RebuildArticle> {
  const position = new Map(ids.map((id, i) => [id, i]));
  let batch = new Map<number, RebuildArticle>();
  return async (id) => {
    let a = batch.get(id);
    if (!a) {
      const from = position.get(id) as number;
      const r = await db.query<Row>(`SELECT a.id, a.title, a.body, a.fingerprint, a.published_at, a.sort_at, a.ingested_at, a.story_id,
          array(SELECT t.value FROM article_tags t WHERE t.article_id = a.id AND t.kind IN ('person', 'place', 'org')
            ORDER BY t.kind, t.value) AS entities
        FROM articles a WHERE a.id = ANY($1::bigint[])`, [ids.slice(from, from + BATCH)]);
      batch = new Map(r.rows.map((x) => [x.id, {
        id: x.id, title: x.title, body: x.body, fingerprint: x.fingerprint, sortAt: filedAt(x), ingestedAt: x.ingested_at,
        storyId: x.story_id, entities: x.entities,
      }]));
      a = batch.get(id);
      if (!a) throw new Error(`article ${id} disappeared during the rebuild`);
    }
    return a;
  };
}

/** Re-clusters the archive in place; `at` stamps new aliases. `db` must be a transaction's. */
export async function pgRebuildStories(db: Db, at: string, opts: Partial<AssignerOptions> = {}): Promise<RebuildReport> {
  // Re-clustering a large archive runs between this transaction's statements and its set-based writes may be long:
  // the session limits (pg-db.ts) do not apply to this one transaction.
  await db.query('SET LOCAL idle_in_transaction_session_timeout = 0; SET LOCAL statement_timeout = 0');
  await db.ingestLock();
  const aliases = new Map((await db.query<{ alias_id: number; story_id: number }>('SELECT alias_id, story_id FROM story_aliases')).rows.map((r) => [r.alias_id, r.story_id]));
  const storiesBefore = (await db.query<{ n: number }>('SELECT count(*) AS n FROM stories')).rows[0]?.n ?? 0;
  const ledger = (await db.query<LedgerRow>(`SELECT subscription_id AS sub, story_id AS story, article_count AS n, posted_at AS "postedAt"
    FROM digest_stories`)).rows;
  const maxId = (await db.query<{ m: number | null }>(`SELECT max(m) AS m FROM (SELECT max(id) AS m FROM stories UNION ALL
    SELECT max(alias_id) FROM story_aliases UNION ALL SELECT max(story_id) FROM digest_stories UNION ALL SELECT max(story_id) FROM articles) x`)).rows[0]?.m ?? 0;

  await db.query('DELETE FROM story_term_df');
  await db.query('DELETE FROM story_centroids');
  await db.query('DELETE FROM story_index');
  const order = (await db.query<{ id: number; published_at: string | null; sort_at: string }>('SELECT id, published_at, sort_at FROM articles')).rows
    .map((r) => ({ id: r.id, at: filedAt(r) }))
    .sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : x.id - y.id));
  const ids = order.map((r) => r.id);
  const plan = await planRebuild({ ids, article: articleReader(db, ids), aliases, ledger, maxId, storiesBefore }, pgStoryState(db), opts);

  // Write the result: stories, articles' story ids, centroids and index under their final ids, aliases, ledger.
  const s = plan.stories;
  await db.query('DELETE FROM stories');
  await db.query(`INSERT INTO stories (id, headline_article_id, first_seen, last_seen, last_ingested_at, article_count, headline_score)
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::float8[])`,
  [s.map((x) => x.id), s.map((x) => x.headlineArticle), s.map((x) => x.firstSeen), s.map((x) => x.lastSeen), s.map((x) => x.lastIngestedAt),
    s.map((x) => x.articles.length), s.map((x) => x.headlineScore)]);
  const moves = s.flatMap((x) => x.articles.filter((a) => a.storyId !== x.id).map((a) => [a.id, x.id] as const));
  await db.query(`UPDATE articles a SET story_id = m.story FROM unnest($1::bigint[], $2::bigint[]) AS m(id, story) WHERE a.id = m.id`,
    [moves.map((m) => m[0]), moves.map((m) => m[1])]);
  // Labels are above every old id and final ids are old ids or the label itself: a rename never meets a row in use.
  const renamed = s.filter((x) => x.id !== x.label);
  const renames = [renamed.map((x) => x.label), renamed.map((x) => x.id)];
  await db.query(`UPDATE story_centroids c SET story_id = m.id FROM unnest($1::bigint[], $2::bigint[]) AS m(label, id) WHERE c.story_id = m.label`, renames);
  await db.query(`UPDATE story_index i SET story_id = m.id FROM unnest($1::bigint[], $2::bigint[]) AS m(label, id) WHERE i.story_id = m.label`, renames);
  await db.query('DELETE FROM story_aliases');
  await db.query(`INSERT INTO story_aliases (alias_id, story_id, merged_at) SELECT a, s, $3 FROM unnest($1::bigint[], $2::bigint[]) AS x(a, s)`,
    [[...plan.aliases.keys()], [...plan.aliases.values()], at]);
  // One statement may not touch a row twice: rows for the same (digest, story) are folded first, the larger count and
  // the first posting time winning, as one upsert each would leave them.
  const carried = new Map<string, LedgerRow>();
  for (const r of plan.ledger) {
    const key = `${r.sub}:${r.story}`;
    const seen = carried.get(key);
    if (seen) seen.n = Math.max(seen.n, r.n);
    else carried.set(key, { ...r });
  }
  const rows = [...carried.values()];
  await db.query(`INSERT INTO digest_stories (subscription_id, story_id, article_count, posted_at)
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::timestamptz[])
    ON CONFLICT (subscription_id, story_id) DO UPDATE SET article_count = greatest(digest_stories.article_count, excluded.article_count)`,
  [rows.map((r) => r.sub), rows.map((r) => r.story), rows.map((r) => r.n), rows.map((r) => r.postedAt)]);
  await db.query(BUMP_STORIES_STAMP);
  return plan.report;
}
