#!/usr/bin/env node
// `npm run demo`: ingest the bundled samples into a fresh database and show what /brief korea and a digest look like.
// No token, no network. The database is data/demo.db (recreated each run).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../dist/adapters/terminal/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const db = path.join(root, 'data', 'demo.db');
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });

async function step(title, args) {
  process.stdout.write(`\n\x1b[1m$ newsbrief ${args.join(' ')}\x1b[0m   # ${title}\n\n`);
  const code = await main([...args, '--db', db]);
  if (code !== 0) process.stdout.write(`(exit code ${code})\n`);
}

await step('ingest the sample corpus (one file is broken on purpose)', ['ingest', path.join(root, 'samples')]);
await step('what /brief korea answers', ['brief', 'korea']);
await step('what a digest would post now', ['digest']);
await step('the archive', ['stats']);
process.stdout.write(`\nTry more: npx newsbrief brief climate --since 30d --db ${path.relative(process.cwd(), db)}\n`);
