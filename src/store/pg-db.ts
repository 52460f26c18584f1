// The PostgreSQL store's connection layer: a pg Pool whose values come back as the ports expect them (bigint ids as
// numbers, timestamptz as ISO-8601 UTC strings), a small query interface shared by the pool and a transaction's client
// (`Db`, with `atomic` for multi-statement work) whose sessions time out when left idle inside a transaction, numbered
// migrations under an advisory lock, and what errors mean.
import pg from 'pg';
import type { Clock } from '../clock.js';
import type { StoreAvailability } from './availability.js';
import type { Migration } from './migrations.js';

/** What a port implementation queries through: the pool (outside a transaction) or the transaction's one client. */
export interface Db {
  query<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /**
   * Runs several statements as one: outside a transaction on one client between BEGIN and COMMIT, inside one as a
   * savepoint (a failure undoes only this part and leaves the transaction usable).
   */
  atomic<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Inside a transaction: takes the ingest lock once (articles and stories are written by one ingest at a time). */
  ingestLock(): Promise<void>;
}

/** int8 → number (ids and counts stay far below 2^53). */
const INT8 = 20;
const INT8_ARRAY = 1016;
const TIMESTAMPTZ = 1184;
const TS_TEXT = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)?([+-]\d\d)(?::(\d\d))?(?::\d\d)?$/;

/** A timestamptz in Postgres' text form ('2026-11-30 08:00:00.5+00') as toISOString() writes it. */
export function isoOf(text: string): string {
  const m = TS_TEXT.exec(text);
  if (!m) return text;
  const frac = ((m[3] ?? '.') + '000').slice(1, 4);
  return new Date(`${m[1]}T${m[2]}.${frac}${m[4]}:${m[5] ?? '00'}`).toISOString();
}

const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === INT8_ARRAY) {
      const parse = (pg.types.getTypeParser as (oid: number, format: string) => (v: string) => (string | null)[])(INT8_ARRAY, 'text');
      return (v: string) => parse(v).map((x) => (x === null ? null : Number(x)));
    }
    if (oid === TIMESTAMPTZ) return isoOf;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

/**
 * What every connection of the pool starts with (milliseconds; docs/scaling.md), so that a frozen or stuck instance
 * cannot hold locks for ever: the server ends a session left idle inside a transaction for a minute (a process stopped
 * or stalled between two statements of a transaction: its row locks and advisory locks go with it), cancels a
 * statement running for five minutes, and a statement waiting two minutes for a lock fails as "busy" instead of
 * queueing behind it. The database URL's parameters of the same names replace these (`0` turns one off).
 */
export const SESSION_LIMITS = {
  idle_in_transaction_session_timeout: 60_000,
  statement_timeout: 300_000,
  lock_timeout: 120_000,
} as const;

export function createPool(url: string, opts: { max?: number; applicationName?: string } = {}): pg.Pool {
  // node-postgres sends these as startup parameters; the connection string's own parameters are applied over them.
  const pool = new pg.Pool({
    ...SESSION_LIMITS,
    connectionString: url,
    types: TYPES,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'newsbrief',
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (a server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** A Db over one client inside an open transaction; nested `atomic` parts are savepoints. */
export function clientDb(client: pg.PoolClient): Db {
  let savepoints = 0;
  let locked = false;
  const db: Db = {
    query: (text, params) => client.query(text, params),
    async atomic(fn) {
      const name = `nb_${++savepoints}`;
      await client.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(db);
        await client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (err) {
        await client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
        await client.query(`RELEASE SAVEPOINT ${name}`).catch(() => undefined);
        throw err;
      }
    },
    async ingestLock() {
      if (locked) return;
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('newsbrief:ingest'))`);
      locked = true;
    },
  };
  return db;
}

/** Runs `fn` on one client between BEGIN and COMMIT (ROLLBACK when it rejects), then gives the client back. */
export async function inTransaction<T>(pool: pg.Pool, fn: (db: Db, client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await fn(clientDb(client), client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: unknown) => (broken = e as Error));
      throw err;
    }
  } finally {
    client.release(broken);
  }
}

/** The pool as a Db (each query on any free client; `atomic` in a transaction of its own), after `ready`. */
export function poolDb(pool: pg.Pool, ready: Promise<void>): Db {
  return {
    async query(text, params) {
      await ready;
      return pool.query(text, params);
    },
    async atomic(fn) {
      await ready;
      return inTransaction(pool, (db) => fn(db));
    },
    // Outside a transaction every write is one statement or its own atomic part: nothing to hold across calls.
    ingestLock: () => Promise.resolve(),
  };
}

/**
 * Applies pending migrations in order, one transaction each, while holding a session advisory lock on this schema:
 * N instances starting together migrate once, the others wait and then find nothing to do.
 */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[], now: Clock): Promise<void> {
  const client = await pool.connect();
  try {
    // A migration may build an index over a large archive, and the instances starting beside it wait for it: no
    // statement or lock limit on this session (it is closed afterwards, not given back to the pool).
    await client.query('SET statement_timeout = 0; SET lock_timeout = 0');
    await client.query(`SELECT pg_advisory_lock(hashtext('newsbrief:migrate'), hashtext(current_schema()))`);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
      const done = new Set((await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
      for (const m of migrations) {
        if (done.has(m.id)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [m.id, m.name, now().toISOString()]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.id} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
        }
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('newsbrief:migrate'), hashtext(current_schema()))`);
    }
  } finally {
    client.release(true);
  }
}

const codeOf = (err: unknown): string => {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
};

/**
 * Postgres errors in the store's neutral terms: a lock not granted in time, a serialization failure or a deadlock
 * victim is "busy" (trying again shortly works); a read-only transaction (a standby, default_transaction_read_only)
 * is "read only".
 */
export const pgAvailability: StoreAvailability = {
  problemOf(err) {
    const code = codeOf(err);
    if (code === '55P03' || code === '40001' || code === '40P01' || code === '57014') return 'busy';
    if (code === '25006') return 'read_only';
    return undefined;
  },
};
