// Ingest from the file system: expand folders recursively, read each file, run the pipeline, tally the outcome.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { IngestOutcome, Pipeline, Rejection } from './pipeline.js';
import type { PreparePool, PrepareResult } from './workers.js';

/** Extensions picked up when walking a folder (a file named explicitly is always tried). */
export const INGEST_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown', '.html', '.htm', '.json', '.jsonl', '.ndjson']);
/** Files larger than this are rejected unread. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface IngestReport {
  files: number;
  added: number;
  joined: number;
  updated: number;
  duplicates: number;
  rejected: Rejection[];
}

/** Articles a report counts as stored or recognised (every status but a rejection). */
export function reportedArticles(r: IngestReport): number {
  return r.added + r.joined + r.updated + r.duplicates;
}

export function emptyReport(): IngestReport {
  return { files: 0, added: 0, joined: 0, updated: 0, duplicates: 0, rejected: [] };
}

/**
 * Adds one input's result to a report: counts, and the rejections (which are printed). Outcomes are counted, not kept:
 * a folder of a million articles would otherwise hold an object per article until the end.
 */
export function tally(report: IngestReport, outcomes: IngestOutcome[], rejections: Rejection[]): void {
  for (const o of outcomes) {
    if (o.status === 'added') report.added++;
    else if (o.status === 'joined') report.joined++;
    else if (o.status === 'updated') report.updated++;
    else report.duplicates++;
  }
  report.rejected.push(...rejections);
}

/**
 * Expands paths into files: folders recursively (hidden entries, node_modules and README/LICENSE files skipped, only
 * known extensions), sorted for a stable order. A path that does not exist is a rejection, not an error.
 */
export function expandPaths(paths: string[]): { files: string[]; missing: Rejection[] } {
  const files: string[] = [];
  const missing: Rejection[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && INGEST_EXTENSIONS.has(path.extname(e.name).toLowerCase()) && !/^(readme|license)\b/i.test(e.name)) {
        files.push(full);
      }
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push({ origin: p, reason: 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, missing };
}

/** Reads a file for ingest, or says why it cannot be read. */
function readInput(file: string): { content: string } | { reason: string } {
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) return { reason: `file too large (${(size / 1048576).toFixed(1)} MB; the limit is 20 MB)` };
    return { content: readFileSync(file, 'utf8') };
  } catch (err) {
    return { reason: `could not read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

/** Articles at most that ready files give one transaction (each commit writes FTS5 segments and touched pages once). */
export const GROUP_ARTICLES = 1000;
/**
 * Files read ahead for the worker pool: up to READ_AHEAD_FILES (at least two per worker) while their text stays under
 * READ_AHEAD_BYTES, one per worker beyond it.
 */
const READ_AHEAD_FILES = 10;
const READ_AHEAD_BYTES = 8 * 1024 * 1024;

/**
 * Reads and ingests files; one bad file never stops the batch. With a worker pool, files are prepared in parallel
 * (read ahead, see above) and committed in input order, so the result is the same as without one; consecutive files
 * already prepared share a transaction, up to GROUP_ARTICLES articles (a failing article still costs only itself).
 */
export async function ingestFiles(
  pipeline: Pipeline,
  files: string[],
  report: IngestReport,
  opts: { onProgress?: (done: number, total: number) => void; pool?: PreparePool } = {},
): Promise<IngestReport> {
  const { pool, onProgress } = opts;
  type Job = PrepareResult | { reason: string } | { content: string };
  interface Slot { file: string; bytes: number; job: Promise<Job>; done?: Job }
  const start = (file: string): Slot => {
    const input = readInput(file);
    const bytes = 'content' in input ? input.content.length : 0;
    if ('reason' in input || !pool) return { file, bytes, job: Promise.resolve(input), done: input };
    const slot: Slot = {
      file,
      bytes,
      job: pool.prepare(input.content, file, pipeline.now().toISOString()).catch((err: Error) => ({ reason: `failed to process: ${err.message}` })),
    };
    void slot.job.then((j) => (slot.done = j));
    return slot;
  };
  const inFlight: Slot[] = [];
  let next = 0;
  let bytes = 0;
  const fill = (): void => {
    const max = pool ? Math.max(pool.size * 2, READ_AHEAD_FILES) : 1;
    // Past READ_AHEAD_BYTES (big inputs: a 20 MB export is ~75 MB once prepared), one input per worker at most.
    while (next < files.length && (bytes < READ_AHEAD_BYTES ? inFlight.length < max : inFlight.length < (pool?.size ?? 1))) {
      const slot = start(files[next++] as string);
      bytes += slot.bytes;
      inFlight.push(slot);
    }
  };
  const take = (): Slot => {
    const slot = inFlight.shift() as Slot;
    bytes -= slot.bytes;
    return slot;
  };
  let done = 0;
  const finish = (): void => {
    report.files++;
    onProgress?.(++done, files.length);
  };
  fill();
  while (inFlight.length > 0) {
    const head = inFlight[0] as Slot;
    const job = await head.job;
    take();
    if ('reason' in job) {
      report.rejected.push({ origin: head.file, reason: job.reason });
      finish();
    } else if ('content' in job) {
      const r = await pipeline.ingestContent(job.content, head.file);
      tally(report, r.outcomes, r.rejections);
      finish();
    } else {
      // This file and the prepared files after it that are ready: one commit. Worker results arrive as events, which
      // a commit (promises only) never lets in: one turn of the event loop takes those already sent.
      if (pool && inFlight.length > 0) await new Promise((resolve) => setImmediate(resolve));
      const group: PrepareResult[] = [job];
      let articles = job.prepared.length;
      for (;;) {
        const d = inFlight[0]?.done;
        if (!d || !('prepared' in d) || articles + d.prepared.length > GROUP_ARTICLES) break;
        take();
        group.push(d);
        articles += d.prepared.length;
      }
      fill();
      const r = await pipeline.commitPrepared(group.length === 1 ? job.prepared : group.flatMap((g) => g.prepared));
      tally(report, r.outcomes, [...group.flatMap((g) => g.rejections), ...r.rejections]);
      for (let k = 0; k < group.length; k++) finish();
      continue;
    }
    fill();
  }
  return report;
}
