// The stories stamp of both stores: a number bumped by every change to what a story's outline shows that leaves its
// article count alone (an article updated in place and re-tagged, topics added to an article, a merge, a rebuild),
// so that outlines remembered earlier (briefing/outlines.ts) are read again at once, on every instance.

/** Bumps the stories stamp (same statement on both stores). */
export const BUMP_STORIES_STAMP = "UPDATE store_stamps SET value = value + 1 WHERE name = 'stories'";
/** Reads it. */
export const READ_STORIES_STAMP = "SELECT value FROM store_stamps WHERE name = 'stories'";

const NAME = 'store stamps: the stories stamp, bumped when an outline changes without an article joining its story';

export const STAMPS_SQLITE_MIGRATION = {
  id: 22,
  name: NAME,
  sql: `
    CREATE TABLE store_stamps (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO store_stamps (name, value) VALUES ('stories', 0);
  `,
};

export const STAMPS_PG_MIGRATION = {
  id: 13,
  name: NAME,
  sql: `
    CREATE TABLE store_stamps (name text PRIMARY KEY, value bigint NOT NULL);
    INSERT INTO store_stamps (name, value) VALUES ('stories', 0);
  `,
};
