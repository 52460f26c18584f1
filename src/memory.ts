// The V8 heap's growth, bounded. Ingest allocates fast (each ~4 KB article makes ~100 KB of short-lived strings and
// arrays) and keeps little (~50 MB live): with its default, dynamic growing factor (up to 4× the live heap after each
// full collection) V8 let both isolates' heaps grow to hundreds of MB of garbage on a machine with memory to spare, so a
// long `newsbrief ingest` peaked at 0.7–2 GB. A fixed factor of 1.2 keeps the process near 500 MB at the same CPU
// (docs/benchmarks.md, "The heap's growth bounded"). V8 flags are process-wide: set before the worker threads start,
// it holds for them too.
import { setFlagsFromString } from 'node:v8';

/** The heap may grow 20 % over what the last full collection left before the next one. */
export const HEAP_GROWING_PERCENT = 20;

/** Bounds the heap's growth, unless the process was started with its own --heap-growing-percent. */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
