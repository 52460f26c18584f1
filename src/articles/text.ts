// Plain-text and Markdown articles (scraped pages saved as .txt, notes in .md): front matter, Markdown formatting,
// the title among the top lines (skipping navigation bars, mastheads, cookie and share lines) and paragraph
// blocks. Bylines, dates and boilerplate under the title are left to clean.ts, which recognizes them the same way
// for every format.
import { cleanAuthor, outletOrRole } from './byline.js';
import { isMetaLine } from './clean.js';
import { parseDate } from './dates.js';
import {
  captionOf,
  cleanTitle,
  countWords,
  isFurniture,
  isMasthead,
  lineKey,
  normalizeLine,
  stripSiteSuffix,
} from './lines.js';

/** What a format parser extracts before cleaning; shared by text, Markdown, HTML and JSON. */
export interface RawArticle {
  title?: string;
  paragraphs: string[];
  author?: string;
  publishedAt?: string;
  url?: string;
  source?: string;
  captions?: string[];
  /** True when entities are already decoded (HTML extraction), so cleaning must not decode twice. */
  decoded?: boolean;
}

const NEWLINE_RE = /\r\n?/g;
const BLANK_LINE_RE = /\n[ \t\u00A0]*\n/;
const FRONT_MATTER_RE = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const FM_LINE_RE = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/;
const FM_LIST_ITEM_RE = /^\s*-\s+(.+)$/;
const QUOTED_RE = /^(["'])(.*)\1$/;

/** Split text into paragraph blocks: blank-line separated, or one per line when the text has no blank lines. */
export function textToParagraphs(text: string): string[] {
  const t = (text.includes('\r') ? text.replace(NEWLINE_RE, '\n') : text).trim();
  if (t === '') return [];
  if (BLANK_LINE_RE.test(t)) return t.split(BLANK_LINE_RE).map((b) => b.trim()).filter((b) => b !== '');
  return t.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** Front matter fields (lowercased keys) and the text after it. */
export interface FrontMatter {
  fields: Map<string, string>;
  rest: string;
}

function unquote(v: string): string {
  const s = v.trim();
  const m = QUOTED_RE.exec(s);
  return m ? (m[2] ?? '') : s;
}

/** Simple YAML front matter: `key: value` lines (quotes stripped, `[a, b]` and `- item` lists joined by ", "). */
export function readFrontMatter(text: string): FrontMatter | undefined {
  const m = FRONT_MATTER_RE.exec(text);
  if (!m) return undefined;
  const fields = new Map<string, string>();
  let listKey: string | undefined;
  for (const line of (m[1] ?? '').split('\n')) {
    const item = FM_LIST_ITEM_RE.exec(line);
    if (item && listKey) {
      const prev = fields.get(listKey);
      const v = unquote(item[1] ?? '');
      fields.set(listKey, prev ? `${prev}, ${v}` : v);
      continue;
    }
    const kv = FM_LINE_RE.exec(line);
    if (!kv) continue;
    const key = (kv[1] ?? '').toLowerCase();
    let value = (kv[2] ?? '').trim();
    if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1).split(',').map(unquote).join(', ');
    else value = unquote(value);
    listKey = value === '' ? key : undefined;
    if (value !== '') fields.set(key, value);
  }
  return { fields, rest: text.slice(m[0].length) };
}

function pick(fields: Map<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = fields.get(k);
    if (v) return v;
  }
  return undefined;
}

// Markdown: applied line by line, patterns compiled once.
// Bracket classes exclude "[" too, so a run of unmatched brackets cannot make these quadratic.
const MD_IMAGE_RE = /!\[[^[\]]*\]\([^()]*\)|!\[[^[\]]*\]\[[^[\]]*\]/g;
const MD_LINK_RE = /\[([^[\]]+)\]\((?:[^()]|\([^()]*\))*\)/g;
const MD_REF_LINK_RE = /\[([^[\]]+)\]\[[^[\]]*\]/g;
const MD_REF_DEF_RE = /^\s{0,3}\[[^\]]+\]:\s+\S+.*$/;
const MD_AUTOLINK_RE = /<(https?:\/\/[^>\s]+)>/g;
const MD_HEADING_RE = /^\s{0,3}#{1,6}\s+/;
const MD_HEADING_CLOSE_RE = /\s+#+\s*$/;
const MD_SETEXT_RE = /^\s{0,3}(?:=+|-+)\s*$/;
const MD_RULE_RE = /^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$/;
const MD_QUOTE_RE = /^\s{0,3}(?:>\s?)+/;
const MD_BULLET_RE = /^\s*[-*+]\s+/;
const MD_FENCE_RE = /^\s{0,3}(?:```|~~~)/;
const MD_STRONG_RE = /(\*\*|__)(?=\S)([\s\S]*?\S)\1/g;
const MD_EM_STAR_RE = /(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g;
const MD_EM_UNDER_RE = /(^|[^\w_])_(?=\S)([^_]*?\S)_(?![\w_])/g;
const MD_STRIKE_RE = /~~(?=\S)([\s\S]*?\S)~~/g;
const MD_CODE_RE = /`([^`]+)`/g;
const MD_TAG_RE = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi;
const MD_ESCAPE_RE = /\\([\\`*_{}[\]()#+\-.!>~|])/g;
const BLOCK_START_RE = /^\s{0,3}[`~*\-_=#>+[|:]/;
const MD_TABLE_SEP_RE = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/** Strip Markdown formatting to plain text (headings kept as their text, images dropped, links → their text). */
export function stripMarkdown(md: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const rawLine of md.split('\n')) {
    // Block syntax starts with one of these characters (after up to 3 spaces); plain prose skips those checks.
    const block = BLOCK_START_RE.test(rawLine);
    if (block && MD_FENCE_RE.test(rawLine)) {
      inFence = !inFence;
      out.push('');
      continue;
    }
    if (inFence) {
      out.push(rawLine);
      continue;
    }
    if (block && (MD_RULE_RE.test(rawLine) || MD_REF_DEF_RE.test(rawLine) || MD_TABLE_SEP_RE.test(rawLine))) {
      out.push('');
      continue;
    }
    if (block && MD_SETEXT_RE.test(rawLine) && out.length > 0 && (out[out.length - 1] ?? '').trim() !== '') {
      out.push(''); // underline of a setext heading: the heading text above stays a paragraph
      continue;
    }
    let line = rawLine;
    const heading = block && MD_HEADING_RE.test(line);
    if (heading) line = line.replace(MD_HEADING_RE, '').replace(MD_HEADING_CLOSE_RE, '');
    let bullet = false;
    if (block) {
      line = line.replace(MD_QUOTE_RE, '');
      bullet = MD_BULLET_RE.test(line);
      if (bullet) line = line.replace(MD_BULLET_RE, '');
    }
    // Each rewrite only when its marker is present: most lines have none.
    if (line.includes('[')) {
      if (line.includes('![')) line = line.replace(MD_IMAGE_RE, '');
      if (line.includes('](')) line = line.replace(MD_LINK_RE, '$1');
      if (line.includes('][')) line = line.replace(MD_REF_LINK_RE, '$1');
    }
    if (line.includes('<')) line = line.replace(MD_AUTOLINK_RE, '$1').replace(MD_TAG_RE, '');
    if (line.includes('`')) line = line.replace(MD_CODE_RE, '$1');
    if (line.includes('**') || line.includes('__')) line = line.replace(MD_STRONG_RE, '$2');
    if (line.includes('~~')) line = line.replace(MD_STRIKE_RE, '$1');
    if (line.includes('*')) line = line.replace(MD_EM_STAR_RE, '$1$2');
    if (line.includes('_')) line = line.replace(MD_EM_UNDER_RE, '$1$2');
    if (line.includes('\\')) line = line.replace(MD_ESCAPE_RE, '$1');
    if (heading || bullet) {
      // Headings and list items are paragraphs of their own even without blank lines around them.
      out.push('', line, '');
    } else out.push(line);
  }
  return out.join('\n');
}

const MAX_TITLE_CHARS = 200;
const SENTENCE_END_RE = /^(.{20,150}?[.!?])(?:\s|$)/;

/** A title from a lead paragraph: its first sentence, or its first ~120 characters cut at a word. */
export function titleFromLead(line: string): string {
  const m = SENTENCE_END_RE.exec(line);
  if (m?.[1]) return m[1];
  const cut = line.slice(0, 120);
  const sp = cut.lastIndexOf(' ');
  return `${sp > 40 ? cut.slice(0, sp) : cut}…`;
}

const HAS_LETTER_RE = /\p{L}/u;
/** Title detection looks at this many lines with letters at the top of the page. */
const SCAN_LINES = 15;
/** A line this long (in words) is prose: the body has started. */
const PROSE_WORDS = 25;
const ENDS_WITH_PERIOD_RE = /\.$/;
/** A sentence of at least this many words is a lead paragraph, not a headline. */
const LEAD_WORDS = 20;
const PROSE_END_RE = /[.!?]["”’)]?$/;
/** An all-capitals line of at least this many words can be a headline rather than a masthead. */
const CAPS_HEADLINE_WORDS = 4;
const PIPE_SUFFIX_RE = /\s[|·•]\s/;

type LineClass = 'candidate' | 'lead' | 'masthead' | 'keep' | 'furniture';

interface TopLine {
  block: number;
  index: number;
  text: string;
  cls: LineClass;
  words: number;
}

function classify(text: string): { cls: LineClass; words: number } {
  // Too long for a headline, or a long sentence: the lead paragraph.
  if (text.length > MAX_TITLE_CHARS) return { cls: 'lead', words: PROSE_WORDS };
  const words = countWords(text);
  if (words >= LEAD_WORDS && PROSE_END_RE.test(text)) return { cls: 'lead', words };
  if (isMetaLine(text) || captionOf(text) !== undefined) return { cls: 'keep', words };
  if (isFurniture(text, words)) return { cls: 'furniture', words };
  // All capitals ("WARD ROUND NEWS") or only an outlet's name ("The Harbor Times"): a masthead, unless nothing
  // better follows.
  if (isMasthead(text, words) || outletOrRole(text)?.outlet !== undefined) return { cls: 'masthead', words };
  return { cls: 'candidate', words };
}

/** The first lines with letters, classified. */
function topLines(blocks: string[]): TopLine[] {
  const out: TopLine[] = [];
  for (let b = 0; b < blocks.length && out.length < SCAN_LINES; b++) {
    const lines = (blocks[b] ?? '').split('\n');
    for (let i = 0; i < lines.length && out.length < SCAN_LINES; i++) {
      const text = normalizeLine(lines[i] ?? '');
      if (!HAS_LETTER_RE.test(text)) continue;
      out.push({ block: b, index: i, text, ...classify(text) });
    }
  }
  return out;
}

/**
 * The headline among the top lines: a headline-like line repeated before the body starts (scraped pages repeat
 * their title), else the first line that is not page furniture, a byline, a date or a masthead, else a masthead.
 */
function chooseTitle(top: TopLine[]): TopLine | undefined {
  const counts = new Map<string, number>();
  for (const t of top) {
    if (t.cls !== 'candidate') continue;
    const k = lineKey(t.text);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  for (const t of top) {
    if (t.cls === 'lead' || (t.cls === 'candidate' && t.words >= PROSE_WORDS)) break;
    const headline = t.cls === 'candidate' && t.words >= 3 && !ENDS_WITH_PERIOD_RE.test(t.text);
    if (headline && (counts.get(lineKey(t.text)) ?? 0) >= 2) return t;
  }
  let caps: TopLine | undefined;
  for (const t of top) {
    if (t.cls === 'candidate') return t;
    // Above a lead paragraph, a headline set in capitals beats a title cut from the lead.
    if (t.cls === 'lead') return caps ?? t;
    if (t.cls === 'masthead' && t.words >= CAPS_HEADLINE_WORDS && t.text === t.text.toUpperCase()) caps ??= t;
  }
  return top.find((t) => t.cls === 'masthead');
}

/**
 * Find the title of a text page and take it out of the blocks. Lines above it (navigation, mastheads, cookie
 * notices, anything but bylines, dates and captions) are dropped; a lead paragraph used as the title stays.
 */
function takeTitle(blocks: string[]): string | undefined {
  const top = topLines(blocks);
  const chosen = chooseTitle(top);
  if (!chosen) {
    // Nothing usable at the top: the first line with letters that is not furniture or metadata, anywhere.
    for (const block of blocks) {
      for (const raw of block.split('\n')) {
        const line = normalizeLine(raw);
        if (!HAS_LETTER_RE.test(line) || isFurniture(line) || isMetaLine(line)) continue;
        return line.length > MAX_TITLE_CHARS ? titleFromLead(cleanTitle(line)) : cleanTitle(line);
      }
    }
    return undefined;
  }
  const drop = new Map<number, Set<number>>();
  const mark = (t: TopLine): void => {
    const set = drop.get(t.block) ?? new Set<number>();
    set.add(t.index);
    drop.set(t.block, set);
  };
  for (const t of top) {
    if (t === chosen) break;
    if (t.cls !== 'keep') mark(t);
  }
  const lead = chosen.cls === 'lead';
  if (!lead) mark(chosen);
  for (const [b, set] of drop) {
    blocks[b] = (blocks[b] ?? '').split('\n').filter((_, i) => !set.has(i)).join('\n');
  }
  const title = cleanTitle(chosen.text);
  if (lead) return titleFromLead(title);
  return PIPE_SUFFIX_RE.test(title) ? stripSiteSuffix(title) : title;
}

/**
 * Parse a plain-text or Markdown article. The title comes from front matter, else from the top lines (see
 * takeTitle: Markdown `#` removed, page furniture skipped, a repeated headline preferred); a first line too long
 * to be a headline gives its first sentence and stays in the body.
 */
export function parseTextArticle(content: string, markdown: boolean): RawArticle {
  let text = content.includes('\r') ? content.replace(NEWLINE_RE, '\n') : content;
  const raw: RawArticle = { paragraphs: [] };
  const fm = readFrontMatter(text);
  if (fm) {
    text = fm.rest;
    const f = fm.fields;
    const title = pick(f, ['title', 'headline']);
    if (title) raw.title = cleanTitle(title);
    const author = cleanAuthor(pick(f, ['author', 'authors', 'byline', 'by']));
    if (author) raw.author = author;
    const date = pick(f, ['date', 'published', 'publishedat', 'published_at', 'pubdate', 'publish_date', 'created']);
    const iso = date ? parseDate(date) : undefined;
    if (iso) raw.publishedAt = iso;
    const url = pick(f, ['url', 'link', 'canonical', 'canonical_url', 'source_url']);
    if (url) raw.url = url;
    const source = pick(f, ['source', 'publisher', 'site', 'site_name', 'outlet']);
    if (source) raw.source = source;
  }
  if (markdown) text = stripMarkdown(text);
  const blocks = textToParagraphs(text);
  if (raw.title === undefined) {
    const title = takeTitle(blocks);
    if (title) raw.title = title;
  }
  raw.paragraphs = blocks.filter((b) => b.trim() !== '');
  return raw;
}
