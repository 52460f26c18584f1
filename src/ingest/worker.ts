// Worker thread for ingest: parses and prepares inputs (the CPU-heavy half) and sends plain results back.
import { parentPort, workerData } from 'node:worker_threads';
import type { TopicDef } from '../types.js';
import { createPreparer, parseAndPrepare } from './prepare.js';

export interface PrepareRequest {
  id: number;
  content: string;
  origin: string;
  ingestedAt: string;
}

const prepare = createPreparer((workerData as { topics: TopicDef[] }).topics);
parentPort?.on('message', (m: PrepareRequest) => {
  parentPort?.postMessage({ id: m.id, ...parseAndPrepare(prepare, m.content, m.origin, m.ingestedAt) });
});
