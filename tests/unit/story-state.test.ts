// The SQLite story state's held writes: document-frequency increments and index rows wait in memory inside a
// transaction, every read sees them, the store's commit writes them, and a rolled-back transaction or savepoint drops them.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { FLUSH_ARTICLES, discardStoryState, flushStoryState, sqliteStoryState } from '../../src/store/sqlite-stories.js';
import type { Store } from '../../src/store/ports.js';

const clock = (): Date => new Date('2026-12-03T00:00:00Z');
const vector = (id: number, term: string) => ({ id, terms: new Map([[term, 1]]), count: 1, firstSeen: 0, lastSeen: 0 });

let db: Database.Database | undefined;
let store: Store | undefined;
afterEach(async () => {
  db?.close();
  db = undefined;
  await store?.close();
  store = undefined;
});

function open(): Database.Database {
  db = new Database(':memory:');
  for (const m of MIGRATIONS) db.exec(m.sql);
  return db;
}

/** What the database itself holds (another statement, not the state's cache). */
const written = (d: Database.Database) => ({
  df: Object.fromEntries((d.prepare('SELECT term, df FROM story_term_df ORDER BY term').all() as { term: string; df: number }[]).map((r) => [r.term, r.df])),
  index: d.prepare("SELECT term || ':' || story_id FROM story_index ORDER BY term, story_id").pluck().all(),
});

describe('SQLite story state: held writes', () => {
  it('counts documents in memory inside a transaction, answers reads with them, and writes them once at the flush', () => {
    const d = open();
    const s = sqliteStoryState(d);
    d.exec('BEGIN IMMEDIATE');
    s.addDocument(['haikui', 'okinawa']);
    s.addDocument(['haikui', 'haikui', 'naha']);
    s.saveCentroid(vector(1, 'haikui'), ['haikui', 'okinawa']);
    expect(written(d)).toEqual({ df: {}, index: [] });
    expect(s.docCount()).toBe(2);
    expect(Object.fromEntries(s.docFreqs(['haikui', 'okinawa', 'naha', 'seoul']))).toEqual({ haikui: 2, okinawa: 1, naha: 1 });
    // Never read before, so answered from the (empty) table plus what is held.
    expect(s.postings(['okinawa'], 8).get('okinawa')).toEqual([1]);
    flushStoryState(d);
    d.exec('COMMIT');
    expect(written(d)).toEqual({ df: { '': 2, haikui: 2, naha: 1, okinawa: 1 }, index: ['haikui:1', 'okinawa:1'] });
    expect([s.docCount(), s.docFreqs(['haikui']).get('haikui')]).toEqual([2, 2]);
  });

  it('writes at once outside a transaction, and every FLUSH_ARTICLES articles inside one', () => {
    const d = open();
    const s = sqliteStoryState(d);
    s.addDocument(['haikui']);
    expect(written(d).df).toEqual({ '': 1, haikui: 1 });
    d.exec('BEGIN IMMEDIATE');
    for (let i = 1; i < FLUSH_ARTICLES; i++) s.addDocument(['typhoon']);
    expect(written(d).df).toEqual({ '': 1, haikui: 1 });
    s.addDocument(['typhoon']);
    expect(written(d).df).toEqual({ '': 1 + FLUSH_ARTICLES, haikui: 1, typhoon: FLUSH_ARTICLES });
    d.exec('COMMIT');
  });

  it('forgets what a rolled-back transaction held, and the cached counts that included it', () => {
    const d = open();
    const s = sqliteStoryState(d);
    s.addDocument(['haikui']);
    expect(s.docFreqs(['haikui']).get('haikui')).toBe(1);
    d.exec('BEGIN IMMEDIATE');
    s.addDocument(['haikui', 'okinawa']);
    s.saveCentroid(vector(2, 'okinawa'), ['okinawa']);
    expect([s.docCount(), s.docFreqs(['haikui']).get('haikui'), s.postings(['okinawa'], 8).get('okinawa')]).toEqual([2, 2, [2]]);
    discardStoryState(d);
    d.exec('ROLLBACK');
    expect([s.docCount(), s.docFreqs(['haikui', 'okinawa']), s.postings(['okinawa'], 8).get('okinawa'), s.centroid(2)])
      .toEqual([1, new Map([['haikui', 1]]), [], undefined]);
    expect(written(d)).toEqual({ df: { '': 1, haikui: 1 }, index: [] });
  });

  it('drops an index row held for a story merged away before the flush', () => {
    const d = open();
    const s = sqliteStoryState(d);
    d.exec('BEGIN IMMEDIATE');
    s.saveCentroid(vector(1, 'haikui'), ['haikui']);
    s.saveCentroid(vector(2, 'haikui'), ['haikui']);
    s.dropCentroid(2);
    expect(s.postings(['haikui'], 8).get('haikui')).toEqual([1]);
    flushStoryState(d);
    d.exec('COMMIT');
    expect(written(d).index).toEqual(['haikui:1']);
  });

  it('leaves out centroids whose span misses the window asked for, and returns them once their span reaches it', () => {
    const d = open();
    const s = sqliteStoryState(d);
    const day = 86_400_000;
    const at = (id: number, first: number, last: number) => ({ ...vector(id, 'haikui'), firstSeen: first * day, lastSeen: last * day });
    s.saveCentroid(at(1, 0, 1), ['haikui']);
    s.saveCentroid(at(2, 9, 10), ['haikui']);
    const window = { from: 8 * day, to: 12 * day };
    // Read cold (a fresh cache): story 1 is read as a span only, and left out.
    discardStoryState(d);
    expect(s.centroids([1, 2, 3], window).map((v) => v.id)).toEqual([2]);
    expect(s.centroids([1, 2, 3]).map((v) => v.id)).toEqual([1, 2]);
    discardStoryState(d);
    expect(s.centroids([1], window)).toEqual([]);
    s.saveCentroid(at(1, 0, 8), ['haikui']);
    expect(s.centroids([1], window).map((v) => [v.id, v.lastSeen])).toEqual([[1, 8 * day]]);
    discardStoryState(d);
    expect(s.centroids([1], window).map((v) => [v.id, v.lastSeen])).toEqual([[1, 8 * day]]);
    expect(s.centroid(1)?.terms).toEqual(new Map([['haikui', 1]]));
  });

  it('commits held writes with the store\'s transaction and drops those of a failed one or a failed savepoint', async () => {
    store = createSqliteStore(':memory:', clock);
    const state = store.stories.state;
    await store.transaction(async (tx) => {
      await tx.stories.state.addDocument(['haikui', 'okinawa']);
      await tx.stories.state.saveCentroid(vector(1, 'haikui'), ['haikui']);
    });
    await expect(store.transaction(async (tx) => {
      await tx.stories.state.addDocument(['haikui']);
      await tx.stories.state.saveCentroid(vector(2, 'haikui'), ['haikui']);
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    await store.transaction(async (tx) => {
      await tx.stories.state.addDocument(['naha']);
      // A savepoint that fails loses its own article alone; the one before it stays.
      await expect(tx.transaction(async (part) => {
        await part.stories.state.addDocument(['haikui', 'naha']);
        await part.stories.state.saveCentroid(vector(3, 'naha'), ['naha']);
        throw new Error('one article');
      })).rejects.toThrow('one article');
      expect(Object.fromEntries(await tx.stories.state.docFreqs(['haikui', 'naha']))).toEqual({ haikui: 1, naha: 1 });
      await tx.transaction(async (part) => {
        await part.stories.state.addDocument(['okinawa']);
      });
    });
    expect(await state.docCount()).toBe(3);
    expect(Object.fromEntries(await state.docFreqs(['haikui', 'okinawa', 'naha']))).toEqual({ haikui: 1, okinawa: 2, naha: 1 });
    expect((await state.postings(['haikui', 'naha'], 8))).toEqual(new Map([['haikui', [1]], ['naha', []]]));
    expect(await state.centroid(2)).toBeUndefined();
  });
});
