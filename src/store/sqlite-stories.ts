// The story assigner's growing state on SQLite (migration 7): term document frequencies, story centroids, the term ->
// story index and story aliases. Every call reads or writes a bounded number of rows, so cost stays flat with the archive.
import type Database from 'better-sqlite3';
import type { StoryState, StoryVector } from '../stories/assign.js';

/** The df row whose count is the number of documents. */
const DOCS = '';

interface CentroidRow {
  story_id: number;
  terms: string;
  weights: Buffer;
  count: number;
  first_seen: number;
  last_seen: number;
}

/** StoryState over a database that has migration 7. */
export function sqliteStoryState(db: Database.Database): StoryState {
  const st = {
    df: db.prepare('SELECT df FROM story_term_df WHERE term = ?').pluck(),
    addDf: db.prepare('INSERT INTO story_term_df (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1'),
    centroid: db.prepare('SELECT story_id, terms, weights, count, first_seen, last_seen FROM story_centroids WHERE story_id = ?'),
    postings: db.prepare('SELECT story_id FROM story_index WHERE term = ? ORDER BY story_id DESC LIMIT ?').pluck(),
    saveCentroid: db.prepare(`INSERT INTO story_centroids (story_id, terms, weights, indexed, count, first_seen, last_seen)
      VALUES (@id, @terms, @weights, @indexed, @count, @firstSeen, @lastSeen)
      ON CONFLICT (story_id) DO UPDATE SET terms = excluded.terms, weights = excluded.weights, indexed = excluded.indexed,
        count = excluded.count, first_seen = excluded.first_seen, last_seen = excluded.last_seen`),
    indexed: db.prepare('SELECT indexed FROM story_centroids WHERE story_id = ?').pluck(),
    index: db.prepare('INSERT OR IGNORE INTO story_index (term, story_id) VALUES (?, ?)'),
    unindex: db.prepare('DELETE FROM story_index WHERE term = ? AND story_id = ?'),
    drop: db.prepare('DELETE FROM story_centroids WHERE story_id = ?'),
  };
  // One statement per list length (prepared once, kept): a lookup of n terms or ids is one query, not n.
  const cache = new Map<string, Database.Statement>();
  const stmt = (kind: 'df' | 'cent', n: number): Database.Statement => {
    const key = `${kind}:${n}`;
    let s = cache.get(key);
    if (!s) {
      const marks = Array.from({ length: n }, () => '?').join(',');
      if (kind === 'df') s = db.prepare(`SELECT term, df FROM story_term_df WHERE term IN (${marks})`);
      else {
        s = db.prepare(`SELECT story_id, terms, weights, count, first_seen, last_seen FROM story_centroids
          WHERE story_id IN (${marks})`);
      }
      cache.set(key, s);
    }
    return s;
  };
  const toVector = (r: CentroidRow): StoryVector => {
    const names = r.terms === '' ? [] : r.terms.split('\n');
    const terms = new Map<string, number>();
    for (let i = 0; i < names.length; i++) terms.set(names[i] as string, r.weights.readDoubleLE(i * 8));
    return { id: r.story_id, terms, count: r.count, firstSeen: r.first_seen, lastSeen: r.last_seen };
  };
  const split = (s: string | undefined): string[] => (s ? s.split('\n') : []);
  return {
    docCount() {
      return (st.df.get(DOCS) as number | undefined) ?? 0;
    },
    docFreqs(terms) {
      const out = new Map<string, number>();
      if (terms.length === 0) return out;
      for (const r of stmt('df', terms.length).all(...terms) as { term: string; df: number }[]) out.set(r.term, r.df);
      return out;
    },
    addDocument(terms) {
      st.addDf.run(DOCS);
      for (const t of new Set(terms)) if (t !== DOCS) st.addDf.run(t);
    },
    postings(terms, limit) {
      const out = new Map<string, number[]>(terms.map((t) => [t, []]));
      if (terms.length === 0) return out;
      for (const t of terms) out.set(t, st.postings.all(t, limit) as number[]);
      return out;
    },
    centroid(id) {
      const r = st.centroid.get(id) as CentroidRow | undefined;
      return r ? toVector(r) : undefined;
    },
    centroids(ids) {
      if (ids.length === 0) return [];
      return (stmt('cent', ids.length).all(...ids) as CentroidRow[]).map(toVector);
    },
    saveCentroid(v, indexTerms) {
      const indexed = split(st.indexed.get(v.id) as string | undefined);
      const known = new Set(indexed);
      for (const t of indexTerms) {
        if (known.has(t)) continue;
        st.index.run(t, v.id);
        indexed.push(t);
        known.add(t);
      }
      const weights = Buffer.allocUnsafe(v.terms.size * 8);
      let i = 0;
      for (const w of v.terms.values()) weights.writeDoubleLE(w, 8 * i++);
      st.saveCentroid.run({ id: v.id, terms: [...v.terms.keys()].join('\n'), weights, indexed: indexed.join('\n'),
        count: v.count, firstSeen: v.firstSeen, lastSeen: v.lastSeen });
    },
    dropCentroid(id) {
      for (const t of split(st.indexed.get(id) as string | undefined)) st.unindex.run(t, id);
      st.drop.run(id);
    },
  };
}
