// A follower's clock: quiet hours ("22:00-07:00", may cross midnight) read in the user's IANA timezone, the local day
// the daily cap counts, and when quiet hours end (alerts held meanwhile are sent after). Pure functions of an instant.
import { UserError } from '../errors.js';
import type { FollowUser } from '../store/follow-types.js';

/** Topic alerts a day by default; the rest are summarized in one message. */
export const DEFAULT_DAILY_CAP = 10;

const HM_RE = /^([01]?\d|2[0-3])[:.h]?([0-5]\d)$/;

/** "22:00-07:00" (also "22.00 - 7:00", "2200-0700") -> ['22:00', '07:00']; a UserError naming the problem otherwise. */
export function parseQuietHours(text: string): { start: string; end: string } {
  const parts = text.trim().split(/\s*[-–—]\s*|\s+to\s+/i);
  const hm = (p: string | undefined): string | undefined => {
    const m = HM_RE.exec((p ?? '').trim());
    return m ? `${(m[1] as string).padStart(2, '0')}:${m[2] as string}` : undefined;
  };
  const [start, end] = [hm(parts[0]), hm(parts[1])];
  if (parts.length !== 2 || !start || !end) {
    throw new UserError(`"${text.slice(0, 40)}" is not a range of hours: write it like 22:00-07:00 (24-hour clock), or "off".`);
  }
  if (start === end) throw new UserError('Quiet hours need a start and an end that differ, e.g. 22:00-07:00.');
  return { start, end };
}

/** One formatter per timezone (building one costs far more than using it: a follow tick reads every follower's day). */
const formats = new Map<string, Intl.DateTimeFormat>();
const formatIn = (timeZone: string): Intl.DateTimeFormat => {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  return f;
};

/** The last answer per timezone: a follow tick asks at one instant for every follower. */
const lastLocal = new Map<string, { ms: number; day: string; minutes: number }>();

/** The wall-clock parts of `at` in `timeZone`. */
function local(at: Date, timeZone: string): { day: string; minutes: number } {
  const last = lastLocal.get(timeZone);
  if (last?.ms === at.getTime()) return last;
  const parts = Object.fromEntries(formatIn(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  const out = { ms: at.getTime(), day: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
  lastLocal.set(timeZone, out);
  return out;
}

const minutesOf = (hm: string): number => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));

/** The user's local day (YYYY-MM-DD) at `at`: what the daily cap counts. */
export function localDay(at: Date, timeZone: string): string {
  return local(at, timeZone).day;
}

/** True while `at` is inside the user's quiet hours (start included, end excluded). */
export function inQuietHours(u: Pick<FollowUser, 'timezone' | 'quietStart' | 'quietEnd'>, at: Date): boolean {
  if (!u.quietStart || !u.quietEnd) return false;
  const m = local(at, u.timezone).minutes;
  const [s, e] = [minutesOf(u.quietStart), minutesOf(u.quietEnd)];
  return s < e ? m >= s && m < e : m >= s || m < e;
}
