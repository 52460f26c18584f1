// Entry point for ingest: one input (file content + where it came from) → one outcome per article it holds.
// Picks the format (extension, else sniffed), rejects empty / binary / oversized inputs, runs the format parser
// (text.ts, html.ts, json.ts), cleans with clean.ts and rejects what is left too short. Never throws for bad input:
// every problem becomes an `{ ok: false }` outcome with a reason a user can act on.
import type { ParsedArticle } from '../types.js';
import { cleanArticle } from './clean.js';
import { MAX_HTML_BYTES, parseHtmlArticle } from './html.js';
import { readJsonRecords, readJsonlRecords, recordToArticle } from './json.js';
import type { JsonRecord } from './json.js';
import { countWords } from './lines.js';
import { parseTextArticle } from './text.js';
import type { RawArticle } from './text.js';

/** The input formats we read. */
export type InputFormat = 'text' | 'markdown' | 'html' | 'json' | 'jsonl';

/** One article parsed, or one input (file or record) rejected with a reason. */
export type ParseOutcome = { ok: true; article: ParsedArticle } | { ok: false; origin: string; reason: string };

/** Options for parseInput. */
export interface ParseOptions {
  /** Force a format instead of guessing it from the extension / content. */
  format?: InputFormat;
  /** Minimum body length in words after cleaning (default MIN_BODY_WORDS). */
  minWords?: number;
}

/** Bodies shorter than this (in words, after cleaning) are rejected. */
export const MIN_BODY_WORDS = 25;
/** Text and Markdown inputs above this size are rejected (HTML: MAX_HTML_BYTES). */
export const MAX_TEXT_BYTES = 5 * 1024 * 1024;

const EXTENSIONS: ReadonlyMap<string, InputFormat> = new Map([
  ['txt', 'text'], ['text', 'text'], ['md', 'markdown'], ['markdown', 'markdown'], ['html', 'html'], ['htm', 'html'],
  ['xhtml', 'html'], ['json', 'json'], ['jsonl', 'jsonl'], ['ndjson', 'jsonl'],
]);
const EXT_RE = /\.([a-z0-9]+)$/i;
const URL_TAIL_RE = /[?#].*$/;

/** Format implied by a path's (or URL's) extension, or undefined when it says nothing. */
export function formatFromPath(path: string): InputFormat | undefined {
  const m = EXT_RE.exec(path.replace(URL_TAIL_RE, ''));
  return m ? EXTENSIONS.get((m[1] ?? '').toLowerCase()) : undefined;
}

const HTML_SNIFF_RE =
  /<(?:!doctype|html|head|body|p|div|article|section|main|h[1-6]|meta|title|span|a|br|ul|ol|table|figure)[\s>/]|<!--/i;
const MARKDOWN_SNIFF_RE = /^(?:---[ \t]*\n[\s\S]*?\n---|#{1,6}\s+\S)/;

function looksLikeJsonl(t: string): boolean {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < 2 && start < t.length) {
    let end = t.indexOf('\n', start);
    if (end === -1) end = t.length;
    const line = t.slice(start, end).trim();
    if (line !== '') lines.push(line);
    start = end + 1;
  }
  if (lines.length < 2) return false;
  const [a, b] = lines as [string, string];
  if (!a.startsWith('{') || !a.endsWith('}') || !b.startsWith('{')) return false;
  try {
    JSON.parse(a);
    return true;
  } catch {
    return false;
  }
}

/** Guess the format from content: HTML tags, JSON, several one-object lines (JSONL), front matter / `#`, else text. */
export function sniffFormat(content: string): InputFormat {
  const t = content.trimStart();
  if (t.startsWith('<') && HTML_SNIFF_RE.test(t.slice(0, 4096))) return 'html';
  if (t.startsWith('{') || t.startsWith('[')) return looksLikeJsonl(t) ? 'jsonl' : 'json';
  if (MARKDOWN_SNIFF_RE.test(t)) return 'markdown';
  return 'text';
}

const BINARY_SAMPLE = 65_536;
const NON_SPACE_RE = /\S/;
// Characters that never occur in text (tab, LF, FF and CR excepted): most inputs have none, which one native scan
// shows faster than the counting loop below.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const SUSPECT_CHAR_RE = /[\u0000-\u0008\u000B\u000E-\u001F\u007F\uFFFD]/;

/** Why content looks binary (NUL bytes, many replacement / control characters), or undefined when it is text. */
export function binaryReason(content: string): string | undefined {
  const sample = content.length > BINARY_SAMPLE ? content.slice(0, BINARY_SAMPLE) : content;
  if (!SUSPECT_CHAR_RE.test(sample)) return undefined;
  const n = Math.min(content.length, BINARY_SAMPLE);
  let nul = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = content.charCodeAt(i);
    if (c === 0) nul++;
    else if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 127) bad++;
  }
  if (nul > 0) return `binary content: ${nul} NUL byte${nul === 1 ? '' : 's'} in the first ${Math.ceil(n / 1024)} KB`;
  if (bad >= 4 && bad / n > 0.02) {
    return `binary content: ${((100 * bad) / n).toFixed(1)}% invalid UTF-8 or control characters`;
  }
  return undefined;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function reject(origin: string, reason: string): ParseOutcome {
  return { ok: false, origin, reason };
}

/** Clean a raw article and apply the final checks (title, minimum length). */
function finish(raw: RawArticle, origin: string, minWords: number): ParseOutcome {
  if (!raw.title) return reject(origin, 'no title found');
  const input: { title: string; paragraphs: string[]; author?: string; publishedAt?: string } = {
    title: raw.title,
    paragraphs: raw.paragraphs,
  };
  if (raw.author) input.author = raw.author;
  if (raw.publishedAt) input.publishedAt = raw.publishedAt;
  const cleaned = cleanArticle(input, { decodeEntities: raw.decoded !== true });
  if (cleaned.title === '') return reject(origin, 'no title found');
  const n = countWords(cleaned.body);
  if (n < minWords) return reject(origin, `too short after cleaning: ${n} word${n === 1 ? '' : 's'}`);
  const captions: string[] = [];
  for (const c of [...(raw.captions ?? []), ...cleaned.captions]) if (!captions.includes(c)) captions.push(c);
  const article: ParsedArticle = { title: cleaned.title, body: cleaned.body, captions, origin };
  if (cleaned.author) article.author = cleaned.author;
  if (cleaned.publishedAt) article.publishedAt = cleaned.publishedAt;
  if (raw.url) article.url = raw.url;
  const source = raw.source ?? cleaned.source;
  if (source) article.source = source;
  return { ok: true, article };
}

function fromRecords(records: JsonRecord[], origin: string, minWords: number): ParseOutcome[] {
  if (records.length === 0) return [reject(origin, 'no articles in file')];
  return records.map((r) => {
    const where = r.index === 0 ? origin : `${origin}#${r.index}`;
    if (!r.ok) return reject(where, r.reason);
    const raw = recordToArticle(r.value);
    return typeof raw === 'string' ? reject(where, raw) : finish(raw, where, minWords);
  });
}

/** Parse one input into articles: one outcome per article (per record for JSON/JSONL). Never throws. */
export function parseInput(content: string, origin: string, opts: ParseOptions = {}): ParseOutcome[] {
  const minWords = opts.minWords ?? MIN_BODY_WORDS;
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (!NON_SPACE_RE.test(text)) return [reject(origin, 'empty file')];
  const binary = binaryReason(text);
  if (binary) return [reject(origin, binary)];
  const format = opts.format ?? formatFromPath(origin) ?? sniffFormat(text);
  try {
    switch (format) {
      case 'json': {
        const records = readJsonRecords(text);
        const failed = records.length === 1 && records[0]?.ok === false && records[0].index === 0;
        if (failed && looksLikeJsonl(text.trimStart())) return fromRecords(readJsonlRecords(text), origin, minWords);
        return fromRecords(records, origin, minWords);
      }
      case 'jsonl':
        return fromRecords(readJsonlRecords(text), origin, minWords);
      case 'html': {
        const size = Buffer.byteLength(text, 'utf8');
        if (size > MAX_HTML_BYTES) return [reject(origin, `too large: ${megabytes(size)} (HTML limit ${megabytes(MAX_HTML_BYTES)})`)];
        return [finish(parseHtmlArticle(text), origin, minWords)];
      }
      case 'text':
      case 'markdown': {
        const size = Buffer.byteLength(text, 'utf8');
        if (size > MAX_TEXT_BYTES) return [reject(origin, `too large: ${megabytes(size)} (limit ${megabytes(MAX_TEXT_BYTES)})`)];
        return [finish(parseTextArticle(text, format === 'markdown'), origin, minWords)];
      }
    }
  } catch (err) {
    // A parser bug must not take the batch down; report it against this input.
    return [reject(origin, `could not parse ${format}: ${err instanceof Error ? err.message : String(err)}`)];
  }
}
