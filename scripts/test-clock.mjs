// Runs the whole test suite twice under a shifted wall clock, far in the future and in the past, to prove that no
// test depends on today's date (issue "take this one first"). Each run loads tests/support/shift-clock.mjs into every
// test worker and into every process the tests start, through NODE_OPTIONS.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const preload = pathToFileURL(path.join(root, 'tests/support/shift-clock.mjs')).href;
const times = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['2031-06-15T12:00:00Z', '2021-02-10T03:00:00Z'];
for (const at of times) {
  console.log(`\n=== npm test with the clock at ${at} ===`);
  const env = { ...process.env, NEWSBRIEF_TEST_CLOCK: at, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim() };
  delete env.NEWSBRIEF_TEST_CLOCK_ORIGIN;
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\nThe suite failed with the clock at ${at}.`);
    process.exit(r.status ?? 1);
  }
}
