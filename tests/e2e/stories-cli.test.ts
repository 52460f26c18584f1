// End to end: the real CLI groups independently written reports of one event from different outlets into one story,
// keeps look-alike events apart, shows the story's timeline (`story ID`) and exports the archive (`export`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');
const reports = path.join(root, 'tests', 'fixtures', 'events', 'reports.jsonl');
let dir: string;
let db: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { cwd: root, encoding: 'utf8', env: { ...process.env, NEWSBRIEF_DB: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface BriefJson {
  stories: { id: number; headline: string; articleCount: number; sources: { name: string }[] }[];
}

beforeAll(() => {
  // dist/ is built once by tests/global-setup.ts. The bundled samples first: an archive of some size.
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-stories-'));
  db = path.join(dir, 'test.db');
  expect(cli(['ingest', path.join(root, 'samples', 'articles')]).code).toBe(0);
  // In publication order, as feeds deliver them (a look-alike filed after a story has grown can still join it: the
  // assigner is greedy and order-dependent, see docs/decisions/007).
  const sorted = readFileSync(reports, 'utf8').trim().split('\n')
    .sort((a, b) => (JSON.parse(a) as { publishedAt: string }).publishedAt.localeCompare((JSON.parse(b) as { publishedAt: string }).publishedAt));
  const file = path.join(dir, 'reports.jsonl');
  writeFileSync(file, sorted.join('\n'));
  const r = cli(['ingest', file]);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/Ingested 1 input: \d+ added, \d+ joined an existing story, 0 updated, 0 exact duplicates, 0 rejected/);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const brief = (q: string): BriefJson => JSON.parse(cli(['brief', q, '--since', 'all', '--format', 'json']).out) as BriefJson;

describe('stories across outlets (CLI)', () => {
  it('shows one story per event with its outlets earliest first, and keeps look-alikes apart', () => {
    const typhoon = brief('Haikui').stories.filter((s) => /Haikui/.test(s.headline));
    expect(typhoon).toHaveLength(1);
    expect(typhoon[0]?.articleCount).toBe(3);
    expect(typhoon[0]?.sources.map((s) => s.name)).toEqual(['Harbor Daily', 'Pacific Wire', 'Island Times']);
    // Pacific Wire's report credits Harbor Daily ("according to Harbor Daily"); the rate hike was a close race.
    expect(cli(['brief', 'Haikui', '--since', 'all']).out).toMatch(/3 sources: Harbor Daily, Pacific Wire, Island Times · first reported by Harbor Daily/);
    const rates = brief('Bank of Korea').stories;
    const hike = rates.filter((s) => s.sources.some((x) => x.name === 'Asia Markets Report'));
    expect(hike).toHaveLength(1);
    expect(hike[0]?.articleCount).toBe(3);
    const rateText = cli(['brief', 'Bank of Korea', '--since', 'all']).out;
    expect(rateText).toMatch(/3 sources: Seoul Ledger, Asia Markets Report, Financial Courier/);
    expect(rateText).not.toMatch(/Financial Courier · first reported by/);
    expect(hike[0]?.sources.map((s) => s.name)).toEqual(['Seoul Ledger', 'Asia Markets Report', 'Financial Courier']);
    // Three articles, three outlets: the July decision (also Seoul Ledger) stayed out. The other typhoon and the
    // explainer are stories of their own.
    const other = brief('typhoon').stories.filter((s) => /Khanun|How typhoons form/.test(s.headline));
    expect(other).toHaveLength(2);
    expect(other.map((s) => s.id)).not.toContain(typhoon[0]?.id);
  });

  it('prints a story timeline with the new facts each report added (text, json, markdown)', () => {
    const id = String(brief('Haikui').stories.find((s) => /Haikui/.test(s.headline))?.id);
    const json = JSON.parse(cli(['story', id, '--format', 'json']).out) as {
      outlets: string[];
      entries: { outlet: string; title: string; url: string; newFacts: string[] }[];
    };
    expect(json.outlets).toEqual(['Harbor Daily', 'Pacific Wire', 'Island Times']);
    expect(json.entries.map((e) => e.outlet)).toEqual(json.outlets);
    expect(json.entries[1]?.newFacts.join(' ')).toMatch(/186 km\/h/);
    expect(json.entries[2]?.newFacts.join(' ')).toMatch(/55,000/);
    // A sentence whose facts were all reported before is not "new".
    expect(json.entries[2]?.newFacts.join(' ')).not.toMatch(/^Typhoon Haikui made landfall/);
    const text = cli(['story', id]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/3 sources: Harbor Daily, Pacific Wire, Island Times/);
    expect(text.out).toMatch(/https:\/\/pacificwire\.example\/news\/haikui-okinawa-landfall/);
    expect(cli(['story', id, '--format', 'markdown']).out).toMatch(/^## .*Haikui/);
  });

  it('prints only the delta with --since: new facts of later reports, at most three, each with its source', () => {
    const id = String(brief('Haikui').stories.find((s) => /Haikui/.test(s.headline))?.id);
    const json = JSON.parse(cli(['story', id, '--since', '2026-09-14T04:00:00Z', '--format', 'json']).out) as {
      since: string; sentences: { text: string; outlet: string; url: string; articleId: number }[]; more: number; articleIds: number[];
    };
    expect(json.since).toBe('2026-09-14T04:00:00.000Z');
    expect(json.articleIds).toHaveLength(2);
    expect(json.sentences.length).toBeGreaterThan(0);
    expect(json.sentences.length).toBeLessThanOrEqual(3);
    expect(json.sentences.map((s) => s.outlet).every((o) => o === 'Pacific Wire' || o === 'Island Times')).toBe(true);
    expect(json.sentences.map((s) => s.text).join(' ')).toMatch(/186 km\/h/);
    expect(json.sentences.map((s) => s.text).join(' ')).not.toMatch(/80,000 homes/); // Harbor Daily's, before --since
    const text = cli(['story', id, '--since', '2026-09-14T04:00:00Z']);
    expect(text.out).toMatch(/^Story \d+: .*Haikui.*\nNew since 2026-09-14 04:00 UTC: \d+ new facts? from 2 reports\n/);
    expect(text.out).toMatch(/^ *\+ .*186 km\/h/m);
    expect(cli(['story', id, '--since', '2027-01-01']).out).toMatch(/New since 2027-01-01 00:00 UTC: nothing/);
    expect(cli(['story', id, '--since', 'yesterday'])).toMatchObject({ code: 1, err: expect.stringMatching(/not a time window/) });
  });

  it('refuses a bad or unknown story id with a clear message', () => {
    expect(cli(['story', 'abc'])).toMatchObject({ code: 1, err: expect.stringMatching(/not a story id/) });
    expect(cli(['story', '999999'])).toMatchObject({ code: 1, err: expect.stringMatching(/There is no story 999999/) });
  });

  it('exports every stored article as JSON Lines', () => {
    const r = cli(['export', '--format', 'jsonl']);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split('\n').map((l) => JSON.parse(l) as { id: number; storyId: number; title: string; tags: unknown[]; summary: string });
    const count = Number(/Articles: (\d+)/.exec(cli(['stats']).out)?.[1]);
    expect(rows).toHaveLength(count);
    const haikui = rows.filter((x) => /Haikui/.test(x.title));
    expect(new Set(haikui.map((x) => x.storyId)).size).toBe(1);
    expect(haikui.find((x) => x.title.startsWith('Typhoon Haikui slams'))).toMatchObject({
      source: 'Harbor Daily',
      url: 'https://harbordaily.example/2026/09/typhoon-haikui-okinawa',
      publishedAt: '2026-09-14T03:10:00.000Z',
    });
    expect(Array.isArray(rows[0]?.tags) && typeof rows[0]?.summary === 'string').toBe(true);
  });
});
