// Feedback votes and each channel's language on SQLite (part of the SQLite store).
import type Database from 'better-sqlite3';
import type { SyncPort } from './gate.js';
import type { TuningStore } from './ports.js';
import type { FeedbackVote } from './types.js';

interface VoteRow {
  workspace_id: string;
  user_id: string;
  story_id: number;
  vote: number;
  features: string;
  voted_at: string;
}

/** The tuning methods of the SQLite store (synchronous: the store makes them asynchronous). */
export function sqliteTuning(db: Database.Database): SyncPort<TuningStore> {
  const st = {
    previous: db.prepare('SELECT vote FROM feedback_votes WHERE workspace_id = ? AND user_id = ? AND story_id = ?'),
    upsert: db.prepare(`INSERT INTO feedback_votes (workspace_id, user_id, story_id, vote, features, voted_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (workspace_id, user_id, story_id) DO UPDATE SET vote = excluded.vote, features = excluded.features, voted_at = excluded.voted_at`),
    list: db.prepare('SELECT * FROM feedback_votes WHERE workspace_id = ? AND voted_at >= ? ORDER BY voted_at, user_id, story_id'),
    reset: db.prepare('DELETE FROM feedback_votes WHERE workspace_id = ?'),
    // Sums that every change moves: a vote cast (count), flipped (votes), refreshed later (times in ms), moved between stories.
    stamp: db.prepare(`SELECT count(*) AS n, coalesce(sum(vote), 0) AS s, coalesce(sum(vote * story_id), 0) AS k,
      coalesce(sum(CAST(round((julianday(voted_at) - 2440587.5) * 86400000) AS INTEGER)), 0) AS ms FROM feedback_votes WHERE workspace_id = ?`),
    language: db.prepare('SELECT language FROM channel_settings WHERE channel_id = ?'),
    setLanguage: db.prepare(`INSERT INTO channel_settings (channel_id, workspace_id, language, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (channel_id) DO UPDATE SET workspace_id = excluded.workspace_id, language = excluded.language, updated_at = excluded.updated_at`),
  };
  return {
    recordVote(v) {
      return db.transaction((): { previous?: 1 | -1 } => {
        const before = st.previous.get(v.workspaceId, v.userId, v.storyId) as { vote: number } | undefined;
        st.upsert.run(v.workspaceId, v.userId, v.storyId, v.vote, JSON.stringify(v.features), v.votedAt);
        return before ? { previous: before.vote > 0 ? 1 : -1 } : {};
      })();
    },
    listVotes(workspaceId, since) {
      return (st.list.all(workspaceId, since) as VoteRow[]).map((r): FeedbackVote => ({
        workspaceId: r.workspace_id,
        userId: r.user_id,
        storyId: r.story_id,
        vote: r.vote > 0 ? 1 : -1,
        features: JSON.parse(r.features) as string[],
        votedAt: r.voted_at,
      }));
    },
    feedbackStamp(workspaceId) {
      const r = st.stamp.get(workspaceId) as { n: number; s: number; k: number; ms: number };
      return `${r.n}|${r.s}|${r.k}|${r.ms}`;
    },
    resetFeedback(workspaceId) {
      return st.reset.run(workspaceId).changes;
    },
    channelLanguage(channelId) {
      return (st.language.get(channelId) as { language: string | null } | undefined)?.language ?? undefined;
    },
    setChannelLanguage(workspaceId, channelId, language, at) {
      st.setLanguage.run(channelId, workspaceId, language ?? null, at);
    },
  };
}
