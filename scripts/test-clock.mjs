// Runs the test suite again under a shifted wall clock, far in the future and in the past, to prove that no test
// depends on today's date (issue "take this one first"). Each run loads tests/support/shift-clock.mjs into every test
// worker and into every process the tests start, through NODE_OPTIONS. By default the suite's files are split in two
// halves (vitest --shard), one under each clock, so CI pays one extra run, not two; `--full` runs every file under
// every clock; times given as arguments replace the two defaults.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const preload = pathToFileURL(path.join(root, 'tests/support/shift-clock.mjs')).href;
const args = process.argv.slice(2);
const full = args.includes('--full');
const given = args.filter((a) => a !== '--full');
const times = given.length > 0 ? given : ['2031-06-15T12:00:00Z', '2021-02-10T03:00:00Z'];
for (const [i, at] of times.entries()) {
  const shard = full || times.length === 1 ? [] : [`--shard=${i + 1}/${times.length}`];
  console.log(`\n=== npm test with the clock at ${at}${shard.length > 0 ? ` (files ${shard[0].slice(8)})` : ''} ===`);
  const env = { ...process.env, NEWSBRIEF_TEST_CLOCK: at, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim() };
  delete env.NEWSBRIEF_TEST_CLOCK_ORIGIN;
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...shard], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\nThe suite failed with the clock at ${at}.`);
    process.exit(r.status ?? 1);
  }
}
