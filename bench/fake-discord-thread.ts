// The fake Discord in a worker thread of its own, for benches that load the main thread (the follower fan-out): an
// in-process fake stamps a request when the shared event loop gets to read it, so the client's own work (a commit,
// a GC pause) would hold requests already on the wire and count them together; here they are counted as they come.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startFakeDiscord, type FakeDiscordOptions } from '../tests/fakes/discord.js';

/** What the bench reads back: each request (arrival on the wall clock, ms) and each DM delivered. */
export interface FakeSnapshot {
  requests: { path: string; status: number; atMs: number; key: string }[];
  directMessages: { to: string; content: string }[];
  globalHits: number;
}

export interface FakeDiscordThread {
  apiUrl: string;
  token: string;
  snapshot(): Promise<FakeSnapshot>;
  close(): Promise<void>;
}

/** Starts the fake in a worker thread (this file is the worker's script too). */
export async function startFakeDiscordThread(opts: FakeDiscordOptions): Promise<FakeDiscordThread> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { fakeDiscord: opts } });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const { apiUrl, token } = await next<{ apiUrl: string; token: string }>();
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T>(what: string) => (queue = queue.then(() => (worker.postMessage(what), next<T>()))) as Promise<T>;
  return {
    apiUrl,
    token,
    snapshot: () => ask<FakeSnapshot>('snapshot'),
    async close() {
      await ask('close');
      await worker.terminate();
    },
  };
}

if (!isMainThread && (workerData as { fakeDiscord?: FakeDiscordOptions } | null)?.fakeDiscord) {
  const port = parentPort as NonNullable<typeof parentPort>;
  const fake = await startFakeDiscord((workerData as { fakeDiscord: FakeDiscordOptions }).fakeDiscord);
  const origin = performance.timeOrigin;
  port.postMessage({ apiUrl: fake.apiUrl, token: fake.token });
  port.on('message', (what: string) => {
    if (what === 'close') {
      void fake.close().then(() => port.postMessage('closed'));
      return;
    }
    const snapshot: FakeSnapshot = {
      requests: fake.requests.map((r) => {
        const b = (r.body ?? {}) as { recipient_id?: unknown; nonce?: unknown };
        return { path: r.path, status: r.status, atMs: origin + r.at, key: String(b.recipient_id ?? b.nonce ?? '') };
      }),
      directMessages: fake.directMessages().map((d) => ({ to: d.to, content: d.message.content ?? '' })),
      globalHits: fake.limits.globalHits,
    };
    port.postMessage(snapshot);
  });
}
