// Full-text search on the PostgreSQL store beyond the shared contract: what users type is never tsquery syntax, a
// query of stop words alone matches nothing without scanning, and only the newest matches are ever ranked.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgStore } from '../../src/store/pg.js';
import { PG_FTS_SCAN, searchStatement } from '../../src/store/pg-articles.js';
import type { Store } from '../../src/store/ports.js';
import type { TextQuery } from '../../src/store/types.js';
import { pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';

const clock = () => new Date('2026-12-01T12:00:00Z');
const all = (...words: string[]): TextQuery => ({ mode: 'all', phrases: words.map((w) => [w]) });

reportSkippedPostgres('PostgreSQL full-text search');

describe.runIf(pgTestsEnabled())('PostgreSQL full-text search', () => {
  let store: Store;
  let client: pg.Client;
  beforeAll(async () => {
    const url = await pgTestUrl();
    store = createPgStore(url, clock, { maxConnections: 2 });
    await store.ping();
    client = new pg.Client({ connectionString: url });
    await client.connect();
    // 700 articles about a volcano, one a minute, plus one about a harbour: straight into the tables.
    await client.query(`INSERT INTO stories (id, headline_article_id, first_seen, last_seen, last_ingested_at)
      SELECT 1, 1, '2026-11-01', '2026-11-02', '2026-11-02'`);
    await client.query(`INSERT INTO articles (content_hash, title, sort_at, ingested_at, body, summary, gist, lang, story_id, fingerprint)
      SELECT 'h' || i, 'Volcano report ' || i, timestamptz '2026-11-01' + i * interval '1 minute', '2026-11-02',
        'The volcano erupted again.', '', '', 'en', 1, '\\x00' FROM generate_series(1, 700) AS i`);
    await client.query(`INSERT INTO articles (content_hash, title, sort_at, ingested_at, body, summary, gist, lang, story_id, fingerprint)
      VALUES ('harbour', 'Harbour & ferry: strike !ends', '2026-11-01', '2026-11-02', 'The ferry strike ended.', '', '', 'en', 1, '\\x00')`);
    await client.query('ANALYZE articles');
    await client.query('ANALYZE article_search');
  });
  afterAll(async () => {
    await client?.end();
    await store?.close();
  });

  it('treats tsquery operators in words as text', async () => {
    for (const words of [['ferry', '&', 'strike'], ['!ends'], ['ferry:*'], ["'", '|', '<->'], ['(ferry)']]) {
      await expect(store.articles.search({ text: { mode: 'any', phrases: [words] }, limit: 5 })).resolves.toBeInstanceOf(Array);
    }
    expect(await store.articles.search({ text: { mode: 'all', phrases: [['ferry:*'], ['strike!']] }, limit: 5 })).toHaveLength(1);
  });

  it('answers a query of stop words alone with nothing, without scanning the articles', async () => {
    expect(await store.articles.search({ text: all('the', 'of'), limit: 5 })).toEqual([]);
    expect(await store.articles.latestMatch(all('the'))).toBeUndefined();
    const st = searchStatement({ text: all('the', 'of'), limit: 5 })!;
    const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${st.text}`, st.values)).rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/One-Time Filter: false/);
    expect(plan).not.toMatch(/on article_search s \(actual rows=\d+ loops=[1-9]/);
  });

  it('a stop word beside real words is ignored, as in the index', async () => {
    expect(await store.articles.search({ text: all('the', 'ferry'), limit: 5 })).toHaveLength(1);
  });

  it(`ranks only the newest ${PG_FTS_SCAN} matches, or as many as a search asks for`, async () => {
    const hits = await store.articles.search({ text: all('volcano'), limit: 5 });
    expect(hits).toHaveLength(5);
    // 700 matches, one a minute from 00:01: the newest 300 start at 06:41, so every hit ranked is at least that new.
    const newest = await store.articles.search({ text: all('volcano'), limit: PG_FTS_SCAN });
    expect(newest).toHaveLength(PG_FTS_SCAN);
    expect(newest.map((h) => h.sortAt).sort()[0]).toBe('2026-11-01T06:41:00.000Z');
    expect(hits.every((h) => h.sortAt >= '2026-11-01T06:41:00.000Z')).toBe(true);
    expect(await store.articles.search({ text: all('volcano'), limit: 1000 })).toHaveLength(700);
  });
  it('keeps the search index in step with the article: new words and time on an update, nothing once deleted', async () => {
    const base = { contentHash: 'glacier-1', title: 'Glacier retreat measured', body: 'The glacier shrank.', summary: '', gist: '', lang: 'en',
      tags: [], ingestedAt: '2026-11-02T00:00:00.000Z', publishedAt: '2026-11-02T00:00:00.000Z', fingerprint: Buffer.from([1]), bandKeys: [] };
    const { articleId } = await store.articles.insertArticle(base, 1);
    expect((await store.articles.search({ text: all('glacier'), limit: 5 })).map((h) => h.articleId)).toEqual([articleId]);
    await store.articles.updateArticle(articleId, { ...base, contentHash: 'glacier-2', title: 'Avalanche warning', body: 'Snow fell.',
      publishedAt: '2026-11-03T00:00:00.000Z' });
    expect(await store.articles.search({ text: all('glacier'), limit: 5 })).toEqual([]);
    const hits = await store.articles.search({ text: all('avalanche'), limit: 5 });
    expect(hits.map((h) => [h.articleId, h.sortAt])).toEqual([[articleId, '2026-11-03T00:00:00.000Z']]);
    expect(await store.articles.latestMatch(all('snow'))).toBe('2026-11-03T00:00:00.000Z');
    await client.query('DELETE FROM articles WHERE id = $1', [articleId]);
    expect(await store.articles.search({ text: all('avalanche'), limit: 5 })).toEqual([]);
  });
});
