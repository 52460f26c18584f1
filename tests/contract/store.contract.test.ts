// The Store contract: behaviour every store implementation must have, run against each factory below (SQLite, and
// PostgreSQL on the test run's throwaway cluster, a fresh schema per test; skipped with a message without one). Ranking may differ between stores, so search is checked by match sets,
// window and topic filters, and "a title hit ranks above a body hit", never by exact order beyond that.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { createPgStore } from '../../src/store/pg.js';
import { pgElapse, pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';
import type { NewArticle, TextQuery } from '../../src/store/types.js';
import type { Store } from '../../src/store/ports.js';
import type { Article } from '../../src/types.js';
import { coordinationContract } from './coordination.js';
import { nearCopyContract } from './near-copies.js';
import { followsContract, updateLedgerContract } from './ledgers.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const clock: Clock = () => NOW;
const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-store-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * An empty store, and how to let time pass for its claims and leases: SQLite judges them by the `now` each call passes
 * (nothing to do), PostgreSQL by the database's clock (its lease stamps move back, as if that clock had moved on).
 */
type Made = { store: Store; elapse: (ms: number) => Promise<void> };

/** Each store under test: a name and a factory for an empty store. */
type Options = { nearCopyHorizon?: number };
const FACTORIES: [string, (opts?: Options) => Promise<Made>][] = [
  ['SQLite', async (opts = {}) => ({ store: createSqliteStore(path.join(dir, `${Math.random().toString(36).slice(2)}.db`), clock, opts), elapse: () => Promise.resolve() })],
  ...(pgTestsEnabled()
    ? [['PostgreSQL', async (opts: Options = {}) => {
      const url = await pgTestUrl();
      return { store: createPgStore(url, clock, { maxConnections: 4, ...opts }), elapse: (ms: number) => pgElapse(url, ms) };
    }] as [string, (opts?: Options) => Promise<Made>]]
    : []),
];
reportSkippedPostgres('PostgreSQL store contract');

function article(over: Partial<NewArticle> & { title: string }): NewArticle {
  return {
    contentHash: over.title,
    ingestedAt: '2026-11-30T00:00:00.000Z',
    publishedAt: '2026-11-30T00:00:00.000Z',
    body: `${over.title}. Officials said more details would follow.`,
    summary: over.title,
    gist: over.title,
    lang: 'en',
    tags: [],
    fingerprint: Buffer.from([1, 2, 3]),
    bandKeys: [],
    ...over,
  };
}

const all = (...words: string[]): TextQuery => ({ mode: 'all', phrases: words.map((w) => [w]) });
const any = (...phrases: string[][]): TextQuery => ({ mode: 'any', phrases });
const topic = (value: string, score = 1) => [{ kind: 'topic' as const, value, score }];

describe.each(FACTORIES)('%s store contract', (_name, make) => {
  let store: Store;
  let elapse: Made['elapse'];
  beforeEach(async () => {
    ({ store, elapse } = await make());
  });
  afterEach(async () => {
    await store.close();
  });

  describe('articles', () => {
    it('inserts an article into a new story and finds it again by content hash or URL', async () => {
      const ids = await store.articles.insertArticle(article({ title: 'Harbor bridge opens', url: 'https://a.example/1', source: 'Harbor Times' }), null);
      const a = await store.articles.getArticle(ids.articleId);
      expect(a).toMatchObject({ id: ids.articleId, storyId: ids.storyId, title: 'Harbor bridge opens', source: 'Harbor Times' });
      expect((await store.articles.findExisting('Harbor bridge opens'))?.id).toBe(ids.articleId);
      expect((await store.articles.findExisting('another hash', 'https://a.example/1'))?.id).toBe(ids.articleId);
      expect(await store.articles.findExisting('unknown')).toBeUndefined();
      expect(await store.articles.getArticle(ids.articleId + 1000)).toBeUndefined();
    });

    it('updates an article in place: same id and story, new text searchable, old text not', async () => {
      const ids = await store.articles.insertArticle(article({ title: 'Ferry strike in Pyongyang', url: 'https://a.example/u' }), null);
      await store.articles.updateArticle(ids.articleId, article({ title: 'Ferry strike ends in Seoul', url: 'https://a.example/u', contentHash: 'v2' }));
      expect(await store.articles.getArticle(ids.articleId)).toMatchObject({ title: 'Ferry strike ends in Seoul', storyId: ids.storyId });
      expect(await store.articles.search({ text: all('pyongyang'), limit: 10 })).toEqual([]);
      expect((await store.articles.search({ text: all('seoul'), limit: 10 })).map((h) => h.articleId)).toEqual([ids.articleId]);
    });

    it('streams every article in id order', async () => {
      for (const t of ['One', 'Two', 'Three']) await store.articles.insertArticle(article({ title: `${t} story` }), null);
      const seen: Article[] = [];
      for await (const a of store.articles.eachArticle()) seen.push(a);
      expect(seen.map((a) => a.title)).toEqual(['One story', 'Two story', 'Three story']);
    });

    it('counts frequent tags of a kind', async () => {
      await store.articles.insertArticle(article({ title: 'A', tags: [{ kind: 'place', value: 'Seoul' }] }), null);
      await store.articles.insertArticle(article({ title: 'B', tags: [{ kind: 'place', value: 'Seoul' }, { kind: 'place', value: 'Busan' }] }), null);
      expect(await store.articles.topTags('place', 5)).toEqual([{ value: 'Seoul', count: 2 }, { value: 'Busan', count: 1 }]);
    });
  });

  describe('search with the neutral query', () => {
    beforeEach(async () => {
      await store.articles.insertArticle(article({ title: 'Volcano erupts near fishing town', publishedAt: '2026-11-29T00:00:00.000Z', tags: topic('disaster') }), null);
      await store.articles.insertArticle(article({ title: 'Fishing quotas cut', body: 'Fishing quotas cut. A volcano is mentioned only here.', publishedAt: '2026-11-20T00:00:00.000Z' }), null);
      await store.articles.insertArticle(article({ title: 'Central bank raises rates', publishedAt: '2026-11-30T00:00:00.000Z', tags: topic('economy', 4) }), null);
    });
    const titles = async (hits: { articleId: number }[]) =>
      Promise.all(hits.map(async (h) => (await store.articles.getArticle(h.articleId))?.title));

    it('all: every word must match; any: one is enough', async () => {
      expect(await titles(await store.articles.search({ text: all('volcano', 'town'), limit: 10 }))).toEqual(['Volcano erupts near fishing town']);
      const some = await titles(await store.articles.search({ text: any(['volcano'], ['rates']), limit: 10 }));
      expect(new Set(some)).toEqual(new Set(['Volcano erupts near fishing town', 'Fishing quotas cut', 'Central bank raises rates']));
    });

    it('a phrase matches its words together, in order', async () => {
      expect(await titles(await store.articles.search({ text: any(['fishing', 'town']), limit: 10 }))).toEqual(['Volcano erupts near fishing town']);
      expect(await store.articles.search({ text: any(['town', 'fishing']), limit: 10 })).toEqual([]);
    });

    it('ranks a title hit above a body hit', async () => {
      expect(await titles(await store.articles.search({ text: all('volcano'), limit: 10 }))).toEqual(['Volcano erupts near fishing town', 'Fishing quotas cut']);
    });

    it('keeps to the window and to a topic', async () => {
      const windowed = await store.articles.search({ text: all('volcano'), since: '2026-11-25T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z', limit: 10 });
      expect(await titles(windowed)).toEqual(['Volcano erupts near fishing town']);
      expect(await titles(await store.articles.search({ text: all('fishing'), topic: 'disaster', limit: 10 }))).toEqual(['Volcano erupts near fishing town']);
      expect(await titles(await store.articles.search({ topic: 'economy', limit: 10 }))).toEqual(['Central bank raises rates']);
    });

    it('treats query-language syntax in words as plain words, and an empty query as no match', async () => {
      expect(await store.articles.search({ text: any(['OR'], ['NEAR'], ['volcano"']), limit: 10 })).toBeInstanceOf(Array);
      expect(await store.articles.search({ text: any(), limit: 10 })).toEqual([]);
    });

    it('knows the date of the newest match, by text or topic', async () => {
      expect(await store.articles.latestMatch(all('volcano'))).toBe('2026-11-29T00:00:00.000Z');
      expect(await store.articles.latestMatch(undefined, 'economy')).toBe('2026-11-30T00:00:00.000Z');
      expect(await store.articles.latestMatch(all('fishing'), 'disaster')).toBe('2026-11-29T00:00:00.000Z');
      expect(await store.articles.latestMatch(all('glacier'))).toBeUndefined();
    });
  });

  describe('stories', () => {
    it('shows a story with its headline, size and outlets, earliest first', async () => {
      const a = await store.articles.insertArticle(article({ title: 'Port reopens', source: 'Coast Courier', publishedAt: '2026-11-29T00:00:00.000Z' }), null);
      await store.articles.insertArticle(article({ title: 'Port reopens after storm', source: 'Harbor Times', publishedAt: '2026-11-29T03:00:00.000Z' }), a.storyId);
      const [s] = await store.stories.getStories([a.storyId]);
      expect(s).toMatchObject({ id: a.storyId, headline: 'Port reopens', articleCount: 2 });
      expect(s?.sources.map((x) => x.name)).toEqual(['Coast Courier', 'Harbor Times']);
      expect((await store.stories.storyArticleCounts([a.storyId])).get(a.storyId)).toBe(2);
      expect((await store.stories.storyArticles(a.storyId)).map((x) => x.title)).toEqual(['Port reopens', 'Port reopens after storm']);
      // A store may read the story's size with each hit (a briefing then skips storyArticleCounts): the same number.
      for (const h of await store.articles.search({ text: all('port', 'reopens'), limit: 10 })) {
        expect(h.storyArticles ?? 2).toBe(2);
      }
    });

    it('merges into the older story: the merged id resolves to it and a digest that posted it does not post it again', async () => {
      const a = await store.articles.insertArticle(article({ title: 'Typhoon nears Okinawa' }), null);
      const b = await store.articles.insertArticle(article({ title: 'Typhoon closes Naha airport' }), null);
      const sub = await store.digests.addSubscription({ workspaceId: 'w', channelId: 'c', topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: false });
      await store.digests.markPosted(sub.id, [{ storyId: b.storyId, articleCount: 1 }], NOW.toISOString());
      await store.stories.mergeStories(a.storyId, [b.storyId], NOW.toISOString());
      expect(await store.stories.resolveStory(b.storyId)).toBe(a.storyId);
      expect((await store.stories.getStories([b.storyId, a.storyId])).map((s) => [s.id, s.articleCount])).toEqual([[a.storyId, 2]]);
      expect((await store.digests.postedStories(sub.id, [a.storyId])).get(a.storyId)).toBe(1);
      expect(await store.stories.storyArticles(b.storyId)).toHaveLength(2);
    });

    it('keeps the assigner state: document frequencies, centroids and their index', async () => {
      const s = store.stories.state;
      await s.addDocument(['typhoon', 'okinawa']);
      await s.addDocument(['typhoon']);
      expect(await s.docCount()).toBe(2);
      expect(await s.docFreqs(['typhoon', 'okinawa', 'naha'])).toEqual(new Map([['typhoon', 2], ['okinawa', 1]]));
      const v = { id: 5, terms: new Map([['typhoon', 0.8], ['okinawa', 0.6]]), count: 1, firstSeen: 1, lastSeen: 2 };
      await s.saveCentroid(v, ['typhoon']);
      expect(await s.centroid(5)).toEqual(v);
      expect((await s.postings(['typhoon', 'okinawa'], 10)).get('typhoon')).toEqual([5]);
      await s.dropCentroid(5);
      expect(await s.centroids([5])).toEqual([]);
    });
  });

  describe('topics', () => {
    it('saves, replaces, lists and removes topics per workspace', async () => {
      expect(await store.topics.saveTopic('w1', { name: 'harbour', keywords: ['port', 'ferry'] }, 'u1')).toBe(false);
      expect(await store.topics.saveTopic('w1', { name: 'harbour', keywords: ['port'] }, 'u1')).toBe(true);
      expect(await store.topics.listTopics('w1')).toMatchObject([{ name: 'harbour', keywords: ['port'], createdBy: 'u1' }]);
      expect(await store.topics.listTopics('w2')).toEqual([]);
      expect(await store.topics.removeTopic('w2', 'harbour')).toBe(false);
      expect(await store.topics.removeTopic('w1', 'harbour')).toBe(true);
      expect(await store.topics.listTopics('w1')).toEqual([]);
    });
  });

  describe('digests: subscriptions and the run ledger', () => {
    const SLOT = '2026-12-01T08:00:00.000Z';
    const add = (over: { channelId?: string; createdAt?: string } = {}) =>
      store.digests.addSubscription({ workspaceId: 'w', channelId: 'c1', topics: ['korea'], cron: '0 8 * * *', timezone: 'Asia/Seoul', postEmpty: false, ...over });

    it('stores, lists and removes subscriptions per channel', async () => {
      const s = await add();
      expect(s).toMatchObject({ workspaceId: 'w', channelId: 'c1', topics: ['korea'], enabled: true, consecutiveFailures: 0, createdAt: NOW.toISOString() });
      await add({ channelId: 'c2' });
      expect((await store.digests.listSubscriptions('c1')).map((x) => x.id)).toEqual([s.id]);
      expect(await store.digests.activeSubscriptions()).toHaveLength(2);
      await store.digests.setPaused(s.id, 'broken');
      expect((await store.digests.activeSubscriptions()).map((x) => x.channelId)).toEqual(['c2']);
      await store.digests.setWatermark(s.id, '2026-12-01T00:00:00.000Z');
      expect(await store.digests.getSubscription(s.id)).toMatchObject({ pausedReason: 'broken', lastWatermark: '2026-12-01T00:00:00.000Z' });
      expect(await store.digests.removeSubscriptions('c1', s.id)).toBe(1);
      expect(await store.digests.removeSubscriptions('c1')).toBe(0);
    });

    it('claims a slot once; a stale claim is taken over; only the owner finishes it', async () => {
      const s = await add();
      expect(await store.digests.claimSlot(s.id, SLOT, 'p1', '2026-12-01T08:00:01.000Z', 3 * 60_000)).toBe(true);
      expect(await store.digests.claimSlot(s.id, SLOT, 'p2', '2026-12-01T08:00:02.000Z', 3 * 60_000)).toBe(false);
      // p1 stops renewing: three minutes later its claim is stale and p2 takes it over, once.
      await elapse(4 * 60_000);
      expect(await store.digests.claimSlot(s.id, SLOT, 'p2', '2026-12-01T08:04:00.000Z', 3 * 60_000)).toBe(true);
      expect(await store.digests.getRun(s.id, SLOT)).toMatchObject({ status: 'claimed', owner: 'p2', attempts: 2 });
      expect(await store.digests.finishRun(s.id, SLOT, 'p1', { status: 'posted' }, '2026-12-01T08:05:00.000Z')).toBe(false);
      expect(await store.digests.finishRun(s.id, SLOT, 'p2', { status: 'posted', messageRef: 'm1' }, '2026-12-01T08:05:00.000Z')).toBe(true);
      expect(await store.digests.claimSlot(s.id, SLOT, 'p3', '2026-12-01T09:00:00.000Z', 3 * 60_000)).toBe(false);
      expect(await store.digests.lastRun(s.id)).toMatchObject({ status: 'posted', messageRef: 'm1' });
    });

    it('renews, releases and skips claims; lists stale claims', async () => {
      const s = await add();
      await store.digests.claimSlot(s.id, SLOT, 'p1', '2026-12-01T08:00:00.000Z', 3 * 60_000);
      expect(await store.digests.renewClaims('p1', '2026-12-01T08:01:00.000Z')).toBe(1);
      expect(await store.digests.renewClaim(s.id, SLOT, 'p2', '2026-12-01T08:01:00.000Z')).toBe(false);
      expect(await store.digests.staleClaims('2026-12-01T08:02:00.000Z', 3 * 60_000, '2026-12-01T00:00:00.000Z')).toEqual([]);
      await elapse(4 * 60_000);
      expect(await store.digests.staleClaims('2026-12-01T08:05:00.000Z', 3 * 60_000, '2026-12-01T00:00:00.000Z')).toEqual([{ subscriptionId: s.id, slot: SLOT }]);
      expect(await store.digests.releaseClaim(s.id, SLOT, 'p1')).toBe(true);
      expect(await store.digests.getRun(s.id, SLOT)).toMatchObject({ status: 'due' });
      expect(await store.digests.skipSlot(s.id, '2026-12-02T08:00:00.000Z', 'missed', '2026-12-02T10:00:00.000Z')).toBe(true);
      expect(await store.digests.skipSlot(s.id, '2026-12-02T08:00:00.000Z', 'missed', '2026-12-02T10:00:00.000Z')).toBe(false);
      expect(await store.digests.getRun(s.id, '2026-12-02T08:00:00.000Z')).toMatchObject({ status: 'skipped', error: 'missed' });
    });

    it('counts fatal failures in a row and clears them after a success', async () => {
      const s = await add();
      expect(await store.digests.noteFailure(s.id, 'gone', true)).toBe(1);
      expect(await store.digests.noteFailure(s.id, 'slow', false)).toBe(0);
      expect(await store.digests.noteFailure(s.id, 'gone', true)).toBe(2);
      await store.digests.noteSuccess(s.id);
      expect(await store.digests.getSubscription(s.id)).toMatchObject({ consecutiveFailures: 0 });
      expect((await store.digests.getSubscription(s.id))?.lastError).toBeUndefined();
    });

    it('remembers the stories a digest posted, at their size', async () => {
      const s = await add();
      await store.digests.markPosted(s.id, [{ storyId: 3, articleCount: 2 }, { storyId: 4, articleCount: 1 }], NOW.toISOString());
      await store.digests.markPosted(s.id, [{ storyId: 3, articleCount: 5 }], NOW.toISOString());
      expect(await store.digests.postedStories(s.id, [3, 4, 9])).toEqual(new Map([[3, 5], [4, 1]]));
      expect(await store.digests.postedStories(s.id, [])).toEqual(new Map());
    });
  });

  describe('feeds', () => {
    const feed = { workspaceId: 'w', url: 'https://feeds.example/a.xml', topics: ['korea'], intervalMinutes: 15, fetchPages: true, nextPollAt: '2026-12-01T12:00:00.000Z' };

    it('adds a feed once per workspace and URL, lists it and removes it', async () => {
      const first = await store.feeds.addFeed(feed, NOW.toISOString());
      expect(first.created).toBe(true);
      expect(first.feed).toMatchObject({ ...feed, failures: 0, articleCount: 0, addedAt: NOW.toISOString() });
      expect((await store.feeds.addFeed(feed, NOW.toISOString())).created).toBe(false);
      expect((await store.feeds.addFeed({ ...feed, workspaceId: 'w2' }, NOW.toISOString())).created).toBe(true);
      expect(await store.feeds.listFeeds('w')).toHaveLength(1);
      expect(await store.feeds.listFeeds()).toHaveLength(2);
      expect(await store.feeds.removeFeed('w2', first.feed.id)).toBe(false);
      expect(await store.feeds.removeFeed('w', first.feed.id)).toBe(true);
      expect(await store.feeds.getFeed(first.feed.id)).toBeUndefined();
    });

    it('lists due feeds, applies poll results and settings, and remembers seen items', async () => {
      const { feed: f } = await store.feeds.addFeed(feed, NOW.toISOString());
      expect((await store.feeds.dueFeeds('2026-12-01T12:00:00.000Z', 10)).map((x) => x.id)).toEqual([f.id]);
      await store.feeds.updateFeed(f.id, { etag: 'e1', failures: 2, nextPollAt: '2026-12-01T13:00:00.000Z', addArticles: 3 });
      expect(await store.feeds.dueFeeds('2026-12-01T12:30:00.000Z', 10)).toEqual([]);
      await store.feeds.updateFeed(f.id, { etag: null, disabledReason: 'failing' });
      await store.feeds.updateFeedSettings(f.id, { topics: [], intervalMinutes: 30, fetchPages: false });
      expect(await store.feeds.getFeed(f.id)).toMatchObject({ failures: 2, articleCount: 3, disabledReason: 'failing', topics: [], intervalMinutes: 30, fetchPages: false });
      expect((await store.feeds.getFeed(f.id))?.etag).toBeUndefined();
      await store.feeds.markSeen(f.id, 'g1', undefined, NOW.toISOString());
      expect(await store.feeds.seenItems(f.id, ['g1', 'g2'])).toEqual(new Set(['g1']));
    });

    it('files an article under the feed topics, so a topic search finds it', async () => {
      const a = await store.articles.insertArticle(article({ title: 'Ferry line opens' }), null);
      await store.feeds.addArticleTopics(a.articleId, ['harbour']);
      expect((await store.articles.search({ topic: 'harbour', limit: 5 })).map((h) => h.articleId)).toEqual([a.articleId]);
    });
  });

  describe('LLM cache and ledger', () => {
    it('caches answers by content hash, model and prompt version', async () => {
      await store.llm.llmCachePut({ contentHash: 'h', model: 'm', promptVersion: '1', kind: 'summary', text: 'A summary.', tokens: 12 });
      expect(await store.llm.llmCacheGet('h', 'm', '1')).toBe('A summary.');
      expect(await store.llm.llmCacheGet('h', 'm', '2')).toBeUndefined();
    });

    it('adds up a day of usage', async () => {
      expect(await store.llm.llmUsage('2026-12-01')).toEqual({ tokens: 0, calls: 0, fallbacks: 0, cacheHits: 0 });
      await store.llm.llmRecord('2026-12-01', { tokens: 100, calls: 1 });
      await store.llm.llmRecord('2026-12-01', { tokens: 50, calls: 1, fallbacks: 2 });
      expect(await store.llm.llmUsage('2026-12-01')).toEqual({ tokens: 150, calls: 2, fallbacks: 2, cacheHits: 0 });
    });

    it('gives the headline text of stories', async () => {
      const a = await store.articles.insertArticle(article({ title: 'Glacier retreats' }), null);
      expect((await store.llm.llmStoryTexts([a.storyId])).get(a.storyId)).toMatchObject({ articleId: a.articleId, title: 'Glacier retreats', contentHash: 'Glacier retreats' });
    });
  });

  describe('near-copy candidates', () => nearCopyContract(() => store, make, article));
  describe('coordination', () => coordinationContract(() => store, (ms) => elapse(ms)));
  updateLedgerContract(() => store, (ms) => elapse(ms));
  followsContract(() => store);

  describe('transactions', () => {
    it('commits when the callback resolves and undoes everything when it rejects', async () => {
      await store.transaction(async (tx) => {
        await tx.topics.saveTopic('w', { name: 'kept', keywords: ['a'] });
      });
      await expect(store.transaction(async (tx) => {
        await tx.topics.saveTopic('w', { name: 'undone', keywords: ['b'] });
        throw new Error('no');
      })).rejects.toThrow('no');
      expect((await store.topics.listTopics('w')).map((t) => t.name)).toEqual(['kept']);
    });

    it('undoes a failing nested part alone', async () => {
      await store.transaction(async (tx) => {
        await tx.topics.saveTopic('w', { name: 'outer', keywords: ['a'] });
        await tx.transaction(async (inner) => {
          await inner.topics.saveTopic('w', { name: 'inner', keywords: ['b'] });
          throw new Error('inner fails');
        }).catch(() => undefined);
      });
      expect((await store.topics.listTopics('w')).map((t) => t.name)).toEqual(['outer']);
    });

    it('makes other callers wait for a transaction in progress, so they never see its uncommitted writes', async () => {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const tx = store.transaction(async (t) => {
        await t.topics.saveTopic('w', { name: 'pending', keywords: ['a'] });
        await held;
        throw new Error('rolled back');
      });
      const outside = store.topics.listTopics('w');
      release();
      await expect(tx).rejects.toThrow('rolled back');
      expect(await outside).toEqual([]);
    });

    it('answers the operator checks', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      expect(await store.probeWrite()).toEqual({ writable: true, locked: false });
      await store.articles.insertArticle(article({ title: 'Counted' }), null);
      expect(await store.stats()).toMatchObject({ articles: 1, stories: 1 });
    });
  });
});
