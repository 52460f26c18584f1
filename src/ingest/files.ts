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
  outcomes: IngestOutcome[];
}

export function emptyReport(): IngestReport {
  return { files: 0, added: 0, joined: 0, updated: 0, duplicates: 0, rejected: [], outcomes: [] };
}

/** Adds one input's result to a report. */
export function tally(report: IngestReport, outcomes: IngestOutcome[], rejections: Rejection[]): void {
  for (const o of outcomes) {
    if (o.status === 'added') report.added++;
    else if (o.status === 'joined') report.joined++;
    else if (o.status === 'updated') report.updated++;
    else report.duplicates++;
    report.outcomes.push(o);
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

/**
 * Reads and ingests files; one bad file never stops the batch. With a worker pool, files are prepared in parallel
 * (a window of 2 per worker) and committed in input order, so the result is the same as without one.
 */
export async function ingestFiles(
  pipeline: Pipeline,
  files: string[],
  report: IngestReport,
  opts: { onProgress?: (done: number, total: number) => void; pool?: PreparePool } = {},
): Promise<IngestReport> {
  const { pool, onProgress } = opts;
  type Job = PrepareResult | { reason: string };
  const start = (file: string): Promise<Job> => {
    const input = readInput(file);
    if ('reason' in input || !pool) return Promise.resolve(input as Job);
    return pool.prepare(input.content, file, pipeline.now().toISOString()).catch((err: Error) => ({ reason: `failed to process: ${err.message}` }));
  };
  const window = pool ? pool.size * 2 : 1;
  const inFlight: Promise<Job>[] = [];
  let next = 0;
  while (next < files.length && inFlight.length < window) inFlight.push(start(files[next++] as string));
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as string;
    const job = await (inFlight.shift() as Promise<Job>);
    if (next < files.length) inFlight.push(start(files[next++] as string));
    report.files++;
    if ('reason' in job) {
      report.rejected.push({ origin: file, reason: job.reason });
    } else if ('content' in job) {
      const r = await pipeline.ingestContent(job.content as string, file);
      tally(report, r.outcomes, r.rejections);
    } else {
      const r = await pipeline.commitPrepared(job.prepared);
      tally(report, r.outcomes, [...job.rejections, ...r.rejections]);
    }
    onProgress?.(i + 1, files.length);
  }
  return report;
}
