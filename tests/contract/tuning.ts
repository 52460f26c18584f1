// The tuning part of the Store contract (run by store.contract.test.ts for every store): feedback votes, one per user
// and story, kept per workspace, and each channel's language.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';
import type { FeedbackVote } from '../../src/store/types.js';

const vote = (over: Partial<FeedbackVote>): FeedbackVote => ({
  workspaceId: 'discord:1', userId: 'discord:u1', storyId: 7, vote: 1, features: ['source:harbor times', 'topic:korea'], votedAt: '2026-12-01T10:00:00.000Z', ...over,
});

/** Registers the tuning tests; `store` gives the current test's fresh store. */
export function tuningContract(store: () => Store): void {
  describe('feedback votes', () => {
    it('keeps one vote per user and story, replaced by a new one, and says which it replaced', async () => {
      const t = store().tuning;
      expect(await t.recordVote(vote({}))).toEqual({});
      expect(await t.recordVote(vote({ vote: -1, votedAt: '2026-12-01T11:00:00.000Z', features: ['term:typhoon'] }))).toEqual({ previous: 1 });
      expect(await t.recordVote(vote({ userId: 'discord:u2' }))).toEqual({});
      const votes = await t.listVotes('discord:1', '2026-11-01T00:00:00.000Z');
      expect(votes).toEqual([
        vote({ userId: 'discord:u2' }),
        vote({ vote: -1, votedAt: '2026-12-01T11:00:00.000Z', features: ['term:typhoon'] }),
      ]);
    });

    it('lists only the workspace asked for and votes since the given time; reset clears that workspace alone', async () => {
      const t = store().tuning;
      await t.recordVote(vote({ votedAt: '2026-10-01T00:00:00.000Z', storyId: 1 }));
      await t.recordVote(vote({ storyId: 2 }));
      await t.recordVote(vote({ workspaceId: 'slack:T1', userId: 'slack:U1', storyId: 2 }));
      expect((await t.listVotes('discord:1', '2026-11-01T00:00:00.000Z')).map((v) => v.storyId)).toEqual([2]);
      expect((await t.listVotes('slack:T1', '2026-01-01T00:00:00.000Z')).map((v) => v.userId)).toEqual(['slack:U1']);
      expect(await t.resetFeedback('discord:1')).toBe(2);
      expect(await t.listVotes('discord:1', '2026-01-01T00:00:00.000Z')).toEqual([]);
      expect(await t.listVotes('slack:T1', '2026-01-01T00:00:00.000Z')).toHaveLength(1);
      expect(await t.resetFeedback('discord:1')).toBe(0);
    });
  });

  describe('channel language', () => {
    it('stores, replaces and clears a channel\'s language, per channel', async () => {
      const t = store().tuning;
      expect(await t.channelLanguage('discord:1:c1')).toBeUndefined();
      await t.setChannelLanguage('discord:1', 'discord:1:c1', 'ko', '2026-12-01T10:00:00.000Z');
      await t.setChannelLanguage('discord:1', 'discord:1:c2', 'fr', '2026-12-01T10:00:00.000Z');
      expect(await t.channelLanguage('discord:1:c1')).toBe('ko');
      await t.setChannelLanguage('discord:1', 'discord:1:c1', 'ja', '2026-12-01T11:00:00.000Z');
      expect(await t.channelLanguage('discord:1:c1')).toBe('ja');
      await t.setChannelLanguage('discord:1', 'discord:1:c1', undefined, '2026-12-01T12:00:00.000Z');
      expect(await t.channelLanguage('discord:1:c1')).toBeUndefined();
      expect(await t.channelLanguage('discord:1:c2')).toBe('fr');
    });
  });
}
