// The story assigner's growing state on SQLite (migration 7): term document frequencies, story centroids, the term ->
// story index and story aliases. Every call reads or writes a bounded number of rows, so cost stays flat with the archive.
import type Database from 'better-sqlite3';
import type { StoryState, StoryVector } from '../stories/assign.js';

/** The df row whose count is the number of documents. */
const DOCS = '';

interface CentroidRow {
  story_id: number;
  terms: string;
  count: number;
  first_seen: number;
  last_seen: number;
}

/** StoryState over a database that has migration 7. */
export function sqliteStoryState(db: Database.Database): StoryState {
  const st = {
    df: db.prepare('SELECT df FROM story_term_df WHERE term = ?').pluck(),
    addDf: db.prepare('INSERT INTO story_term_df (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1'),
    postings: db.prepare(`SELECT i.story_id FROM story_index i JOIN story_centroids c ON c.story_id = i.story_id
      WHERE i.term = ? ORDER BY i.story_id DESC LIMIT ?`).pluck(),
    centroid: db.prepare('SELECT * FROM story_centroids WHERE story_id = ?'),
    saveCentroid: db.prepare(`INSERT INTO story_centroids (story_id, terms, count, first_seen, last_seen)
      VALUES (@id, @terms, @count, @firstSeen, @lastSeen)
      ON CONFLICT (story_id) DO UPDATE SET terms = excluded.terms, count = excluded.count,
        first_seen = excluded.first_seen, last_seen = excluded.last_seen`),
    index: db.prepare('INSERT OR IGNORE INTO story_index (term, story_id) VALUES (?, ?)'),
    drop: db.prepare('DELETE FROM story_centroids WHERE story_id = ?'),
  };
  return {
    docCount() {
      return (st.df.get(DOCS) as number | undefined) ?? 0;
    },
    docFreqs(terms) {
      const out = new Map<string, number>();
      for (const t of terms) {
        const n = st.df.get(t) as number | undefined;
        if (n !== undefined) out.set(t, n);
      }
      return out;
    },
    addDocument(terms) {
      st.addDf.run(DOCS);
      for (const t of new Set(terms)) if (t !== DOCS) st.addDf.run(t);
    },
    postings(term, limit) {
      return st.postings.all(term, limit) as number[];
    },
    centroid(id) {
      const r = st.centroid.get(id) as CentroidRow | undefined;
      if (!r) return undefined;
      const v: StoryVector = {
        id: r.story_id,
        terms: new Map(JSON.parse(r.terms) as [string, number][]),
        count: r.count,
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
      };
      return v;
    },
    saveCentroid(v, indexTerms) {
      st.saveCentroid.run({ id: v.id, terms: JSON.stringify([...v.terms]), count: v.count, firstSeen: v.firstSeen, lastSeen: v.lastSeen });
      for (const t of indexTerms) st.index.run(t, v.id);
    },
    dropCentroid(id) {
      st.drop.run(id);
    },
  };
}
