// End to end on the bundled demo corpus: the whole folder through the real CLI (worker threads included).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
let db: string;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'newsbrief.js'), ...args, '--db', db], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const brief = (...args: string[]) => JSON.parse(cli('brief', ...args, '--format', 'json').out) as {
  stories: { headline: string; articleCount: number; sources: { name: string }[]; id: number }[];
};

beforeAll(() => {
  // dist/ is built once by tests/global-setup.ts.
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-samples-'));
  db = path.join(dir, 'samples.db');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo corpus', () => {
  it('ingests every sample but the broken one, which is reported with its reason', () => {
    const r = cli('ingest', path.join(root, 'samples'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rejected: .*broken[/\\]truncated\.json — invalid JSON/);
    const m = /Ingested (\d+) inputs: (\d+) added, (\d+) joined an existing story, (\d+) updated, (\d+) exact duplicates?, (\d+) rejected/.exec(r.out);
    expect(m).not.toBeNull();
    const [, , added, joined, updated, , rejected] = m!.map(Number);
    expect(rejected).toBe(1);
    expect(updated).toBe(0);
    expect(added! + joined!).toBeGreaterThanOrEqual(45);
    expect(joined).toBeGreaterThanOrEqual(3);
  });

  it('clusters the three rewrites of the missile story into one story with three sources', () => {
    const missile = brief('long-range missile', '--since', 'all').stories.filter((s) => /missile/i.test(s.headline));
    expect(missile).toHaveLength(1);
    expect(missile[0]!.articleCount).toBe(3);
    // The Harbor Times copy is a plain-text file with no source line, so two of the three are named.
    expect(missile[0]!.sources.map((s) => s.name).sort()).toEqual(['Pacific Ledger', 'Seoul Daily Wire']);
  });

  it('shows the syndicated cloud-outage copy as a second source, never as a second story', () => {
    const outage = brief('cloud outage certificate', '--since', 'all').stories.filter((s) => /outage/i.test(s.headline));
    expect(outage).toHaveLength(1);
    expect(outage[0]!.articleCount).toBe(2);
  });

  it('keeps different Korea stories of the same week apart', () => {
    const korea = brief('korea', '--since', 'all', '--limit', '10').stories;
    expect(new Set(korea.map((s) => s.id)).size).toBe(korea.length);
    expect(korea.length).toBeGreaterThanOrEqual(6);
  });

  it('stores the French article with its language', () => {
    const stats = cli('stats').out;
    expect(stats).toMatch(/Languages: en \d+, fr 1/);
  });

  it('adds nothing when the corpus is ingested again', () => {
    expect(cli('ingest', path.join(root, 'samples')).out).toMatch(/: 0 added, 0 joined an existing story, 0 updated, \d+ exact duplicates, 1 rejected/);
  });
});
