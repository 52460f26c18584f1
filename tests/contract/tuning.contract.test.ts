// The tuning part of the Store contract (tuning.ts) run against each store: SQLite, and PostgreSQL on the test run's
// throwaway cluster, a fresh schema per test (skipped with a message without one).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { createPgStore } from '../../src/store/pg.js';
import type { Store } from '../../src/store/ports.js';
import { pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';
import { tuningContract } from './tuning.js';

const clock = () => new Date('2026-12-01T12:00:00Z');
const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-tuning-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FACTORIES: [string, () => Promise<Store>][] = [
  ['SQLite', async () => createSqliteStore(path.join(dir, `${Math.random().toString(36).slice(2)}.db`), clock)],
  ...(pgTestsEnabled() ? [['PostgreSQL', async () => createPgStore(await pgTestUrl(), clock, { maxConnections: 4 })] as [string, () => Promise<Store>]] : []),
];
reportSkippedPostgres('PostgreSQL tuning contract');

describe.each(FACTORIES)('%s store contract: tuning', (_name, make) => {
  let store: Store;
  beforeEach(async () => {
    store = await make();
  });
  afterEach(async () => {
    await store.close();
  });
  tuningContract(() => store);
});
