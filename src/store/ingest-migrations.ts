// SQLite migrations for ingest speed (kept apart so migrations.ts stays within its size; it lists them in order).

/**
 * The near-copy candidates' columns in one index: the fingerprint is the last column of an article row, behind the
 * body's overflow pages, so reading it from the row costs two or three page reads; from this index, one.
 */
export const CANDIDATE_INDEX_SQLITE_MIGRATION = {
  id: 23,
  name: 'ingest: near-copy candidates (id, story, fingerprint) read from one index instead of the article row',
  sql: `CREATE INDEX articles_candidate ON articles(id, story_id, fingerprint);`,
} as const;
