// `npm run bench -- pg-search`: full-text search latency of the PostgreSQL store on a generated corpus (articles of
// 80 words drawn from a skewed 5,000-word vocabulary, dated over two years), per query kind and window, as /brief
// asks (300 hits). Needs NEWSBRIEF_BENCH_DATABASE_URL (an empty database or schema: the corpus is written into it);
// NEWSBRIEF_BENCH_ARTICLES sets the size (default 100,000).
import type { BenchSection } from './lib.js';
import { createPgStore } from '../src/store/pg.js';
import type { TextQuery } from '../src/store/types.js';

const VOCAB = 5000;
/** Word i of the vocabulary, as the server generates it. */
const w = (i: number) => `w${i}`;

export async function benchPgSearch(): Promise<BenchSection> {
  const title = 'PostgreSQL full-text search (newest 600 matches, then ts_rank_cd)';
  const url = process.env.NEWSBRIEF_BENCH_DATABASE_URL;
  if (!url) return { title, skipped: 'set NEWSBRIEF_BENCH_DATABASE_URL to an empty PostgreSQL database', columns: [], rows: [] };
  const n = Number(process.env.NEWSBRIEF_BENCH_ARTICLES ?? 100_000);
  const until = '2026-12-01T00:00:00.000Z';
  const store = createPgStore(url, () => new Date(until), { maxConnections: 2 });
  await store.ping();
  const t0 = performance.now();
  await store.transaction(async (tx) => {
    await tx.articles.insertArticle({ contentHash: 'seed', title: 'seed', body: 'seed', summary: '', gist: '', lang: 'en', tags: [], ingestedAt: until, fingerprint: Buffer.from([0]), bandKeys: [] }, null);
  });
  // Server-side generation: word i is drawn with probability falling off as a power of its rank.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE OR REPLACE FUNCTION pg_temp.w(i int) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'w' || lower(to_char(i, 'FM99999')) $$`);
    for (let done = 0; done < n; done += 10_000) {
      await client.query(`INSERT INTO articles (content_hash, title, sort_at, ingested_at, body, summary, gist, lang, story_id, fingerprint)
        SELECT 'g' || g, t.title, timestamptz '${until}' - (random() * 730) * interval '1 day', '${until}', b.body, '', '', 'en', 1, '\\x00'
        FROM generate_series($1::int, $2::int) AS g,
        LATERAL (SELECT string_agg(pg_temp.w((random() ^ 3 * ${VOCAB})::int), ' ') AS title FROM generate_series(1, 8 + (g % 2))) t,
        LATERAL (SELECT string_agg(pg_temp.w((random() ^ 3 * ${VOCAB})::int), ' ') AS body FROM generate_series(1, 80 + (g % 2))) b`,
      [done + 1, Math.min(n, done + 10_000)]);
    }
    await client.query('ANALYZE articles');
  } finally {
    await client.end();
  }
  const loadS = (performance.now() - t0) / 1000;
  const queries: [string, TextQuery][] = [
    ['very common word (in ~98% of articles)', { mode: 'all', phrases: [[w(0)]] }],
    ['common word (~14%)', { mode: 'all', phrases: [[w(40)]] }],
    ['rare word (~0.8%)', { mode: 'all', phrases: [[w(3000)]] }],
    ['two words, all', { mode: 'all', phrases: [[w(20)], [w(300)]] }],
    ['topic: any of 5 phrases', { mode: 'any', phrases: [[w(500)], [w(700), w(701)], [w(900)], [w(1200)], [w(2000)]] }],
    ['stop words only', { mode: 'all', phrases: [['the'], ['of']] }],
  ];
  const windows: [string, string | undefined][] = [['7d', '2026-11-24T00:00:00.000Z'], ['30d', '2026-11-01T00:00:00.000Z'], ['all', undefined]];
  const rows: (string | number)[][] = [];
  const RUNS = 40;
  for (const [name, text] of queries) {
    for (const [wname, since] of windows) {
      const ms: number[] = [];
      for (let i = 0; i < RUNS + 3; i++) {
        const t = performance.now();
        await store.articles.search({ text, ...(since ? { since } : {}), until, limit: 300 });
        if (i >= 3) ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      const p = (q: number) => (ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] as number).toFixed(1);
      rows.push([name, wname, p(0.5), p(0.99)]);
    }
  }
  await store.close();
  return {
    title,
    columns: ['query', 'window', 'p50 ms', 'p99 ms'],
    rows,
    notes: [`${n.toLocaleString('en')} generated articles, written and indexed in ${loadS.toFixed(0)} s; ${RUNS} runs per cell after 3 warm-ups, one client.`],
  };
}
