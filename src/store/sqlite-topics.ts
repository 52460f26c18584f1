// A workspace's own topics on SQLite (part of the SQLite store).
import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import type { SyncPort } from './gate.js';
import type { TopicStore } from './ports.js';
import type { StoredTopic } from './types.js';

/** The topic methods of the SQLite store (synchronous: the store makes them asynchronous). */
export function sqliteTopics(db: Database.Database, now: Clock): SyncPort<TopicStore> {
  const st = {
    listTopics: db.prepare(`SELECT name, keywords, created_by, created_at FROM topics WHERE workspace_id = ?
      ORDER BY name`),
    ensureWorkspace: db.prepare('INSERT OR IGNORE INTO workspaces (id, created_at) VALUES (?, ?)'),
    saveTopic: db.prepare(`INSERT INTO topics (workspace_id, name, keywords, created_by, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (workspace_id, name) DO UPDATE SET keywords = excluded.keywords, created_by = excluded.created_by`),
    topicExists: db.prepare('SELECT 1 FROM topics WHERE workspace_id = ? AND name = ?'),
    removeTopic: db.prepare('DELETE FROM topics WHERE workspace_id = ? AND name = ?'),
  };
  return {
    listTopics(workspaceId): StoredTopic[] {
      return (st.listTopics.all(workspaceId) as { name: string; keywords: string; created_by: string | null; created_at: string }[])
        .map((r) => ({
          name: r.name,
          keywords: JSON.parse(r.keywords) as string[],
          createdAt: r.created_at,
          ...(r.created_by ? { createdBy: r.created_by } : {}),
        }));
    },

    saveTopic(workspaceId, topic, createdBy) {
      const at = now().toISOString();
      return db.transaction(() => {
        st.ensureWorkspace.run(workspaceId, at);
        const existed = st.topicExists.get(workspaceId, topic.name) !== undefined;
        st.saveTopic.run(workspaceId, topic.name, JSON.stringify(topic.keywords), createdBy ?? null, at);
        return existed;
      })();
    },

    removeTopic(workspaceId, name) {
      return st.removeTopic.run(workspaceId, name).changes > 0;
    },
  };
}
