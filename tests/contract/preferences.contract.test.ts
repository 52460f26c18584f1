// The preferences contract (tests/contract/preferences.ts) on every store: SQLite, and PostgreSQL on the test run's
// throwaway cluster (a fresh schema per test; skipped with a message without one).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { createPgStore } from '../../src/store/pg.js';
import type { Store } from '../../src/store/ports.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';
import { preferencesContract } from './preferences.js';

const clock: Clock = () => new Date('2026-12-01T12:00:00Z');
const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-preferences-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FACTORIES: [string, () => Promise<Store>][] = [
  ['SQLite', async () => createSqliteStore(path.join(dir, `${Math.random().toString(36).slice(2)}.db`), clock)],
  ...(pgTestsEnabled() ? [['PostgreSQL', async () => createPgStore(await pgTestUrl(), clock, { maxConnections: 4 })] as [string, () => Promise<Store>]] : []),
];
reportSkippedPostgres('PostgreSQL preferences contract');

describe.each(FACTORIES)('%s preferences contract', (_name, make) => {
  let store: Store;
  beforeEach(async () => {
    store = await make();
  });
  afterEach(async () => {
    await store.close();
  });
  preferencesContract(() => store);
});
