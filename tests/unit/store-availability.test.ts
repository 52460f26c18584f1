// The neutral StoreAvailability port (src/store/availability.ts) and SQLite's side of it: commands retry a busy store
// and tell busy from read-only without knowing the database.
import { describe, expect, it } from 'vitest';
import { retryWhileBusy, StoreBusyError, type StoreAvailability } from '../../src/store/availability.js';
import { sqliteAvailability } from '../../src/store/sqlite-access.js';

const BUSY = new Error('busy');
const fake: StoreAvailability = { problemOf: (err) => (err === BUSY ? 'busy' : undefined) };

describe('store availability', () => {
  it('runs again while the store is busy, calling onBusy once, and returns the result', async () => {
    let calls = 0;
    let told = 0;
    const r = await retryWhileBusy(() => {
      calls++;
      if (calls < 3) throw BUSY;
      return 'done';
    }, fake, { waitMs: 60_000, onBusy: () => told++ });
    expect([r, calls, told]).toEqual(['done', 3, 1]);
  });

  it('gives up with StoreBusyError after waitMs, and lets any other error through at once', async () => {
    await expect(retryWhileBusy(() => { throw BUSY; }, fake, { waitMs: 0 })).rejects.toBeInstanceOf(StoreBusyError);
    let calls = 0;
    await expect(retryWhileBusy(() => { calls++; throw new Error('disk on fire'); }, fake, { waitMs: 60_000 })).rejects.toThrow('disk on fire');
    expect(calls).toBe(1);
  });

  it('classifies SQLite errors by their codes', () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    expect(sqliteAvailability.problemOf(coded('SQLITE_BUSY_SNAPSHOT'))).toBe('busy');
    expect(sqliteAvailability.problemOf(coded('SQLITE_LOCKED'))).toBe('busy');
    expect(sqliteAvailability.problemOf(coded('SQLITE_READONLY_DBMOVED'))).toBe('read_only');
    expect(sqliteAvailability.problemOf(new StoreBusyError('waited'))).toBe('busy');
    expect(sqliteAvailability.problemOf(coded('SQLITE_CONSTRAINT'))).toBeUndefined();
  });
});
