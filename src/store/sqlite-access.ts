// Access to the database file as an operator sees it: opening it with errors that name the file, probing whether it
// can be written (read-only files and another process's write lock), and waiting for a held lock without blocking
// the event loop (a short busy timeout per attempt, asynchronous retries between attempts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { StoreBusyError, type StoreAvailability } from './availability.js';
import type { WriteProbe } from './types.js';

/** Milliseconds one statement waits for a lock in the running service: short, because the wait blocks the process. */
export const SERVICE_BUSY_TIMEOUT_MS = 100;
/** Default busy timeout of CLI commands, which have nothing else to do while they wait. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Another process holds the write lock for longer than we wait; the user should try again shortly. */
export class DatabaseBusyError extends Error {
  override readonly name = 'DatabaseBusyError';
}

const codeOf = (err: unknown): string => {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
};

/** SQLITE_BUSY (and its extended codes) or SQLITE_LOCKED: another connection holds a lock we need. */
export function isBusy(err: unknown): boolean {
  return err instanceof DatabaseBusyError || /^SQLITE_(BUSY|LOCKED)/.test(codeOf(err));
}

/** SQLITE_READONLY and its extended codes: the file, its folder or the filesystem cannot be written. */
export function isReadOnly(err: unknown): boolean {
  return codeOf(err).startsWith('SQLITE_READONLY');
}

/** A database error phrased for an operator, naming the file (absolute path) and what to do. */
export function describeDatabaseError(file: string, err: unknown): string {
  const abs = file === ':memory:' ? file : path.resolve(file);
  const msg = (err as Error).message;
  if (isBusy(err)) {
    return `${abs} is locked by another process (${msg}): finish or stop whatever is writing to it (an import, an sqlite3 shell with an open transaction), then start again`;
  }
  if (isReadOnly(err)) {
    return `${abs} is read-only (${msg}): make the file and its folder writable by the user running newsbrief, or point it at a writable file`;
  }
  const code = codeOf(err);
  if (code === 'ENOTDIR' || code === 'EEXIST') return `${abs}: ${path.dirname(abs)} is not a folder (${msg})`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `${abs}: cannot create its folder ${path.dirname(abs)} (${msg})`;
  if (code === 'SQLITE_CANTOPEN') return `${abs}: ${msg} (does the folder exist, and may this user write to it?)`;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return `${abs} is not a usable SQLite database (${msg})`;
  return `${abs}: ${msg}`;
}

/** Opens `file` (creating its folder) with WAL and the given busy timeout; errors name the file. */
export function openDatabase(file: string, busyTimeoutMs: number): Database.Database {
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    return db;
  } catch (err) {
    throw new Error(describeDatabaseError(file, err), { cause: err });
  }
}


/**
 * Tries a write that is rolled back (create a table inside a transaction): SQLite opens a file it may not write in
 * read-only mode silently and even BEGIN IMMEDIATE succeeds, so only a real write tells. Never waits for a lock.
 */
export function probeWrite(db: Database.Database): WriteProbe {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec('CREATE TABLE newsbrief_write_probe (x INTEGER)');
    } finally {
      db.exec('ROLLBACK');
    }
    return { writable: true, locked: false };
  } catch (err) {
    if (isBusy(err)) return { writable: true, locked: true };
    if (isReadOnly(err)) return { writable: false, locked: false, error: (err as Error).message };
    throw err;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

export interface BusyRetryOptions {
  /** Give up after this many ms of waiting (then DatabaseBusyError). */
  waitMs: number;
  /** Called once, at the first busy attempt, before waiting (adapters acknowledge the interaction here). */
  onBusy?: () => void;
}

/**
 * Runs `fn`; while it fails because another process holds a lock, waits asynchronously (the event loop stays free
 * for other commands and /healthz) and runs it again, up to `waitMs`. `fn` must be safe to repeat: a failed
 * statement or transaction has changed nothing.
 */
export async function retryWhileBusy<T>(fn: () => T | Promise<T>, opts: BusyRetryOptions): Promise<T> {
  const t0 = performance.now();
  let pause = 50;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err)) throw err;
      if (attempt === 1) opts.onBusy?.();
      const left = opts.waitMs - (performance.now() - t0);
      if (left <= 0) {
        throw new DatabaseBusyError(`the database stayed locked by another process for ${Math.round((performance.now() - t0) / 100) / 10} s`, { cause: err });
      }
      await sleep(Math.min(left, pause * (0.75 + Math.random() / 2)));
      pause = Math.min(pause * 2, 500);
    }
  }
}

/** SQLite's side of the neutral StoreAvailability port (src/store/availability.ts). */
export const sqliteAvailability: StoreAvailability = {
  problemOf: (err) => (err instanceof StoreBusyError || isBusy(err) ? 'busy' : isReadOnly(err) ? 'read_only' : undefined),
};
