// The ingest worker pool (the compiled worker in dist/, built once by tests/global-setup.ts, as `newsbrief ingest`
// runs it): a folder stores the same through it as in-process; a worker that dies (out of memory on a huge input)
// fails only that input, and a new worker takes the next one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusStream } from '../../bench/corpus.js';
import { createApp } from '../../src/app.js';
import { emptyReport, ingestFiles } from '../../src/ingest/files.js';
import type * as Workers from '../../src/ingest/workers.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const { createPreparePool } = (await import(path.join(root, 'dist', 'src', 'ingest', 'workers.js'))) as typeof Workers;

const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-ingest-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `n` generated ~4 KB articles as JSONL, with one broken line in the middle. */
function jsonl(n: number, from = 0): string {
  const stream = corpusStream(from + n);
  for (let i = 0; i < from; i++) stream.next();
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify(stream.next().value));
  lines.splice(Math.floor(n / 2), 0, '{"title": "cut off", "body": ');
  return lines.join('\n');
}

describe('the ingest worker pool', () => {
  it('stores a folder through the pool as it does in-process', async () => {
    writeFileSync(path.join(dir, 'a-big.jsonl'), jsonl(800));
    writeFileSync(path.join(dir, 'b-small.jsonl'), jsonl(40, 5000));
    const files = [path.join(dir, 'a-big.jsonl'), path.join(dir, 'b-small.jsonl')];
    const counts = [];
    for (const workers of [1, 0]) {
      const app = createApp({ dbPath: path.join(dir, `pool-${workers}.db`), now: () => new Date('2026-11-20T08:00:00Z') });
      const pool = workers ? createPreparePool(app.pipeline.topics, workers) : undefined;
      try {
        const report = await ingestFiles(app.pipeline, files, emptyReport(), pool ? { pool } : {});
        const stats = await app.store.stats();
        counts.push({ ...report, stats });
      } finally {
        await pool?.close();
        await app.close();
      }
    }
    expect(counts[0]).toEqual(counts[1]);
    expect(counts[0]?.rejected.map((r) => path.basename(r.origin))).toEqual([`a-big.jsonl#${Math.floor((800) / 2) + 1}`, 'b-small.jsonl#21']);
    expect((counts[0]?.added ?? 0) + (counts[0]?.joined ?? 0) + (counts[0]?.duplicates ?? 0)).toBe(840);
  }, 180_000);

  it('rejects an input its worker ran out of memory on, and goes on with a new worker', async () => {
    const app = createApp({ dbPath: path.join(dir, 'oom.db') });
    // A heap too small for a ~19 MB input (its text, parsed records and prepared parts), enough for files of 20 articles.
    const pool = createPreparePool(app.pipeline.topics, 1, { maxOldGenerationSizeMb: 48 });
    const huge = path.join(dir, 'huge.json');
    writeFileSync(huge, JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ title: `Wire ${i}`, body: `Dispatch ${i} from the wire. `.repeat(3500) }))));
    writeFileSync(path.join(dir, 'c-before.jsonl'), jsonl(20, 6000));
    writeFileSync(path.join(dir, 'd-after.jsonl'), jsonl(20, 6100));
    try {
      const report = await ingestFiles(app.pipeline, [path.join(dir, 'c-before.jsonl'), huge, path.join(dir, 'd-after.jsonl')], emptyReport(), pool ? { pool } : {});
      expect(report.rejected.map((r) => `${path.basename(r.origin)}: ${r.reason}`)).toEqual([
        'c-before.jsonl#11: ' + String(report.rejected[0]?.reason),
        'huge.json: failed to process: the ingest worker ran out of memory on this input',
        'd-after.jsonl#11: ' + String(report.rejected[2]?.reason),
      ]);
      expect(report.files).toBe(3);
      expect(report.added + report.joined).toBe(40);
    } finally {
      await pool?.close();
      await app.close();
    }
  }, 180_000);
});
