// The migrations of story updates in digest threads, one for each store (kept here so the migration lists stay short):
// each posted story remembers its digest message, and each subscription says where its stories' updates go.

/** SQLite. */
export const THREADS_SQLITE_MIGRATION = {
  id: 17,
  name: 'story updates in digest threads: each posted story remembers its digest message; subscriptions choose thread, digest or off',
  sql: `
    -- thread: a posted story's new facts go to its digest message's thread; digest: a later digest repeats it; off: neither.
    ALTER TABLE subscriptions ADD COLUMN updates TEXT NOT NULL DEFAULT 'thread' CHECK (updates IN ('thread', 'digest', 'off'));
    -- The digest message each posted story was in: its thread gets the story's updates.
    CREATE TABLE story_threads (
      subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
      story_id        INTEGER NOT NULL,
      message_ref     TEXT NOT NULL,   -- the platform's reference of the digest message ('<platform>:<channel>:<message>')
      posted_at       TEXT NOT NULL,   -- articles ingested up to then were in the digest
      checked_at      TEXT NOT NULL,   -- the story's last_ingested_at when it was last looked at
      not_before      TEXT NOT NULL,   -- no update before then (at most one reply per story and interval)
      PRIMARY KEY (subscription_id, story_id)
    ) WITHOUT ROWID;
    CREATE INDEX story_threads_posted ON story_threads(posted_at);
  `,
} as const;

/** PostgreSQL: the same. */
export const THREADS_PG_MIGRATION = {
  id: 7,
  name: THREADS_SQLITE_MIGRATION.name,
  sql: `
    ALTER TABLE subscriptions ADD COLUMN updates text NOT NULL DEFAULT 'thread' CHECK (updates IN ('thread', 'digest', 'off'));
    CREATE TABLE story_threads (
      subscription_id bigint NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
      story_id        bigint NOT NULL,
      message_ref     text NOT NULL,
      posted_at       timestamptz NOT NULL,
      checked_at      timestamptz NOT NULL,
      not_before      timestamptz NOT NULL,
      PRIMARY KEY (subscription_id, story_id)
    );
    CREATE INDEX story_threads_posted ON story_threads (posted_at);
  `,
} as const;
