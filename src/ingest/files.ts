// Ingest from the file system: expand folders recursively, read each file, run the pipeline, tally the outcome.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { IngestOutcome, Pipeline, Rejection } from './pipeline.js';

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

/** Reads and ingests files one by one; one bad file never stops the batch. */
export function ingestFiles(
  pipeline: Pipeline,
  files: string[],
  report: IngestReport,
  onProgress?: (done: number, total: number) => void,
): IngestReport {
  files.forEach((file, i) => {
    report.files++;
    try {
      const size = statSync(file).size;
      if (size > MAX_FILE_BYTES) {
        report.rejected.push({ origin: file, reason: `file too large (${(size / 1048576).toFixed(1)} MB; the limit is 20 MB)` });
      } else {
        const r = pipeline.ingestContent(readFileSync(file, 'utf8'), file);
        tally(report, r.outcomes, r.rejections);
      }
    } catch (err) {
      report.rejected.push({ origin: file, reason: `could not read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
    onProgress?.(i + 1, files.length);
  });
  return report;
}
