// The one paging protocol of every chat platform: a "More" button carries everything needed to run the command again
// for the next page (command, subcommand, arguments, offset, page size, and the original "now" so the time window does
// not drift), so paging survives restarts and works whichever instance gets the click. A platform caps the button's
// data (Discord's custom_id: 100 characters); a state that does not fit (a long free-text topic) is kept in a small
// in-memory LRU instead and its button expires when the process restarts.
import { randomBytes } from 'node:crypto';

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

export interface PageCodec {
  /** The button data for this state (at most `maxLength` characters). */
  encode(state: PageState): string;
  /** The state behind button data; undefined when it is not ours, malformed, or expired from the cache. */
  decode(customId: string): PageState | undefined;
  /** True when the button data belongs to paging (even if expired). */
  owns(customId: string): boolean;
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

/** A codec with its own fallback cache (one per bot), for button data of at most `maxLength` characters. */
export function createPageCodec(maxLength: number): PageCodec {
  const cache = new Map<string, string>();
  return {
    encode(state) {
      const body = serialize(state);
      if (PREFIX.length + body.length <= maxLength) return PREFIX + body;
      const key = randomBytes(9).toString('base64url');
      cache.set(key, body);
      if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
      return CACHED + key;
    },
    decode(customId) {
      if (customId.startsWith(PREFIX)) return parse(customId.slice(PREFIX.length));
      if (customId.startsWith(CACHED)) {
        const body = cache.get(customId.slice(CACHED.length));
        return body === undefined ? undefined : parse(body);
      }
      return undefined;
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
