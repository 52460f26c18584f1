// End to end on PostgreSQL: the real `newsbrief` CLI process with NEWSBRIEF_DATABASE_URL set (a fresh schema on the
// test run's cluster) ingests the demo corpus and briefs from it, and files it into the same stories as SQLite does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/types.js';
import { pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');
let url = '';
let dir = '';

/** The CLI on Postgres, or on a SQLite file with `--db`. */
function cli(args: string[], sqlite?: string) {
  const r = spawnSync(process.execPath, [bin, ...args, ...(sqlite ? ['--db', sqlite] : [])], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NEWSBRIEF_DB: '', NEWSBRIEF_DATABASE_URL: url },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const brief = (...args: string[]) => JSON.parse(cli(['brief', ...args, '--format', 'json']).out) as Briefing;

describe.runIf(pgTestsEnabled())('newsbrief CLI on PostgreSQL', () => {
  beforeAll(async () => {
    url = await pgTestUrl();
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-pg-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests the demo corpus, reporting the broken file', () => {
    const r = cli(['ingest', path.join(root, 'samples')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rejected: .*broken[/\\]truncated\.json — invalid JSON/);
    expect(r.out).toMatch(/Ingested \d+ inputs: \d+ added, [1-9]\d* joined an existing story, 0 updated, \d+ exact duplicates?, 1 rejected/);
  }, 120_000);

  it('briefs from it: one story for the three missile reports, several Korea stories', () => {
    const missile = brief('long-range missile', '--since', 'all').stories.filter((s) => /missile/i.test(s.headline));
    expect(missile).toHaveLength(1);
    expect(missile[0]!.articleCount).toBe(3);
    const korea = brief('korea', '--since', 'all', '--limit', '10').stories;
    expect(new Set(korea.map((s) => s.id)).size).toBe(korea.length);
    expect(korea.length).toBeGreaterThanOrEqual(6);
  }, 120_000);

  it('files the corpus into as many stories as SQLite does, and adds nothing the second time', () => {
    const sqlite = path.join(dir, 'same.db');
    cli(['ingest', path.join(root, 'samples')], sqlite);
    const counts = (out: string) => /Articles: .*/.exec(out)?.[0];
    expect(counts(cli(['stats']).out)).toBeDefined();
    expect(counts(cli(['stats']).out)).toBe(counts(cli(['stats'], sqlite).out));
    expect(cli(['ingest', path.join(root, 'samples')]).out).toMatch(/: 0 added, 0 joined an existing story, 0 updated, \d+ exact duplicates, 1 rejected/);
  }, 120_000);
});

reportSkippedPostgres('newsbrief CLI on PostgreSQL');
