// Date parsing for article metadata and dateline detection. Accepts ISO-8601, RFC 2822, epoch numbers and the
// human forms found on news pages ("Nov. 21, 2017 10:30 AM EST", "21 November 2017", "Published: …"), and
// returns ISO-8601 in UTC — or, for a date without a time, the calendar date alone ("2017-11-21"): midnight UTC would
// be the previous evening west of UTC, a time the source never gave. A strict token scanner (not Date.parse) keeps results deterministic and lets callers
// use a successful parse as proof that a whole line is "just a date".

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['january', 1], ['feb', 2], ['february', 2], ['mar', 3], ['march', 3], ['apr', 4], ['april', 4],
  ['may', 5], ['jun', 6], ['june', 6], ['jul', 7], ['july', 7], ['aug', 8], ['august', 8], ['sep', 9], ['sept', 9],
  ['september', 9], ['oct', 10], ['october', 10], ['nov', 11], ['november', 11], ['dec', 12], ['december', 12],
]);

const WEEKDAYS: ReadonlySet<string> = new Set([
  'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'weds', 'wednesday', 'thu', 'thur', 'thurs', 'thursday',
  'fri', 'friday', 'sat', 'saturday', 'sun', 'sunday',
]);

/** Zone abbreviations → offset in minutes east of UTC. "ET"/"PT" are read as standard time. */
const ZONES: ReadonlyMap<string, number> = new Map([
  ['z', 0], ['utc', 0], ['gmt', 0], ['ut', 0], ['wet', 0], ['bst', 60], ['cet', 60], ['cest', 120], ['eet', 120],
  ['eest', 180], ['msk', 180], ['ist', 330], ['ict', 420], ['hkt', 480], ['sgt', 480], ['awst', 480], ['kst', 540],
  ['jst', 540], ['aest', 600], ['aedt', 660], ['nzst', 720], ['nzdt', 780], ['est', -300], ['edt', -240],
  ['et', -300], ['cst', -360], ['cdt', -300], ['ct', -360], ['mst', -420], ['mdt', -360], ['mt', -420],
  ['pst', -480], ['pdt', -420], ['pt', -480], ['akst', -540], ['akdt', -480], ['hst', -600],
]);

/** Words allowed around a date that carry no meaning ("Published on", "at", "Updated:"). */
const FILLERS: ReadonlySet<string> = new Set([
  'published', 'posted', 'updated', 'last', 'first', 'on', 'at', 'date', 'dated', 'the', 'of', 'created', 'modified',
  'time', 'pubdate', 'released', 'filed',
]);

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASH_YMD_RE = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const SLASH_DMY_RE = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})$/;
const PREFIX_RE = /^(?:(?:first\s+|last\s+)?(?:published|posted|updated|modified|date)\b\s*(?:on|at)?\s*:?\s*)/i;
const EPOCH_RE = /^\d{9,10}(?:\.\d+)?$|^\d{12,13}$/;
// One token of a human date: a time (with optional am/pm), a signed offset, a number (with ordinal), a word, or
// a separator. Anything else makes the whole string "not a date".
const TOKEN_RE =
  /(\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?\s?m\b\.?)?|\d{1,2}\s*[ap]\.?\s?m\b\.?)|(\d{1,4})(?:st|nd|rd|th)?\b|([a-z]+)\.?|([\s,|·•/()–—.:-]+)|(.)/giy;
const OFFSET_RE = /(?:\b(?:gmt|utc)\s*)?([+-])(\d{2})(?::?(\d{2}))?\b(?!\s*[:/])|\b(?:gmt|utc)\s*([+-])(\d{1,2})\b/i;
const TIME_RE = /^(\d{1,2})(?:[:.](\d{2}))?(?:[:.](\d{2}))?\s*(?:([ap])\.?\s?m\.?)?$/i;
const NUMERIC_DATE_TOKEN_RE = /(?:^|\s)(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})(?=\s|,|$)/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2017-11-21": a date without a time of day. */
function toDay(y: number, mo: number, d: number): string | undefined {
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a calendar date without a time ("2017-11-21"), as parseDate returns for date-only input. */
export function isDateOnly(iso: string): boolean {
  return DAY_RE.test(iso);
}

/** A full ISO instant for ordering and windows: a date-only value counts as its start (00:00 UTC). */
export function toInstant(iso: string): string {
  return isDateOnly(iso) ? `${iso}T00:00:00.000Z` : iso;
}

function toIso(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, offsetMin = 0): string | undefined {
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  if (h > 23 || mi > 59 || s > 60) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - offsetMin * 60_000;
  return new Date(ms).toISOString();
}

function parseOffset(z: string): number | undefined {
  const lower = z.toLowerCase();
  const named = ZONES.get(lower);
  if (named !== undefined) return named;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return undefined;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (mins > 14 * 60) return undefined;
  return m[1] === '-' ? -mins : mins;
}

function parseTime(t: string): [number, number, number] | undefined {
  const m = TIME_RE.exec(t.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const mi = Number(m[2] ?? 0);
  const s = Number(m[3] ?? 0);
  const ampm = m[4]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    if (ampm === 'p' && h !== 12) h += 12;
    if (ampm === 'a' && h === 12) h = 0;
  }
  return [h, mi, s];
}

function parseIso(s: string): string | undefined {
  const m = ISO_RE.exec(s);
  if (!m) return undefined;
  const offset = m[7] ? parseOffset(m[7]) : 0;
  if (offset === undefined) return undefined;
  if (m[4] === undefined) return toDay(Number(m[1]), Number(m[2]), Number(m[3]));
  return toIso(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), offset);
}

/** Human dates: a scanner over tokens; every token must be a date part, a known zone, a weekday or a filler. */
function parseHuman(s: string): string | undefined {
  let month: number | undefined;
  let year: number | undefined;
  let day: number | undefined;
  let time: [number, number, number] | undefined;
  let offset: number | undefined;
  let rest = s;
  // Numeric dates inside longer strings ("2017-11-21 10:30 EST", "21/11/2017 at 10:30").
  const numeric = NUMERIC_DATE_TOKEN_RE.exec(rest);
  if (numeric?.[1]) {
    const ymd = parseNumericDate(numeric[1]);
    if (!ymd) return undefined;
    [year, month, day] = ymd;
    rest = rest.slice(0, numeric.index) + ' ' + rest.slice(numeric.index + numeric[0].length);
  }
  // Signed offsets ("+09:00", "-0500", "GMT+9", "UTC-05:00").
  const off = OFFSET_RE.exec(rest);
  if (off) {
    const mins = Number(off[2] ?? off[5]) * 60 + Number(off[3] ?? 0);
    if (mins > 14 * 60) return undefined;
    offset = (off[1] ?? off[4]) === '-' ? -mins : mins;
    rest = rest.slice(0, off.index) + ' ' + rest.slice(off.index + off[0].length);
  }
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(rest)) !== null) {
    if (m[1] !== undefined) {
      const tm = parseTime(m[1]);
      if (!tm || time) return undefined;
      time = tm;
    } else if (m[2] !== undefined) {
      const n = Number(m[2]);
      if (m[2].length === 4 && year === undefined) year = n;
      else if (m[2].length <= 2 && day === undefined && n >= 1 && n <= 31) day = n;
      else return undefined;
    } else if (m[3] !== undefined) {
      const w = m[3].toLowerCase();
      const mo = MONTHS.get(w);
      const zone = ZONES.get(w);
      if (mo !== undefined) {
        if (month !== undefined) return undefined;
        month = mo;
      } else if (zone !== undefined) {
        if (offset === undefined) offset = zone;
      } else if (!WEEKDAYS.has(w) && !FILLERS.has(w)) return undefined;
    } else if (m[4] === undefined) return undefined;
  }
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (time === undefined) return toDay(year, month, day);
  const [h, mi, sec] = time;
  return toIso(year, month, day, h, mi, sec, offset ?? 0);
}

/** "2017/11/21", "11/21/2017" (US when ambiguous), "21/11/2017", "21.11.2017" (day first) → [y, m, d]. */
function parseNumericDate(s: string): [number, number, number] | undefined {
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? SLASH_YMD_RE.exec(s);
  if (iso) return [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  const m = SLASH_DMY_RE.exec(s);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[3]);
  const y = Number(m[4]);
  if (m[2] === '.' || a > 12) return [y, b, a];
  return [y, a, b];
}

/** Parse a date in any supported format to ISO-8601 UTC; undefined when it is not (only) a date. */
export function parseDate(s: string): string | undefined {
  const t = s.trim();
  if (t.length < 6 || t.length > 80) return undefined;
  if (EPOCH_RE.test(t)) return parseEpoch(Number(t));
  return parseIso(t) ?? parseIso(t.replace(PREFIX_RE, '')) ?? parseHuman(t);
}

/** Epoch seconds or milliseconds (told apart by magnitude) → ISO-8601 UTC, or undefined when out of range. */
export function parseEpoch(n: number): string | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const ms = n < 1e11 ? n * 1000 : n;
  const d = new Date(Math.round(ms));
  const y = d.getUTCFullYear();
  return y >= 1900 && y <= 2100 ? d.toISOString() : undefined;
}

const HAS_DIGIT_RE = /\d/;
const PURE_NUMBER_RE = /^[\d\s.]+$/;

/** A line that is only a date (with optional "Published:"/"Updated" words): its ISO date, else undefined. */
export function parseDateLine(line: string): string | undefined {
  if (!HAS_DIGIT_RE.test(line) || PURE_NUMBER_RE.test(line)) return undefined;
  return parseDate(line);
}

const UPDATED_RE = /^\s*(?:last\s+)?(?:updated|modified)\b/i;

/** True when a date line announces an update rather than the publication ("Updated 10:30 AM"). */
export function isUpdatedLine(line: string): boolean {
  return UPDATED_RE.test(line);
}
