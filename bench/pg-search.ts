// `npm run bench -- pg-search`: full-text search latency of the PostgreSQL store on a generated corpus (articles of
// 80 words drawn from a skewed 5,000-word vocabulary, dated over two years), per query kind and window, as /brief
// asks (300 hits). The corpus is written once into a database `pgsearch_<size>` of the bench server (bench/pg-server.ts:
// NEWSBRIEF_BENCH_DATABASE_URL, else a cluster of our own) and kept there for later runs; NEWSBRIEF_BENCH_ARTICLES sets
// the size (default 100,000).
import os from 'node:os';
import type { BenchSection } from './lib.js';
import { benchPgServer, clusterCpuSeconds, postmasterOf, withDatabase } from './pg-server.js';
import { createPgStore } from '../src/store/pg.js';
import type { TextQuery } from '../src/store/types.js';

const VOCAB = 5000;
/** Word i of the vocabulary, as the server generates it. */
const w = (i: number) => `w${i}`;

export async function benchPgSearch(): Promise<BenchSection> {
  const title = 'PostgreSQL full-text search (ArticleStore.search as /brief calls it, 300 hits)';
  const server = await benchPgServer();
  if ('missing' in server) return { title, skipped: server.missing, columns: [], rows: [] };
  try {
    return await measure(server.url, title, server.describe, postmasterOf(server.dataDir));
  } finally {
    await server.stop();
  }
}

async function measure(serverUrl: string, title: string, describe: string, postmaster?: number): Promise<BenchSection> {
  const n = Number(process.env.NEWSBRIEF_BENCH_ARTICLES ?? 100_000);
  const name = `pgsearch_${n}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const cached = ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  if (!cached) {
    await admin.query(`DROP DATABASE IF EXISTS ${name}_building`);
    await admin.query(`CREATE DATABASE ${name}_building`);
  }
  await admin.end();
  const url = withDatabase(serverUrl, cached ? name : `${name}_building`);
  const until = '2026-12-01T00:00:00.000Z';
  const t0 = performance.now();
  if (!cached) await generate(url, n, until);
  const loadS = (performance.now() - t0) / 1000;
  if (!cached) {
    const a = new pg.Client({ connectionString: serverUrl });
    await a.connect();
    await a.query(`ALTER DATABASE ${name}_building RENAME TO ${name}`).finally(() => a.end());
  }
  const store = createPgStore(withDatabase(serverUrl, name), () => new Date(until), { maxConnections: 2 });
  await store.ping();
  const rows = await searchRows(store, until, postmaster);
  await store.close();
  return {
    title,
    columns: ['query', 'window', 'p50 ms', 'p99 ms', 'server CPU ms', 'client CPU ms', 'load average'],
    rows,
    notes: [
      `${n.toLocaleString('en')} generated articles in database ${name} (${cached ? 'cached from an earlier run' : `written and indexed in ${loadS.toFixed(0)} s`}); ${RUNS} runs per cell after 3 warm-ups, one client. Server: ${describe}.`,
    ],
  };
}

const RUNS = 40;

/** Writes the corpus of `n` articles into the (empty) database at `url`. */
async function generate(url: string, n: number, until: string): Promise<void> {
  const store = createPgStore(url, () => new Date(until), { maxConnections: 2 });
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
    await client.query('VACUUM ANALYZE articles');
  } finally {
    await client.end();
    await store.close();
  }
}

/** Latency per query kind and window. */
async function searchRows(store: ReturnType<typeof createPgStore>, until: string, postmaster?: number): Promise<(string | number)[][]> {
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
  for (const [name, text] of queries) {
    for (const [wname, since] of windows) {
      const ms: number[] = [];
      const search = () => store.articles.search({ text, ...(since ? { since } : {}), until, limit: 300 });
      for (let i = 0; i < 3; i++) await search();
      const server0 = postmaster ? clusterCpuSeconds(postmaster) : 0;
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await search();
        ms.push(performance.now() - t);
      }
      const cpu = process.cpuUsage(cpu0);
      const server = postmaster ? `${(((clusterCpuSeconds(postmaster) - server0) * 1000) / RUNS).toFixed(1)}` : '–';
      ms.sort((a, b) => a - b);
      const p = (q: number) => (ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] as number).toFixed(1);
      rows.push([name, wname, p(0.5), p(0.99), server, ((cpu.user + cpu.system) / 1000 / RUNS).toFixed(1), (os.loadavg()[0] ?? NaN).toFixed(1)]);
    }
  }
  return rows;
}
