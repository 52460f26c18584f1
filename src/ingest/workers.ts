// A small pool of worker threads that run parse + prepare, so a batch uses every core while the main thread writes
// to SQLite. Results come back per request; callers keep input order.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TopicDef } from '../types.js';
import type { Prepared, Rejection } from './prepare.js';
import type { PrepareRequest } from './worker.js';

export interface PrepareResult {
  prepared: Prepared[];
  rejections: Rejection[];
}

export interface PreparePool {
  readonly size: number;
  prepare(content: string, origin: string, ingestedAt: string): Promise<PrepareResult>;
  close(): Promise<void>;
}

/**
 * Worker count: NEWSBRIEF_INGEST_WORKERS, else one per core but one — the main thread keeps a core for SQLite writes
 * and near-duplicate lookups (measured on 2 cores: 1 worker beats 2, which starve the writer).
 */
export function defaultPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.NEWSBRIEF_INGEST_WORKERS;
  if (v !== undefined && /^\d+$/.test(v)) return Math.min(32, Number(v));
  return Math.max(1, os.availableParallelism() - 1);
}

/**
 * Starts `size` workers, or returns undefined when size is 0 or the compiled worker is not there (running from
 * TypeScript sources, e.g. under vitest): callers then prepare in-process.
 */
export function createPreparePool(topics: TopicDef[], size = defaultPoolSize()): PreparePool | undefined {
  const script = new URL('./worker.js', import.meta.url);
  if (size <= 0 || !existsSync(fileURLToPath(script))) return undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (r: PrepareResult) => void; reject: (e: Error) => void; worker: Worker }>();
  const load = new Map<Worker, number>();
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(script, { workerData: { topics } });
    load.set(w, 0);
    w.on('message', (m: PrepareResult & { id: number }) => {
      const job = waiting.get(m.id);
      if (!job) return;
      waiting.delete(m.id);
      load.set(w, (load.get(w) ?? 1) - 1);
      job.resolve({ prepared: m.prepared, rejections: m.rejections });
    });
    w.on('error', (err) => {
      for (const [id, job] of waiting) {
        if (job.worker !== w) continue;
        waiting.delete(id);
        job.reject(err);
      }
    });
    return w;
  });
  return {
    size,
    prepare(content, origin, ingestedAt) {
      const worker = workers.reduce((a, b) => ((load.get(b) ?? 0) < (load.get(a) ?? 0) ? b : a));
      load.set(worker, (load.get(worker) ?? 0) + 1);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, worker });
        worker.postMessage({ id, content, origin, ingestedAt } satisfies PrepareRequest);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
