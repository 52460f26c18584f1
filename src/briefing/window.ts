// Time windows for briefings and digests: "24h", "3d", "7d", "2w", "30d" or "all".
import { isDateOnly } from '../articles/dates.js';
import { UserError } from '../errors.js';

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
const SINCE_RE = /^(\d{1,4})\s*([hdw])$/i;

export interface Window {
  /** ISO start, or null for "all". */
  since: string | null;
  until: string;
  /** Span in ms (Infinity for "all"). */
  spanMs: number;
  /** Human label: "24 hours", "7 days", "all time". */
  label: string;
}

/** Parses a `since` value relative to `now`; bad input is a UserError that says what is accepted. */
export function parseSince(value: string, now: Date): Window {
  const v = value.trim().toLowerCase();
  const until = now.toISOString();
  if (v === 'all') return { since: null, until, spanMs: Infinity, label: 'all time' };
  const m = SINCE_RE.exec(v);
  if (!m) throw new UserError(`"${value.slice(0, 40)}" is not a time window: use 24h, 3d, 7d, 30d (any number of h, d or w) or all.`);
  const n = Number(m[1]);
  const unit = (m[2] as string).toLowerCase() as keyof typeof UNIT_MS;
  if (n === 0) throw new UserError('The time window must be at least 1 hour (e.g. 1h, 24h, 7d).');
  if (n * UNIT_MS[unit] > 3650 * UNIT_MS.d) throw new UserError('The time window can be at most 10 years; use "all" for everything.');
  const spanMs = n * UNIT_MS[unit];
  const word = { h: 'hour', d: 'day', w: 'week' }[unit];
  return { since: new Date(now.getTime() - spanMs).toISOString(), until, spanMs, label: `${n} ${word}${n === 1 ? '' : 's'}` };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "21 Nov 2017" (UTC): unambiguous in every locale. */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "3 Dec 2026, 08:00 UTC" or, in a digest's timezone, "3 Dec 2026, 17:00 Asia/Seoul": a moment with its time. */
export function formatMoment(iso: string, timeZone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} ${timeZone}`;
}

/** "3h ago", "2d ago", "just now" — or a day for anything older than 30 days, and for a date given without a time
 *  ("2026-12-03" is that day wherever the reader is, never "20h ago"). */
export function formatAge(iso: string, now: Date): string {
  if (isDateOnly(iso)) return formatDay(iso);
  const ms = now.getTime() - new Date(iso).getTime();
  if (ms < 60_000) return 'just now';
  if (ms < UNIT_MS.h) return `${Math.floor(ms / 60_000)}m ago`;
  if (ms < UNIT_MS.d) return `${Math.floor(ms / UNIT_MS.h)}h ago`;
  if (ms < 30 * UNIT_MS.d) return `${Math.floor(ms / UNIT_MS.d)}d ago`;
  return formatDay(iso);
}
