// End to end: `newsbrief stories rebuild` on a database made by the previous version — schema 6, then reports from
// several outlets stored one story per report, as the near-copy-only clustering of that version left independently
// written reports — with a digest ledger that has posted every one of those stories. After the rebuild the reports of
// one event form one story, every story id the ledger recorded still resolves, and the digest posts nothing again.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/schedule/compose.js';
import { createApp } from '../../src/app.js';
import { MIGRATIONS } from '../../src/store/migrations.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');
const reports = path.join(root, 'tests', 'fixtures', 'events', 'reports.jsonl');
let dir: string;
let db: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { cwd: root, encoding: 'utf8', env: { ...process.env, NEWSBRIEF_DB: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** What subscription `id` would post now (the scheduler's own composition). */
async function wouldPost(id: number): Promise<number[]> {
  const app = createApp({ dbPath: db });
  try {
    const sub = await app.store.digests.getSubscription(id);
    expect(sub).toBeDefined();
    return (await composeDigest(app, sub!, app.now())).stories.map((s) => s.storyId);
  } finally {
    await app.close();
  }
}

let ledger: number[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-rebuild-'));
  db = path.join(dir, 'old.db');
  const old = new Database(db);
  old.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of MIGRATIONS.filter((x) => x.id <= 6)) {
    old.exec(m.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.id, m.name, '2026-11-30T00:00:00.000Z');
  }
  old.close();
  // dist/ is built once by tests/global-setup.ts.
  expect(cli(['ingest', path.join(root, 'samples', 'articles')]).code).toBe(0);
  expect(cli(['ingest', reports]).code).toBe(0);
  // The previous version's result: one story per report (ids 5001…), no assigner state, and two subscriptions
  // watching everything since long ago: #5 has posted every story, #6 none.
  const d = new Database(db);
  d.exec(`DELETE FROM story_term_df; DELETE FROM story_centroids; DELETE FROM story_index; DELETE FROM story_aliases; DELETE FROM stories;
    UPDATE articles SET story_id = 5000 + id;
    INSERT INTO stories (id, headline_article_id, first_seen, last_seen, last_ingested_at, article_count)
      SELECT story_id, id, sort_at, sort_at, ingested_at, 1 FROM articles;
    INSERT INTO subscriptions (id, workspace_id, channel_id, topics, cron, timezone, created_at) VALUES
      (5, 'cli:local', 'cli:local:a', '[]', '0 8 * * *', 'UTC', '2000-01-01T00:00:00Z'),
      (6, 'cli:local', 'cli:local:b', '[]', '0 8 * * *', 'UTC', '2000-01-01T00:00:00Z');
    INSERT INTO digest_stories SELECT 5, id, 1, '2026-11-30T08:00:00Z' FROM stories;`);
  ledger = d.prepare('SELECT story_id FROM digest_stories ORDER BY story_id').pluck().all() as number[];
  d.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('newsbrief stories rebuild', () => {
  it('re-clusters the archive, keeps every recorded story id resolving, and posts nothing twice', async () => {
    expect(await wouldPost(5)).toEqual([]);
    const fresh = await wouldPost(6);
    expect(fresh.length).toBeGreaterThan(0); // without the ledger there would be plenty to post
    const haikui = (): number[] => {
      const d = new Database(db, { readonly: true });
      const ids = d.prepare("SELECT DISTINCT story_id FROM articles WHERE title LIKE '%Haikui%'").pluck().all() as number[];
      d.close();
      return ids;
    };
    expect(haikui()).toHaveLength(3);

    const r = cli(['stories', 'rebuild']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const m = /Rebuilt stories from (\d+) articles: (\d+) stories before, (\d+) after\.\n(\d+) old stories merged into another/.exec(r.out);
    expect(m).not.toBeNull();
    const [, articles, before, after, merged] = (m as RegExpExecArray).map(Number);
    expect(before).toBe(articles);
    expect(after).toBeLessThan(before as number);
    expect(merged).toBe((before as number) - (after as number));
    expect(r.out).toContain(`${ledger.length} stories recorded by digests kept resolving`);

    // The typhoon's three reports are one story again, under one of the ids the ledger recorded.
    const [typhoon] = haikui();
    expect(haikui()).toHaveLength(1);
    expect(ledger).toContain(typhoon);
    const timeline = JSON.parse(cli(['story', String(typhoon), '--format', 'json']).out) as { outlets: string[] };
    expect(timeline.outlets).toEqual(['Harbor Daily', 'Pacific Wire', 'Island Times']);
    // Every recorded id resolves (merged ones as aliases) and shows the story it is now part of.
    // An id merged away (the typhoon reports were stories 5044-5046) shows the story it is now part of.
    const alias = [5044, 5045, 5046].find((id) => id !== typhoon) as number;
    const viaAlias = JSON.parse(cli(['story', String(alias), '--format', 'json']).out) as { id: number; outlets: string[] };
    expect(viaAlias).toMatchObject({ id: typhoon, outlets: ['Harbor Daily', 'Pacific Wire', 'Island Times'] });
    const app = createApp({ dbPath: db });
    try {
      for (const id of ledger) expect(await app.store.stories.getStories([id])).toHaveLength(1);
    } finally {
      await app.close();
    }
    // The digest that posted everything posts nothing again; the other one still has its stories.
    expect(await wouldPost(5)).toEqual([]);
    expect((await wouldPost(6)).length).toBeGreaterThan(0);
    // A second rebuild changes nothing.
    const again = cli(['stories', 'rebuild']);
    expect(again.out).toMatch(new RegExp(`${after} stories before, ${after} after\\.\\n0 old stories merged`));
    expect(await wouldPost(5)).toEqual([]);
  }, 120_000);
});
