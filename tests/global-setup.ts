// Before any test file runs: builds dist/ once (the CLI tests spawn bin/newsbrief.js over it; building per file made
// test files race each other rewriting dist/), and starts one throwaway PostgreSQL cluster for the whole run (unless
// NEWSBRIEF_TEST_DATABASE_URL names a server), stopped again at the end. Both run at the same time.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { MISSING_VAR, startCluster, URL_VAR, type Cluster } from './support/postgres.js';

const run = promisify(execFile);

export default async function setup(): Promise<() => Promise<void>> {
  const root = path.resolve(import.meta.dirname, '..');
  const build = run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root })
    .catch((err: { stdout?: string; stderr?: string }) => {
      process.stderr.write(`${err.stdout ?? ''}${err.stderr ?? ''}`);
      throw err;
    });
  let cluster: Cluster | undefined;
  const postgres = process.env[URL_VAR]
    ? Promise.resolve()
    : startCluster().then(
      (c) => {
        cluster = c;
        process.env[URL_VAR] = c.url;
      },
      (err: unknown) => {
        process.env[MISSING_VAR] = (err as Error).message;
        process.stderr.write(`PostgreSQL tests will ${process.env.CI === 'true' ? 'fail' : 'be skipped'}: ${(err as Error).message}\n`);
      },
    );
  try {
    await Promise.all([build, postgres]);
  } catch (err) {
    await postgres;
    await cluster?.stop();
    throw err;
  }
  return async () => {
    await cluster?.stop();
  };
}
