// PostgreSQL for tests: one throwaway cluster per test run (initdb and pg_ctl into a temporary folder, a free port on
// 127.0.0.1, its socket in the same folder), started by the global setup, or the server NEWSBRIEF_TEST_DATABASE_URL
// names. Each test gets a fresh schema (pgTestUrl). Without the PostgreSQL binaries the Postgres tests skip, naming
// what to install, except under CI=true, where they fail.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, it } from 'vitest';

const run = promisify(execFile);

/** Where Debian puts the server binaries (the `postgresql-15` package); NEWSBRIEF_TEST_PG_BIN overrides. */
export const PG_BIN = process.env.NEWSBRIEF_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** The variable the global setup fills (or the developer sets) with the server tests use. */
export const URL_VAR = 'NEWSBRIEF_TEST_DATABASE_URL';
/** Set by the global setup when no server could be found or started: why. */
export const MISSING_VAR = 'NEWSBRIEF_TEST_PG_MISSING';

export interface Cluster {
  url: string;
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

/** Runs a server binary as the `postgres` user when we are root (the server refuses to run as root). */
const asPostgres = (bin: string, args: string[]) =>
  process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args]) : run(path.join(PG_BIN, bin), args);

/** Starts a throwaway cluster tuned for tests (no fsync: its data dies with it). */
export async function startCluster(): Promise<Cluster> {
  if (!existsSync(path.join(PG_BIN, 'initdb'))) {
    throw new Error(`PostgreSQL server binaries not found in ${PG_BIN}: install postgresql-15 (apt-get install postgresql-15), or set ${URL_VAR} to a server's URL`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const port = await freePort();
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  await asPostgres('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The test server's URL, or why there is none (a message for skipped tests). */
export function pgServer(): { url: string } | { missing: string } {
  const url = process.env[URL_VAR];
  if (url) return { url };
  return { missing: process.env[MISSING_VAR] ?? `no PostgreSQL for tests: install postgresql-15 or set ${URL_VAR}` };
}

/** Whether the Postgres tests should run: yes with a server; under CI=true they must (and then fail without one). */
export function pgTestsEnabled(): boolean {
  return 'url' in pgServer() || process.env.CI === 'true';
}

/** The URL of the test server with search_path set to a new, empty schema of its own. */
export async function pgTestUrl(): Promise<string> {
  const server = pgServer();
  if ('missing' in server) throw new Error(server.missing);
  const schema = `nb_${Math.random().toString(36).slice(2, 12)}`;
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const u = new URL(server.url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** Where the Postgres tests cannot run (no server, not CI): one skipped test under `name` that says why. */
export function reportSkippedPostgres(name: string): void {
  const server = pgServer();
  if (pgTestsEnabled() || !('missing' in server)) return;
  describe(name, () => {
    it.skip(`skipped: ${server.missing}`, () => undefined);
  });
}

/**
 * Lets `ms` pass for the claims and leases in the schema at `url`, which PostgreSQL stamps and judges by its own clock:
 * their stamps move back by `ms`, as if that clock had moved on (a test cannot move the server's clock).
 */
export async function pgElapse(url: string, ms: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const by = `$1::float8 * interval '1 millisecond'`;
    await client.query(`UPDATE digest_runs SET claimed_at = claimed_at - ${by} WHERE status = 'claimed'`, [ms]);
    await client.query(`UPDATE update_deliveries SET claimed_at = claimed_at - ${by}, retry_at = retry_at - ${by} WHERE status = 'claimed'`, [ms]);
    await client.query(`UPDATE feeds SET lease_until = lease_until - ${by} WHERE lease_until IS NOT NULL`, [ms]);
    await client.query(`UPDATE host_leases SET until = until - ${by}`, [ms]);
  } finally {
    await client.end();
  }
}
