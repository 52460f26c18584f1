// JSON and JSONL article records. A JSON file holds one object, an array of objects, or a container
// (`{ "articles": [...] }`, also `items` / `entries` / `data`, which covers JSON Feed). Each record is mapped from
// the field names common in exports and APIs (title, body|text|content, url|link, author|byline, date …) to a
// RawArticle; bad records become a reason string so the rest of the file still parses.
import { cleanAuthor } from './byline.js';
import { cleanTitle } from './lines.js';
import { parseDate, parseEpoch } from './dates.js';
import { htmlToLine, htmlToParagraphs, looksLikeHtml } from './html.js';
import { textToParagraphs } from './text.js';
import type { RawArticle } from './text.js';

/** One record of a JSON/JSONL file: its value, or why it could not be read. `index` is 1-based; 0 = the whole file. */
export type JsonRecord = { index: number; ok: true; value: unknown } | { index: number; ok: false; reason: string };

const CONTAINER_KEYS = ['articles', 'items', 'entries', 'data', 'results', 'stories', 'posts'] as const;
const POSITION_RE = /position (\d+)/;
const LINE_COL_RE = /\(line \d+ column \d+\)/;
const AT_POSITION_RE = /\s*(?:in JSON )?at position \d+/;
const CONTEXT_RE = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/;
const CONTEXT_TAIL_RE = /, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/;

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Where JSON.parse failed: from "at position N", else located from V8's quoted context, else unknown (-1). */
function errorPosition(msg: string, text: string): number {
  const pos = POSITION_RE.exec(msg);
  if (pos) return Number(pos[1]);
  if (msg.startsWith('Unexpected end of JSON input')) return text.length;
  const ctx = CONTEXT_RE.exec(msg);
  if (!ctx) return -1;
  const snippet = ctx[3] ?? '';
  const at = text.indexOf(snippet);
  if (at < 0) return -1;
  // V8 quotes 10 characters before the bad token when it cuts the context ("...").
  return at + (ctx[2] ? 10 : Math.max(0, snippet.indexOf(ctx[1] ?? '')));
}

/** JSON.parse's message with the line number made explicit ("invalid JSON at line 4: Unexpected token …"). */
function jsonError(err: unknown, text: string, lineOffset = 0): string {
  const msg = err instanceof Error ? err.message : String(err);
  const pos = errorPosition(msg, text);
  const line = (pos >= 0 ? lineAt(text, pos) : 1) + lineOffset;
  const short = msg
    .replace(CONTEXT_TAIL_RE, '')
    .replace(LINE_COL_RE, '')
    .replace(AT_POSITION_RE, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `invalid JSON at line ${line}: ${short}`;
}

/** Records of a JSON document (object, array, or object with an array under a container key). */
export function readJsonRecords(content: string): JsonRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (err) {
    return [{ index: 0, ok: false, reason: jsonError(err, content) }];
  }
  let list: unknown[] | undefined;
  if (Array.isArray(doc)) list = doc;
  else if (doc && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    for (const k of CONTAINER_KEYS) {
      const v = o[k];
      if (Array.isArray(v)) {
        list = v;
        break;
      }
    }
    if (!list) return [{ index: 0, ok: true, value: doc }];
  } else return [{ index: 0, ok: false, reason: 'not an article: expected an object' }];
  return list.map((value, i) => ({ index: i + 1, ok: true as const, value }));
}

/** Records of a JSONL / NDJSON file: one JSON value per non-blank line; a broken line fails alone. */
export function readJsonlRecords(content: string): JsonRecord[] {
  const out: JsonRecord[] = [];
  const lines = content.split('\n');
  let index = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    index++;
    try {
      out.push({ index, ok: true, value: JSON.parse(line) });
    } catch (err) {
      out.push({ index, ok: false, reason: jsonError(err, line, i) });
    }
  }
  return out;
}

type Obj = Record<string, unknown>;

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    // WordPress REST: { rendered: "…" }; Atom-ish: { "#text": "…" } / { value: "…" }
    const o = v as Obj;
    for (const k of ['rendered', '#text', 'value', 'text']) if (typeof o[k] === 'string') return str(o[k]);
  }
  return undefined;
}

function firstStr(o: Obj, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = str(o[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (Array.isArray(v)) {
    const names = v.map(nameOf).filter((n): n is string => n !== undefined);
    return names.length > 0 ? names.join(', ') : undefined;
  }
  if (v && typeof v === 'object') {
    const o = v as Obj;
    for (const k of ['name', 'title', 'displayName', 'display_name']) if (typeof o[k] === 'string') return nameOf(o[k]);
  }
  return undefined;
}

function urlOf(v: unknown): string | undefined {
  const s = typeof v === 'string' ? v : v && typeof v === 'object' ? (v as Obj).href : undefined;
  return typeof s === 'string' && /^https?:\/\/\S+$/i.test(s.trim()) ? s.trim() : undefined;
}

const TITLE_KEYS = ['title', 'headline'];
const BODY_KEYS = ['body', 'text', 'content', 'content_html', 'content_text', 'article', 'articleBody', 'story'];
const FALLBACK_BODY_KEYS = ['description', 'summary'];
const URL_KEYS = ['url', 'link', 'canonical_url', 'external_url', 'permalink'];
const SOURCE_KEYS = ['source', 'publisher', 'site', 'site_name', 'source_name'];
const AUTHOR_KEYS = ['author', 'byline', 'authors', 'creator'];
const DATE_KEYS = [
  'publishedAt', 'published_at', 'date', 'pubDate', 'published', 'date_published', 'datePublished', 'publishDate',
  'publish_date', 'isoDate',
];

function dateOf(v: unknown): string | undefined {
  if (typeof v === 'number') return parseEpoch(v);
  if (typeof v === 'string') return parseDate(v);
  return undefined;
}

/** Map one record to a RawArticle, or return why it is not an article. Missing title / empty body are reasons. */
export function recordToArticle(value: unknown): RawArticle | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not an article: expected an object';
  const o = value as Obj;
  const rawTitle = firstStr(o, TITLE_KEYS);
  if (rawTitle === undefined) return 'missing title';
  const title = cleanTitle(htmlToLine(rawTitle), false);
  if (title === '') return 'missing title';

  let bodyValue: unknown;
  for (const k of BODY_KEYS) {
    const v = o[k];
    if (str(v) !== undefined || (Array.isArray(v) && v.some((p) => typeof p === 'string' && p.trim() !== ''))) {
      bodyValue = v;
      break;
    }
  }
  bodyValue ??= firstStr(o, FALLBACK_BODY_KEYS);
  const raw: RawArticle = { title, paragraphs: [] };
  if (Array.isArray(bodyValue)) {
    raw.paragraphs = bodyValue.filter((p): p is string => typeof p === 'string').flatMap(textToParagraphs);
  } else {
    const body = str(bodyValue);
    if (body === undefined) return 'body is empty';
    if (looksLikeHtml(body)) {
      const h = htmlToParagraphs(body);
      raw.paragraphs = h.paragraphs;
      raw.decoded = true;
      if (h.captions.length > 0) raw.captions = h.captions;
    } else raw.paragraphs = textToParagraphs(body);
  }
  if (raw.paragraphs.length === 0) return 'body is empty';

  for (const k of URL_KEYS) {
    const u = urlOf(o[k]);
    if (u) {
      raw.url = u;
      break;
    }
  }
  for (const k of SOURCE_KEYS) {
    const s = nameOf(o[k]);
    if (s) {
      raw.source = s;
      break;
    }
  }
  for (const k of AUTHOR_KEYS) {
    const a = cleanAuthor(nameOf(o[k]));
    if (a) {
      raw.author = a;
      break;
    }
  }
  for (const k of DATE_KEYS) {
    if (o[k] === undefined) continue;
    const iso = dateOf(o[k]);
    if (iso) {
      raw.publishedAt = iso;
      break;
    }
  }
  return raw;
}
