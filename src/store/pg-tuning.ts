// Feedback votes and each channel's language on PostgreSQL (part of the PostgreSQL store).
import type { Db } from './pg-db.js';
import type { TuningStore } from './ports.js';
import type { FeedbackVote } from './types.js';

interface VoteRow {
  workspace_id: string;
  user_id: string;
  story_id: number;
  vote: number;
  features: string[];
  voted_at: string;
}

export function pgTuning(db: Db): TuningStore {
  return {
    async recordVote(v) {
      return db.atomic(async (d): Promise<{ previous?: 1 | -1 }> => {
        // The row lock taken by FOR UPDATE makes two clicks of one user on one story take turns.
        const before = await d.query<{ vote: number }>('SELECT vote FROM feedback_votes WHERE workspace_id = $1 AND user_id = $2 AND story_id = $3 FOR UPDATE',
          [v.workspaceId, v.userId, v.storyId]);
        await d.query(`INSERT INTO feedback_votes (workspace_id, user_id, story_id, vote, features, voted_at) VALUES ($1, $2, $3, $4, $5, $6)
          ON CONFLICT (workspace_id, user_id, story_id) DO UPDATE SET vote = excluded.vote, features = excluded.features, voted_at = excluded.voted_at`,
        [v.workspaceId, v.userId, v.storyId, v.vote, v.features, v.votedAt]);
        const prev = before.rows[0]?.vote;
        return prev === undefined ? {} : { previous: prev > 0 ? 1 : -1 };
      });
    },
    async listVotes(workspaceId, since) {
      const r = await db.query<VoteRow>('SELECT * FROM feedback_votes WHERE workspace_id = $1 AND voted_at >= $2 ORDER BY voted_at, user_id, story_id',
        [workspaceId, since]);
      return r.rows.map((x): FeedbackVote => ({
        workspaceId: x.workspace_id,
        userId: x.user_id,
        storyId: x.story_id,
        vote: x.vote > 0 ? 1 : -1,
        features: x.features,
        votedAt: x.voted_at,
      }));
    },
    async feedbackStamp(workspaceId) {
      // Sums that every change moves: a vote cast (count), flipped (votes), refreshed later (times in ms), moved between stories.
      const r = await db.query<{ n: string; s: string; k: string; ms: string }>(`SELECT count(*)::text AS n, coalesce(sum(vote), 0)::text AS s,
          coalesce(sum(vote * story_id), 0)::text AS k, coalesce(sum(round(extract(epoch FROM voted_at) * 1000)::bigint), 0)::text AS ms
        FROM feedback_votes WHERE workspace_id = $1`, [workspaceId]);
      const x = r.rows[0];
      return x ? `${x.n}|${x.s}|${x.k}|${x.ms}` : '';
    },
    async resetFeedback(workspaceId) {
      return (await db.query('DELETE FROM feedback_votes WHERE workspace_id = $1', [workspaceId])).rowCount ?? 0;
    },
    async channelLanguage(channelId) {
      const r = await db.query<{ language: string | null }>('SELECT language FROM channel_settings WHERE channel_id = $1', [channelId]);
      return r.rows[0]?.language ?? undefined;
    },
    async setChannelLanguage(workspaceId, channelId, language, at) {
      await db.query(`INSERT INTO channel_settings (channel_id, workspace_id, language, updated_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (channel_id) DO UPDATE SET workspace_id = excluded.workspace_id, language = excluded.language, updated_at = excluded.updated_at`,
      [channelId, workspaceId, language ?? null, at]);
    },
  };
}
