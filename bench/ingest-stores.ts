// `npm run bench -- ingest-stores`: ingest throughput through the whole pipeline (JSONL files of generated articles,
// the worker pool `newsbrief ingest` uses, clustering, the store) into PostgreSQL beside SQLite, each into a fresh
// database, each in its own process, alternating for BENCH_INGEST_ROUNDS rounds: articles per second of wall time and
// per CPU-second (this process, and for our own PostgreSQL cluster its server processes too), with the load average.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { emptyReport, ingestFiles } from '../src/ingest/files.js';
import { createPreparePool } from '../src/ingest/workers.js';
import { generateCorpus } from './corpus.js';
import { type BenchSection, fmt } from './lib.js';
import { benchPgServer, clusterCpuSeconds, postmasterOf, withDatabase } from './pg-server.js';

interface IngestRun { store: string; articles: number; seconds: number; cpuSeconds: number; serverCpuSeconds?: number; stories: number; load: [number, number] }

/** Ingests the first `count` generated articles into `target` (a SQLite file or a postgres:// URL). */
async function ingestPhase(target: string, count: number, postmaster?: number): Promise<IngestRun> {
  const corpus = generateCorpus(count);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-corpus-'));
  const files: string[] = [];
  for (let i = 0; i < corpus.length; i += 100) {
    const file = path.join(dir, `bench-${String(i).padStart(7, '0')}.jsonl`);
    writeFileSync(file, corpus.slice(i, i + 100).map((a) => JSON.stringify(a)).join('\n'));
    files.push(file);
  }
  const pgStore = target.startsWith('postgres');
  const app = createApp({ config: pgStore ? loadConfig({ NEWSBRIEF_DATABASE_URL: target }) : loadConfig({ NEWSBRIEF_DB: target }) });
  await app.store.ping();
  const load0 = os.loadavg()[0] ?? NaN;
  const server0 = postmaster ? clusterCpuSeconds(postmaster) : 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const pool = createPreparePool(app.pipeline.topics);
  const report = await ingestFiles(app.pipeline, files, emptyReport(), pool ? { pool } : {});
  await pool?.close();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const serverCpuSeconds = postmaster ? clusterCpuSeconds(postmaster) - server0 : undefined;
  rmSync(dir, { recursive: true, force: true });
  if (report.rejected.length > 0) throw new Error(`bench corpus rejected: ${JSON.stringify(report.rejected[0])}`);
  const stories = (await app.store.stats()).stories;
  await app.close();
  return {
    store: pgStore ? 'PostgreSQL' : 'SQLite', articles: corpus.length, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...(serverCpuSeconds === undefined ? {} : { serverCpuSeconds }), stories, load: [load0, os.loadavg()[0] ?? NaN],
  };
}

function child(args: string[]): IngestRun {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() as string) as IngestRun;
}

export async function benchIngestStores(count = Number(process.env.BENCH_INGEST_STORES ?? 5000), rounds = Number(process.env.BENCH_INGEST_ROUNDS ?? 2)): Promise<BenchSection> {
  const title = `Ingest into PostgreSQL beside SQLite (whole pipeline, one process, ${count.toLocaleString('en')} articles into a fresh database)`;
  const server = await benchPgServer();
  if ('missing' in server) return { title, skipped: server.missing, columns: [], rows: [] };
  const runs: IngestRun[] = [];
  try {
    const postmaster = postmasterOf(server.dataDir);
    for (let r = 0; r < rounds; r++) {
      for (const store of r % 2 === 0 ? ['postgres', 'sqlite'] : ['sqlite', 'postgres']) {
        if (store === 'sqlite') {
          const dir = mkdtempSync(path.join(os.tmpdir(), 'nb-ingest-'));
          try {
            runs.push(child(['run', path.join(dir, 'ingest.db'), String(count)]));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
          continue;
        }
        const name = `ingest_${process.pid}_${r}`;
        const admin = new pg.Client({ connectionString: server.url });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        try {
          runs.push(child(['run', withDatabase(server.url, name), String(count), String(postmaster ?? '')]));
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.end();
        }
      }
    }
  } finally {
    await server.stop();
  }
  return {
    title,
    columns: ['store', 'articles', 'wall s', 'articles/s (wall)', 'CPU s (ingest process)', 'CPU s (PostgreSQL server)', 'articles per CPU-s (both)', 'stories', 'load average'],
    rows: runs.map((r) => {
      const cpu = r.cpuSeconds + (r.serverCpuSeconds ?? 0);
      return [r.store, r.articles, fmt(r.seconds, 1), fmt(r.articles / r.seconds, 0), fmt(r.cpuSeconds, 1), r.serverCpuSeconds === undefined ? '–' : fmt(r.serverCpuSeconds, 1), fmt(r.articles / cpu, 0), r.stories, `${fmt(r.load[0], 1)} → ${fmt(r.load[1], 1)}`];
    }),
    notes: [
      `Generated ~4 KB articles (bench/corpus.ts) as JSONL files of 100, through ingestFiles with the worker pool, as \`newsbrief ingest\` does; runs alternate the stores. PostgreSQL: ${server.describe}; a fresh database per run; its CPU is every process of the cluster (writers included).`,
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'run') {
  const [target, count, postmaster] = process.argv.slice(3);
  process.stdout.write(JSON.stringify(await ingestPhase(target as string, Number(count), postmaster ? Number(postmaster) : undefined)) + '\n');
}
