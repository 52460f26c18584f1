// The story assigner's growing state on SQLite (migration 7): term document frequencies, story centroids, the term ->
// story index and story aliases. Every call reads or writes a bounded number of rows, so cost stays flat with the archive;
// bounded read caches (per connection) spare most reads, and are dropped whenever the database may have changed under them.
import type Database from 'better-sqlite3';
import type { StoryState, StoryVector } from '../stories/assign.js';
import type { SyncPort } from './gate.js';

/** The df row whose count is the number of documents. */
const DOCS = '';
/** Cache sizes (entries). The centroids cover a few days of stories at 1,000 articles a day; ~25 MB at most in all. */
const DF_CACHE = 50_000;
const POSTINGS_CACHE = 20_000;
const CENTROID_CACHE = 4_096;

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

const caches = new WeakMap<Database.Database, Cache>();

/** Drops a connection's story cache; for code that rewrites the story tables directly (stories rebuild). */
export function forgetStoryCache(db: Database.Database): void {
  caches.delete(db);
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
    addDf: db.prepare('INSERT INTO story_term_df (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1'),
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
    const known = caches.get(db);
    if (known && !check) return known;
    const docs = (st.docs.get(DOCS) as number | undefined) ?? 0;
    const version = st.version.get() as number;
    let c = caches.get(db);
    if (!c || c.docs !== docs || c.version !== version) {
      c = { docs, version, df: new Map(), postings: new Map(), centroids: new Map() };
      caches.set(db, c);
    }
    return c;
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
        for (const t of missing) {
          const n = found.get(t) ?? 0;
          put(c.df, t, n, DF_CACHE);
          if (n > 0) out.set(t, n);
        }
      }
      return out;
    },
    addDocument(terms) {
      const c = cache();
      const unique = [DOCS, ...new Set(terms)].filter((t, i) => i === 0 || t !== DOCS);
      for (const t of unique) st.addDf.run(t);
      c.docs++;
      for (const t of unique) {
        const n = c.df.get(t);
        if (n !== undefined) c.df.set(t, n + 1);
      }
    },
    postings(terms, limit) {
      const c = cache();
      const out = new Map<string, number[]>();
      for (const t of terms) {
        let hit = c.postings.get(t);
        if (!hit || (hit.limit < limit && hit.ids.length >= hit.limit)) {
          hit = { limit, ids: st.postings.all(t, limit) as number[] };
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
        st.index.run(t, v.id);
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
    },
    dropCentroid(id) {
      const c = cache();
      for (const t of load(c, [id])[0]?.indexed ?? []) {
        st.unindex.run(t, id);
        c.postings.delete(t);
      }
      st.drop.run(id);
      put(c.centroids, id, null, CENTROID_CACHE);
    },
  };
}
