// Direct-message channels on both stores (the dm_channels table, dm-channel-migrations.ts): one row per user, written
// when the platform opens the channel and removed when the platform says it is gone, only if it is still that channel.
import type Database from 'better-sqlite3';
import type { SyncPort } from './gate.js';
import type { Db } from './pg-db.js';
import type { DmChannelStore } from './ports.js';

export function sqliteDmChannels(db: Database.Database): SyncPort<DmChannelStore> {
  const st = {
    get: db.prepare('SELECT channel_id FROM dm_channels WHERE user_id = ?').pluck(),
    save: db.prepare(`INSERT INTO dm_channels (user_id, channel_id, opened_at) VALUES (?, ?, ?)
      ON CONFLICT (user_id) DO UPDATE SET channel_id = excluded.channel_id, opened_at = excluded.opened_at`),
    forget: db.prepare('DELETE FROM dm_channels WHERE user_id = ? AND channel_id = ?'),
  };
  return {
    dmChannel: (userId) => st.get.get(userId) as string | undefined,
    saveDmChannel: (userId, channelId, at) => void st.save.run(userId, channelId, at),
    forgetDmChannel: (userId, channelId) => void st.forget.run(userId, channelId),
  };
}

export function pgDmChannels(db: Db): DmChannelStore {
  return {
    async dmChannel(userId) {
      return (await db.query<{ channel_id: string }>('SELECT channel_id FROM dm_channels WHERE user_id = $1', [userId])).rows[0]?.channel_id;
    },
    async saveDmChannel(userId, channelId, at) {
      await db.query(`INSERT INTO dm_channels (user_id, channel_id, opened_at) VALUES ($1, $2, $3)
        ON CONFLICT (user_id) DO UPDATE SET channel_id = excluded.channel_id, opened_at = excluded.opened_at`, [userId, channelId, at]);
    },
    async forgetDmChannel(userId, channelId) {
      await db.query('DELETE FROM dm_channels WHERE user_id = $1 AND channel_id = $2', [userId, channelId]);
    },
  };
}
