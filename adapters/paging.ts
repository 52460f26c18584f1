// The one paging protocol of every chat platform: a "More" button carries everything needed to run the command again
// for the next page (command, subcommand, arguments, offset, page size, and the original "now" so the time window does
// not drift), so paging survives restarts and works whichever instance gets the click. A platform caps the button's
// data (Discord's custom_id: 100 characters); a state that does not fit (a long free-text topic) is kept in the
// database's ui_pages table under a random key for PAGE_TTL_MS (a small in-memory cache answers this process's own
// clicks), so such a button also works on another instance and after a restart.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../src/clock.js';
import type { UiPageStore } from '../src/store/ports.js';

/** A raw option value as a platform sends it. */
export type OptionValue = string | number | boolean;

/** What a "More" click re-runs. */
export interface PageState {
  command: string;
  sub?: string;
  /** The command's raw arguments. */
  args: Record<string, OptionValue>;
  /** How many stories are already shown (the next page starts after them). */
  offset: number;
  pageSize: number;
  /** The original request time (ms since epoch). */
  now: number;
}

const PREFIX = 'nb:more|';
const CACHED = 'nb:more~';
const MAX_CACHED = 500;
/** How long a stored page state stays clickable. */
export const PAGE_TTL_MS = 7 * 86_400_000;

export interface PageCodec {
  /** The button data for this state (at most `maxLength` characters); a long state starts being stored (see `saved`). */
  encode(state: PageState): string;
  /** Resolves once every state encoded so far is stored: await it before sending the buttons. */
  saved(): Promise<void>;
  /** The state behind button data; undefined when it is not ours, malformed, or expired. */
  decode(customId: string): Promise<PageState | undefined>;
  /** True when the button data belongs to paging (even if expired). */
  owns(customId: string): boolean;
}

/** Where long states are kept across instances: the store's ui_pages and the clock that dates them. */
export interface PageStorage {
  pages: UiPageStore;
  now: Clock;
  /** Told when a state could not be stored (its button then works on this instance only, until restart). */
  onError?: (err: unknown) => void;
}

function serialize(s: PageState): string {
  return [s.command, s.sub ?? '', s.offset, s.pageSize, Math.round(s.now).toString(36), JSON.stringify(s.args)].join('|');
}

function parse(body: string): PageState | undefined {
  const parts = body.split('|');
  if (parts.length < 6) return undefined;
  const [command, sub, offset, pageSize, now36] = parts as [string, string, string, string, string];
  let args: unknown;
  try {
    args = JSON.parse(parts.slice(5).join('|'));
  } catch {
    return undefined;
  }
  const nums = [Number(offset), Number(pageSize), parseInt(now36, 36)];
  if (!command || nums.some((n) => !Number.isInteger(n) || n < 0) || typeof args !== 'object' || args === null) return undefined;
  const clean: Record<string, OptionValue> = {};
  for (const [k, v] of Object.entries(args)) if (['string', 'number', 'boolean'].includes(typeof v)) clean[k] = v as OptionValue;
  return {
    command,
    ...(sub ? { sub } : {}),
    args: clean,
    offset: nums[0] as number,
    pageSize: nums[1] as number,
    // Buttons posted before the time was kept to the millisecond carry seconds (any value below 1e11 ms, i.e. 1973).
    now: (nums[2] as number) < 1e11 ? (nums[2] as number) * 1000 : (nums[2] as number),
  };
}

/** A codec for button data of at most `maxLength` characters; long states go to `storage` (else memory only). */
export function createPageCodec(maxLength: number, storage?: PageStorage): PageCodec {
  const cache = new Map<string, string>();
  const pending = new Set<Promise<void>>();
  return {
    encode(state) {
      const body = serialize(state);
      if (PREFIX.length + body.length <= maxLength) return PREFIX + body;
      const key = randomBytes(9).toString('base64url');
      cache.set(key, body);
      if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
      if (storage) {
        const at = storage.now().getTime();
        const put: Promise<void> = (async () => {
          await storage.pages.putPage(key, body, new Date(at + PAGE_TTL_MS).toISOString());
          if (Math.random() < 0.02) await storage.pages.prunePages(new Date(at).toISOString());
        })()
          .catch((err: unknown) => storage.onError?.(err))
          .finally(() => pending.delete(put));
        pending.add(put);
      }
      return CACHED + key;
    },
    async saved() {
      await Promise.all([...pending]);
    },
    async decode(customId) {
      if (customId.startsWith(PREFIX)) return parse(customId.slice(PREFIX.length));
      if (!customId.startsWith(CACHED)) return undefined;
      const key = customId.slice(CACHED.length);
      const body = cache.get(key) ?? (storage ? await storage.pages.getPage(key, storage.now().toISOString()) : undefined);
      return body === undefined ? undefined : parse(body);
    },
    owns: (customId) => customId.startsWith(PREFIX) || customId.startsWith(CACHED),
  };
}

/** Stories [offset, offset + size) of a briefing (the command returned one more when a next page exists) and whether
 *  more follow; undefined for a page past the end. */
export function pageOf<T>(all: readonly T[], offset: number, size: number): { stories: T[]; more: boolean } | undefined {
  const stories = all.slice(offset, offset + size);
  if (offset > 0 && stories.length === 0) return undefined;
  return { stories, more: all.length > offset + size };
}

/** The first page of a paged command: the `limit` the user asked for, else the configured default, at most `maxPage`. */
export function firstPage(limit: OptionValue | undefined, defaultLimit: number, maxPage: number): { offset: 0; size: number } {
  const n = Number(limit ?? defaultLimit);
  return { offset: 0, size: Number.isInteger(n) && n >= 1 ? Math.min(n, maxPage) : Math.min(defaultLimit, maxPage) };
}
