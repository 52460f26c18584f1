// A long ingest in one process keeps its memory bounded: what grows with the archive lives in the database, and the
// caches in front of it have fixed sizes. 5,000 generated ~4 KB articles through the folder ingest (files of 100).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusStream } from '../../bench/corpus.js';
import { createApp } from '../../src/app.js';
import { emptyReport, ingestFiles } from '../../src/ingest/files.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-ingest-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Heap in use after full collections (MB). */
function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

describe('a long ingest', () => {
  it('does not grow the heap with the number of articles ingested', async () => {
    const app = createApp({ dbPath: path.join(dir, 'news.db') });
    const total = 5000;
    const stream = corpusStream(total);
    const heap: number[] = [];
    // One report for the whole run, as `newsbrief ingest` keeps for a folder: it counts, it holds nothing per article.
    const report = emptyReport();
    for (let round = 0; round < total / 1000; round++) {
      const files: string[] = [];
      for (let f = 0; f < 10; f++) {
        const lines: string[] = [];
        for (let k = 0; k < 100; k++) lines.push(JSON.stringify(stream.next().value));
        const file = path.join(dir, `part-${round}-${f}.jsonl`);
        writeFileSync(file, lines.join('\n'));
        files.push(file);
      }
      await ingestFiles(app.pipeline, files, report);
      expect(report.rejected).toEqual([]);
      for (const file of files) rmSync(file);
      heap.push(heapMb());
    }
    const stored = report.added + report.joined;
    expect(report.files).toBe(total / 100);
    expect((await app.store.stats()).articles).toBe(stored);
    expect(stored).toBeGreaterThan(4900);
    await app.close();
    // Keeping each article (its ~4 KB text, summary, ~28 tags, fingerprint and band keys: ~8 KB) would add ~32 MB between
    // the first and the last thousand. Measured: ~7.5 MB, the bounded story caches filling (centroids of up to 4,096
    // stories, ~3 KB each, full after ~12,000 articles).
    const [first, last] = [heap[0] as number, heap[heap.length - 1] as number];
    expect(last - first, `heap after each thousand: ${heap.map((h) => h.toFixed(1)).join(', ')} MB`).toBeLessThan(20);
  }, 900_000);
});
