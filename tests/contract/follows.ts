// The personal-follows part of the Store contract (run by store.contract.test.ts for every store): follows once per
// user and story or topic text, settings, pausing, each story alerted to a user once (or held past the cap), and each
// user's remembered DM channel.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';

const T = (m: number) => new Date(Date.parse('2026-12-01T08:00:00.000Z') + m * 60_000).toISOString();
const W = 'discord:1';

/** Registers the follow tests; `store` gives the current test's fresh store. */
export function followsContract(store: () => Store): void {
  describe('follows', () => {
    it('adds a follow once per user and story or topic text, lists, removes one or all', async () => {
      const s = store();
      const a = await s.follows.addFollow({ workspaceId: W, userId: 'discord:5', kind: 'story', storyId: 7, label: 'Ferry crane', createdAt: T(0) });
      expect(a.created).toBe(true);
      expect(a.follow).toEqual({ id: a.follow.id, workspaceId: W, userId: 'discord:5', kind: 'story', storyId: 7, label: 'Ferry crane', createdAt: T(0), watermark: T(0) });
      expect((await s.follows.addFollow({ workspaceId: W, userId: 'discord:5', kind: 'story', storyId: 7, label: 'again', createdAt: T(1) })).created).toBe(false);
      const t = await s.follows.addFollow({ workspaceId: W, userId: 'discord:5', kind: 'topic', query: 'Ferry  Crane', label: 'Ferry Crane', createdAt: T(1) });
      expect((await s.follows.addFollow({ workspaceId: W, userId: 'discord:5', kind: 'topic', query: 'ferry crane', label: 'ferry crane', createdAt: T(2) })).follow.id).toBe(t.follow.id);
      await s.follows.addFollow({ workspaceId: W, userId: 'discord:6', kind: 'story', storyId: 7, label: 'x', createdAt: T(2) });
      expect((await s.follows.listFollows(W, 'discord:5')).map((f) => [f.kind, f.storyId ?? f.query])).toEqual([['story', 7], ['topic', 'Ferry  Crane']]);
      await s.follows.setWatermark(t.follow.id, T(9));
      expect((await s.follows.listFollows(W, 'discord:5'))[1]?.watermark).toBe(T(9));
      expect(await s.follows.removeFollows(W, 'discord:5', a.follow.id)).toBe(1);
      expect(await s.follows.removeFollows(W, 'discord:5', a.follow.id)).toBe(0);
      expect(await s.follows.removeFollows(W, 'discord:6', t.follow.id)).toBe(0); // not theirs
      expect(await s.follows.removeFollows(W, 'discord:5')).toBe(1);
      expect(await s.follows.listFollows(W, 'discord:5')).toEqual([]);
      expect((await s.follows.listFollows(W, 'discord:6')).length).toBe(1);
    });

    it('keeps settings (default cap 10, UTC), pauses once, leaves paused users out of active follows, un-pauses on a new follow', async () => {
      const s = store();
      await s.follows.addFollow({ workspaceId: W, userId: 'discord:5', kind: 'story', storyId: 7, label: 'a', createdAt: T(0) });
      await s.follows.addFollow({ workspaceId: W, userId: 'discord:6', kind: 'story', storyId: 7, label: 'a', createdAt: T(0) });
      expect(await s.follows.followUser(W, 'discord:5')).toEqual({ workspaceId: W, userId: 'discord:5', timezone: 'UTC', dailyCap: 10 });
      await s.follows.saveFollowUser({ workspaceId: W, userId: 'discord:5', timezone: 'Asia/Seoul', quietStart: '22:00', quietEnd: '07:00', dailyCap: 3 });
      expect(await s.follows.followUser(W, 'discord:5')).toEqual({ workspaceId: W, userId: 'discord:5', timezone: 'Asia/Seoul', quietStart: '22:00', quietEnd: '07:00', dailyCap: 3 });
      expect(await s.follows.pauseFollowUser(W, 'discord:5', 'DMs closed', T(1))).toBe(true);
      expect(await s.follows.pauseFollowUser(W, 'discord:5', 'again', T(2))).toBe(false);
      expect(await s.follows.followUser(W, 'discord:5')).toMatchObject({ pausedAt: T(1), pausedReason: 'DMs closed', timezone: 'Asia/Seoul' });
      expect((await s.follows.activeFollows()).map((f) => f.userId)).toEqual(['discord:6']);
      expect(await s.follows.pauseFollowUser(W, 'discord:9', 'left', T(1))).toBe(true); // no settings yet
      await s.follows.addFollow({ workspaceId: W, userId: 'discord:5', kind: 'story', storyId: 8, label: 'b', createdAt: T(3) });
      expect((await s.follows.followUser(W, 'discord:5'))?.pausedAt).toBeUndefined();
      expect((await s.follows.activeFollows()).map((f) => f.userId)).toEqual(['discord:5', 'discord:6', 'discord:5']);
    });

    it('claims the alert of a user and story once, counts a day, and holds the rest for the summary', async () => {
      const s = store();
      const a = { workspaceId: W, userId: 'discord:5', followId: 1, day: '2026-12-01' };
      expect(await s.follows.claimAlert({ ...a, storyId: 7, state: 'claimed' }, T(0))).toBe(true);
      expect(await s.follows.claimAlert({ ...a, storyId: 7, state: 'claimed' }, T(0))).toBe(false);
      expect(await s.follows.claimAlert({ ...a, storyId: 8, state: 'claimed' }, T(1))).toBe(true);
      expect(await s.follows.claimAlert({ ...a, storyId: 9, state: 'pending' }, T(2))).toBe(true);
      expect(await s.follows.claimAlert({ ...a, storyId: 10, state: 'pending' }, T(3))).toBe(true);
      expect(await s.follows.claimAlert({ ...a, userId: 'discord:6', storyId: 7, state: 'claimed' }, T(0))).toBe(true);
      await s.follows.setAlerts(W, 'discord:5', [7], 'sent', T(4));
      await s.follows.setAlerts(W, 'discord:5', [8], 'failed', T(4));
      expect(await s.follows.alertsOn(W, 'discord:5', '2026-12-01')).toBe(1);
      expect(await s.follows.alertsOn(W, 'discord:5', '2026-12-02')).toBe(0);
      expect(await s.follows.pendingAlerts(W, 'discord:5')).toEqual([{ storyId: 9, day: '2026-12-01' }, { storyId: 10, day: '2026-12-01' }]);
      await s.follows.setAlerts(W, 'discord:5', [9, 10], 'summarized', T(5));
      expect(await s.follows.pendingAlerts(W, 'discord:5')).toEqual([]);
    });

    it("remembers a user's DM channel, replaces it, and forgets it only while it is still that channel", async () => {
      const s = store();
      expect(await s.dmChannels.dmChannel('discord:5')).toBeUndefined();
      await s.dmChannels.saveDmChannel('discord:5', '111', T(0));
      await s.dmChannels.saveDmChannel('discord:6', '222', T(0));
      expect(await s.dmChannels.dmChannel('discord:5')).toBe('111');
      await s.dmChannels.saveDmChannel('discord:5', '333', T(1));
      expect(await s.dmChannels.dmChannel('discord:5')).toBe('333');
      await s.dmChannels.forgetDmChannel('discord:5', '111'); // an older channel: the newer one stays
      expect(await s.dmChannels.dmChannel('discord:5')).toBe('333');
      await s.dmChannels.forgetDmChannel('discord:5', '333');
      expect(await s.dmChannels.dmChannel('discord:5')).toBeUndefined();
      expect(await s.dmChannels.dmChannel('discord:6')).toBe('222');
    });
  });
}
