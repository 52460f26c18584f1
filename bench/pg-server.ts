// PostgreSQL for the benchmarks: the server NEWSBRIEF_BENCH_DATABASE_URL names, or a cluster of our own whose data
// folder is kept in os.tmpdir() between runs (started on a free port for the run, stopped after it), and databases
// copied from the cached SQLite bench databases with `migrate sqlite-to-pg` (the real copy path), cached by name.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { copySqliteToPg } from '../src/store/pg-import.js';

const run = promisify(execFile);
const PG_BIN = process.env.NEWSBRIEF_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** Server settings of our own cluster (durable writes, commits not waited for: SQLite's WAL + synchronous=NORMAL). */
const SETTINGS = ['shared_buffers=1GB', 'work_mem=16MB', 'synchronous_commit=off', 'max_connections=100', 'listen_addresses=127.0.0.1'];

export interface BenchPg {
  /** The server's URL (database `postgres`). */
  url: string;
  /** How the server was set up, for the notes. */
  describe: string;
  /** The data folder of our own cluster (absent for a given server). */
  dataDir?: string;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });

const asPostgres = (bin: string, args: string[]) =>
  process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args]) : run(path.join(PG_BIN, bin), args);

/** The bench server, or undefined (with why) when there is none and none can be started. */
export async function benchPgServer(): Promise<BenchPg | { missing: string }> {
  const given = process.env.NEWSBRIEF_BENCH_DATABASE_URL;
  if (given) return { url: given, describe: 'the server NEWSBRIEF_BENCH_DATABASE_URL names', stop: async () => undefined };
  if (!existsSync(path.join(PG_BIN, 'initdb'))) return { missing: `no PostgreSQL: install postgresql-15 or set NEWSBRIEF_BENCH_DATABASE_URL` };
  const dir = path.join(os.tmpdir(), 'newsbrief-bench-pg');
  const data = path.join(dir, 'data');
  if (!existsSync(path.join(data, 'PG_VERSION'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    if (process.getuid?.() === 0) {
      const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
      const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
      chownSync(dir, uid, gid);
    }
    await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C']);
  }
  // Already running (a developer's session, or a run that is still going): use it and leave it running.
  const running = postmasterOf(data);
  if (running && isAlive(running)) {
    const port = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[3]);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, describe: 'our PostgreSQL 15 cluster, already running', dataDir: data, stop: async () => undefined };
  }
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} ${SETTINGS.map((s) => `-c ${s}`).join(' ')}`;
  await asPostgres('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    describe: `a PostgreSQL 15 cluster started for the run (${SETTINGS.slice(0, 3).join(', ')})`,
    dataDir: data,
    async stop() {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
    },
  };
}

/** `url` with another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A database `name` on `server` holding a copy of the SQLite file `sqliteFile`, made once through `migrate sqlite-to-pg`
 * (copySqliteToPg) and kept for later runs: name it after what it holds (count and corpus), not the schema, since
 * opening it runs any newer PostgreSQL migration. Returns its URL and the seconds the copy took (absent: cached).
 */
export async function pgCopyOf(server: BenchPg, sqliteFile: string, name: string): Promise<{ url: string; copySeconds?: number }> {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    const has = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (has.rowCount) return { url: withDatabase(server.url, name) };
    const tmp = `${name}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${tmp}`);
    await admin.query(`CREATE DATABASE ${tmp}`);
    const t0 = performance.now();
    await copySqliteToPg(sqliteFile, withDatabase(server.url, tmp), () => new Date());
    const copySeconds = (performance.now() - t0) / 1000;
    const vac = new pg.Client({ connectionString: withDatabase(server.url, tmp) });
    await vac.connect();
    await vac.query('VACUUM ANALYZE').finally(() => vac.end());
    await admin.query(`ALTER DATABASE ${tmp} RENAME TO ${name}`);
    return { url: withDatabase(server.url, name), copySeconds };
  } finally {
    await admin.end();
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The postmaster's pid of our own cluster (undefined for a given server). */
export function postmasterOf(dataDir: string | undefined): number | undefined {
  if (!dataDir) return undefined;
  try {
    return Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

/** CPU seconds so far of the cluster whose postmaster is `postmaster`: it and its children (backends, writers), live or ended. */
export function clusterCpuSeconds(postmaster: number): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(d) !== postmaster && Number(f[1]) !== postmaster) continue;
      total += (Number(f[11]) + Number(f[12])) / tick;
      // The postmaster also carries the CPU of its children that ended (backends of closed connections).
      if (Number(d) === postmaster) total += (Number(f[13]) + Number(f[14])) / tick;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
