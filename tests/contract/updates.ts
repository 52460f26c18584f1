// The update-ledger part of the Store contract (run by store.contract.test.ts for every store): what a target was
// shown, each update of (target, story) claimed once by its number, stale claims taken over with their payload, claims
// left for a retry handed out once when due. Claim times are the lease clock (SQLite: the `now` each call passes;
// PostgreSQL: the database's clock), so the tests pass app times for SQLite and call `elapse` where time passes for
// PostgreSQL, as the coordination tests do.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';
import type { NewUpdateClaim } from '../../src/store/update-types.js';
import type { NewArticle } from '../../src/store/types.js';

const T = (m: number) => new Date(Date.parse('2026-12-01T08:00:00.000Z') + m * 60_000).toISOString();

const claim = (over: Partial<NewUpdateClaim> = {}): NewUpdateClaim => ({
  target: 'thread:discord:1:333:900', storyId: 7, seq: 1, platform: 'discord', owner: 'a', nonce: 'nu1',
  payload: '{"sentences":["one"]}', articleIds: [11, 12], sentenceKeys: ['k1', 'k2'], ...over,
});

/** Registers the ledger tests; `store` gives the current test's fresh store, `elapse` lets its lease clock move on. */
export function updateLedgerContract(store: () => Store, elapse: (ms: number) => Promise<void>): void {
  const STALE = 3 * 60_000;
  describe('update ledger', () => {
    it('knows nothing of a new target; records shown articles and sentences per target, sentences across stories', async () => {
      const s = store();
      expect(await s.updates.shown('user:discord:5', 7, [1, 2], ['a'])).toEqual({ seq: 0, articleIds: new Set(), sentenceKeys: new Set() });
      await s.updates.markShown('user:discord:5', 7, [1, 2, 2], ['a', 'b'], T(0));
      await s.updates.markShown('user:discord:5', 7, [2], ['b'], T(1)); // again: nothing changes
      await s.updates.markShown('user:discord:5', 8, [3], ['c'], T(1));
      const seen = await s.updates.shown('user:discord:5', 7, [1, 3, 4], ['a', 'c', 'd']);
      expect(seen).toEqual({ seq: 0, articleIds: new Set([1, 3]), sentenceKeys: new Set(['a', 'c']) });
      expect(await s.updates.shown('user:discord:6', 7, [1, 2], ['a', 'b'])).toEqual({ seq: 0, articleIds: new Set(), sentenceKeys: new Set() });
      expect((await s.updates.shown('user:discord:5', 7, [], [])).articleIds.size).toBe(0);
    });

    it('claims each numbered update once, records what it shows with the claim, and finishes it only for its owner', async () => {
      const s = store();
      expect(await s.updates.claimUpdate(claim(), T(0))).toBe(true);
      expect(await s.updates.claimUpdate(claim({ owner: 'b', nonce: 'other', articleIds: [99], sentenceKeys: ['k9'] }), T(0))).toBe(false);
      const seen = await s.updates.shown(claim().target, 7, [11, 12, 99], ['k1', 'k9']);
      const claimedAt = (await s.updates.getUpdate(claim().target, 7, 1))?.claimedAt;
      expect(seen).toEqual({ seq: 1, lastAt: claimedAt, articleIds: new Set([11, 12]), sentenceKeys: new Set(['k1']) });
      expect(await s.updates.finishUpdate(claim().target, 7, 1, 'b', { status: 'posted', messageRef: 'x' }, T(1))).toBe(false);
      expect(await s.updates.finishUpdate(claim().target, 7, 1, 'a', { status: 'posted', messageRef: 'discord:333:901' }, T(1))).toBe(true);
      expect(await s.updates.finishUpdate(claim().target, 7, 1, 'a', { status: 'failed', error: 'late' }, T(2))).toBe(false);
      expect(await s.updates.getUpdate(claim().target, 7, 1)).toEqual({
        target: claim().target, storyId: 7, seq: 1, platform: 'discord', status: 'posted', owner: 'a', nonce: 'nu1',
        payload: claim().payload, attempts: 1, claimedAt, finishedAt: T(1), messageRef: 'discord:333:901',
      });
      await elapse(70 * 60_000);
      expect(await s.updates.claimUpdate(claim({ seq: 2, nonce: 'nu2', articleIds: [13], sentenceKeys: ['k3'] }), T(70))).toBe(true);
      const next = await s.updates.shown(claim().target, 7, [], []);
      expect(next).toMatchObject({ seq: 2, lastAt: (await s.updates.getUpdate(claim().target, 7, 2))?.claimedAt });
      // The claims' times, of one clock: the second is later (SQLite: by the app's 70 minutes).
      expect(Date.parse(next.lastAt!) - Date.parse(claimedAt!)).toBeGreaterThan(0);
      expect(await s.updates.getUpdate(claim().target, 7, 3)).toBeUndefined();
    });

    it('two workers claiming the same update at once: exactly one wins', async () => {
      const s = store();
      const wins = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => s.updates.claimUpdate(claim({ owner }), T(0))));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect((await s.updates.getUpdate(claim().target, 7, 1))?.owner).toBe(['a', 'b', 'c', 'd'][wins.indexOf(true)]);
    });

    it('takes over claims left stale on its platforms, with their payload and nonce; fresh, renewed and finished ones stay', async () => {
      const s = store();
      await s.updates.claimUpdate(claim(), T(0));
      const claimedAt0 = (await s.updates.getUpdate(claim().target, 7, 1))?.claimedAt;
      await s.updates.claimUpdate(claim({ storyId: 8, owner: 'b' }), T(0));
      await s.updates.claimUpdate(claim({ storyId: 9, platform: 'slack', target: 'thread:slack:T1:C1:17.5' }), T(0));
      await s.updates.claimUpdate(claim({ storyId: 10 }), T(0));
      await s.updates.finishUpdate(claim().target, 10, 1, 'a', { status: 'posted' }, T(1));
      await elapse(2 * 60_000);
      expect(await s.updates.takeOverUpdates('c', ['discord'], 10, T(2), STALE, 'thread:')).toEqual([]); // not stale yet
      await elapse(2 * 60_000);
      expect(await s.updates.renewUpdates('b', T(4))).toBe(1);
      await elapse(60_000);
      const taken = await s.updates.takeOverUpdates('c', ['discord'], 10, T(5), STALE, 'thread:');
      expect(taken).toEqual([expect.objectContaining({ storyId: 7, owner: 'c', attempts: 2, nonce: 'nu1', payload: claim().payload, status: 'claimed' })]);
      expect(Date.parse(taken[0]!.claimedAt)).toBeGreaterThan(Date.parse(claimedAt0!)); // stamped anew
      expect(await s.updates.takeOverUpdates('d', ['discord'], 10, T(5), STALE, 'thread:')).toEqual([]);
      expect(await s.updates.finishUpdate(claim().target, 7, 1, 'a', { status: 'posted' }, T(6))).toBe(false);
      expect(await s.updates.finishUpdate(claim().target, 7, 1, 'c', { status: 'posted' }, T(6))).toBe(true);
      await elapse(4 * 60_000);
      expect((await s.updates.takeOverUpdates('d', ['slack', 'discord'], 1, T(9), STALE, 'thread:')).map((u) => u.storyId)).toHaveLength(1);
      expect(await s.updates.takeOverUpdates('d', ['discord'], 0, T(9), STALE, 'thread:')).toEqual([]);
    });

    it('takes over at once the claims of an instance whose heartbeat is too old, never its own nor an unregistered owner\'s', async () => {
      const s = store();
      for (const id of ['dead', 'heir']) await s.instances.registerInstance({ id, host: 'h', pid: 1, roles: ['scheduler'] });
      await s.updates.claimUpdate(claim({ owner: 'dead' }), T(0));
      await s.updates.claimUpdate(claim({ storyId: 8, owner: 'heir' }), T(0));
      await s.updates.claimUpdate(claim({ storyId: 9, owner: 'cli:1' }), T(0));
      expect(await s.updates.takeOverUpdates('other', ['discord'], 10, T(1), STALE, 'thread:', 60_000)).toEqual([]);
      await sleep(30); // heartbeats are the database's clock: 'dead' has not beaten for 30 ms
      const taken = await s.updates.takeOverUpdates('heir', ['discord'], 10, T(1), STALE, 'thread:', 10);
      expect(taken).toEqual([expect.objectContaining({ storyId: 7, owner: 'heir', attempts: 2, nonce: 'nu1' })]);
    });

    it('takes over only the targets of its own kind: a thread worker never takes a follow\'s direct message, nor the reverse', async () => {
      const s = store();
      await s.updates.claimUpdate(claim(), T(0));
      await s.updates.claimUpdate(claim({ storyId: 8, target: 'follow:discord:1:discord:42', nonce: 'nf1' }), T(0));
      await elapse(5 * 60_000);
      const threads = await s.updates.takeOverUpdates('c', ['discord'], 10, T(5), STALE, 'thread:');
      expect(threads.map((u) => u.target)).toEqual([claim().target]);
      const follows = await s.updates.takeOverUpdates('d', ['discord'], 10, T(5), STALE, 'follow:');
      expect(follows.map((u) => [u.target, u.nonce])).toEqual([['follow:discord:1:discord:42', 'nf1']]);
      await elapse(4 * 60_000);
      expect(await s.updates.takeOverUpdates('e', ['discord'], 10, T(9), STALE, 'thread:')).toEqual([expect.objectContaining({ storyId: 7 })]);
    });

    it('leaves a claim for a retry: owned by nobody, never renewed or stale, handed out once when due, with its nonce, until it ends', async () => {
      const s = store();
      const f = claim({ target: 'follow:discord:1:discord:42', nonce: 'nf1' });
      await s.updates.claimUpdate(f, T(0));
      expect(await s.updates.finishUpdate(f.target, 7, 1, 'b', { status: 'retry', retryAt: T(1), error: 'x' }, T(0))).toBe(false); // not b's
      expect(await s.updates.finishUpdate(f.target, 7, 1, 'a', { status: 'retry', retryAt: T(5), error: 'HTTP 500' }, T(0))).toBe(true);
      const left = await s.updates.getUpdate(f.target, 7, 1);
      expect(left).toMatchObject({ status: 'claimed', attempts: 1, error: 'HTTP 500' });
      expect(left?.owner).toBeUndefined();
      // Due 5 minutes on, by the lease clock (PostgreSQL: the database's, from when it was left).
      const dueIn = Date.parse(left?.retryAt ?? '') - Date.parse(left?.claimedAt ?? '');
      expect(dueIn).toBeGreaterThanOrEqual(5 * 60_000);
      expect(dueIn).toBeLessThan(6 * 60_000);
      expect(await s.updates.renewUpdates('a', T(1))).toBe(0);
      expect(await s.updates.finishUpdate(f.target, 7, 1, 'a', { status: 'posted' }, T(1))).toBe(false); // nobody's now
      // Not due before its time, however old the claim (a retry is not a dead process's claim).
      await elapse(4 * 60_000);
      expect(await s.updates.takeOverUpdates('c', ['discord'], 10, T(4), STALE, 'follow:')).toEqual([]);
      await elapse(60_000);
      const [due, ...more] = await Promise.all(['c', 'd'].map((o) => s.updates.takeOverUpdates(o, ['discord'], 10, T(5), STALE, 'follow:')));
      const taken = [...(due ?? []), ...more.flat()];
      expect(taken).toEqual([expect.objectContaining({ target: f.target, nonce: 'nf1', payload: f.payload, attempts: 2, status: 'claimed' })]);
      expect(taken[0]?.retryAt).toBeUndefined();
      expect(Date.parse(taken[0]?.claimedAt ?? '')).toBeGreaterThan(Date.parse(left?.claimedAt ?? '')); // stamped anew
      const owner = taken[0]?.owner as string;
      // Retried again, later; then sent.
      expect(await s.updates.finishUpdate(f.target, 7, 1, owner, { status: 'retry', retryAt: T(20), error: 'HTTP 502' }, T(5))).toBe(true);
      await elapse(14 * 60_000);
      expect(await s.updates.takeOverUpdates('e', ['discord'], 10, T(19), STALE, 'follow:')).toEqual([]);
      await elapse(60_000);
      expect(await s.updates.takeOverUpdates('e', ['discord'], 10, T(20), STALE, 'follow:')).toEqual([expect.objectContaining({ attempts: 3, owner: 'e' })]);
      expect(await s.updates.finishUpdate(f.target, 7, 1, 'e', { status: 'posted', messageRef: 'dm:discord:42' }, T(21))).toBe(true);
      expect(await s.updates.getUpdate(f.target, 7, 1)).toMatchObject({ status: 'posted', attempts: 3, finishedAt: T(21) });
      await elapse(70 * 60_000);
      expect(await s.updates.takeOverUpdates('e', ['discord'], 10, T(90), STALE, 'follow:')).toEqual([]);
      // The claim kept what it showed: the next update is seq 2.
      expect(await s.updates.shown(f.target, 7, [11], [])).toMatchObject({ seq: 1, articleIds: new Set([11]) });
    });
  });

  describe('story threads', () => {
    const article = (title: string, at: string): NewArticle => ({
      contentHash: title, title, body: `${title}.`, ingestedAt: at, publishedAt: at, summary: title, gist: title, lang: 'en', tags: [],
      fingerprint: Buffer.from([1]), bandKeys: [],
    });
    const sub = async (channelId: string, updates?: 'thread' | 'digest' | 'off') =>
      (await store().digests.addSubscription({ workspaceId: 'w', channelId, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: false, ...(updates ? { updates } : {}) })).id;

    it('lists threads whose story gained articles since looked at, on the platforms asked, through merges, until checked or held back', async () => {
      const s = store();
      const a = await s.articles.insertArticle(article('Storm nears coast', T(0)), null);
      const b = await s.articles.insertArticle(article('Ferry strike', T(0)), null);
      const d1 = await sub('discord:1:333');
      const d2 = await sub('slack:T1:C1');
      const off = await sub('discord:1:334', 'digest');
      expect((await s.digests.getSubscription(d1))?.updates).toBe('thread');
      expect((await s.digests.getSubscription(off))?.updates).toBe('digest');
      await s.threads.recordThreads(d1, 'discord:333:900', [a.storyId, b.storyId, a.storyId], T(1));
      await s.threads.recordThreads(d2, 'slack:C1:17.5', [a.storyId], T(1));
      await s.threads.recordThreads(off, 'discord:334:901', [a.storyId], T(1));
      expect(await s.threads.dueThreads(['discord', 'slack'], T(2), T(-60), 10)).toEqual([]);
      await s.articles.insertArticle(article('Storm makes landfall', T(3)), a.storyId);
      const due = await s.threads.dueThreads(['discord', 'slack'], T(4), T(-60), 10);
      expect(due.map((t) => [t.subscriptionId, t.storyId, t.messageRef])).toEqual([[d1, a.storyId, 'discord:333:900'], [d2, a.storyId, 'slack:C1:17.5']]);
      expect(due[0]).toMatchObject({ liveStoryId: a.storyId, channelId: 'discord:1:333', workspaceId: 'w', postedAt: T(1), checkedAt: T(1), lastIngestedAt: T(3) });
      expect((await s.threads.dueThreads(['slack'], T(4), T(-60), 10)).map((t) => t.subscriptionId)).toEqual([d2]);
      expect(await s.threads.dueThreads(['discord', 'slack'], T(4), T(2), 10)).toEqual([]); // posted before the horizon
      await s.threads.checkThread(d1, a.storyId, T(3), T(64));
      await s.threads.checkThread(d2, a.storyId, T(1), T(64)); // held back: not looked at, not due until then
      expect(await s.threads.dueThreads(['discord', 'slack'], T(5), T(-60), 10)).toEqual([]);
      expect((await s.threads.dueThreads(['discord', 'slack'], T(64), T(-60), 10)).map((t) => t.subscriptionId)).toEqual([d2]);
      // The ferry story merged into the storm story: its thread follows the live story.
      await s.stories.mergeStories(a.storyId, [b.storyId], T(6));
      const merged = await s.threads.dueThreads(['discord'], T(70), T(-60), 10);
      expect(merged.map((t) => [t.storyId, t.liveStoryId])).toEqual([[b.storyId, a.storyId]]);
    });
  });
}
