// `stories rebuild` on SQLite, inside the store's transaction: reads the archive for the store-neutral re-clustering
// (rebuild-plan.ts) over the SQLite story state, then writes its plan. Story ids that digests recorded survive: the
// rebuilt cluster holding most of a recorded story's articles takes its id, every other old id becomes an alias of the
// cluster holding most of its articles (links, buttons and the ledger keep resolving), and each digest's ledger row
// is carried to the new id at the new size, so nothing is posted again.
import type Database from 'better-sqlite3';
import type { AssignerOptions, StoryState } from '../stories/assign.js';
import { forgetStoryCache, sqliteStoryState } from './sqlite-stories.js';
import { BUMP_STORIES_STAMP } from './stamps.js';
import { asyncPort, direct } from './gate.js';
import { planRebuild, type LedgerRow, type RebuildArticle } from './rebuild-plan.js';
import type { RebuildReport } from './types.js';

interface Row {
  id: number;
  title: string;
  body: string;
  fingerprint: Buffer;
  sort_at: string;
  ingested_at: string;
  story_id: number;
}

/** Re-clusters the archive in place (see the file comment); `at` stamps new aliases. Run it inside a transaction. */
export async function rebuildStories(db: Database.Database, at: string, opts: Partial<AssignerOptions> = {}): Promise<RebuildReport> {
  // The story tables are rewritten below, partly by direct SQL: no cached read of them may outlive the rebuild.
  forgetStoryCache(db);
  try {
    return await rebuild(db, at, opts);
  } finally {
    forgetStoryCache(db);
  }
}

async function rebuild(db: Database.Database, at: string, opts: Partial<AssignerOptions>): Promise<RebuildReport> {
  const aliases = new Map((db.prepare('SELECT alias_id, story_id FROM story_aliases').all() as { alias_id: number; story_id: number }[]).map((r) => [r.alias_id, r.story_id]));
  const storiesBefore = db.prepare('SELECT count(*) FROM stories').pluck().get() as number;
  const ledger = db.prepare('SELECT subscription_id AS sub, story_id AS story, article_count AS n, posted_at AS postedAt FROM digest_stories').all() as LedgerRow[];
  const maxId = db.prepare(`SELECT max(m) FROM (SELECT max(id) AS m FROM stories UNION ALL SELECT max(alias_id) FROM story_aliases
    UNION ALL SELECT max(story_id) FROM digest_stories UNION ALL SELECT max(story_id) FROM articles)`).pluck().get() as number | null;

  for (const t of ['story_term_df', 'story_centroids', 'story_index']) db.exec(`DELETE FROM ${t}`);
  const ids = db.prepare('SELECT id FROM articles ORDER BY coalesce(published_at, sort_at), id').pluck().all() as number[];
  const get = db.prepare('SELECT id, title, body, fingerprint, coalesce(published_at, sort_at) AS sort_at, ingested_at, story_id FROM articles WHERE id = ?');
  const tagsOf = db.prepare("SELECT value FROM article_tags WHERE article_id = ? AND kind IN ('person', 'place', 'org')").pluck();
  const article = (id: number): Promise<RebuildArticle> => {
    const a = get.get(id) as Row;
    return Promise.resolve({
      id: a.id, title: a.title, body: a.body, fingerprint: a.fingerprint, sortAt: a.sort_at, ingestedAt: a.ingested_at,
      storyId: a.story_id, entities: tagsOf.all(a.id) as string[],
    });
  };
  const state = asyncPort<StoryState>(sqliteStoryState(db), direct);
  const plan = await planRebuild({ ids, article, aliases, ledger, maxId: maxId ?? 0, storiesBefore }, state, opts);

  // Write the result: stories, articles' story ids, centroids and index under their final ids, aliases, ledger.
  db.exec('DELETE FROM stories');
  const insertStory = db.prepare(`INSERT INTO stories (id, headline_article_id, first_seen, last_seen, last_ingested_at, article_count, headline_score)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const moveArticle = db.prepare('UPDATE articles SET story_id = ? WHERE id = ?');
  const renameCentroid = db.prepare('UPDATE story_centroids SET story_id = ? WHERE story_id = ?');
  // story_index is keyed (term, story_id): an index on story_id for the renames, dropped again below.
  db.exec('CREATE INDEX story_index_rebuild ON story_index(story_id)');
  const renameIndex = db.prepare('UPDATE story_index SET story_id = ? WHERE story_id = ?');
  for (const s of plan.stories) {
    insertStory.run(s.id, s.headlineArticle, s.firstSeen, s.lastSeen, s.lastIngestedAt, s.articles.length, s.headlineScore);
    for (const a of s.articles) if (a.storyId !== s.id) moveArticle.run(s.id, a.id);
    if (s.id !== s.label) {
      renameCentroid.run(s.id, s.label);
      renameIndex.run(s.id, s.label);
    }
  }
  db.exec('DROP INDEX story_index_rebuild');
  db.exec('DELETE FROM story_aliases');
  const addAlias = db.prepare('INSERT OR REPLACE INTO story_aliases (alias_id, story_id, merged_at) VALUES (?, ?, ?)');
  for (const [alias, story] of plan.aliases) addAlias.run(alias, story, at);
  const carry = db.prepare(`INSERT INTO digest_stories (subscription_id, story_id, article_count, posted_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (subscription_id, story_id) DO UPDATE SET article_count = max(article_count, excluded.article_count)`);
  for (const r of plan.ledger) carry.run(r.sub, r.story, r.n, r.postedAt);
  db.prepare(BUMP_STORIES_STAMP).run();
  return plan.report;
}
