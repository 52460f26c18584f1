// The DM-channel migrations of both stores (kept apart so migrations.ts stays readable): each user's direct-message
// channel as the platform opened it, so a user's later direct messages cost one request instead of two.

const NAME = 'direct-message channels: the channel the platform opened for each user, reused by later direct messages';

export const DM_CHANNELS_SQLITE_MIGRATION = {
  id: 20,
  name: NAME,
  sql: `
    -- user_id: '<platform>:<id>'.
    CREATE TABLE dm_channels (
      user_id    TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL,
      opened_at  TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};

export const DM_CHANNELS_PG_MIGRATION = {
  id: 10,
  name: NAME,
  sql: `
    CREATE TABLE dm_channels (
      user_id    text PRIMARY KEY,
      channel_id text NOT NULL,
      opened_at  timestamptz NOT NULL
    );
  `,
};
