import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/briefing/briefing.js';
import { buildQuery } from '../../src/briefing/query.js';
import { UserError } from '../../src/errors.js';
import { createSqliteStore, FTS_SCAN } from '../../src/store/sqlite.js';
import type { NewArticle, TextQuery } from '../../src/store/types.js';
import type { Store } from '../../src/store/ports.js';
import { systemClock } from '../../src/clock.js';

let store: Store;
afterEach(() => store?.close());

function article(over: Partial<NewArticle> & { title: string }): NewArticle {
  return {
    contentHash: over.title,
    ingestedAt: '2026-11-30T00:00:00.000Z',
    body: `${over.title}. Body text about the matter at hand.`,
    summary: `${over.title} summary.`,
    gist: `${over.title} gist.`,
    lang: 'en',
    tags: [],
    fingerprint: Buffer.from([1, 2, 3]),
    bandKeys: [],
    ...over,
  };
}

const all = (...words: string[]): TextQuery => ({ mode: 'all', phrases: words.map((w) => [w]) });

const topics = [{ name: 'korea', keywords: ['north korea', 'pyongyang'] }];

describe('SQLite store', () => {
  it('applies migrations and stores an article with its tags and story', async () => {
    store = createSqliteStore(':memory:', systemClock);
    const { articleId, storyId } = await store.articles.insertArticle(
      article({ title: 'Pyongyang talks', url: 'https://a.example/1', source: 'A', tags: [{ kind: 'topic', value: 'korea', score: 3 }] }),
      null,
    );
    const a = await store.articles.getArticle(articleId);
    expect(a?.title).toBe('Pyongyang talks');
    expect(a?.storyId).toBe(storyId);
    expect(a?.tags).toEqual([{ kind: 'topic', value: 'korea', score: 3 }]);
    expect((await store.articles.findExisting('Pyongyang talks'))?.id).toBe(articleId);
    expect((await store.articles.findExisting('other hash', 'https://a.example/1'))?.id).toBe(articleId);
  });

  it('groups a joined article into the story with its source counted', async () => {
    store = createSqliteStore(':memory:', systemClock);
    const first = await store.articles.insertArticle(article({ title: 'North Korea fires missile', source: 'Harbor Times', bandKeys: [7, 8] }), null);
    await store.articles.insertArticle(article({ title: 'North Korea launches missile', source: 'Pacific Ledger', bandKeys: [8, 9] }), first.storyId);
    expect((await store.articles.storyCandidates([9], 10)).map((c) => c.storyId)).toEqual([first.storyId]);
    const [story] = await store.stories.getStories([first.storyId]);
    expect(story?.articleCount).toBe(2);
    expect(story?.headline).toBe('North Korea fires missile');
    expect(story?.sources.map((s) => s.name)).toEqual(['Harbor Times', 'Pacific Ledger']);
  });

  it('migrates a database built before the candidate index and reads candidates from that index', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-store-'));
    const file = path.join(dir, 'old.db');
    try {
      store = createSqliteStore(file, systemClock);
      const first = await store.articles.insertArticle(article({ title: 'Storm hits coast', bandKeys: [5], fingerprint: Buffer.from([4, 5, 6]) }), null);
      await store.close();
      // What the code before migration 23 left: no index, no record of the migration.
      const old = new Database(file);
      old.exec('DROP INDEX articles_candidate; DELETE FROM schema_migrations WHERE id = 23');
      old.close();
      store = createSqliteStore(file, systemClock);
      expect(await store.articles.storyCandidates([5], 10)).toEqual([{ articleId: first.articleId, storyId: first.storyId, fingerprint: Buffer.from([4, 5, 6]) }]);
      await store.close();
      const db = new Database(file, { readonly: true });
      const plan = db.prepare('EXPLAIN QUERY PLAN SELECT fingerprint FROM articles INDEXED BY articles_candidate WHERE id = 1').all() as { detail: string }[];
      db.close();
      expect(plan.map((r) => r.detail).join()).toMatch(/COVERING INDEX articles_candidate/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('updates an article in place, re-indexing its text', async () => {
    store = createSqliteStore(':memory:', systemClock);
    const { articleId } = await store.articles.insertArticle(article({ title: 'Old headline about Pyongyang', url: 'https://x.example/a' }), null);
    await store.articles.updateArticle(articleId, article({ title: 'New headline about Seoul', url: 'https://x.example/a', contentHash: 'v2' }));
    expect((await store.articles.getArticle(articleId))?.title).toBe('New headline about Seoul');
    expect(await store.articles.search({ text: { mode: 'all', phrases: [['pyongyang']] }, limit: 10 })).toHaveLength(0);
    expect((await store.articles.search({ text: { mode: 'all', phrases: [['seoul']] }, limit: 10 })).map((h) => h.articleId)).toEqual([articleId]);
  });

  it('never raises an SQL error for hostile briefing input', async () => {
    store = createSqliteStore(':memory:', systemClock);
    await store.articles.insertArticle(article({ title: 'North Korea talks resume', publishedAt: '2017-11-21T00:00:00.000Z' }), null);
    for (const input of ['"korea OR', 'NEAR(', 'korea*', 'title:korea', '-korea', 'x'.repeat(10_000), '"""', "'; DROP TABLE articles; --"]) {
      let text: TextQuery;
      try {
        text = buildQuery(input, topics).text;
      } catch (err) {
        expect(err).toBeInstanceOf(UserError); // a clear answer, not a crash
        continue;
      }
      await expect(store.articles.search({ text, limit: 5 })).resolves.toBeInstanceOf(Array);
    }
    const b = await buildBriefing(store, { query: 'x'.repeat(10_000), since: '7d', limit: 5, now: new Date(), topics });
    expect(b.note).toMatch(/^Long query: I searched for "x{40}"\. No stories match/);
  });

  it('falls back to the latest matching stories with a note when the window is empty', async () => {
    store = createSqliteStore(':memory:', systemClock);
    await store.articles.insertArticle(article({ title: 'Envoy visits Pyongyang', publishedAt: '2017-11-21T00:00:00.000Z' }), null);
    const b = await buildBriefing(store, { query: 'korea', since: '7d', limit: 5, now: new Date('2026-11-30T00:00:00Z'), topics });
    expect(b.note).toBe('Nothing on korea in the last 7 days; latest from 21 Nov 2017.');
    expect(b.stories.map((s) => s.headline)).toEqual(['Envoy visits Pyongyang']);
  });

  it('says so and suggests topics when nothing matches at all', async () => {
    store = createSqliteStore(':memory:', systemClock);
    await store.articles.insertArticle(article({ title: 'Envoy visits Pyongyang' }), null);
    const b = await buildBriefing(store, { query: 'kroea', since: '7d', limit: 5, now: new Date('2026-11-30T00:00:00Z'), topics });
    expect(b.stories).toEqual([]);
    expect(b.note).toMatch(/No stories match "kroea".*Try: korea/);
  });

  it('answers a tagged default topic from the tag index, newest and strongest first', async () => {
    store = createSqliteStore(':memory:', systemClock);
    const korea = (score: number) => [{ kind: 'topic' as const, value: 'korea', score }];
    await store.articles.insertArticle(article({ title: 'Old Pyongyang story', publishedAt: '2026-11-01T00:00:00.000Z', tags: korea(5) }), null);
    await store.articles.insertArticle(article({ title: 'Seoul markets rally', publishedAt: '2026-11-29T00:00:00.000Z', tags: korea(2) }), null);
    await store.articles.insertArticle(article({ title: 'Pyongyang parade', publishedAt: '2026-11-29T01:00:00.000Z', tags: korea(9) }), null);
    await store.articles.insertArticle(article({ title: 'Pyongyang in passing', publishedAt: '2026-11-29T02:00:00.000Z' }), null);
    const tagged = [{ name: 'korea', keywords: ['pyongyang'], tagged: true }];
    const b = await buildBriefing(store, { query: 'korea', since: '7d', limit: 5, now: new Date('2026-11-30T00:00:00Z'), topics: tagged });
    expect(b.stories.map((s) => s.headline)).toEqual(['Pyongyang parade', 'Seoul markets rally']);
    expect(await store.articles.latestMatch(undefined, 'korea')).toBe('2026-11-29T01:00:00.000Z');
  });

  it(`takes the latest match from the newest ${FTS_SCAN} matches a search scores, so the fallback window holds a hit`, async () => {
    store = createSqliteStore(':memory:', systemClock);
    // Ingested first but published last: outside the newest FTS_SCAN matches, which searches never score.
    await store.articles.insertArticle(article({ title: 'Volcano backfilled', publishedAt: '2026-11-20T00:00:00.000Z' }), null);
    for (let i = 0; i < FTS_SCAN; i++) {
      const day = String(1 + (i % 9)).padStart(2, '0');
      await store.articles.insertArticle(article({ title: `Volcano report ${i}`, publishedAt: `2026-11-${day}T00:00:00.000Z` }), null);
    }
    expect(await store.articles.latestMatch(all('volcano'))).toBe('2026-11-09T00:00:00.000Z');
    const b = await buildBriefing(store, { query: 'volcano', since: '24h', limit: 3, now: new Date('2026-11-30T00:00:00Z'), topics });
    expect(b.note).toMatch(/Nothing on volcano in the last 24 hours?; latest from/);
    expect(b.stories).toHaveLength(3);
  });

  it('saves, lists and removes workspace topics per workspace', async () => {
    store = createSqliteStore(':memory:', systemClock);
    expect(await store.topics.saveTopic('discord:1', { name: 'chips', keywords: ['semiconductor'] }, 'u1')).toBe(false);
    expect(await store.topics.saveTopic('discord:1', { name: 'chips', keywords: ['semiconductor', 'tsmc'] }, 'u1')).toBe(true);
    expect((await store.topics.listTopics('discord:1')).map((t) => t.keywords)).toEqual([['semiconductor', 'tsmc']]);
    expect(await store.topics.listTopics('discord:2')).toEqual([]);
    expect(await store.topics.removeTopic('discord:1', 'chips')).toBe(true);
    expect(await store.topics.removeTopic('discord:1', 'chips')).toBe(false);
  });
});
