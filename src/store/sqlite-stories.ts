// The story assigner's growing state on SQLite (migration 7): term document frequencies, story centroids, the term ->
// story index and story aliases. Every call reads or writes a bounded number of rows, so cost stays flat with the archive;
// bounded read caches (per connection) spare most reads, and are dropped whenever the database may have changed under them.
// Inside a transaction, document-frequency increments and new index rows are held in memory (reads see them) and written
// once per FLUSH_ARTICLES articles and when the store commits (flushStoryState); a rollback drops them (discardStoryState).
import type Database from 'better-sqlite3';
import type { StoryState, StoryVector, TimeWindow } from '../stories/assign.js';
import type { SyncPort } from './gate.js';

/** The df row whose count is the number of documents. */
const DOCS = '';
/** Cache sizes (entries). The centroids cover a few days of stories at 1,000 articles a day; ~25 MB at most in all. */
const DF_CACHE = 50_000;
const POSTINGS_CACHE = 20_000;
const CENTROID_CACHE = 4_096;
/** Spans of stories read only to learn they lay outside an article's window (16 bytes of data each). */
const SPAN_CACHE = 32_768;
/** Rows per multi-row statement when held writes are written. */
const WRITE_CHUNK = 50;
/**
 * Articles whose document-frequency increments and index rows are held before they are written: the size of an ingest
 * batch (one JSONL file of 100), so a longer transaction (a rebuild) keeps bounded memory and gains no more than ingest.
 */
export const FLUSH_ARTICLES = 100;

/** A story_centroids row; terms, weights and indexed are null when the row lay outside the window asked for. */
interface CentroidRow {
  story_id: number;
  terms: string | null;
  weights: Buffer | null;
  indexed: string | null;
  count: number;
  first_seen: number;
  last_seen: number;
}

/** All of time: a centroid read without a window. */
const ALWAYS: TimeWindow = { from: -Infinity, to: Infinity };

interface Cached {
  vector: StoryVector;
  /** Every term story_index lists the story under. */
  indexed: string[];
}

/**
 * What one connection has read, valid while `docs` (the document count, raised by every filed article) and SQLite's
 * data_version (changed by other connections' commits) are unchanged: a rolled-back article lowers the count, another
 * process's writes change the version, and either empties the cache.
 */
interface Cache {
  docs: number;
  version: number;
  df: Map<string, number>;
  /** term -> the newest story ids indexed under it (at most `limit`, all there are when fewer). */
  postings: Map<string, { limit: number; ids: number[] }>;
  /** story id -> centroid, or null when it has none. */
  centroids: Map<number, Cached | null>;
  /** story id -> span, for stories whose centroid was left unread because it lay outside the window asked for. */
  spans: Map<number, { firstSeen: number; lastSeen: number }>;
  /** The largest story id with a centroid: a larger one (a new story) has none, and is not looked up. */
  maxId: number;
}

/** Writes not yet made: they belong to the open transaction, and are made before it commits or dropped when it rolls back. */
interface Pending {
  /** Articles counted (the document count's increment). */
  docs: number;
  /** term -> documents counted. */
  df: Map<string, number>;
  /** term -> story ids newly indexed under it. */
  index: Map<string, number[]>;
}

/** One connection's cache and pending writes, shared by every StoryState over it (the store's and a rebuild's). */
interface Conn {
  cache: Cache | undefined;
  pending: Pending;
  /** Writes `pending` (the connection's prepared statements). */
  write(p: Pending): void;
}

const conns = new WeakMap<Database.Database, Conn>();

const nothingPending = (): Pending => ({ docs: 0, df: new Map(), index: new Map() });

/**
 * Writes the connection's held document frequencies and index rows. The store calls it before COMMIT and before a
 * savepoint starts or is released; whoever runs a transaction around a StoryState by hand must call it before COMMIT.
 */
export function flushStoryState(db: Database.Database): void {
  const c = conns.get(db);
  if (!c || (c.pending.docs === 0 && c.pending.index.size === 0)) return;
  const p = c.pending;
  c.pending = nothingPending();
  c.write(p);
}

/** Drops what a rolled-back transaction (or savepoint) held and the cache that counted it. */
export function discardStoryState(db: Database.Database): void {
  const c = conns.get(db);
  if (!c) return;
  c.pending = nothingPending();
  c.cache = undefined;
}

/**
 * Drops a connection's story cache, after writing what it holds; for code that rewrites the story tables directly
 * (stories rebuild).
 */
export function forgetStoryCache(db: Database.Database): void {
  flushStoryState(db);
  const c = conns.get(db);
  if (c) c.cache = undefined;
}

/** Map.set that evicts the oldest entry past `cap`. */
function put<K, V>(m: Map<K, V>, k: K, v: V, cap: number): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > cap) m.delete(m.keys().next().value as K);
}

/** `ids` (newest first, at most `limit`) with `id` among them if it is new enough; a new array when it changes. */
function withId(ids: readonly number[], id: number, limit: number): number[] {
  let i = 0;
  while (i < ids.length && (ids[i] as number) > id) i++;
  if (ids[i] === id || i >= limit) return ids as number[];
  const out = ids.slice(0, i);
  out.push(id);
  for (let j = i; j < ids.length && out.length < limit; j++) out.push(ids[j] as number);
  return out;
}

/** StoryState over a database that has migration 7 (synchronous: the store makes it asynchronous). */
export function sqliteStoryState(db: Database.Database): SyncPort<StoryState> {
  const st = {
    docs: db.prepare('SELECT df FROM story_term_df WHERE term = ?').pluck(),
    maxId: db.prepare('SELECT max(story_id) FROM story_centroids').pluck(),
    version: db.prepare('PRAGMA data_version').pluck(),
    addDf: db.prepare('INSERT INTO story_term_df (term, df) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df'),
    postings: db.prepare('SELECT story_id FROM story_index WHERE term = ? ORDER BY story_id DESC LIMIT ?').pluck(),
    saveCentroid: db.prepare(`INSERT INTO story_centroids (story_id, terms, weights, indexed, count, first_seen, last_seen)
      VALUES (@id, @terms, @weights, @indexed, @count, @firstSeen, @lastSeen)
      ON CONFLICT (story_id) DO UPDATE SET terms = excluded.terms, weights = excluded.weights, indexed = excluded.indexed,
        count = excluded.count, first_seen = excluded.first_seen, last_seen = excluded.last_seen`),
    index: db.prepare('INSERT OR IGNORE INTO story_index (term, story_id) VALUES (?, ?)'),
    dfChunk: db.prepare(`INSERT INTO story_term_df (term, df) VALUES ${Array.from({ length: WRITE_CHUNK }, () => '(?, ?)').join(', ')}
      ON CONFLICT (term) DO UPDATE SET df = df + excluded.df`),
    indexChunk: db.prepare(`INSERT OR IGNORE INTO story_index (term, story_id) VALUES ${Array.from({ length: WRITE_CHUNK }, () => '(?, ?)').join(', ')}`),
    unindex: db.prepare('DELETE FROM story_index WHERE term = ? AND story_id = ?'),
    drop: db.prepare('DELETE FROM story_centroids WHERE story_id = ?'),
  };
  // One statement per list length (prepared once, kept): a lookup of n terms or ids is one query, not n. (One upsert
  // of n df rows measured slower than n single-row upserts.)
  const prepared = new Map<string, Database.Statement>();
  const stmt = (kind: 'df' | 'cent', n: number): Database.Statement => {
    const key = `${kind}:${n}`;
    let s = prepared.get(key);
    if (!s) {
      const marks = Array.from({ length: n }, () => '?').join(',');
      if (kind === 'df') s = db.prepare(`SELECT term, df FROM story_term_df WHERE term IN (${marks})`);
      else {
        // The bulky columns only for rows whose span reaches into the window.
        const inWindow = 'last_seen >= @from AND first_seen <= @to';
        s = db.prepare(`SELECT story_id, iif(${inWindow}, terms, NULL) AS terms, iif(${inWindow}, weights, NULL) AS weights,
          iif(${inWindow}, indexed, NULL) AS indexed, count, first_seen, last_seen FROM story_centroids
          WHERE story_id IN (${marks})`);
      }
      prepared.set(key, s);
    }
    return s;
  };
  let conn = conns.get(db);
  if (!conn) {
    conn = {
      cache: undefined,
      pending: nothingPending(),
      write(p) {
        // Many rows per statement: a held batch is hundreds of rows, and each statement has a fixed cost.
        const rows: (string | number)[][] = [[], []];
        const add = (kind: 0 | 1, term: string, n: number): void => {
          const batch = rows[kind] as (string | number)[];
          batch.push(term, n);
          if (batch.length === 2 * WRITE_CHUNK) {
            (kind === 0 ? st.dfChunk : st.indexChunk).run(batch);
            batch.length = 0;
          }
        };
        if (p.docs > 0) add(0, DOCS, p.docs);
        p.df.forEach((n, t) => add(0, t, n));
        p.index.forEach((ids, t) => {
          for (const id of ids) add(1, t, id);
        });
        const [df, index] = rows as [(string | number)[], (string | number)[]];
        for (let i = 0; i < df.length; i += 2) st.addDf.run(df[i], df[i + 1]);
        for (let i = 0; i < index.length; i += 2) st.index.run(index[i], index[i + 1]);
      },
    };
    conns.set(db, conn);
  }
  const own = conn;
  const toCached = (r: CentroidRow, names: string, weights: Buffer, indexed: string): Cached => {
    const terms = new Map<string, number>();
    if (names !== '') {
      let i = 0;
      for (const name of names.split('\n')) terms.set(name, weights.readDoubleLE(8 * i++));
    }
    return {
      vector: { id: r.story_id, terms, count: r.count, firstSeen: r.first_seen, lastSeen: r.last_seen },
      indexed: indexed === '' ? [] : indexed.split('\n'),
    };
  };
  /**
   * The connection's cache, emptied first when the database may have changed since it was filled. Checked when an
   * article starts (docCount: every article's vector reads it first); the calls after it belong to the same article,
   * inside the caller's transaction.
   */
  const cache = (check = false): Cache => {
    // Writes held while no transaction is open belong to one that ended without flushing or discarding them
    // (better-sqlite3's own transaction() rolling back): they are gone from the database, so they go here too.
    if (!db.inTransaction && (own.pending.docs > 0 || own.pending.index.size > 0)) discardStoryState(db);
    const known = own.cache;
    if (known && !check) return known;
    const docs = ((st.docs.get(DOCS) as number | undefined) ?? 0) + own.pending.docs;
    const version = st.version.get() as number;
    let c = own.cache;
    if (!c || c.docs !== docs || c.version !== version) {
      const maxId = (st.maxId.get() as number | null) ?? 0;
      c = { docs, version, df: new Map(), postings: new Map(), centroids: new Map(), spans: new Map(), maxId };
      own.cache = c;
    }
    return c;
  };
  /** Writes what is held when no transaction will (autocommit) or when FLUSH_ARTICLES articles are held. */
  const maybeFlush = (): void => {
    if (!db.inTransaction || own.pending.docs >= FLUSH_ARTICLES) flushStoryState(db);
  };
  /**
   * Reads the centroids of `ids` into the cache (null: none), except those whose span misses `w`: of those only the
   * span is kept, so the next article's lookup skips them without reading.
   */
  const load = (c: Cache, ids: readonly number[], w: TimeWindow): void => {
    let missing: number[] | undefined;
    for (const id of ids) {
      if (c.centroids.has(id)) continue;
      if (id > c.maxId) {
        put(c.centroids, id, null, CENTROID_CACHE);
        continue;
      }
      const span = c.spans.get(id);
      if (span && (span.lastSeen < w.from || span.firstSeen > w.to)) continue;
      (missing ??= []).push(id);
    }
    if (!missing) return;
    const rows = stmt('cent', missing.length).all({ from: w.from, to: w.to }, ...missing) as CentroidRow[];
    for (const id of missing) put(c.centroids, id, null, CENTROID_CACHE);
    for (const r of rows) {
      if (r.terms === null || r.weights === null || r.indexed === null) {
        c.centroids.delete(r.story_id);
        put(c.spans, r.story_id, { firstSeen: r.first_seen, lastSeen: r.last_seen }, SPAN_CACHE);
      } else {
        c.spans.delete(r.story_id);
        put(c.centroids, r.story_id, toCached(r, r.terms, r.weights, r.indexed), CENTROID_CACHE);
      }
    }
  };
  /** One story's centroid with its index list, read through the cache. */
  const one = (c: Cache, id: number): Cached | undefined => {
    if (!c.centroids.has(id)) load(c, [id], ALWAYS);
    return c.centroids.get(id) ?? undefined;
  };
  return {
    docCount() {
      return cache(true).docs;
    },
    docFreqs(terms) {
      const c = cache();
      const out = new Map<string, number>();
      const missing: string[] = [];
      for (const t of terms) {
        const n = c.df.get(t);
        if (n === undefined) missing.push(t);
        else if (n > 0) out.set(t, n);
      }
      if (missing.length > 0) {
        const found = new Map<string, number>();
        for (const r of stmt('df', missing.length).all(...missing) as { term: string; df: number }[]) found.set(r.term, r.df);
        const held = own.pending.df;
        for (const t of missing) {
          const n = (found.get(t) ?? 0) + (held.get(t) ?? 0);
          put(c.df, t, n, DF_CACHE);
          if (n > 0) out.set(t, n);
        }
      }
      return out;
    },
    addDocument(terms) {
      const c = cache();
      const p = own.pending;
      p.docs++;
      c.docs++;
      for (const t of new Set(terms)) {
        if (t === DOCS) continue;
        p.df.set(t, (p.df.get(t) ?? 0) + 1);
        const n = c.df.get(t);
        if (n !== undefined) c.df.set(t, n + 1);
      }
      maybeFlush();
    },
    postings(terms, limit) {
      const c = cache();
      const out = new Map<string, number[]>();
      for (const t of terms) {
        let hit = c.postings.get(t);
        if (!hit || (hit.limit < limit && hit.ids.length >= hit.limit)) {
          let ids = st.postings.all(t, limit) as number[];
          const held = own.pending.index.get(t);
          if (held) ids = [...ids, ...held].sort((a, b) => b - a).slice(0, limit);
          hit = { limit, ids };
          put(c.postings, t, hit, POSTINGS_CACHE);
        }
        // Cached lists are replaced, never changed in place, so the caller may hold one.
        out.set(t, hit.ids.length > limit ? hit.ids.slice(0, limit) : hit.ids);
      }
      return out;
    },
    centroid(id) {
      return one(cache(), id)?.vector;
    },
    centroids(ids, window = ALWAYS) {
      if (ids.length === 0) return [];
      const c = cache();
      load(c, ids, window);
      const out: StoryVector[] = [];
      for (const id of ids) {
        const hit = c.centroids.get(id);
        if (hit) out.push(hit.vector);
      }
      return out;
    },
    saveCentroid(v, indexTerms) {
      const c = cache();
      const before = one(c, v.id)?.indexed ?? [];
      let indexed = before;
      for (const t of indexTerms) {
        if (indexed.includes(t)) continue;
        if (indexed === before) indexed = [...before];
        indexed.push(t);
        const held = own.pending.index.get(t);
        if (held) held.push(v.id);
        else own.pending.index.set(t, [v.id]);
        // Keep a cached posting list equal to the newest `limit` ids in the table.
        const hit = c.postings.get(t);
        if (hit) hit.ids = withId(hit.ids, v.id, hit.limit);
      }
      const weights = Buffer.allocUnsafe(v.terms.size * 8);
      let i = 0;
      for (const w of v.terms.values()) weights.writeDoubleLE(w, 8 * i++);
      st.saveCentroid.run({ id: v.id, terms: [...v.terms.keys()].join('\n'), weights, indexed: indexed.join('\n'),
        count: v.count, firstSeen: v.firstSeen, lastSeen: v.lastSeen });
      c.spans.delete(v.id);
      put(c.centroids, v.id, { vector: v, indexed }, CENTROID_CACHE);
      c.maxId = Math.max(c.maxId, v.id);
      maybeFlush();
    },
    dropCentroid(id) {
      const c = cache();
      for (const t of one(c, id)?.indexed ?? []) {
        const held = own.pending.index.get(t);
        const at = held ? held.indexOf(id) : -1;
        if (held && at >= 0) {
          held.splice(at, 1);
          if (held.length === 0) own.pending.index.delete(t);
        } else st.unindex.run(t, id);
        c.postings.delete(t);
      }
      st.drop.run(id);
      c.spans.delete(id);
      put(c.centroids, id, null, CENTROID_CACHE);
    },
  };
}
