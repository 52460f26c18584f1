// Migrations for ingest speed (kept apart so migrations.ts and pg-migrations.ts stay within their size; they list them in order).

/**
 * The near-copy candidates' columns in one index: the fingerprint is the last column of an article row, behind the
 * body's overflow pages, so reading it from the row costs two or three page reads; from this index, one.
 */
export const CANDIDATE_INDEX_SQLITE_MIGRATION = {
  id: 23,
  name: 'ingest: near-copy candidates (id, story, fingerprint) read from one index instead of the article row',
  sql: `CREATE INDEX articles_candidate ON articles(id, story_id, fingerprint);`,
} as const;

/**
 * Near-copy band keys are kept for the newest NEAR_COPY_HORIZON articles only (each insert drops the keys of the
 * article that falls out). Copies of one report arrive within hours, and a near-copy dated outside its story's time
 * window does not join it anyway; without a bound, each lookup and insert lands in an index of every article ever
 * stored (37 M keys at a million articles), and ingest slows as the archive grows. Older articles still join
 * stories through the event assigner.
 */
export const NEAR_COPY_HORIZON = 50_000;

/** Copies the newest articles' keys into a fresh table (cheaper than deleting the rest) with an article_id index. */
export const BAND_HORIZON_SQLITE_MIGRATION = {
  id: 24,
  name: `ingest: near-copy band keys for the newest ${NEAR_COPY_HORIZON} articles only, indexed by article`,
  sql: `
    CREATE TABLE story_bands_recent (
      key        INTEGER NOT NULL,
      article_id INTEGER NOT NULL,
      PRIMARY KEY (key, article_id)
    ) WITHOUT ROWID;
    INSERT INTO story_bands_recent (key, article_id) SELECT key, article_id FROM story_bands
      WHERE article_id > (SELECT coalesce(max(id), 0) FROM articles) - ${NEAR_COPY_HORIZON};
    DROP TABLE story_bands;
    ALTER TABLE story_bands_recent RENAME TO story_bands;
    CREATE INDEX story_bands_article ON story_bands(article_id);
  `,
} as const;

/** PostgreSQL: story_bands already has its article_id index; drop the keys beyond the horizon. */
export const BAND_HORIZON_PG_MIGRATION = {
  id: 14,
  name: `ingest: near-copy band keys for the newest ${NEAR_COPY_HORIZON} articles only`,
  sql: `DELETE FROM story_bands WHERE article_id <= (SELECT coalesce(max(id), 0) FROM articles) - ${NEAR_COPY_HORIZON};`,
} as const;

/** Tag suggestions (autocomplete) count the tags of the newest TOP_TAGS_ARTICLES articles: what is in the news now. */
export const TOP_TAGS_ARTICLES = 50_000;

/**
 * Tags are looked up by value for topics only (a topic's articles, newest first); the (kind, value, sort_at) index
 * over every tag of every kind took each new article's ~27 tags to random places in an index of every tag ever
 * stored (27.6 M rows at a million articles, most of them people's names seen once). A partial index of topic tags
 * serves the topic lookups; suggestions read the newest articles' tags by primary key.
 */
export const TOPIC_TAG_INDEX_SQLITE_MIGRATION = {
  id: 25,
  name: 'ingest: tags indexed by value for topics only (suggestions count the newest articles\' tags)',
  sql: `
    DROP INDEX article_tags_value;
    CREATE INDEX article_tags_topic ON article_tags(value, sort_at) WHERE kind = 'topic';
  `,
} as const;
