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
import { asyncPort, direct } from '../../src/store/gate.js';

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
async function cluster(state: StoryState, reports: readonly Report[], opts = {}): Promise<number[]> {
  const assigner = new StoryAssigner(state, opts);
  const alias = new Map<number, number>();
  let next = 1;
  const ids: number[] = [];
  for (const r of reports) {
    const terms = articleTerms(r);
    const vec = await assigner.vector(terms);
    const at = Date.parse(r.publishedAt);
    const d = await assigner.decide(vec, at, r.body !== '');
    const sid = d.storyId ?? next++;
    for (const m of d.merge) alias.set(m, sid);
    await assigner.record(terms, vec, sid, at, d.merge);
    ids.push(sid);
  }
  const resolve = (x: number): number => (alias.has(x) ? resolve(alias.get(x) as number) : x);
  return ids.map(resolve);
}

let db: Database.Database | undefined;
afterEach(() => db?.close());

function sqliteState(): StoryState {
  db = new Database(':memory:');
  for (const m of MIGRATIONS) db.exec(m.sql);
  return asyncPort<StoryState>(sqliteStoryState(db), direct);
}

describe('articleTerms', () => {
  it('keeps title and lead content terms, drops stopwords, boosts names and numbers', async () => {
    const t = articleTerms({ title: 'Rates rise again', body: 'The central bank in Seoul raised rates to 3.75% on Tuesday.' });
    expect(t.has('the')).toBe(false);
    expect(t.get('3.75')).toBeGreaterThan(t.get('bank') as number);
    expect(t.get('seoul')).toBeGreaterThan(t.get('bank') as number);
    // Title words weigh twice a lead word.
    expect(t.get('rat')).toBeGreaterThan(t.get('bank') as number);
  });

  it('does not take Title Case headline words for names', async () => {
    const t = articleTerms({ title: 'Central Bank Raises Rates Again', body: '' });
    const s = articleTerms({ title: 'central bank raises rates again', body: '' });
    expect([...t]).toEqual([...s]);
  });

  it('accepts a headline without a body', async () => {
    expect([...articleTerms({ title: 'Typhoon hits Okinawa', body: '' }).keys()]).toEqual(['typhoon', 'hit', 'okinawa']);
  });
});

describe('StoryAssigner', () => {
  it('groups independently written reports of one event and keeps look-alike events apart', async () => {
    // Order: fixtures in time order, as a feed would deliver them.
    const ordered = [...REPORTS].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
    const ids = await cluster(new MemoryStoryState(), ordered);
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

  it('never offers a story outside the time window as a candidate', async () => {
    const assigner = new StoryAssigner(new MemoryStoryState(), { windowMs: 86_400_000 });
    const terms = articleTerms({ title: 'Bank of Korea raises key rate to 3.75%', body: '' });
    const vec = await assigner.vector(terms);
    await assigner.record(terms, vec, 1, Date.parse('2026-09-01T00:00:00Z'));
    expect((await assigner.candidates(vec, Date.parse('2026-09-01T12:00:00Z'))).map((c) => c.story.id)).toEqual([1]);
    expect(await assigner.candidates(vec, Date.parse('2026-09-03T00:00:00Z'))).toEqual([]);
  });

  it('weighs a headline-only match down with its time gap to the story, to the floor, but never one with a body', async () => {
    const assigner = new StoryAssigner(new MemoryStoryState(), { timeHalfLifeMs: 3_600_000, timeFloor: 0.25 });
    const t0 = Date.parse('2026-09-01T00:00:00Z');
    const terms = articleTerms({ title: 'Bank of Korea raises key rate to 3.75%', body: '' });
    const vec = await assigner.vector(terms);
    await assigner.record(terms, vec, 1, t0);
    const at = async (hours: number): Promise<number> => (await assigner.candidates(vec, t0 + hours * 3_600_000, true))[0]?.score ?? 0;
    const plain = (await assigner.candidates(vec, t0 + 3_600_000, false))[0]?.score ?? 0;
    expect(await at(0)).toBeCloseTo(plain, 10);
    expect(await at(1)).toBeCloseTo(plain * (0.25 + 0.75 / 2), 10);
    expect(await at(30)).toBeCloseTo(plain * 0.25, 6);
    // The same headline a day later is still strong enough to join; an article with a body is not decayed at all.
    expect((await assigner.decide(vec, t0 + 86_400_000)).storyId).toBe(1);
    expect((await assigner.decide(vec, t0 + 86_400_000, true)).score).toBeCloseTo(plain, 10);
  });

  it('damps a match that rests on a single shared term', async () => {
    const assigner = new StoryAssigner(new MemoryStoryState(), { minShared: 2 });
    const a = await assigner.vector(articleTerms({ title: 'Titanfall trailer shows giant robots', body: '' }));
    const b = await assigner.vector(articleTerms({ title: 'Titanfall lifts console sales', body: '' }));
    const c = { id: 1, terms: b, count: 1, firstSeen: 0, lastSeen: 0 };
    expect(assigner.score(a, c)).toBeCloseTo(cosine(a, b) / 2, 10);
  });

  it('merges two stories an article bridges into the older id', async () => {
    const assigner = new StoryAssigner(new MemoryStoryState(), { threshold: 0.3, mergeThreshold: 0.3, mergeCentroids: 0.3 });
    const file = async (title: string, story: number | null): Promise<number> => {
      const terms = articleTerms({ title, body: '' });
      const vec = await assigner.vector(terms);
      const d = story === null ? await assigner.decide(vec, 0) : { storyId: story, merge: [] };
      const sid = d.storyId ?? 99;
      await assigner.record(terms, vec, sid, 0, d.merge);
      if (story === null) expect(d.merge).toEqual([7]);
      return sid;
    };
    await file('Haikui typhoon Okinawa landfall Naha flights', 3);
    await file('Haikui typhoon Okinawa power outage Naha', 7);
    expect(await file('Haikui typhoon Okinawa Naha', null)).toBe(3);
  });

  it('asks more of a merge when the article has a body than when it is a headline alone', async () => {
    const opts = { threshold: 0.3, bodyThreshold: 0.3, mergeThreshold: 0.3, mergeCentroids: 0.3, bodyMergeThreshold: 0.99, bodyMergeCentroids: 0.3 };
    const setup = async (): Promise<StoryAssigner> => {
      const assigner = new StoryAssigner(new MemoryStoryState(), opts);
      for (const [title, id] of [['Haikui typhoon Okinawa landfall Naha flights', 3], ['Haikui typhoon Okinawa power outage Naha', 7]] as const) {
        const terms = articleTerms({ title, body: '' });
        await assigner.record(terms, await assigner.vector(terms), id, 0);
      }
      return assigner;
    };
    const bridge = (a: StoryAssigner): ReturnType<typeof a.vector> => a.vector(articleTerms({ title: 'Haikui typhoon Okinawa Naha', body: '' }));
    const headline = await setup();
    expect(await headline.decide(await bridge(headline), 0, false)).toMatchObject({ storyId: 3, merge: [7] });
    const withBody = await setup();
    expect(await withBody.decide(await bridge(withBody), 0, true)).toMatchObject({ storyId: 3, merge: [] });
  });

  it('lets a near-copy join only a story whose span lies within the window of its date', async () => {
    const assigner = new StoryAssigner(new MemoryStoryState(), { windowMs: 4 * 86_400_000 });
    const t0 = Date.parse('2026-07-01T12:00:00Z');
    const terms = articleTerms({ title: 'Central bank holds rate at 3.5%', body: 'The central bank held its key rate at 3.5% on Thursday.' });
    await assigner.record(terms, await assigner.vector(terms), 5, t0);
    await assigner.record(terms, await assigner.vector(terms), 5, t0 + 86_400_000);
    expect(await assigner.nearCopyJoins(5, t0 + 4 * 86_400_000)).toBe(true);
    expect(await assigner.nearCopyJoins(5, t0 - 3 * 86_400_000)).toBe(true);
    // A month later the same template is another decision; a story filed before centroids existed always takes it.
    expect(await assigner.nearCopyJoins(5, t0 + 31 * 86_400_000)).toBe(false);
    expect(await assigner.nearCopyJoins(5, t0 - 6 * 86_400_000)).toBe(false);
    expect(await assigner.nearCopyJoins(6, t0 + 31 * 86_400_000)).toBe(true);
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

  it('decides exactly the same over SQLite as in memory', async () => {
    const many = [...REPORTS, ...REPORTS.map((r) => ({ ...r, title: `${r.title} (update)`, body: r.body.split('\n\n')[0] ?? '' }))];
    const mem = await cluster(new MemoryStoryState(), many);
    const sql = await cluster(sqliteState(), many);
    expect(sql).toEqual(mem);
  });
});
