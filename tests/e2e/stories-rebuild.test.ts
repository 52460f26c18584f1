// End to end: `newsbrief stories rebuild` on an archive whose stories an earlier version made — reports from several
// outlets stored one story per report, as the near-copy-only clustering of that version left independently written
// reports — with a digest ledger that has posted every one of those stories. After the rebuild the reports of one event
// form one story, every story id the ledger recorded still resolves, and the digest posts nothing again. On SQLite (a
// database made by the previous version's schema, 6) and on PostgreSQL (a fresh schema, the old stories written in).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/schedule/compose.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');
const reports = path.join(root, 'tests', 'fixtures', 'events', 'reports.jsonl');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** One database under test: how the CLI and the app reach it, and plain SQL on it. */
interface Target {
  cli(args: string[]): { code: number | null; out: string; err: string };
  app(): ReturnType<typeof createApp>;
  /** Runs SQL statements (`;`-separated). */
  exec(sql: string): Promise<void>;
  /** The first column of a query's rows. */
  column(sql: string): Promise<number[]>;
}

const run = (args: string[], env: Record<string, string>) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NEWSBRIEF_DB: '', NEWSBRIEF_DATABASE_URL: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** A SQLite file made by the previous version's schema (6); the CLI migrates it on first use. */
function sqliteTarget(): Target {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-rebuild-'));
  dirs.push(dir);
  const db = path.join(dir, 'old.db');
  const old = new Database(db);
  old.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of MIGRATIONS.filter((x) => x.id <= 6)) {
    old.exec(m.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.id, m.name, '2026-11-30T00:00:00.000Z');
  }
  old.close();
  const withDb = <T>(fn: (d: Database.Database) => T): Promise<T> => {
    const d = new Database(db);
    try {
      return Promise.resolve(fn(d));
    } finally {
      d.close();
    }
  };
  return {
    cli: (args) => run([...args, '--db', db], {}),
    app: () => createApp({ dbPath: db }),
    exec: (sql) => withDb((d) => void d.exec(sql)),
    column: (sql) => withDb((d) => d.prepare(sql).pluck().all() as number[]),
  };
}

/** A fresh PostgreSQL schema, reached through NEWSBRIEF_DATABASE_URL. */
function pgTarget(url: string): Target {
  const withClient = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    cli: (args) => run(args, { NEWSBRIEF_DATABASE_URL: url }),
    app: () => createApp({ config: loadConfig({ NEWSBRIEF_DATABASE_URL: url }) }),
    exec: (sql) => withClient(async (c) => void (await c.query(sql))),
    column: (sql) => withClient(async (c) => (await c.query<Record<string, unknown>>(sql)).rows.map((r) => Number(Object.values(r)[0]))),
  };
}

/** What subscription `id` would post now (the scheduler's own composition). */
async function wouldPost(t: Target, id: number): Promise<number[]> {
  const app = t.app();
  try {
    const sub = await app.store.digests.getSubscription(id);
    expect(sub).toBeDefined();
    return (await composeDigest(app, sub!, app.now())).stories.map((s) => s.storyId);
  } finally {
    await app.close();
  }
}

async function rebuildKeepsTheLedger(t: Target, topics: string): Promise<void> {
  // dist/ is built once by tests/global-setup.ts.
  expect(t.cli(['ingest', path.join(root, 'samples', 'articles')]).code).toBe(0);
  expect(t.cli(['ingest', reports]).code).toBe(0);
  // The previous version's result: one story per report (ids 5001…), no assigner state, and two subscriptions
  // watching everything since long ago: #5 has posted every story, #6 none.
  await t.exec(`DELETE FROM story_term_df; DELETE FROM story_centroids; DELETE FROM story_index; DELETE FROM story_aliases; DELETE FROM stories;
    UPDATE articles SET story_id = 5000 + id;
    INSERT INTO stories (id, headline_article_id, first_seen, last_seen, last_ingested_at, article_count)
      SELECT story_id, id, sort_at, sort_at, ingested_at, 1 FROM articles;
    INSERT INTO subscriptions (id, workspace_id, channel_id, topics, cron, timezone, created_at) VALUES
      (5, 'cli:local', 'cli:local:a', ${topics}, '0 8 * * *', 'UTC', '2000-01-01T00:00:00Z'),
      (6, 'cli:local', 'cli:local:b', ${topics}, '0 8 * * *', 'UTC', '2000-01-01T00:00:00Z');
    INSERT INTO digest_stories SELECT 5, id, 1, '2026-11-30T08:00:00Z' FROM stories;`);
  const ledger = await t.column('SELECT story_id FROM digest_stories ORDER BY story_id');

  expect(await wouldPost(t, 5)).toEqual([]);
  const fresh = await wouldPost(t, 6);
  expect(fresh.length).toBeGreaterThan(0); // without the ledger there would be plenty to post
  const haikui = () => t.column("SELECT DISTINCT story_id FROM articles WHERE title LIKE '%Haikui%' ORDER BY story_id");
  const typhoonBefore = await haikui();
  expect(typhoonBefore).toHaveLength(3);

  const r = t.cli(['stories', 'rebuild']);
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
  const [typhoon] = await haikui();
  expect(await haikui()).toHaveLength(1);
  expect(typhoonBefore).toContain(typhoon);
  const timeline = JSON.parse(t.cli(['story', String(typhoon), '--format', 'json']).out) as { outlets: string[] };
  expect(timeline.outlets).toEqual(['Harbor Daily', 'Pacific Wire', 'Island Times']);
  // An id merged away (one of the typhoon's old stories) shows the story it is now part of.
  const alias = typhoonBefore.find((id) => id !== typhoon) as number;
  const viaAlias = JSON.parse(t.cli(['story', String(alias), '--format', 'json']).out) as { id: number; outlets: string[] };
  expect(viaAlias).toMatchObject({ id: typhoon, outlets: ['Harbor Daily', 'Pacific Wire', 'Island Times'] });
  // Every recorded id resolves (merged ones as aliases).
  const app = t.app();
  try {
    for (const id of ledger) expect(await app.store.stories.getStories([id])).toHaveLength(1);
  } finally {
    await app.close();
  }
  // The digest that posted everything posts nothing again; the other one still has its stories.
  expect(await wouldPost(t, 5)).toEqual([]);
  expect((await wouldPost(t, 6)).length).toBeGreaterThan(0);
  // A second rebuild changes nothing.
  const again = t.cli(['stories', 'rebuild']);
  expect(again.out).toMatch(new RegExp(`${after} stories before, ${after} after\\.\\n0 old stories merged`));
  expect(await wouldPost(t, 5)).toEqual([]);
}

describe('newsbrief stories rebuild', () => {
  it('on SQLite: re-clusters the archive, keeps every recorded story id resolving, and posts nothing twice', async () => {
    await rebuildKeepsTheLedger(sqliteTarget(), `'[]'`);
  }, 120_000);

  it.runIf(pgTestsEnabled())('on PostgreSQL: re-clusters the archive, keeps every recorded story id resolving, and posts nothing twice', async () => {
    await rebuildKeepsTheLedger(pgTarget(await pgTestUrl()), `'{}'`);
  }, 120_000);
});
reportSkippedPostgres('newsbrief stories rebuild on PostgreSQL');
