// Plain-text and Markdown articles (scraped pages saved as .txt, notes in .md): front matter, Markdown formatting,
// title line and paragraph blocks. Bylines, dates and boilerplate under the title are left to clean.ts, which
// recognizes them the same way for every format.
import { cleanAuthor, cleanTitle, isBoilerplate, normalizeLine } from './clean.js';
import { parseDate } from './dates.js';

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

/**
 * Parse a plain-text or Markdown article. The title comes from front matter, else the first line with letters that
 * is not page furniture (Markdown `#` removed); a first line too long to be a headline gives its first sentence
 * and stays in the body.
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
    // The first line with letters is the headline.
    for (let b = 0; b < blocks.length && raw.title === undefined; b++) {
      const lines = (blocks[b] ?? '').split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = normalizeLine(lines[i] ?? '');
        if (!HAS_LETTER_RE.test(line) || isBoilerplate(line)) continue;
        const title = cleanTitle(line);
        if (line.length > MAX_TITLE_CHARS) {
          raw.title = titleFromLead(title);
        } else {
          raw.title = title;
          lines.splice(i, 1);
          blocks[b] = lines.join('\n');
        }
        break;
      }
    }
  }
  raw.paragraphs = blocks.filter((b) => b.trim() !== '');
  return raw;
}
