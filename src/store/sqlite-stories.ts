// The story assigner's growing state on SQLite (migration 7): term document frequencies, story centroids, the term ->
// story index and story aliases. Every call reads or writes a bounded number of rows, so cost stays flat with the archive;
// bounded read caches (per connection) spare most reads, and are dropped whenever the database may have changed under them.
// Inside a transaction, document-frequency increments and new index rows are held in memory (reads see them) and written
// once per FLUSH_ARTICLES articles and when the store commits (flushStoryState); a rollback drops them (discardStoryState).
import type Database from 'better-sqlite3';
import type { StoryState, StoryVector } from '../stories/assign.js';
import type { SyncPort } from './gate.js';

/** The df row whose count is the number of documents. */
const DOCS = '';
/** Cache sizes (entries). The centroids cover a few days of stories at 1,000 articles a day; ~25 MB at most in all. */
const DF_CACHE = 50_000;
const POSTINGS_CACHE = 20_000;
const CENTROID_CACHE = 4_096;
/**
 * Articles whose document-frequency increments and index rows are held before they are written: the size of an ingest
 * batch (one JSONL file of 100), so a longer transaction (a rebuild) keeps bounded memory and gains no more than ingest.
 */
export const FLUSH_ARTICLES = 100;

interface CentroidRow {
  story_id: number;
  terms: string;
  weights: Buffer;
  indexed: string;
  count: number;
  first_seen: number;
  last_seen: number;
}

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

/** StoryState over a database that has migration 7 (synchronous: the store makes it asynchronous). */
export function sqliteStoryState(db: Database.Database): SyncPort<StoryState> {
  const st = {
    docs: db.prepare('SELECT df FROM story_term_df WHERE term = ?').pluck(),
    version: db.prepare('PRAGMA data_version').pluck(),
    addDf: db.prepare('INSERT INTO story_term_df (term, df) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df'),
    postings: db.prepare('SELECT story_id FROM story_index WHERE term = ? ORDER BY story_id DESC LIMIT ?').pluck(),
    saveCentroid: db.prepare(`INSERT INTO story_centroids (story_id, terms, weights, indexed, count, first_seen, last_seen)
      VALUES (@id, @terms, @weights, @indexed, @count, @firstSeen, @lastSeen)
      ON CONFLICT (story_id) DO UPDATE SET terms = excluded.terms, weights = excluded.weights, indexed = excluded.indexed,
        count = excluded.count, first_seen = excluded.first_seen, last_seen = excluded.last_seen`),
    index: db.prepare('INSERT OR IGNORE INTO story_index (term, story_id) VALUES (?, ?)'),
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
        s = db.prepare(`SELECT story_id, terms, weights, indexed, count, first_seen, last_seen FROM story_centroids
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
        if (p.docs > 0) st.addDf.run(DOCS, p.docs);
        for (const [t, n] of p.df) st.addDf.run(t, n);
        for (const [t, ids] of p.index) for (const id of ids) st.index.run(t, id);
      },
    };
    conns.set(db, conn);
  }
  const own = conn;
  const toCached = (r: CentroidRow): Cached => {
    const names = r.terms === '' ? [] : r.terms.split('\n');
    const terms = new Map<string, number>();
    for (let i = 0; i < names.length; i++) terms.set(names[i] as string, r.weights.readDoubleLE(i * 8));
    return {
      vector: { id: r.story_id, terms, count: r.count, firstSeen: r.first_seen, lastSeen: r.last_seen },
      indexed: r.indexed === '' ? [] : r.indexed.split('\n'),
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
      c = { docs, version, df: new Map(), postings: new Map(), centroids: new Map() };
      own.cache = c;
    }
    return c;
  };
  /** Writes what is held when no transaction will (autocommit) or when FLUSH_ARTICLES articles are held. */
  const maybeFlush = (): void => {
    if (!db.inTransaction || own.pending.docs >= FLUSH_ARTICLES) flushStoryState(db);
  };
  /** Centroids of `ids` with their index lists (null: none), read through the cache. */
  const load = (c: Cache, ids: readonly number[]): (Cached | null)[] => {
    const missing = ids.filter((id) => !c.centroids.has(id));
    if (missing.length > 0) {
      const rows = stmt('cent', missing.length).all(...missing) as CentroidRow[];
      for (const id of missing) put(c.centroids, id, null, CENTROID_CACHE);
      for (const r of rows) put(c.centroids, r.story_id, toCached(r), CENTROID_CACHE);
    }
    return ids.map((id) => c.centroids.get(id) ?? null);
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
        out.set(t, hit.ids.slice(0, limit));
      }
      return out;
    },
    centroid(id) {
      return load(cache(), [id])[0]?.vector;
    },
    centroids(ids) {
      if (ids.length === 0) return [];
      return load(cache(), ids).flatMap((x) => (x ? [x.vector] : []));
    },
    saveCentroid(v, indexTerms) {
      const c = cache();
      const indexed = [...(load(c, [v.id])[0]?.indexed ?? [])];
      const known = new Set(indexed);
      for (const t of indexTerms) {
        if (known.has(t)) continue;
        const held = own.pending.index.get(t);
        if (held) held.push(v.id);
        else own.pending.index.set(t, [v.id]);
        indexed.push(t);
        known.add(t);
        // Keep a cached posting list equal to the newest `limit` ids in the table.
        const hit = c.postings.get(t);
        if (hit && !hit.ids.includes(v.id)) {
          const ids = [...hit.ids, v.id].sort((a, b) => b - a);
          hit.ids = ids.length > hit.limit ? ids.slice(0, hit.limit) : ids;
        }
      }
      const weights = Buffer.allocUnsafe(v.terms.size * 8);
      let i = 0;
      for (const w of v.terms.values()) weights.writeDoubleLE(w, 8 * i++);
      st.saveCentroid.run({ id: v.id, terms: [...v.terms.keys()].join('\n'), weights, indexed: indexed.join('\n'),
        count: v.count, firstSeen: v.firstSeen, lastSeen: v.lastSeen });
      put(c.centroids, v.id, { vector: v, indexed }, CENTROID_CACHE);
      maybeFlush();
    },
    dropCentroid(id) {
      const c = cache();
      for (const t of load(c, [id])[0]?.indexed ?? []) {
        const held = own.pending.index.get(t);
        const at = held ? held.indexOf(id) : -1;
        if (held && at >= 0) {
          held.splice(at, 1);
          if (held.length === 0) own.pending.index.delete(t);
        } else st.unindex.run(t, id);
        c.postings.delete(t);
      }
      st.drop.run(id);
      put(c.centroids, id, null, CENTROID_CACHE);
    },
  };
}
