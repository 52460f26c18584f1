// End to end: personal follows through the real `newsbrief` CLI process (bin/newsbrief.js over the compiled dist/) on a
// temporary database, as the local user: follow story|topic|list|off|quiet through the neutral /follow command (bad
// input refused on stderr with exit 1), and `follow check` printing what a direct message would say:
// only a followed story's new facts, each once; a new story on a followed topic; nothing in quiet hours, then the rest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIRE } from '../support/follow-news.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');
let dir: string;
let db: string;

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { cwd: root, input, encoding: 'utf8', env: { ...process.env, NEWSBRIEF_DB: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const OUTLETS = ['Harbor Daily', 'Pacific Wire', 'Island Times'];
// Each outlet runs the wire copy with its own reporting: the first report, then two updates of the same event, each
// with a new fact (ingest says they joined the story, not added one).
const OWN = [
  'The harbour master closed the access road to the terminal overnight.',
  'Inspectors found a snapped bolt at the base of the crane, Harbour Master Ines Duarte said on Monday.',
  'The ramp will reopen on Thursday, and 214 cars left the terminal car park by ferry on Tuesday, Councillor Tomas Reyes said.',
];
// Dated an hour before the wall clock the CLI reads.
const at = () => new Date(Date.now() - 3_600_000).toISOString();
const report = (i: number) => JSON.stringify({
  title: `Crane collapse shuts Quayside ferry terminal${i === 0 ? '' : ` (${OUTLETS[i]})`}`,
  body: `${WIRE} ${OWN[i]}`,
  source: OUTLETS[i], url: `https://outlet${i}.example/quayside`, publishedAt: at(),
});
const lighthouse = JSON.stringify({
  title: 'Lighthouse museum reopens on Gull Point',
  body: 'Volunteers reopened the old lighthouse museum on Gull Point after two years of restoration work. Visitors climbed the tower. The museum shows the old lamp and the keepers\u2019 rooms, and opens on weekends through the winter.',
  source: 'Coast Courier', url: 'https://coastcourier.example/lighthouse', publishedAt: at(),
});
/** "HH:MM" of the UTC hour `h` hours from now. */
const hourFromNow = (h: number) => `${String((new Date(Date.now()).getUTCHours() + 24 + h) % 24).padStart(2, '0')}:00`;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-follow-cli-'));
  db = path.join(dir, 'test.db');
  expect(cli(['ingest', '-'], report(0)).out).toMatch(/1 added/);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('newsbrief follow', () => {
  it('follows a story and a topic, refuses bad input, and prints only what is new with follow check, each once', () => {
    const story = cli(['follow', 'story', '1']);
    expect(story.code).toBe(0);
    expect(story.out).toContain('Following “Crane collapse shuts Quayside ferry terminal”. `newsbrief follow check` prints only what is new');
    expect(cli(['follow', 'topic', 'lighthouse', 'museum']).out).toMatch(/^Following “lighthouse museum”: `newsbrief follow check` prints each new story that matches, at most 10 a day/);
    const bad = cli(['follow', 'quiet', '25:00-07:00']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('"25:00-07:00" is not a range of hours');

    // The update joins the followed story; the lighthouse is another event, a new story.
    expect(cli(['ingest', '-'], [report(1), lighthouse].join('\n')).out).toContain('1 added, 1 joined an existing story');
    const check = cli(['follow', 'check']);
    expect(check.code).toBe(0);
    expect(check.out).toContain('Update — Crane collapse shuts Quayside ferry terminal');
    expect(check.out).toContain('Inspectors found a snapped bolt at the base of the crane, Harbour Master Ines Duarte said on Monday. (Pacific Wire: https://outlet1.example/quayside)');
    expect(check.out).not.toContain('access road'); // already there when it was followed
    expect(check.out).not.toContain('loading ramp'); // not new
    expect(check.out).toContain('New on lighthouse museum: Lighthouse museum reopens on Gull Point');
    expect(check.out).toContain('newsbrief follow list shows what you follow');
    expect(check.out).toMatch(/newsbrief follow story \d+ for its updates/);
    expect(check.out).not.toMatch(/\*\*|\/follow/);
    expect(cli(['follow', 'check']).out).toBe('Nothing new for what you follow.\n');
  }, 300_000);

  it('holds everything in quiet hours in the given timezone, prints it after, lists and stops follows', () => {
    const hours = `${hourFromNow(-2)}-${hourFromNow(3)}`; // now is inside, even an hour later
    const quiet = cli(['follow', 'quiet', hours, '--timezone', 'UTC', '--cap', '5']);
    expect(quiet.out).toContain(`Quiet hours ${hours} (UTC)`);
    expect(cli(['ingest', '-'], report(2)).out).toContain('0 added, 1 joined an existing story');
    expect(cli(['follow', 'check']).out).toMatch(/^Quiet hours: nothing printed now/);
    const list = cli(['follow', 'list']);
    expect(list.out).toMatch(/You follow \(2\):\n• #\d+ story 1: Crane collapse[^\n]*\n• #\d+ topic: lighthouse museum/);
    expect(list.out).toContain(`Alerts: at most 5 a day, quiet ${hours} UTC.`);
    expect(cli(['follow', 'quiet', 'off']).out).toContain('No quiet hours (UTC)');
    const after = cli(['follow', 'check']);
    expect(after.out).toContain('The ramp will reopen on Thursday, and 214 cars left the terminal car park by ferry on Tuesday');
    expect(after.out).not.toContain('snapped bolt'); // printed once already
    expect(cli(['follow', 'off']).out).toContain('Stopped all 2 follows.');
  }, 300_000);
});
