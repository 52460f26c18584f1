// Generic article cleaning shared by every input format: turns a title and raw paragraphs (scraped text, Markdown,
// extracted HTML, JSON bodies) into a clean body. It drops repeated titles, duplicate lines and paragraphs, page
// furniture (share bars, cookie / newsletter notices, navigation bars … see lines.ts), bylines and date lines, moves
// photo captions aside, and strips a leading dateline. Bylines and dates found right under the title are returned
// when the caller did not know them. All patterns are compiled once at module level: this runs for every article.
import { bareName, cleanAuthor, matchByline, outletOrRole } from './byline.js';
import type { Byline } from './byline.js';
import { isUpdatedLine, parseDateLine } from './dates.js';
import {
  captionOf,
  cleanTitle,
  countWords,
  decodeEntities,
  isDatelineOnly,
  isFurniture,
  isMasthead,
  lineKey,
  normalizeLine,
  stripDateline,
} from './lines.js';

/** What the format parsers hand to the cleaner. `paragraphs` may hold several lines each ("\n"). */
export interface CleanInput {
  title: string;
  paragraphs: string[];
  author?: string;
  publishedAt?: string;
}

/** A cleaned article: body paragraphs joined by a blank line, captions apart. */
export interface CleanResult {
  title: string;
  body: string;
  captions: string[];
  author?: string;
  publishedAt?: string;
  /** An outlet named by the byline ("By Park Min-ji · Harbor Times"), for inputs that do not say their source. */
  source?: string;
}

/** How to clean. */
export interface CleanOptions {
  /** Decode HTML entities in the text (default true; HTML extraction has already decoded them). */
  decodeEntities?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Byline and date lines

const META_SPLIT_RE = /\s+[|·•]\s+|\s+[—–-]\s+/;
const MIN_READ_RE = /^\d+ min(?:ute)?s? read$/i;
/** A time without a date, optionally announced ("Updated 14:32 KST", "12:40 p.m. ET"). */
const TIME_ONLY_RE =
  /^(?:(?:last\s+)?(?:updated|modified|edited|posted|published)\b:?\s*(?:at\s+)?)?(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\b\.?)?|\d{1,2}\s*[ap]\.?\s?m\b\.?)(?:\s+[a-z]{2,5})?$/i;
const HAS_DIGIT_RE = /\d/;

type MetaKind =
  | { kind: 'date'; iso: string; updated: boolean }
  | { kind: 'time'; text: string; updated: boolean }
  | { kind: 'byline'; byline: Byline }
  | { kind: 'noise' };

interface Found {
  author?: string;
  outlet?: string;
  date?: string;
  updated?: string;
}

function metaPart(part: string, relaxed: boolean): MetaKind | undefined {
  if (HAS_DIGIT_RE.test(part)) {
    const iso = parseDateLine(part);
    if (iso) return { kind: 'date', iso, updated: isUpdatedLine(part) };
    if (TIME_ONLY_RE.test(part)) return { kind: 'time', text: part, updated: isUpdatedLine(part) };
    if (MIN_READ_RE.test(part)) return { kind: 'noise' };
  }
  const byline = matchByline(part, relaxed ? 'relaxed' : 'strict');
  return byline ? { kind: 'byline', byline } : undefined;
}

/** The parts of a "byline | date | time" line, or undefined when one part is something else. */
function splitMeta(line: string): MetaKind[] | undefined {
  const parts = line.split(META_SPLIT_RE);
  const kinds = parts.map((p) => metaPart(p, false));
  if (kinds.some((k) => k === undefined)) {
    // Next to a date, a bare name or "Name, Outlet" is a byline, and an outlet or role alone is part of it.
    if (!kinds.some((k) => k?.kind === 'date')) return undefined;
    for (let i = 0; i < parts.length; i++) {
      if (kinds[i] !== undefined) continue;
      const p = parts[i] as string;
      const role = outletOrRole(p);
      const k = role ? { kind: 'byline' as const, byline: role } : metaPart(p, true);
      if (!k) return undefined;
      kinds[i] = k;
    }
  }
  // "Nov 21, 2017 - 10:30 AM EST": a time right after a date belongs to it.
  for (let i = 1; i < kinds.length; i++) {
    const prev = kinds[i - 1];
    const k = kinds[i];
    if (k?.kind !== 'time' || k.updated || prev?.kind !== 'date') continue;
    const iso = parseDateLine(`${parts[i - 1] ?? ''} ${k.text}`);
    if (iso) kinds[i - 1] = { kind: 'date', iso, updated: prev.updated };
  }
  return kinds as MetaKind[];
}

const DATE_SEP_RE = /,\s+|\s+on\s+|\s+[|·•—–-]\s+/g;

/** "By Jane Doe, November 18, 2026" / "Jane Doe on 18 Nov 2026": a byline with a date after it. */
function bylineThenDate(line: string): MetaKind[] | undefined {
  DATE_SEP_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_SEP_RE.exec(line)) !== null) {
    const rest = line.slice(m.index + m[0].length);
    if (!HAS_DIGIT_RE.test(rest)) return undefined;
    const iso = parseDateLine(rest);
    if (!iso) continue;
    const byline = matchByline(line.slice(0, m.index), 'relaxed');
    return byline ? [{ kind: 'byline', byline }, { kind: 'date', iso, updated: isUpdatedLine(rest) }] : undefined;
  }
  return undefined;
}

/** Classify a byline, date or "byline | date | Updated time" line; undefined when it is not one. */
function metaLine(line: string): MetaKind[] | undefined {
  if (line.length > 160) return undefined;
  if (META_SPLIT_RE.test(line)) {
    const parts = splitMeta(line);
    if (parts) return parts;
  }
  const whole = metaPart(line, false);
  if (whole) return [whole];
  return HAS_DIGIT_RE.test(line) ? bylineThenDate(line) : undefined;
}

/** True for a byline, date or "byline | date" line (any format the cleaner drops from the body). */
export function isMetaLine(line: string): boolean {
  return countWords(line) <= 24 && (metaLine(line) !== undefined || isDatelineOnly(line));
}

function record(kinds: MetaKind[], found: Found): void {
  for (const k of kinds) {
    if (k.kind === 'byline') {
      if (k.byline.name) found.author ??= k.byline.name;
      if (k.byline.outlet) found.outlet ??= k.byline.outlet;
    } else if (k.kind === 'date') {
      if (k.updated) found.updated ??= k.iso;
      else found.date ??= k.iso;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cleaning

const LINE_SPLIT_RE = /\r?\n/;
const PROSE_END_RE = /[.!?"”’)]$/;
const HAS_WORD_CHAR_RE = /[A-Za-z0-9\u00C0-\u1FFF\u2C00-\u2DFF\u3040-\uFFEF]/;

/** Could `line` equal a title of this length once punctuation and spacing are ignored? (cheap pre-check) */
function nearLength(line: string, titleLength: number): boolean {
  return Math.abs(line.length - titleLength) <= titleLength * 0.3 + 8;
}

const firstLine = (p: string | undefined): string => (p ?? '').split('\n', 1)[0]?.trim() ?? '';
const lastLine = (p: string | undefined): string => (p ? p.slice(p.lastIndexOf('\n') + 1).trim() : '');

/** Clean an article: see the module header. Deterministic; never throws. */
export function cleanArticle(input: CleanInput, opts: CleanOptions = {}): CleanResult {
  const decode = opts.decodeEntities ?? true;
  const title = cleanTitle(input.title, decode);
  const titleKey = lineKey(title);
  const first = titleKey.charAt(0);
  // Cheap checks first: similar length, and the same first letter unless the line opens with punctuation.
  const isTitle = (line: string): boolean =>
    nearLength(line, title.length) &&
    (line.charAt(0).toLowerCase() === first || !HAS_WORD_CHAR_RE.test(line.charAt(0))) &&
    lineKey(line) === titleKey;
  const captions: string[] = [];
  const captionKeys = new Set<string>();
  const seenLines = new Set<string>();
  const found: Found = {};
  const addCaption = (c: string): void => {
    const k = lineKey(c);
    if (k === '' || captionKeys.has(k)) return;
    captionKeys.add(k);
    captions.push(c);
  };

  // Pass 1: every line, classified. Header zone = lines before the first kept line of prose.
  const blocks: string[][] = [];
  let inHeader = true;
  let headerLines = 0;
  const paras = input.paragraphs;
  for (let pi = 0; pi < paras.length; pi++) {
    const para = paras[pi] as string;
    const text = decode ? decodeEntities(para) : para;
    const raw = text.includes('\r') ? text.split(LINE_SPLIT_RE) : text.split('\n');
    const lines: string[] = [];
    for (let i = 0; i < raw.length; i++) lines.push(normalizeLine(raw[i] ?? ''));
    const kept: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line === '' || !HAS_WORD_CHAR_RE.test(line) || isTitle(line)) continue;
      const words = countWords(line);
      if (words <= 24) {
        const meta = metaLine(line);
        if (meta) {
          if (inHeader) record(meta, found);
          continue;
        }
      }
      if (inHeader && headerLines < 4 && words <= 6) {
        const name = bareName(line);
        const next = lines[i + 1] ?? firstLine(paras[pi + 1]);
        const prev = lines[i - 1] ?? lastLine(paras[pi - 1]);
        // A bare name is a byline next to a date line, or alone right under the title with prose after it.
        const alone = name && headerLines === 0 && lines.length === 1 && countWords(paras[pi + 1] ?? '') >= 20;
        if (name && (alone || parseDateLine(next) || parseDateLine(prev))) {
          found.author ??= name;
          continue;
        }
      }
      if (isFurniture(line, words) || (words <= 8 && isDatelineOnly(line))) continue;
      // An all-caps line before anything else is kept is a masthead or a kicker ("ANALYSIS").
      if (headerLines === 0 && isMasthead(line, words)) continue;
      const cap = captionOf(line);
      if (cap !== undefined) {
        addCaption(cap);
        continue;
      }
      const key = line.toLowerCase();
      if (seenLines.has(key) && (words >= 3 || lines.length === 1)) continue;
      seenLines.add(key);
      kept.push(line);
      headerLines++;
      if (words >= 8 || PROSE_END_RE.test(line) || headerLines >= 6) inHeader = false;
    }
    if (kept.length > 0) blocks.push(kept);
  }

  // Pass 2: paragraphs — captions spread over several lines, duplicates, leading dateline.
  const paragraphs: string[] = [];
  const seenParas = new Set<string>();
  for (const kept of blocks) {
    let p = kept.length === 1 ? (kept[0] as string) : kept.join(' ');
    if (paragraphs.length === 0) p = stripDateline(p);
    const key = p.toLowerCase();
    if (seenParas.has(key) || (kept.length > 1 && isTitle(p))) continue;
    if (kept.length > 1) {
      const cap = captionOf(p);
      if (cap !== undefined) {
        addCaption(cap);
        continue;
      }
    }
    seenParas.add(key);
    paragraphs.push(p);
  }

  const result: CleanResult = { title, body: paragraphs.join('\n\n'), captions };
  const author = cleanAuthor(input.author) ?? found.author;
  const publishedAt = input.publishedAt ?? found.date ?? found.updated;
  if (author) result.author = author;
  if (publishedAt) result.publishedAt = publishedAt;
  if (found.outlet) result.source = found.outlet;
  return result;
}
