// Group commit: small writes made by many concurrent sends (a follow tick's claims and finishes, the DM channels it
// opens) are gathered for a few milliseconds and written in one transaction, instead of one commit each (on SQLite
// every commit writes its pages to the log; 10,000 followers made 20,000 commits). Each caller still waits for its own
// write to be committed before it goes on, so a claim is durable before its message is sent. A failed transaction
// fails every write in it.
import type { DmChannelStore, StorePorts, Transactor } from './ports.js';

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

/** `write` for one item, batched: at most `max` items a transaction, gathered for at most `windowMs`. */
export function groupCommit<T, R>(store: Transactor, write: (tx: StorePorts, item: T) => Promise<R>, opts: { windowMs?: number; max?: number } = {}): (item: T) => Promise<R> {
  const windowMs = opts.windowMs ?? 5;
  const max = opts.max ?? 256;
  let queue: Pending<T, R>[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    try {
      const results = await store.transaction(async (tx) => {
        const out: R[] = [];
        for (const p of batch) out.push(await write(tx, p.item));
        return out;
      });
      batch.forEach((p, i) => p.resolve(results[i] as R));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (queue.length >= max) void flush();
      else timer ??= setTimeout(() => void flush(), windowMs);
    });
}

/** The DM-channel port with its saves group-committed (a follow tick opens many channels at once). */
export function batchedDmChannels(store: Transactor & { dmChannels: DmChannelStore }): DmChannelStore {
  const save = groupCommit(store, (tx, a: Parameters<DmChannelStore['saveDmChannel']>) => tx.dmChannels.saveDmChannel(...a));
  return { ...store.dmChannels, saveDmChannel: (...a) => save(a) };
}
