// Shared helpers for `npm run bench`: where the evaluation data lives and how a section reports.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (works from bench/*.ts under vitest/tsx and from dist/bench/*.js). */
export const REPO_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/** Evaluation data: NEWSBRIEF_DATA_DIR, else ../shared/data beside the repository. Never copied into the repo. */
export function dataDir(): string {
  return process.env.NEWSBRIEF_DATA_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'data');
}

/** A file of the evaluation data, or null (with the reason) when it is absent. */
export function dataFile(rel: string): string | null {
  const file = path.join(dataDir(), rel);
  return existsSync(file) ? file : null;
}

/** One table of the benchmark report. `skipped` says why a section did not run. */
export interface BenchSection {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
  skipped?: string;
}

/** Percentile of an ascending-sorted array (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

/** Deterministic PRNG (mulberry32) so generated corpora and shuffles repeat run to run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with a seeded PRNG. */
export function shuffle<T>(items: T[], seed = 42): T[] {
  const r = rng(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
