// `stories rebuild` on PostgreSQL: not yet available (the SQLite store has it, sqlite-rebuild.ts).
import type { Db } from './pg-db.js';
import type { RebuildReport } from './types.js';

export function pgRebuildStories(_db: Db, _at: string): Promise<RebuildReport> {
  return Promise.reject(new Error('stories rebuild is not available on PostgreSQL yet: run it on a SQLite copy, or re-ingest'));
}
