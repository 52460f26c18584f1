// Cron evaluation in a subscription's IANA timezone, with explicit daylight-saving rules, so the scheduler knows
// every slot between two instants (missed slots after a restart included), not only "the next run from now".
//
// DST rules (those of Vixie cron, which admins expect):
// - Spring forward: wall times in the skipped hour never happen; a slot scheduled in it runs once, at the first
//   minute after the jump (a daily 02:30 digest in New York runs at 03:00 on the March change day).
// - Fall back: wall times in the repeated hour happen twice; a slot with a fixed hour runs at the first of them only.
//   Schedules whose hour field is `*` run in both (an hourly digest still runs every real hour).
// Offsets change only on 15-minute UTC boundaries (every zone's offset is a multiple of 15 minutes and changes happen
// on a local :00 or :30), so the offset is computed once per 15-minute block and cached.
import { UserError } from '../errors.js';

/** A parsed 5-field cron expression. */
export interface CronSpec {
  source: string;
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Day-of-month and day-of-week both restricted: a day matches when either does (classic cron). */
  dayOr: boolean;
  anyHour: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** First name maps to this number. */
  nameBase?: number;
}

const FIELDS: FieldDef[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, nameBase: 0 },
];

function parseValue(tok: string, f: FieldDef): number {
  const named = f.names?.indexOf(tok.toLowerCase()) ?? -1;
  const n = named >= 0 ? named + (f.nameBase ?? 0) : /^\d+$/.test(tok) ? Number(tok) : NaN;
  if (Number.isNaN(n) || n < f.min || n > f.max) {
    throw new UserError(`"${tok}" is not a valid ${f.name} (${f.min}–${f.max}${f.names ? ` or a name like ${f.names[0]}` : ''}).`);
  }
  return n;
}

function parseField(text: string, f: FieldDef): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/i.exec(part);
    if (!m) throw new UserError(`"${part}" is not supported in the ${f.name} field: use numbers, ranges (1-5), lists (1,3) and steps (*/2).`);
    const [, range = '*', stepText] = m;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new UserError(`The step in "${part}" (${f.name} field) must be at least 1.`);
    let lo = f.min;
    let hi = f.max;
    if (range !== '*') {
      const [a, b] = range.split('-') as [string, string | undefined];
      lo = parseValue(a, f);
      hi = b === undefined ? (stepText === undefined ? lo : f.max) : parseValue(b, f);
      if (hi < lo) throw new UserError(`The range "${range}" in the ${f.name} field runs backwards.`);
    } else if (f.name === 'day of week') hi = 6;
    for (let v = lo; v <= hi; v += step) out.add(f.name === 'day of week' && v === 7 ? 0 : v);
  }
  return out;
}

/** Parses a 5-field cron expression; bad input is a UserError naming the field. */
export function parseCron(expr: string): CronSpec {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) throw new UserError(`"${expr.slice(0, 60)}" is not a 5-field cron expression like \`0 8 * * *\`.`);
  const [mi, h, dom, mon, dow] = fields.map((t, i) => parseField(t, FIELDS[i] as FieldDef)) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  const restricted = (i: number) => !(fields[i] as string).startsWith('*');
  return { source: fields.join(' '), minutes: mi, hours: h, days: dom, months: mon, weekdays: dow, dayOr: restricted(2) && restricted(4), anyHour: fields[1] === '*' };
}

// ---- Wall clock in a timezone ----------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>(); // `${tz}|${block}` -> offset in minutes

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

/** The zone's UTC offset in minutes at UTC minute `m` (epoch minutes). */
export function offsetAt(tz: string, m: number): number {
  const key = `${tz}|${Math.floor(m / 15)}`;
  let off = offsets.get(key);
  if (off === undefined) {
    const p = formatter(tz).formatToParts(new Date(Math.floor(m / 15) * 15 * 60_000));
    const get = (t: string) => Number(p.find((x) => x.type === t)?.value);
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) / 60_000;
    off = wall - Math.floor(m / 15) * 15;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, off);
  }
  return off;
}

/** Wall-clock minute (epoch minutes as if the wall time were UTC) at UTC minute `m`. */
const wallAt = (tz: string, m: number): number => m + offsetAt(tz, m);

function matchesWall(spec: CronSpec, wall: number, checkTime = true): boolean {
  const d = new Date(wall * 60_000);
  if (!spec.months.has(d.getUTCMonth() + 1)) return false;
  const dom = spec.days.has(d.getUTCDate());
  const dow = spec.weekdays.has(d.getUTCDay());
  if (spec.dayOr ? !(dom || dow) : !(dom && dow)) return false;
  return !checkTime || (spec.hours.has(d.getUTCHours()) && spec.minutes.has(d.getUTCMinutes()));
}

/** True when wall minute `wall` at UTC minute `m` already happened earlier (the repeated hour after a fall back). */
function isRepeat(tz: string, m: number, wall: number): boolean {
  const d = offsetAt(tz, m - 180) - offsetAt(tz, m);
  return d > 0 && wallAt(tz, m - d) === wall;
}

/**
 * Every slot of `spec` in `tz` after `fromMs` (exclusive) up to `toMs` (inclusive), as UTC instants on whole minutes,
 * following the DST rules above. Skips whole days and hours that cannot match, so a year's scan stays cheap.
 */
export function* slotsBetween(spec: CronSpec, tz: string, fromMs: number, toMs: number): Generator<Date> {
  const end = Math.floor(toMs / 60_000);
  let m = Math.floor(fromMs / 60_000) + 1;
  while (m <= end) {
    const wall = wallAt(tz, m);
    const prev = wallAt(tz, m - 1);
    if (wall - prev > 1) {
      // Spring forward: did a slot fall in the skipped wall minutes?
      let hit = false;
      for (let w = prev + 1; w < wall && !hit; w++) hit = matchesWall(spec, w);
      if (hit || matchesWall(spec, wall)) {
        yield new Date(m * 60_000);
        m++;
        continue;
      }
    }
    if (!matchesWall(spec, wall, false)) {
      const toMidnight = 1440 - (((wall % 1440) + 1440) % 1440);
      m += Math.max(1, toMidnight - 60); // land an hour early: a DST change may shift the wall clock
      continue;
    }
    const hour = new Date(wall * 60_000).getUTCHours();
    if (!spec.hours.has(hour)) {
      m += 60 - (((wall % 60) + 60) % 60);
      continue;
    }
    if (spec.minutes.has(((wall % 60) + 60) % 60) && (spec.anyHour || !isRepeat(tz, m, wall))) yield new Date(m * 60_000);
    m++;
  }
}

/** The next `count` slots after `from`, looking at most 5 years ahead. */
export function nextSlots(spec: CronSpec, tz: string, count: number, from: Date): Date[] {
  const out: Date[] = [];
  if (count <= 0) return out;
  for (const d of slotsBetween(spec, tz, from.getTime(), from.getTime() + 5 * 366 * 86_400_000)) {
    out.push(d);
    if (out.length >= count) break;
  }
  return out;
}

/** The latest slot at or before `at` within `lookbackMs`, if any. */
export function lastSlot(spec: CronSpec, tz: string, at: Date, lookbackMs: number): Date | undefined {
  let last: Date | undefined;
  for (const d of slotsBetween(spec, tz, at.getTime() - lookbackMs, at.getTime())) last = d;
  return last;
}
