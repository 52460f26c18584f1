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
 * TypeScript sources, e.g. under vitest): callers then prepare in-process. `limits` caps each worker's heap.
 */
export function createPreparePool(
  topics: TopicDef[],
  size = defaultPoolSize(),
  limits: { maxOldGenerationSizeMb?: number } = {},
): PreparePool | undefined {
  const script = new URL('./worker.js', import.meta.url);
  if (size <= 0 || !existsSync(fileURLToPath(script))) return undefined;
  let nextId = 0;
  let closing = false;
  /** Set when a worker stopped before it answered anything and held no input: a new one would stop too. */
  let broken: Error | undefined;
  interface Job { request: PrepareRequest; resolve: (r: PrepareResult) => void; reject: (e: Error) => void; worker: Worker }
  // In request order (a Map keeps insertion order): a worker answers its requests in the order it got them.
  const waiting = new Map<number, Job>();
  const load = new Map<Worker, number>();
  const workers: Worker[] = [];
  const send = (job: Job, worker: Worker): void => {
    job.worker = worker;
    load.set(worker, (load.get(worker) ?? 0) + 1);
    worker.postMessage(job.request);
  };
  const spawn = (slot: number): Worker => {
    const w = new Worker(script, { workerData: { topics }, resourceLimits: limits });
    workers[slot] = w;
    load.set(w, 0);
    let failure: Error | undefined;
    let answered = false;
    w.on('message', (m: PrepareResult & { id: number }) => {
      answered = true;
      const job = waiting.get(m.id);
      if (!job) return;
      waiting.delete(m.id);
      load.set(w, (load.get(w) ?? 1) - 1);
      job.resolve({ prepared: m.prepared, rejections: m.rejections });
    });
    w.on('error', (err) => {
      failure = err;
    });
    // A worker that stops (out of memory on one huge input, a crash) fails only the input it was preparing: a new
    // worker takes its place and the inputs queued behind it, so the batch goes on instead of waiting forever.
    w.on('exit', (code) => {
      load.delete(w);
      const held = [...waiting.values()].filter((j) => j.worker === w);
      const current = held[0];
      if (current) {
        waiting.delete(current.request.id);
        current.reject(failure && (failure as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error('the ingest worker ran out of memory on this input')
          : new Error(`the ingest worker stopped (${failure?.message ?? `exit code ${code}`})`));
      }
      if (!closing && !current && !answered) broken = new Error(`the ingest worker could not start (${failure?.message ?? `exit code ${code}`})`);
      if (closing || broken) {
        for (const j of held.slice(1)) {
          waiting.delete(j.request.id);
          j.reject(broken ?? new Error('the ingest worker pool was closed'));
        }
        return;
      }
      const next = spawn(slot);
      for (const j of held.slice(1)) send(j, next);
    });
    return w;
  };
  for (let i = 0; i < size; i++) spawn(i);
  return {
    size,
    prepare(content, origin, ingestedAt) {
      if (broken) return Promise.reject(broken);
      const worker = workers.reduce((a, b) => ((load.get(b) ?? 0) < (load.get(a) ?? 0) ? b : a));
      const request: PrepareRequest = { id: nextId++, content, origin, ingestedAt };
      return new Promise((resolve, reject) => {
        const job: Job = { request, resolve, reject, worker };
        waiting.set(request.id, job);
        send(job, worker);
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
