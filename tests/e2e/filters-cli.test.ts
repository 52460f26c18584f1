// End to end: digest filters, explain and mutes through the real `newsbrief` CLI process (bin/newsbrief.js over the
// compiled dist/) on a temporary database: the same neutral commands as in chat, workspace "cli:local"; a muted or
// denied outlet is never seen in a story another outlet reported too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');
let dir: string;
let db: string;
const TABLOID = /Tabloid Daily|tabloid\.example|Ferry horror/;
const HARBOR_FERRY = 'Coast guard rescues dozens after Korea ferry capsizes off Jeju';

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { cwd: root, input, encoding: 'utf8', env: { ...process.env, NEWSBRIEF_DB: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-filters-cli-'));
  db = path.join(dir, 'test.db');
  // Dated an hour before the wall clock the CLI reads, so they are in every default window.
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const lines = [
    { title: 'Typhoon Mawar lashes Korea coast with record rain', source: 'Harbor Times', body: 'Typhoon Mawar brought record rain to the south coast of Korea, flooding fishing ports and cutting power to thousands of homes. Rescue crews evacuated villages near the river mouth overnight.' },
    { title: 'Celebrity footballer opens Korea sports academy', source: 'Harbor Times', body: 'A celebrity footballer opened a sports academy for teenagers in Korea, promising scholarships for talented players. Fans queued for autographs outside the new training ground.' },
    { title: 'Korea lottery winner buys island castle', source: 'Tabloid Daily', body: 'A lottery winner from Korea bought a ruined castle on a tiny island, the tabloid reported. Neighbours said helicopters had been landing on the lawn every weekend since spring.' },
  ].map((a, i) => JSON.stringify({ ...a, url: `https://news${i}.example.com/${i}`, publishedAt: at }));
  // One story two outlets reported: Tabloid Daily's article first (the story's headline), then Harbor Times'.
  const ferry = 'A passenger ferry capsized off Jeju island in Korea on Tuesday night and coast guard divers pulled dozens of passengers from the freezing water. Officials said the ferry was overloaded with cargo when it tipped over in strong winds near the harbour entrance.';
  lines.push(JSON.stringify({ title: 'Ferry horror off Korea: dozens plucked from freezing sea', source: 'Tabloid Daily', url: 'https://tabloid.example/ferry-horror', body: ferry, publishedAt: at }));
  lines.push(JSON.stringify({ title: 'Coast guard rescues dozens after Korea ferry capsizes off Jeju', source: 'Harbor Times', url: 'https://harbor.example/ferry', body: ferry, publishedAt: at }));
  expect(cli(['ingest', '-'], lines.join('\n')).out).toMatch(/4 added, 1 joined an existing story/);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('newsbrief digest, explain and mute', () => {
  it('previews a digest with --include/--exclude and the source filters, and refuses a bad one with its reason', () => {
    const all = cli(['digest']);
    expect(all.out).toContain('Celebrity footballer');
    expect(all.out).toContain('Ferry horror');
    const filtered = cli(['digest', '--exclude', 'sports, celebrity', '--deny-sources', 'Tabloid Daily']);
    expect(filtered.code).toBe(0);
    expect(filtered.out).toContain('Typhoon Mawar');
    expect(filtered.out).not.toContain('Celebrity footballer');
    expect(filtered.out).not.toContain('lottery winner');
    // The denied outlet is not seen in the story Harbor Times reported too: Harbor Times' article speaks for it.
    expect(filtered.out).toContain(HARBOR_FERRY);
    expect(filtered.out).not.toMatch(TABLOID);
    expect(cli(['digest', '--include', 'typhoon']).out).not.toContain('lottery winner');
    const bad = cli(['digest', '--include', 'typhoon "north korea']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('include: the quote opened at character 9 ("north korea) is never closed');
    const unknown = cli(['digest', '--sources', 'Nowhere Gazette']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('sources: unknown source: "nowhere gazette"');
  }, 180_000);

  it('explains what those filters leave out and why', () => {
    const r = cli(['explain', '--exclude', 'sports, celebrity', '--min-sources', '2']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('A digest of all topics now with exclude: sports, celebrity · min_sources: 2');
    expect(r.out).toMatch(/Celebrity footballer opens Korea sports academy \(#\d+\) — too few sources: 1 source, min_sources is 2/);
    expect(cli(['explain', '--exclude', 'celebrity', '--story', 'footballer']).out).toContain('was left out — filtered: exclude matched "celebrity"');
  }, 180_000);

  it('mutes a word for briefings, lists and removes it, and refuses an unknown source', () => {
    expect(cli(['mute', 'add', 'word', 'typhoon']).out).toContain('Muted word "typhoon"');
    const brief = cli(['brief', 'korea', '--limit', '10']);
    expect(brief.out).not.toContain('Typhoon Mawar');
    expect(brief.out).toContain('1 story left out by mutes');
    expect(cli(['mute', 'list']).out).toContain('Yours (1/50): word "typhoon"');
    const unknown = cli(['mute', 'add', 'source', 'Nowhere Gazette']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Unknown source "nowhere gazette"');
    expect(cli(['mute', 'add', 'source', 'Tabloid Daily', '--scope', 'workspace']).out).toContain('Muted source "tabloid daily" in everything');
    const digest = cli(['digest']).out;
    expect(digest).not.toContain('lottery winner');
    expect(digest).toContain(HARBOR_FERRY);
    expect(digest).not.toMatch(TABLOID);
    const json = cli(['brief', 'ferry', '--format', 'json']).out;
    expect(json).toContain(HARBOR_FERRY);
    expect(json).not.toMatch(TABLOID);
    const story = cli(['story', String((JSON.parse(json) as { stories: { id: number }[] }).stories[0]?.id)]).out;
    expect(story).toContain(HARBOR_FERRY);
    expect(story).toContain('1 source: Harbor Times');
    expect(story).not.toMatch(TABLOID);
    expect(cli(['mute', 'remove', 'word', 'typhoon']).out).toContain('Unmuted word "typhoon"');
    expect(cli(['brief', 'korea', '--limit', '10']).out).toContain('Typhoon Mawar');
  }, 180_000);
});
