// Digest schedules: presets and cron expressions, IANA timezones, next run times, and the 15-minute floor.
import cron from 'node-cron';
import { UserError } from '../errors.js';
import { nextSlots, parseCron } from './cron.js';

/** Digests may not run more often than this. */
export const MIN_INTERVAL_MS = 15 * 60_000;

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/**
 * Turns what an admin typed into a 5-field cron expression: "daily 08:00", "weekdays 8:30", "every 6h", "hourly",
 * or a cron expression as is. Bad input is a UserError naming the problem.
 */
export function parseSchedule(input: string): string {
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!s) throw new UserError('Give a schedule: a preset like `daily 08:00`, `weekdays 08:00`, `every 6h`, or a cron expression like `0 8 * * *`.');
  let m = /^(daily|weekdays|weekends) (?:at )?(\S+)$/.exec(s);
  if (m) {
    const t = HHMM.exec(m[2] as string);
    if (!t) throw new UserError(`"${m[2]}" is not a time of day: use 24-hour HH:MM, e.g. 08:00 or 18:30.`);
    const days = { daily: '*', weekdays: '1-5', weekends: '0,6' }[m[1] as 'daily' | 'weekdays' | 'weekends'];
    return `${Number(t[2])} ${Number(t[1])} * * ${days}`;
  }
  if (s === 'hourly') return '0 * * * *';
  m = /^every (\d{1,2}) ?h(?:ours?)?$/.exec(s);
  if (m) {
    const n = Number(m[1]);
    if (n < 1 || n > 24 || 24 % n !== 0) throw new UserError('`every Nh` needs N to divide 24: 1, 2, 3, 4, 6, 8, 12 or 24.');
    return n === 24 ? '0 0 * * *' : `0 */${n} * * *`;
  }
  const fields = s.split(' ');
  if (fields.length !== 5) {
    throw new UserError(`"${input.slice(0, 60)}" is not a schedule: use a preset (\`daily 08:00\`, \`weekdays 08:00\`, \`every 6h\`) or a 5-field cron expression like \`0 8 * * *\`.`);
  }
  const v = cron.validateDetailed(s);
  if (!v.valid) {
    const first = v.errors?.[0];
    throw new UserError(`Invalid cron expression "${s}"${first ? `: ${first.message} (${first.field} field)` : ''}.`);
  }
  return parseCron(s).source; // our evaluator decides when digests run: refuse what it does not support (L, W, #)
}

/**
 * The canonical name of IANA timezone `tz` as typed in any case ("asia/seoul" -> "Asia/Seoul", "utc" -> "UTC"), so it
 * is stored and shown properly; throws a UserError unless this runtime knows it.
 */
export function validateTimezone(tz: string): string {
  const typed = tz.trim();
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: typed }).resolvedOptions().timeZone;
  } catch {
    throw new UserError(`"${tz.slice(0, 60)}" is not a known timezone: use an IANA name like Asia/Seoul, Europe/Berlin or America/New_York.`);
  }
  const lower = typed.toLowerCase();
  if (resolved.toLowerCase() === lower) return resolved;
  // An alias ICU resolves to an older name (Asia/Kolkata -> Asia/Calcutta): keep the name typed, in its usual case.
  const listed = zoneNames().find((z) => z.toLowerCase() === lower);
  if (listed) return listed;
  if (typed !== lower) return typed;
  return lower.replace(/(^|[/_-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

let zones: string[] | undefined;
const zoneNames = (): string[] => (zones ??= Intl.supportedValuesOf('timeZone'));

/** The next `count` run times of `expr` in `timezone`, after `from`, by the scheduler's own rules. */
export function nextRuns(expr: string, timezone: string, count: number, from: Date): Date[] {
  return nextSlots(parseCron(expr), timezone, count, from);
}

/** Rejects schedules that would run more often than every 15 minutes. */
export function assertNotTooFrequent(expr: string, timezone: string, from: Date): void {
  const runs = nextRuns(expr, timezone, 12, from);
  for (let i = 1; i < runs.length; i++) {
    if ((runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime() < MIN_INTERVAL_MS) {
      throw new UserError(`"${expr}" would run more often than every 15 minutes; digests can run at most every 15 minutes.`);
    }
  }
}

/** "Tue 1 Dec 08:00" in the given timezone. */
export function formatRun(d: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('hour')}:${get('minute')}`;
}
