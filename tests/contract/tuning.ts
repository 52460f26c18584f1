// The tuning part of the Store contract (run by tuning.contract.test.ts for every store): feedback votes, one per user
// and story, kept per workspace, with the stamp a cache of them is checked against; what feedback weighs of a story;
// each channel's language, and each digest's language (kept per workspace); the stories stamp that remembered
// outlines are checked against.
import { describe, expect, it } from 'vitest';
import { candidateOutlines } from '../../src/briefing/outlines.js';
import { encodeFingerprint, fingerprint } from '../../src/stories/fingerprint.js';
import type { Store } from '../../src/store/ports.js';
import type { FeedbackVote, NewArticle } from '../../src/store/types.js';

const vote = (over: Partial<FeedbackVote>): FeedbackVote => ({
  workspaceId: 'discord:1', userId: 'discord:u1', storyId: 7, vote: 1, features: ['source:harbor times', 'topic:korea'], votedAt: '2026-12-01T10:00:00.000Z', ...over,
});

const article = (over: Partial<NewArticle> & { title: string }): NewArticle => ({
  contentHash: over.title, ingestedAt: '2026-11-30T00:00:00.000Z', publishedAt: '2026-11-30T00:00:00.000Z', body: `${over.title}. More details later.`,
  summary: over.title, gist: over.title, lang: 'en', tags: [], fingerprint: Buffer.from([1, 2, 3]), bandKeys: [], ...over,
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

    it('changes the feedback stamp whenever the workspace\'s votes change, and only then', async () => {
      const t = store().tuning;
      const stamps = [await t.feedbackStamp('discord:1')];
      await t.recordVote(vote({}));
      stamps.push(await t.feedbackStamp('discord:1'));
      expect(await t.feedbackStamp('discord:1')).toBe(stamps[1]);
      await t.recordVote(vote({ vote: -1 })); // the same user and story, changed at the same time
      stamps.push(await t.feedbackStamp('discord:1'));
      await t.recordVote(vote({ userId: 'discord:u2', storyId: 8, votedAt: '2026-11-30T00:00:00.000Z' })); // an older time
      stamps.push(await t.feedbackStamp('discord:1'));
      await t.recordVote(vote({ userId: 'discord:u2', storyId: 8, votedAt: '2026-11-30T00:00:00.001Z' })); // the same vote, a moment later
      stamps.push(await t.feedbackStamp('discord:1'));
      const other = await t.feedbackStamp('slack:T1');
      await t.recordVote(vote({ workspaceId: 'slack:T1', userId: 'slack:U1' }));
      expect(await t.feedbackStamp('discord:1')).toBe(stamps[4]);
      expect(await t.feedbackStamp('slack:T1')).not.toBe(other);
      await t.resetFeedback('discord:1');
      stamps.push(await t.feedbackStamp('discord:1'));
      expect(new Set(stamps).size).toBe(5);
      expect(stamps[5]).toBe(stamps[0]);
    });
  });

  describe('what feedback weighs of a story', () => {
    it('outlines stories (what feedback weighs, what mutes check) with the same headline, summary, outlets and tags as getStories, aliases resolved, in the order asked', async () => {
      const s = store();
      const a = await s.articles.insertArticle(article({ title: 'Typhoon nears Okinawa', source: 'Coast Courier', tags: [{ kind: 'topic', value: 'disaster', score: 0.9 }, { kind: 'place', value: 'Okinawa' }] }), null);
      await s.articles.insertArticle(article({ title: 'Typhoon nears Okinawa, ferries halted', source: 'Harbor Times', url: 'https://harbor.example/t' }), a.storyId);
      const b = await s.articles.insertArticle(article({ title: 'Naha airport closes', source: 'Island Post' }), null);
      const c = await s.articles.insertArticle(article({ title: 'Fishing fleet returns', source: 'Coast Courier' }), null);
      await s.stories.mergeStories(a.storyId, [b.storyId], '2026-12-01T12:00:00.000Z');
      const full = await s.stories.getStories([c.storyId, b.storyId, a.storyId, 999_999]);
      const outlines = await s.stories.storyOutlines([c.storyId, b.storyId, a.storyId, 999_999]);
      expect(outlines.map((o) => o.id)).toEqual([c.storyId, a.storyId]);
      expect(outlines).toEqual(full.map((x) => ({ id: x.id, headline: x.headline, summary: x.summary, sources: x.sources, tags: x.tags })));
      expect(outlines[1]?.sources.map((x) => x.name)).toEqual(['Coast Courier', 'Harbor Times', 'Island Post']);
      expect(await s.stories.storyOutlines([])).toEqual([]);
    });

    it('remembers outlines until the stories stamp moves: an article updated and re-tagged, topics added, a merge, a rebuild', async () => {
      const s = store();
      const stamp0 = await s.stories.storiesStamp();
      // Real fingerprints: the rebuild below re-clusters these articles.
      const real = (over: Partial<NewArticle> & { title: string }) => {
        const a = article(over);
        return { ...a, fingerprint: encodeFingerprint(fingerprint({ title: a.title, body: a.body })) };
      };
      const a = await s.articles.insertArticle(real({ title: 'Typhoon nears Okinawa', source: 'Coast Courier', tags: [{ kind: 'place', value: 'Okinawa' }] }), null);
      const b = await s.articles.insertArticle(real({ title: 'Naha airport closes', source: 'Island Post' }), null);
      expect(await s.stories.storiesStamp()).toBe(stamp0); // a new article changes its story's count instead
      const state = { counts: await s.stories.storyArticleCounts([a.storyId, b.storyId]), now: new Date('2026-12-01T12:00:00Z') };
      const tags = async () => (await candidateOutlines(s.stories, [a.storyId], state))[0]?.tags.map((t) => t.value);
      expect(await tags()).toEqual(['Okinawa']);
      // Re-tagged in place, same article count: read again at once, not after the time limit.
      await s.articles.updateArticle(a.articleId, real({ title: 'Typhoon nears Okinawa', source: 'Coast Courier', contentHash: 'v2', tags: [{ kind: 'place', value: 'Naha' }] }));
      const stamp1 = await s.stories.storiesStamp();
      expect(stamp1).toBeGreaterThan(stamp0);
      expect(await tags()).toEqual(['Naha']);
      await s.feeds.addArticleTopics(a.articleId, ['weather']);
      expect(await tags()).toEqual(['weather', 'Naha']);
      const stamp2 = await s.stories.storiesStamp();
      await s.feeds.addArticleTopics(a.articleId, ['weather']); // nothing added: nothing to forget
      expect(await s.stories.storiesStamp()).toBe(stamp2);
      await s.stories.mergeStories(a.storyId, [b.storyId], '2026-12-01T12:00:00.000Z');
      expect(await s.stories.storiesStamp()).toBeGreaterThan(stamp2);
      const stamp3 = await s.stories.storiesStamp();
      await s.stories.rebuildStories('2026-12-01T12:00:00.000Z');
      expect(await s.stories.storiesStamp()).toBeGreaterThan(stamp3);
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

  describe('digest language', () => {
    const sub = (workspaceId: string, channelId: string, language?: string) => ({
      workspaceId, channelId, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: false, ...(language ? { language } : {}),
    });

    it("stores a digest's language with it, changes and clears it, and never touches another workspace's digest", async () => {
      const d = store().digests;
      const ko = await d.addSubscription(sub('discord:1', 'discord:1:c1', 'ko'));
      const plain = await d.addSubscription(sub('discord:1', 'discord:1:c1'));
      const other = await d.addSubscription(sub('slack:T1', 'slack:T1:C1', 'fr'));
      expect(ko.language).toBe('ko');
      expect(plain.language).toBeUndefined();
      expect((await d.listSubscriptions('discord:1:c1')).map((s) => s.language)).toEqual(['ko', undefined]);
      expect(await d.setLanguage('discord:1', plain.id, 'de')).toBe(true);
      expect((await d.getSubscription(plain.id))?.language).toBe('de');
      expect(await d.setLanguage('discord:1', ko.id, undefined)).toBe(true);
      expect((await d.getSubscription(ko.id))?.language).toBeUndefined();
      // Another workspace's digest is neither found nor changed.
      expect(await d.setLanguage('discord:1', other.id, 'ja')).toBe(false);
      expect((await d.getSubscription(other.id))?.language).toBe('fr');
      expect((await d.activeSubscriptions()).map((s) => s.language ?? null)).toEqual([null, 'de', 'fr']);
    });
  });
}
