// The event assigner: salient terms, candidate generation (index + time window), scoring, merges, and the SQLite state
// giving the same decisions as the in-memory reference; store merges keep aliases and the digest ledger.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStoryState, StoryAssigner, cosine } from '../../src/stories/assign.js';
import type { StoryState } from '../../src/stories/assign.js';
import { articleTerms } from '../../src/stories/terms.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { sqliteStoryState } from '../../src/store/sqlite-stories.js';

interface Report {
  title: string;
  body: string;
  source: string;
  publishedAt: string;
}

const REPORTS = readFileSync(new URL('../fixtures/events/reports.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Report);

/** Files reports in order; returns each one's story id (merges resolved). */
function cluster(state: StoryState, reports: readonly Report[], opts = {}): number[] {
  const assigner = new StoryAssigner(state, opts);
  const alias = new Map<number, number>();
  let next = 1;
  const ids = reports.map((r) => {
    const terms = articleTerms(r);
    const vec = assigner.vector(terms);
    const at = Date.parse(r.publishedAt);
    const d = assigner.decide(vec, at, r.body !== '');
    const sid = d.storyId ?? next++;
    for (const m of d.merge) alias.set(m, sid);
    assigner.record(terms, vec, sid, at, d.merge);
    return sid;
  });
  const resolve = (x: number): number => (alias.has(x) ? resolve(alias.get(x) as number) : x);
  return ids.map(resolve);
}

let db: Database.Database | undefined;
afterEach(() => db?.close());

function sqliteState(): StoryState {
  db = new Database(':memory:');
  for (const m of MIGRATIONS) db.exec(m.sql);
  return sqliteStoryState(db);
}

describe('articleTerms', () => {
  it('keeps title and lead content terms, drops stopwords, boosts names and numbers', () => {
    const t = articleTerms({ title: 'Rates rise again', body: 'The central bank in Seoul raised rates to 3.75% on Tuesday.' });
    expect(t.has('the')).toBe(false);
    expect(t.get('3.75')).toBeGreaterThan(t.get('bank') as number);
    expect(t.get('seoul')).toBeGreaterThan(t.get('bank') as number);
    // Title words weigh twice a lead word.
    expect(t.get('rat')).toBeGreaterThan(t.get('bank') as number);
  });

  it('does not take Title Case headline words for names', () => {
    const t = articleTerms({ title: 'Central Bank Raises Rates Again', body: '' });
    const s = articleTerms({ title: 'central bank raises rates again', body: '' });
    expect([...t]).toEqual([...s]);
  });

  it('accepts a headline without a body', () => {
    expect([...articleTerms({ title: 'Typhoon hits Okinawa', body: '' }).keys()]).toEqual(['typhoon', 'hit', 'okinawa']);
  });
});

describe('StoryAssigner', () => {
  it('groups independently written reports of one event and keeps look-alike events apart', () => {
    // Order: fixtures in time order, as a feed would deliver them.
    const ordered = [...REPORTS].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
    const ids = cluster(new MemoryStoryState(), ordered);
    const story = (title: string): number => ids[ordered.findIndex((r) => r.title.startsWith(title))] as number;
    const typhoon = story('Typhoon Haikui slams');
    expect(story('Okinawa battered')).toBe(typhoon);
    expect(story('Haikui: Okinawa cleans up')).toBe(typhoon);
    const hike = story('Bank of Korea raises');
    expect(story("South Korea's central bank")).toBe(hike);
    expect(story('Won gains after BOK hike')).toBe(hike);
    expect(hike).not.toBe(typhoon);
    // Same place or institution, different event: another typhoon last month, an explainer, the previous rate
    // decision (outside the window), Okinawa tourism news.
    for (const d of ['Typhoon Khanun', 'How typhoons form', 'Bank of Korea holds', 'Okinawa tourism']) {
      expect([typhoon, hike]).not.toContain(story(d));
    }
  });

  it('never offers a story outside the time window as a candidate', () => {
    const assigner = new StoryAssigner(new MemoryStoryState(), { windowMs: 86_400_000 });
    const terms = articleTerms({ title: 'Bank of Korea raises key rate to 3.75%', body: '' });
    const vec = assigner.vector(terms);
    assigner.record(terms, vec, 1, Date.parse('2026-09-01T00:00:00Z'));
    expect(assigner.candidates(vec, Date.parse('2026-09-01T12:00:00Z')).map((c) => c.story.id)).toEqual([1]);
    expect(assigner.candidates(vec, Date.parse('2026-09-03T00:00:00Z'))).toEqual([]);
  });

  it('weighs a headline-only match down with its time gap to the story, to the floor, but never one with a body', () => {
    const assigner = new StoryAssigner(new MemoryStoryState(), { timeHalfLifeMs: 3_600_000, timeFloor: 0.25 });
    const t0 = Date.parse('2026-09-01T00:00:00Z');
    const terms = articleTerms({ title: 'Bank of Korea raises key rate to 3.75%', body: '' });
    const vec = assigner.vector(terms);
    assigner.record(terms, vec, 1, t0);
    const at = (hours: number): number => assigner.candidates(vec, t0 + hours * 3_600_000, true)[0]?.score ?? 0;
    const plain = assigner.candidates(vec, t0 + 3_600_000, false)[0]?.score ?? 0;
    expect(at(0)).toBeCloseTo(plain, 10);
    expect(at(1)).toBeCloseTo(plain * (0.25 + 0.75 / 2), 10);
    expect(at(30)).toBeCloseTo(plain * 0.25, 6);
    // The same headline a day later is still strong enough to join; an article with a body is not decayed at all.
    expect(assigner.decide(vec, t0 + 86_400_000).storyId).toBe(1);
    expect(assigner.decide(vec, t0 + 86_400_000, true).score).toBeCloseTo(plain, 10);
  });

  it('damps a match that rests on a single shared term', () => {
    const assigner = new StoryAssigner(new MemoryStoryState(), { minShared: 2 });
    const a = assigner.vector(articleTerms({ title: 'Titanfall trailer shows giant robots', body: '' }));
    const b = assigner.vector(articleTerms({ title: 'Titanfall lifts console sales', body: '' }));
    const c = { id: 1, terms: b, count: 1, firstSeen: 0, lastSeen: 0 };
    expect(assigner.score(a, c)).toBeCloseTo(cosine(a, b) / 2, 10);
  });

  it('merges two stories an article bridges into the older id', () => {
    const assigner = new StoryAssigner(new MemoryStoryState(), { threshold: 0.3, mergeThreshold: 0.3, mergeCentroids: 0.3 });
    const file = (title: string, story: number | null): number => {
      const terms = articleTerms({ title, body: '' });
      const vec = assigner.vector(terms);
      const d = story === null ? assigner.decide(vec, 0) : { storyId: story, merge: [] };
      const sid = d.storyId ?? 99;
      assigner.record(terms, vec, sid, 0, d.merge);
      if (story === null) expect(d.merge).toEqual([7]);
      return sid;
    };
    file('Haikui typhoon Okinawa landfall Naha flights', 3);
    file('Haikui typhoon Okinawa power outage Naha', 7);
    expect(file('Haikui typhoon Okinawa Naha', null)).toBe(3);
  });

  it('asks more of a merge when the article has a body than when it is a headline alone', () => {
    const opts = { threshold: 0.3, bodyThreshold: 0.3, mergeThreshold: 0.3, mergeCentroids: 0.3, bodyMergeThreshold: 0.99, bodyMergeCentroids: 0.3 };
    const setup = (): StoryAssigner => {
      const assigner = new StoryAssigner(new MemoryStoryState(), opts);
      for (const [title, id] of [['Haikui typhoon Okinawa landfall Naha flights', 3], ['Haikui typhoon Okinawa power outage Naha', 7]] as const) {
        const terms = articleTerms({ title, body: '' });
        assigner.record(terms, assigner.vector(terms), id, 0);
      }
      return assigner;
    };
    const bridge = (a: StoryAssigner): ReturnType<typeof a.vector> => a.vector(articleTerms({ title: 'Haikui typhoon Okinawa Naha', body: '' }));
    const headline = setup();
    expect(headline.decide(bridge(headline), 0, false)).toMatchObject({ storyId: 3, merge: [7] });
    const withBody = setup();
    expect(withBody.decide(bridge(withBody), 0, true)).toMatchObject({ storyId: 3, merge: [] });
  });

  it('lets a near-copy join only a story whose span lies within the window of its date', () => {
    const assigner = new StoryAssigner(new MemoryStoryState(), { windowMs: 4 * 86_400_000 });
    const t0 = Date.parse('2026-07-01T12:00:00Z');
    const terms = articleTerms({ title: 'Central bank holds rate at 3.5%', body: 'The central bank held its key rate at 3.5% on Thursday.' });
    assigner.record(terms, assigner.vector(terms), 5, t0);
    assigner.record(terms, assigner.vector(terms), 5, t0 + 86_400_000);
    expect(assigner.nearCopyJoins(5, t0 + 4 * 86_400_000)).toBe(true);
    expect(assigner.nearCopyJoins(5, t0 - 3 * 86_400_000)).toBe(true);
    // A month later the same template is another decision; a story filed before centroids existed always takes it.
    expect(assigner.nearCopyJoins(5, t0 + 31 * 86_400_000)).toBe(false);
    expect(assigner.nearCopyJoins(5, t0 - 6 * 86_400_000)).toBe(false);
    expect(assigner.nearCopyJoins(6, t0 + 31 * 86_400_000)).toBe(true);
  });

  it('keeps its SQLite read cache right across rollbacks and another connection\'s writes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nb-story-cache-'));
    const file = path.join(dir, 'c.db');
    const a = new Database(file);
    const b = new Database(file);
    try {
      for (const m of MIGRATIONS) a.exec(m.sql);
      const sa = sqliteStoryState(a);
      const sb = sqliteStoryState(b);
      sa.addDocument(['haikui', 'okinawa']);
      sa.saveCentroid({ id: 1, terms: new Map([['haikui', 1]]), count: 1, firstSeen: 0, lastSeen: 0 }, ['haikui']);
      expect([sa.docCount(), sa.docFreqs(['haikui']).get('haikui'), sa.postings(['haikui'], 8).get('haikui')]).toEqual([1, 1, [1]]);
      // A rolled-back article leaves nothing behind in the cache.
      expect(() => a.transaction(() => {
        sa.addDocument(['haikui']);
        sa.saveCentroid({ id: 2, terms: new Map([['haikui', 1]]), count: 1, firstSeen: 0, lastSeen: 0 }, ['haikui']);
        throw new Error('rollback');
      })()).toThrow('rollback');
      expect([sa.docCount(), sa.docFreqs(['haikui']).get('haikui'), sa.postings(['haikui'], 8).get('haikui'), sa.centroid(2)])
        .toEqual([1, 1, [1], undefined]);
      // Another connection's article is seen at once.
      sb.addDocument(['haikui']);
      sb.saveCentroid({ id: 3, terms: new Map([['haikui', 2]]), count: 1, firstSeen: 0, lastSeen: 0 }, ['haikui']);
      expect([sa.docCount(), sa.docFreqs(['haikui']).get('haikui'), sa.postings(['haikui'], 8).get('haikui'), sa.centroid(3)?.terms.get('haikui')])
        .toEqual([2, 2, [3, 1], 2]);
    } finally {
      a.close();
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decides exactly the same over SQLite as in memory', () => {
    const many = [...REPORTS, ...REPORTS.map((r) => ({ ...r, title: `${r.title} (update)`, body: r.body.split('\n\n')[0] ?? '' }))];
    const mem = cluster(new MemoryStoryState(), many);
    const sql = cluster(sqliteState(), many);
    expect(sql).toEqual(mem);
  });
});
