// The pages of long replies waiting behind a "More" button. In memory, bounded and short-lived: a button older than
// the TTL (or from before a restart) answers "run the command again". See docs/decisions/003-slack-adapter.md.
import { randomBytes } from 'node:crypto';
import type { SlackMessage } from './limits.js';

interface Entry {
  pages: SlackMessage[];
  ephemeral: boolean;
  expires: number;
  /** Pages already sent, so a second click on an old button does not post the same page twice. */
  sent: Set<number>;
}

/** What a "More" click gets. */
export type PageLookup =
  | { kind: 'page'; page: SlackMessage; ephemeral: boolean }
  | { kind: 'expired' }
  | { kind: 'already-sent' };

export interface PageStore {
  /** A fresh key for a reply about to be rendered (button values are `<key>:<page>`). */
  newKey(): string;
  /** Keeps a reply's pages; page 0 counts as sent. Putting a key again (the LLM text edited in) keeps what was sent. */
  put(key: string, pages: SlackMessage[], ephemeral: boolean): void;
  /** The page a button value points at, once. */
  take(value: string): PageLookup;
  readonly size: number;
}

/** Creates the store. Defaults: 1,000 replies, 1 hour (a response_url lives 30 minutes; buttons outlive it). */
export function createPageStore(opts: { max?: number; ttlMs?: number; now?: () => number } = {}): PageStore {
  const max = opts.max ?? 1000;
  const ttl = opts.ttlMs ?? 3_600_000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  return {
    newKey: () => randomBytes(6).toString('hex'),
    put(key, pages, ephemeral) {
      if (pages.length < 2) return;
      entries.set(key, { pages, ephemeral, expires: now() + ttl, sent: entries.get(key)?.sent ?? new Set([0]) });
      // Map keeps insertion order: the first key is the oldest.
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    take(value) {
      const sep = value.lastIndexOf(':');
      const key = value.slice(0, sep);
      const index = Number(value.slice(sep + 1));
      const e = entries.get(key);
      if (!e || e.expires < now()) {
        if (e) entries.delete(key);
        return { kind: 'expired' };
      }
      const page = Number.isInteger(index) ? e.pages[index] : undefined;
      if (!page) return { kind: 'expired' };
      if (e.sent.has(index)) return { kind: 'already-sent' };
      e.sent.add(index);
      return { kind: 'page', page, ephemeral: e.ephemeral };
    },
    get size() {
      return entries.size;
    },
  };
}
