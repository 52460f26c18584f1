// SQLite migration 19 (kept apart so migrations.ts stays readable): personal follows — what each user follows, their
// delivery settings (timezone, quiet hours, daily cap, paused) and each story alerted to a user once; then the
// migrations of what follow delivery keeps beside them (each user's DM channel, update retries), and the store
// stamps' (stamps.ts: listed here as migrations.ts is at its line limit).
import { DM_CHANNELS_SQLITE_MIGRATION } from './dm-channel-migrations.js';
import { UPDATE_RETRY_SQLITE_MIGRATION } from './retry-migrations.js';
import { STAMPS_SQLITE_MIGRATION } from './stamps.js';

export const FOLLOWS_MIGRATION = {
    id: 19,
    name: 'personal follows: what each user follows, their delivery settings, and each story alerted to a user once',
    sql: `
      CREATE TABLE follow_users (
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        timezone      TEXT NOT NULL DEFAULT 'UTC',
        quiet_start   TEXT,
        quiet_end     TEXT,
        daily_cap     INTEGER NOT NULL DEFAULT 10,
        paused_at     TEXT,
        paused_reason TEXT,
        PRIMARY KEY (workspace_id, user_id)
      ) WITHOUT ROWID;
      -- key: the story id, or the topic text folded to lower case (one follow of each per user).
      CREATE TABLE follows (
        id           INTEGER PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        user_id      TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('story', 'topic')),
        key          TEXT NOT NULL,
        story_id     INTEGER,
        query        TEXT,
        label        TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        watermark    TEXT NOT NULL,
        UNIQUE (workspace_id, user_id, kind, key)
      );
      CREATE TABLE follow_alerts (
        workspace_id TEXT NOT NULL,
        user_id      TEXT NOT NULL,
        story_id     INTEGER NOT NULL,
        follow_id    INTEGER NOT NULL,
        day          TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'pending', 'summarized', 'failed')),
        at           TEXT NOT NULL,
        PRIMARY KEY (workspace_id, user_id, story_id)
      ) WITHOUT ROWID;
      CREATE INDEX follow_alerts_day ON follow_alerts(workspace_id, user_id, day);
    `,
  };

/** Migration 19 and the SQLite migrations after it, in order. */
export const FOLLOWS_MIGRATIONS = [FOLLOWS_MIGRATION, DM_CHANNELS_SQLITE_MIGRATION, UPDATE_RETRY_SQLITE_MIGRATION, STAMPS_SQLITE_MIGRATION] as const;
