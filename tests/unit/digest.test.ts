import { afterEach, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/briefing/digest.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { NewArticle } from '../../src/store/types.js';
import type { Store } from '../../src/store/ports.js';
import { systemClock } from '../../src/clock.js';

let store: Store;
afterEach(() => store?.close());

async function add(title: string, ingestedAt: string, topics: [string, number][]): Promise<number> {
  const a: NewArticle = {
    contentHash: title, title, ingestedAt, publishedAt: ingestedAt, body: `${title}.`, summary: title, gist: title, lang: 'en',
    tags: topics.map(([value, score]) => ({ kind: 'topic', value, score })), fingerprint: Buffer.from([0]), bandKeys: [],
  };
  return (await store.articles.insertArticle(a, null)).storyId;
}

const topics = [
  { name: 'korea', keywords: ['korea'], tagged: true },
  { name: 'economy', keywords: ['economy'], tagged: true },
];

describe('digests', () => {
  it('lists only stories new since the watermark, grouped by topic, each story once under its strongest topic', async () => {
    store = createSqliteStore(':memory:', systemClock);
    await add('Old Korea story', '2026-11-28T00:00:00.000Z', [['korea', 5]]);
    await add('Korea talks', '2026-11-29T10:00:00.000Z', [['korea', 6]]);
    await add('Seoul rate decision', '2026-11-29T11:00:00.000Z', [['korea', 2], ['economy', 7]]);
    await add('Markets rally', '2026-11-29T12:00:00.000Z', [['economy', 4]]);
    const d = await buildDigest(store, { topics, watermark: '2026-11-29T00:00:00.000Z', now: new Date('2026-11-30T00:00:00Z'), maxStories: 8 });
    expect(d.sections.map((s) => [s.topic, s.stories.map((x) => x.headline)])).toEqual([
      ['korea', ['Korea talks']],
      ['economy', expect.arrayContaining(['Seoul rate decision', 'Markets rally'])],
    ]);
    expect(d.note).toBeUndefined();
  });

  it('says nothing is new when nothing is', async () => {
    store = createSqliteStore(':memory:', systemClock);
    await add('Old Korea story', '2026-11-28T00:00:00.000Z', [['korea', 5]]);
    const d = await buildDigest(store, { topics, watermark: '2026-11-29T00:00:00.000Z', now: new Date('2026-11-30T00:00:00Z'), maxStories: 8 });
    expect(d.sections).toEqual([]);
    expect(d.note).toBe('Nothing new since 29 Nov 2026, 00:00 UTC.');
  });

  it('respects the story limits', async () => {
    store = createSqliteStore(':memory:', systemClock);
    for (let i = 0; i < 6; i++) await add(`Korea story ${i}`, `2026-11-29T0${i}:00:00.000Z`, [['korea', 3]]);
    const d = await buildDigest(store, { topics, watermark: '2026-11-28T00:00:00.000Z', now: new Date('2026-11-30T00:00:00Z'), maxStories: 2, perTopic: 5 });
    expect(d.sections.flatMap((s) => s.stories)).toHaveLength(2);
  });
});
