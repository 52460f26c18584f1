// End to end: the real `newsbrief` CLI process (bin/newsbrief.js over the compiled dist/) on a temporary database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../src/briefing/window.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');
let dir: string;
let db: string;

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args, ...(args.includes('--help') ? [] : ['--db', db])], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NEWSBRIEF_DB: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  // dist/ is built once by tests/global-setup.ts.
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-cli-'));
  db = path.join(dir, 'nested', 'test.db');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('newsbrief CLI', () => {
  it.each(['ingest', 'brief', 'digest', 'topics', 'article', 'stats'])('prints help for %s', (sub) => {
    const r = spawnSync(process.execPath, [bin, sub, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: newsbrief /);
  });

  it('ingests files, reports a broken one with its reason, and creates the database folder', () => {
    writeFileSync(path.join(dir, 'broken.json'), '{"title": "cut off", "body": "never fini');
    const r = cli(['ingest', path.join(root, 'samples', 'sample-article.txt'), path.join(dir, 'broken.json'), path.join(dir, 'missing.txt')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rejected: .*broken\.json.* — .*JSON/i);
    expect(r.out).toMatch(/rejected: .*missing\.txt — no such file or folder/);
    expect(r.out).toMatch(/Ingested 3 inputs: 1 added, 0 joined an existing story, 0 updated, 0 exact duplicates, 2 rejected\./);
  });

  it('adds nothing when the same input is ingested again', () => {
    const r = cli(['ingest', path.join(root, 'samples', 'sample-article.txt')]);
    expect(r.out).toMatch(/0 added, 0 joined an existing story, 0 updated, 1 exact duplicate, 0 rejected/);
  });

  it('ingests JSONL from stdin, skipping the bad line', () => {
    const lines = [
      JSON.stringify({ title: 'Seoul hosts a chip summit', body: 'South Korea hosted chipmakers in Seoul on Monday to discuss supply chains, export rules and the cost of new factories. Officials said the talks would continue next month in Tokyo with more companies at the table.', source: 'Test Wire', url: 'https://test.example/1', publishedAt: '2026-11-20T10:00:00Z' }),
      '{not json',
      JSON.stringify({ title: 'No body here' }),
    ].join('\n');
    const r = cli(['ingest', '-'], lines);
    expect(r.out).toMatch(/rejected: stdin#2 — /);
    expect(r.out).toMatch(/rejected: stdin#3 — /);
    expect(r.out).toMatch(/1 added/);
  });

  it('briefs on korea with the sample article as a story, as JSON', () => {
    const r = cli(['brief', 'korea', '--since', 'all', '--format', 'json']);
    expect(r.code).toBe(0);
    const b = JSON.parse(r.out);
    expect(Object.keys(b)).toEqual(expect.arrayContaining(['title', 'query', 'window', 'stories']));
    expect(b.window).toEqual({ since: null, until: expect.any(String) });
    const story = b.stories.find((s: { headline: string }) => s.headline === 'Chinese envoy wraps up North Korea trip after meetings');
    expect(story).toBeDefined();
    expect(story).toMatchObject({ id: expect.any(Number), summary: expect.any(String), articleCount: 1, publishedAt: expect.stringMatching(/^2017-11-21/) });
    expect(story.summary).not.toMatch(/This photo/);
    expect(story.tags).toEqual(expect.arrayContaining([{ kind: 'topic', value: 'korea', score: expect.any(Number) }]));
  });

  it('falls back to the latest stories with a note when the window is empty', () => {
    // An article from ten days before the machine's clock (whatever today is).
    const published = new Date(Date.now() - 10 * 86_400_000);
    const record = JSON.stringify({
      title: 'Lighthouse keepers return to the northern cape',
      body: 'Two lighthouse keepers returned to the northern cape this week after the automated lamp failed in a storm. The coast guard said the keepers would stay until spring, when a new lamp arrives by boat.',
      url: 'https://coast.example/lighthouse', source: 'Coast Weekly', publishedAt: published.toISOString(),
    });
    expect(cli(['ingest', '-'], record).code).toBe(0);
    const r = cli(['brief', 'lighthouse keepers', '--since', '24h']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Nothing on lighthouse keepers in the last 24 hours; latest from ${formatDay(published.toISOString())}.`);
    expect(r.out).toContain('Lighthouse keepers return to the northern cape');
  });

  it.each([
    ['an unbalanced quote and operator', '"korea OR'],
    ['a NEAR( group', 'NEAR('],
    ['a 10,000-character topic', 'x'.repeat(10_000)],
  ])('answers %s without an SQL error', (_label, q) => {
    const r = cli(['brief', q]);
    expect(r.err).not.toMatch(/SqliteError|fts5|syntax error/i);
    expect(r.code).toBe(0);
  });

  it.each([['*'], ['']])('explains why %j cannot be searched', (q) => {
    const r = cli(['brief', q]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no words to search|Tell me what to brief on/);
  });

  it('rejects a bad --since with the accepted values', () => {
    const r = cli(['brief', 'korea', '--since', 'yesterday']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/24h, 3d, 7d, 30d or all/);
  });

  it('adds, lists, uses and removes a topic', () => {
    expect(cli(['topics', 'add', 'chips', '--keywords', 'chipmakers, semiconductor']).out).toMatch(/Added topic chips: chipmakers, semiconductor/);
    expect(cli(['topics', 'list']).out).toMatch(/• chips — chipmakers, semiconductor/);
    const b = JSON.parse(cli(['brief', 'chips', '--since', 'all', '--format', 'json']).out);
    expect(b.stories.map((s: { headline: string }) => s.headline)).toEqual(['Seoul hosts a chip summit']);
    expect(cli(['topics', 'remove', 'chips']).out).toMatch(/Removed topic chips/);
    expect(cli(['topics', 'remove', 'chips']).err).toMatch(/There is no topic named chips/);
  });

  it('shows one article as JSON with the documented fields', () => {
    const r = cli(['article', '1', '--format', 'json']);
    const a = JSON.parse(r.out);
    expect(a).toMatchObject({ id: 1, title: 'Chinese envoy wraps up North Korea trip after meetings', author: 'Lester Mason', lang: 'en', storyId: expect.any(Number) });
    expect(a.body).not.toMatch(/Discuss This Article|Other reports by/);
    expect(a.tags.filter((t: { kind: string }) => t.kind === 'person').map((t: { value: string }) => t.value)).toEqual(
      expect.arrayContaining(['Kim Jong Un', 'Xi Jinping', 'Song Tao']),
    );
    expect(cli(['article', '999']).err).toMatch(/There is no article 999/);
  });

  it('prints stats and a digest', () => {
    expect(cli(['stats']).out).toMatch(/Articles: 3\nStories: {2}3/);
    const d = cli(['digest', '--since', '7d']);
    expect(d.code).toBe(0);
    expect(d.out).toMatch(/^Digest — new since/);
    expect(cli(['digest', '--topics', 'nope']).err).toMatch(/Unknown topic: nope/);
  });

  it('pages a briefing with --page, numbering on from the earlier pages, and explains a page past the end', () => {
    // Twelve unrelated events that share one word, so each is its own story.
    const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'so', 'ta', 'vi', 'zu', 'pe', 'gi', 'fo'];
    const word = (i: number, j: number) => `${syllables[i % 12]}${syllables[(j * 5 + i) % 12]}${syllables[(j * 7 + 3) % 12]}${'xyzqw'[j % 5]}`;
    const lines = syllables.map((_, i) => {
      const words = Array.from({ length: 40 }, (_w, j) => word(i, j));
      return JSON.stringify({ title: `Orchard news ${words.slice(0, 3).join(' ')}`, body: `The orchard ${words.join(' ')}.`, source: `Farm Post ${i}`, url: `https://farm.example/${i}` });
    });
    expect(cli(['ingest', '-'], lines.join('\n')).code).toBe(0);
    const first = cli(['brief', 'orchard', '--since', 'all']);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^ 5\. Orchard news/m);
    expect(first.out).not.toMatch(/^ 6\. /m);
    expect(first.out.trim().split('\n').at(-1)).toBe('More: add --page 2');
    const last = cli(['brief', 'orchard', '--since', 'all', '--page', '3']);
    expect(last.out).toMatch(/^11\. Orchard news/m);
    expect(last.out).toMatch(/^12\. Orchard news/m);
    expect(last.out).not.toContain('More:');
    const json = JSON.parse(cli(['brief', 'orchard', '--since', 'all', '--page', '2', '--format', 'json']).out);
    expect(json.page).toEqual({ number: 2, size: 5, more: true });
    const page1 = JSON.parse(cli(['brief', 'orchard', '--since', 'all', '--format', 'json']).out);
    const ids = (b: { stories: { id: number }[] }) => b.stories.map((x) => x.id);
    expect(ids(json)).toHaveLength(5);
    expect(ids(json).filter((id: number) => ids(page1).includes(id))).toEqual([]);
    const past = cli(['brief', 'orchard', '--since', 'all', '--page', '4']);
    expect(past.code).toBe(1);
    expect(past.err).toBe('Page 4 is empty: this briefing has 12 stories.\n');
    expect(cli(['brief', 'orchard', '--page', '0']).err).toMatch(/--page must be a whole number from 1, not "0"/);
    expect(cli(['brief', 'orchard', '--limit', '10', '--page', '6']).err).toMatch(/--page 6 starts after story 50/);
  }, 120_000); // ten CLI processes one after another: a loaded machine needs more than the default
});
