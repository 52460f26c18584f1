// The tuning tables' migrations (feedback votes, each channel's and each digest's language) for both stores, kept apart so
// migrations.ts stays within its size; migrations.ts and pg-migrations.ts list them in their numbered order.

/** SQLite: one vote per user and story in a workspace (a new vote replaces it), and each channel's language. */
export const TUNING_SQLITE_MIGRATION = {
  id: 16,
  name: "tuning: feedback votes per workspace (one per user and story, a new vote replaces it), each channel's language",
  sql: `
    CREATE TABLE feedback_votes (
      workspace_id TEXT NOT NULL,
      user_id      TEXT NOT NULL,
      story_id     INTEGER NOT NULL,
      vote         INTEGER NOT NULL CHECK (vote IN (-1, 1)),
      features     TEXT NOT NULL,   -- JSON array "source:…", "topic:…", "term:…": what the story was about when voted on
      voted_at     TEXT NOT NULL,
      PRIMARY KEY (workspace_id, user_id, story_id)
    ) WITHOUT ROWID;
    CREATE INDEX feedback_votes_recent ON feedback_votes(workspace_id, voted_at);
    CREATE TABLE channel_settings (
      channel_id   TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL,
      language     TEXT,            -- ISO 639-1; NULL: stories keep their own language
      updated_at   TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
} as const;

/** PostgreSQL: the same tables. */
export const TUNING_PG_MIGRATION = {
  id: 6,
  name: TUNING_SQLITE_MIGRATION.name,
  sql: `
    CREATE TABLE feedback_votes (
      workspace_id text NOT NULL,
      user_id      text NOT NULL,
      story_id     bigint NOT NULL,
      vote         smallint NOT NULL CHECK (vote IN (-1, 1)),
      features     text[] NOT NULL,   -- "source:…", "topic:…", "term:…"
      voted_at     timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, user_id, story_id)
    );
    CREATE INDEX feedback_votes_recent ON feedback_votes (workspace_id, voted_at);
    CREATE TABLE channel_settings (
      channel_id   text PRIMARY KEY,
      workspace_id text NOT NULL,
      language     text,              -- ISO 639-1; NULL: stories keep their own language
      updated_at   timestamptz NOT NULL
    );
  `,
} as const;

/** SQLite: each digest's language, the ISO 639-1 code its summaries and overview are written in (NULL: the stories' own). */
export const LANGUAGE_SQLITE_MIGRATION = {
  id: 18,
  name: "digest language: the ISO 639-1 code a digest's summaries and overview are written in (NULL: each story's own)",
  sql: `ALTER TABLE subscriptions ADD COLUMN language TEXT CHECK (language IS NULL OR length(language) = 2);`,
} as const;

/** PostgreSQL: the same column. */
export const LANGUAGE_PG_MIGRATION = {
  id: 8,
  name: LANGUAGE_SQLITE_MIGRATION.name,
  sql: `ALTER TABLE subscriptions ADD COLUMN language text CHECK (language IS NULL OR length(language) = 2);`,
} as const;
