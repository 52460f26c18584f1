// Story deltas: only sentences with facts nothing shown before had, from articles the target has not seen, at most
// three with their source; never a sentence already posted to the target; and the ledger's view through deltaFor.
import { describe, expect, it } from 'vitest';
import { buildDelta, sentenceKey } from '../../src/updates/delta.js';
import { deltaFor, nextClaim, updateNonce } from '../../src/updates/ledger.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { NewArticle } from '../../src/store/types.js';
import type { Article } from '../../src/types.js';

const art = (id: number, over: Partial<Article>): Article => ({
  id, title: `Title ${id}`, ingestedAt: '2026-09-14T00:00:00Z', body: '', summary: '', gist: '', lang: 'en', tags: [], storyId: 1, ...over,
});

const STORY = { id: 1, headline: 'Typhoon Haikui hits Okinawa' };
const first = art(1, { source: 'Harbor Daily', url: 'https://harbor.example/1', publishedAt: '2026-09-14T03:00:00Z', ingestedAt: '2026-09-14T03:05:00Z',
  body: 'Typhoon Haikui hit Okinawa on Monday. About 80,000 homes lost power.' });
const second = art(2, { source: 'Island Times', url: 'https://island.example/2', publishedAt: '2026-09-14T06:00:00Z', ingestedAt: '2026-09-14T06:01:00Z',
  body: 'About 80,000 homes lost power on Monday. Governor Tamaki visited shelters in Nago. The storm cancelled 212 flights.' });
const third = art(3, { url: 'https://www.pacificwire.example/3', publishedAt: '2026-09-14T07:00:00Z', ingestedAt: '2026-09-14T07:02:00Z',
  body: '"We ask residents to stay indoors until Wednesday," the governor said. Naha airport was closed and 212 flights were cancelled, Japan Airlines said. Power was back in 55,000 homes. Two people were hurt in Itoman.' });

describe('buildDelta', () => {
  it('gives only the new facts of the articles not shown, at most three in time order, each with its article and outlet', () => {
    const d = buildDelta(STORY, [third, first, second], { articleIds: [1] });
    expect(d.articleIds).toEqual([2, 3]);
    expect(d.sentences.map((s) => s.text)).toEqual([
      'Governor Tamaki visited shelters in Nago.',
      'The storm cancelled 212 flights.',
      '"We ask residents to stay indoors until Wednesday," the governor said.',
    ]);
    expect(d.sentences[0]).toMatchObject({ articleId: 2, outlet: 'Island Times', url: 'https://island.example/2', title: 'Title 2', at: '2026-09-14T06:00:00Z' });
    expect(d.sentences[2]).toMatchObject({ articleId: 3, outlet: 'pacificwire.example', url: 'https://www.pacificwire.example/3' });
    // The third article's other three facts are left over (counted, for "and 3 more"): it is not shown yet.
    expect(d.more).toBe(3);
    expect(d.pending).toEqual([3]);
    expect(d.sentences.every((s) => s.key === sentenceKey(s.text))).toBe(true);
  });

  it('counts articles ingested (or published) up to a time as shown, and nothing new when nothing arrived', () => {
    expect(buildDelta(STORY, [first, second, third], { ingestedUntil: '2026-09-14T06:30:00Z' }).articleIds).toEqual([3]);
    expect(buildDelta(STORY, [first, second, third], { publishedUntil: '2026-09-14T06:00:00+00:00' }).articleIds).toEqual([3]);
    const none = buildDelta(STORY, [first, second], { articleIds: [1, 2] });
    expect(none).toEqual({ storyId: 1, headline: STORY.headline, sentences: [], more: 0, articleIds: [], pending: [] });
  });

  it('never repeats a sentence already posted to the target, nor one sentence twice from two copies', () => {
    const copy = art(4, { source: 'Wire copy', publishedAt: '2026-09-14T06:30:00Z', body: second.body });
    const posted = [sentenceKey('governor tamaki visited shelters in Nago')];
    const d = buildDelta(STORY, [first, second, copy], { articleIds: [1], sentenceKeys: posted });
    expect(d.sentences.map((s) => s.text)).toEqual(['The storm cancelled 212 flights.']);
    expect(d.articleIds).toEqual([2, 4]);
  });
});

describe('deltaFor (the ledger)', () => {
  const stored = (title: string, body: string, at: string): NewArticle => ({
    contentHash: title, title, body, url: `https://news.example/${encodeURIComponent(title)}`, source: title.split(' ')[0], ingestedAt: at, publishedAt: at,
    summary: title, gist: title, lang: 'en', tags: [], fingerprint: Buffer.from([1]), bandKeys: [],
  });

  it('reads what the target was shown and claimed; a claimed update is not given again, its number is taken once', async () => {
    const store = createSqliteStore(':memory:', () => new Date('2026-09-14T08:00:00Z'));
    try {
      const a = await store.articles.insertArticle(stored('Harbor report', first.body, '2026-09-14T03:00:00.000Z'), null);
      await store.articles.insertArticle(stored('Island report', second.body, '2026-09-14T06:00:00.000Z'), a.storyId);
      const target = 'thread:discord:1:333:900';
      const found = await deltaFor(store, target, a.storyId, { ingestedUntil: '2026-09-14T03:00:00.000Z' });
      expect(found?.seq).toBe(0);
      expect(found?.delta.sentences.map((s) => s.text)).toEqual(['Governor Tamaki visited shelters in Nago.', 'The storm cancelled 212 flights.']);
      const c = nextClaim(target, found!, { platform: 'discord', owner: 'me' }, '{}');
      expect(c).toMatchObject({ seq: 1, articleIds: [a.articleId + 1], nonce: updateNonce(target, a.storyId, 1) });
      expect(c.nonce.length).toBeLessThanOrEqual(25);
      expect(await store.updates.claimUpdate(c, '2026-09-14T08:00:00.000Z')).toBe(true);
      expect(await store.updates.claimUpdate({ ...c, owner: 'other' }, '2026-09-14T08:00:00.000Z')).toBe(false);
      const after = await deltaFor(store, target, a.storyId, { ingestedUntil: '2026-09-14T03:00:00.000Z' });
      expect(after).toMatchObject({ seq: 1, lastAt: '2026-09-14T08:00:00.000Z', delta: { sentences: [], articleIds: [] } });
      // A later copy repeating a posted sentence adds nothing; another target still gets everything.
      await store.articles.insertArticle(stored('Wire copy', `${second.body} Two people were hurt in Itoman.`, '2026-09-14T09:00:00.000Z'), a.storyId);
      const later = await deltaFor(store, target, a.storyId, { ingestedUntil: '2026-09-14T03:00:00.000Z' });
      expect(later?.delta.sentences.map((s) => s.text)).toEqual(['Two people were hurt in Itoman.']);
      expect((await deltaFor(store, 'user:discord:42', a.storyId))?.delta.sentences).toHaveLength(3);
      expect(await deltaFor(store, target, 9999)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('gives the facts left over beyond three in the next update (at most three), and never a posted one again', async () => {
    const store = createSqliteStore(':memory:', () => new Date('2026-09-14T08:00:00Z'));
    try {
      const a = await store.articles.insertArticle(stored('Harbor report', first.body, '2026-09-14T03:00:00.000Z'), null);
      await store.articles.insertArticle(stored('Pacific report', `${third.body} The storm cancelled 212 ferries.`, '2026-09-14T07:00:00.000Z'), a.storyId);
      const target = 'thread:discord:1:333:901';
      const base = { ingestedUntil: '2026-09-14T03:00:00.000Z' };
      const one = await deltaFor(store, target, a.storyId, base);
      expect(one?.delta).toMatchObject({ more: 2, pending: [a.articleId + 1] });
      const c1 = nextClaim(target, one!, { platform: 'discord', owner: 'me' }, '{}');
      expect(c1.articleIds).toEqual([]); // the article is not shown yet: two of its facts were left out
      expect(await store.updates.claimUpdate(c1, '2026-09-14T08:00:00.000Z')).toBe(true);
      const two = await deltaFor(store, target, a.storyId, base);
      expect(two?.seq).toBe(1);
      expect(two?.delta).toMatchObject({ more: 0, pending: [], articleIds: [a.articleId + 1] });
      expect(two?.delta.sentences.map((s) => s.text)).toEqual(['Two people were hurt in Itoman.', 'The storm cancelled 212 ferries.']);
      expect(two!.delta.sentences.some((s) => one!.delta.sentences.some((o) => o.key === s.key))).toBe(false);
      expect(await store.updates.claimUpdate(nextClaim(target, two!, { platform: 'discord', owner: 'me' }, '{}'), '2026-09-14T09:00:00.000Z')).toBe(true);
      expect((await deltaFor(store, target, a.storyId, base))?.delta).toMatchObject({ sentences: [], articleIds: [] });
    } finally {
      await store.close();
    }
  });

  it('drops a left-over fact that a later report superseded, and posts the later one', async () => {
    const store = createSqliteStore(':memory:', () => new Date('2026-09-14T08:00:00Z'));
    try {
      const a = await store.articles.insertArticle(stored('Harbor report', first.body, '2026-09-14T03:00:00.000Z'), null);
      const body = '"We ask residents to stay indoors until Wednesday," the governor said. Naha airport was closed and 212 flights were cancelled, Japan Airlines said. Two people were hurt in Itoman. Power was back in 55,000 homes.';
      await store.articles.insertArticle(stored('Pacific report', body, '2026-09-14T07:00:00.000Z'), a.storyId);
      const target = 'thread:discord:1:333:902';
      const base = { ingestedUntil: '2026-09-14T03:00:00.000Z' };
      const one = await deltaFor(store, target, a.storyId, base);
      expect(one?.delta.more).toBe(1);
      expect(await store.updates.claimUpdate(nextClaim(target, one!, { platform: 'discord', owner: 'me' }, '{}'), '2026-09-14T08:00:00.000Z')).toBe(true);
      // Left over: "Power was back in 55,000 homes." A later report updates it before the next reply.
      await store.articles.insertArticle(stored('Wire report', 'Power was back in 70,000 homes on Tuesday.', '2026-09-14T09:00:00.000Z'), a.storyId);
      const two = await deltaFor(store, target, a.storyId, base);
      expect(two?.delta.sentences.map((s) => s.text)).toEqual(['Power was back in 70,000 homes on Tuesday.']);
      expect(two?.delta).toMatchObject({ more: 0, pending: [] });
    } finally {
      await store.close();
    }
  });
});
