// HTML articles. Full pages go through linkedom + Mozilla Readability to find the main content; metadata comes
// from meta tags, JSON-LD and <time>. Captions (<figcaption>, *caption* classes) are taken out before extraction
// so they land in `captions`, never in the body; ads, share bars, newsletter boxes, cookie banners, related links
// and comments are removed by their class / id words. The URL is og:url (the page's own address) before the
// canonical link. `htmlToParagraphs` is a fast regex converter for HTML fragments (JSON `content` fields and
// Readability's output), which avoids a second DOM parse.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { cleanAuthor } from './byline.js';
import { cleanTitle, decodeEntities, normalizeLine, stripSiteSuffix } from './lines.js';
import { parseDate } from './dates.js';
import { titleFromLead } from './text.js';
import type { RawArticle } from './text.js';

/** Pages above this size are rejected before any DOM work. */
export const MAX_HTML_BYTES = 5 * 1024 * 1024;
const MAX_ELEMENTS = 30_000;

// ---------------------------------------------------------------------------------------------------------------
// Fast fragment → paragraphs

// Elements whose text is never body text (or, for figcaption, goes to captions). Removed by a linear scan with
// indexOf rather than a lazy regex, which would be quadratic on unclosed tags.
const SPECIAL_OPEN_RE = /<!--|<(script|style|noscript|template|svg|iframe|object|embed|canvas|head|select|button|figcaption)\b/gi;
const WS_RE = /\s+/g;
const BR_RE = /<br\b[^<>]*>/gi;
const BLOCK_RE =
  /<\/?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|section|article|header|footer|aside|nav|main|figure|table|thead|tbody|tfoot|tr|td|th|pre|hr|address|details|summary|center|caption)\b[^<>]*>/gi;
const TAG_RE = /<[^<>]*>/g;
const PARA_SPLIT_RE = /\s*\n\s*\n\s*/;
const HTML_TAG_HINT_RE =
  /<(?:p|br|div|h[1-6]|ul|ol|li|blockquote|figure|figcaption|img|a|span|strong|em|b|i|article|section|table)\b[^>]*>/i;

/** True when a string contains HTML markup (rather than text with a stray "<"). */
export function looksLikeHtml(s: string): boolean {
  return s.includes('<') && HTML_TAG_HINT_RE.test(s);
}

/** Plain text of a small HTML snippet (one line): tags removed, entities decoded, spaces normalized. */
export function htmlToLine(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return normalizeLine(html);
  return normalizeLine(decodeEntities(html.replace(TAG_RE, ' ')));
}

/** Remove comments and non-content elements (an unclosed one runs to the end); figcaption text goes to `captions`. */
function stripSpecial(html: string, captions: string[]): string {
  if (!html.includes('<')) return html;
  const lower = html.toLowerCase();
  let out = '';
  let last = 0;
  SPECIAL_OPEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPECIAL_OPEN_RE.exec(html)) !== null) {
    const start = m.index;
    let end = html.length;
    const name = m[1]?.toLowerCase();
    if (name === undefined) {
      const close = lower.indexOf('-->', start + 4);
      if (close !== -1) end = close + 3;
    } else {
      const close = lower.indexOf(`</${name}`, start + m[0].length);
      if (close !== -1) {
        const gt = lower.indexOf('>', close);
        end = gt === -1 ? html.length : gt + 1;
      }
      if (name === 'figcaption') {
        const openEnd = lower.indexOf('>', start);
        const c = openEnd === -1 ? '' : htmlToLine(html.slice(openEnd + 1, close === -1 ? html.length : close));
        if (c !== '') captions.push(c);
      }
    }
    out += `${html.slice(last, start)} `;
    last = end;
    SPECIAL_OPEN_RE.lastIndex = end;
  }
  return out + html.slice(last);
}

/** HTML fragment → paragraphs (block elements and blank lines split; <br> keeps a line break) and figcaptions. */
export function htmlToParagraphs(html: string): { paragraphs: string[]; captions: string[] } {
  const captions: string[] = [];
  let s = stripSpecial(html, captions);
  s = s.replace(WS_RE, ' ').replace(BR_RE, '\n').replace(BLOCK_RE, '\n\n').replace(TAG_RE, '');
  s = decodeEntities(s);
  const paragraphs: string[] = [];
  for (const block of s.split(PARA_SPLIT_RE)) {
    const lines = block.split('\n').map(normalizeLine).filter((l) => l !== '');
    if (lines.length > 0) paragraphs.push(lines.join('\n'));
  }
  return { paragraphs, captions };
}

// ---------------------------------------------------------------------------------------------------------------
// DOM (linkedom) — the small structural subset we use, so no DOM lib types are needed.

interface DomElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly innerHTML: string;
  readonly parentElement: DomElement | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement> & { readonly length: number };
  remove(): void;
}

interface DomDocument {
  readonly body: DomElement | null;
  readonly title: string;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement> & { readonly length: number };
}

const FULL_DOC_RE = /<html[\s>]|<body[\s>]|<!doctype/i;

function loadDocument(html: string): DomDocument {
  const page = FULL_DOC_RE.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  return parseHTML(page).document as unknown as DomDocument;
}

function textOf(el: DomElement | null): string {
  return el ? normalizeLine(el.textContent ?? '') : '';
}

/** Meta tags by lowercased name / property / itemprop (first value wins). */
function readMeta(doc: DomDocument): Map<string, string> {
  const meta = new Map<string, string>();
  for (const el of doc.querySelectorAll('meta')) {
    const content = el.getAttribute('content');
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = el.getAttribute(attr)?.toLowerCase();
      if (key && !meta.has(key)) meta.set(key, content.trim());
    }
  }
  return meta;
}

function firstMeta(meta: Map<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = meta.get(k);
    if (v) return v;
  }
  return undefined;
}

interface LdInfo {
  headline?: string;
  datePublished?: string;
  author?: string;
  publisher?: string;
  url?: string;
}

const ARTICLE_TYPE_RE = /article|posting|report/i;

function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const names = v.map(nameOf).filter((n): n is string => !!n);
    return names.length > 0 ? names.join(', ') : undefined;
  }
  if (v && typeof v === 'object' && 'name' in v && typeof v.name === 'string') return v.name;
  return undefined;
}

/** JSON-LD: the first Article-like object (searching arrays and @graph). */
function readJsonLd(doc: DomDocument): LdInfo {
  const info: LdInfo = {};
  const visit = (node: unknown, depth: number): boolean => {
    if (depth > 6 || !node || typeof node !== 'object') return false;
    if (Array.isArray(node)) return node.some((n) => visit(n, depth + 1));
    const o = node as Record<string, unknown>;
    if ('@graph' in o && visit(o['@graph'], depth + 1)) return true;
    const type = o['@type'];
    const types = Array.isArray(type) ? type.join(' ') : typeof type === 'string' ? type : '';
    if (!ARTICLE_TYPE_RE.test(types)) return false;
    if (typeof o.headline === 'string') info.headline = o.headline;
    if (typeof o.datePublished === 'string') info.datePublished = o.datePublished;
    const author = nameOf(o.author);
    if (author) info.author = author;
    const publisher = nameOf(o.publisher);
    if (publisher) info.publisher = publisher;
    if (typeof o.url === 'string') info.url = o.url;
    return true;
  };
  for (const el of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      if (visit(JSON.parse(el.textContent ?? ''), 0)) break;
    } catch {
      // a broken JSON-LD block is just ignored
    }
  }
  return info;
}

const CAPTION_SELECTOR = 'figcaption, [class*="caption"], [class*="Caption"], [itemprop="caption"]';
const NOISE_SELECTOR = 'script, style, noscript, template, iframe, svg, object, embed, canvas';
const HTTP_RE = /^\s*https?:\/\//i;
const CHROME_SELECTOR = 'nav, header, footer, aside, [role="navigation"], [role="banner"], [role="contentinfo"]';
const MAX_CAPTION_CHARS = 600;

/** Take captions out of the document (returned in page order, de-duplicated). */
function takeCaptions(doc: DomDocument): string[] {
  const els = [...doc.querySelectorAll(CAPTION_SELECTOR)];
  const chosen = new Set<DomElement>();
  const out: string[] = [];
  for (const el of els) {
    let p = el.parentElement;
    let nested = false;
    while (p && !nested) {
      if (chosen.has(p)) nested = true;
      p = p.parentElement;
    }
    if (nested) continue;
    const text = textOf(el);
    if (text.length > MAX_CAPTION_CHARS) continue; // a container that merely has "caption" in its class
    chosen.add(el);
    if (text !== '' && !out.includes(text)) out.push(text);
  }
  for (const el of chosen) el.remove();
  return out;
}

/** Class / id words of page furniture: ads, share bars, newsletter boxes, cookie banners, related links, comments. */
const FURNITURE_WORDS: ReadonlySet<string> = new Set([
  'ad', 'ads', 'advert', 'adverts', 'advertisement', 'advertising', 'sponsor', 'sponsored', 'promo', 'promoted',
  'newsletter', 'newsletters', 'subscribe', 'subscription', 'signup', 'share', 'sharing', 'sharebar', 'social',
  'related', 'recommended', 'comments', 'comment', 'disqus', 'cookie', 'cookies', 'consent', 'gdpr', 'popup',
  'modal', 'tags', 'breadcrumb', 'breadcrumbs', 'ticker', 'paywall', 'outbrain', 'taboola',
]);
const CLASS_SPLIT_RE = /[\s_-]+|(?<=[a-z])(?=[A-Z])/;
const KEEP_TAGS: ReadonlySet<string> = new Set(['HTML', 'BODY', 'MAIN', 'ARTICLE', 'H1']);
/** A furniture element holding more than this share of the page's text is a wrapper of the article: kept. */
const MAX_FURNITURE_SHARE = 0.3;

function isFurnitureElement(el: DomElement): boolean {
  if (KEEP_TAGS.has(el.tagName.toUpperCase())) return false;
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  for (const w of names.split(CLASS_SPLIT_RE)) if (w !== '' && FURNITURE_WORDS.has(w.toLowerCase())) return true;
  return false;
}

/** Remove furniture elements (by class / id words) that are small next to the page's text. */
function removeFurniture(doc: DomDocument): void {
  const pageChars = (doc.body?.textContent ?? '').length;
  const limit = Math.max(300, pageChars * MAX_FURNITURE_SHARE);
  const found = [...doc.querySelectorAll('[class], [id]')].filter(isFurnitureElement);
  for (const el of found) if ((el.textContent ?? '').length <= limit) el.remove();
}

/** Approximate element count (opening tags) without walking the DOM. */
function countTags(html: string): number {
  let n = 0;
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) {
    const c = html.charCodeAt(i + 1);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) n++;
  }
  return n;
}

function firstDateFrom(values: readonly (string | null | undefined)[]): string | undefined {
  for (const v of values) {
    const iso = v ? parseDate(v) : undefined;
    if (iso) return iso;
  }
  return undefined;
}

/** Parse an HTML page (or fragment) into a raw article: Readability body, metadata, captions. */
export function parseHtmlArticle(html: string): RawArticle {
  const doc = loadDocument(html);
  const meta = readMeta(doc);
  const ld = readJsonLd(doc);
  const site = firstMeta(meta, ['og:site_name', 'application-name', 'twitter:site']) ?? ld.publisher;
  // Read everything from the page before Readability rewrites it (it renames h1 → h2, drops meta elements …).
  const h1 = textOf(doc.querySelector('article h1, main h1, [role="main"] h1') ?? doc.querySelector('h1'));
  const timeAttr = doc.querySelector('article time[datetime], time[pubdate], time[datetime]')?.getAttribute('datetime');
  const metaTitle = firstMeta(meta, ['og:title', 'twitter:title']);
  const headTitle = normalizeLine(doc.title ?? '');
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
  const relAuthor = textOf(doc.querySelector('[rel="author"], [itemprop="author"] [itemprop="name"], [itemprop="author"]'));
  const captions = takeCaptions(doc);
  for (const el of [...doc.querySelectorAll(NOISE_SELECTOR)]) el.remove();
  removeFurniture(doc);

  let parsed: ReturnType<Readability['parse']> = null;
  if (countTags(html) <= MAX_ELEMENTS) {
    try {
      parsed = new Readability(doc, { charThreshold: 200, maxElemsToParse: MAX_ELEMENTS }).parse();
    } catch {
      parsed = null; // fall back to the page body below
    }
  }
  let body = htmlToParagraphs(typeof parsed?.content === 'string' ? parsed.content : '');
  if (body.paragraphs.length === 0) {
    for (const el of [...doc.querySelectorAll(CHROME_SELECTOR)]) el.remove();
    body = htmlToParagraphs(doc.body?.innerHTML ?? '');
  }

  const raw: RawArticle = { paragraphs: body.paragraphs, captions: [...captions, ...body.captions], decoded: true };
  const titleCandidates = [metaTitle, ld.headline, h1, parsed?.title ?? undefined, headTitle];
  for (const t of titleCandidates) {
    if (!t) continue;
    const clean = stripSiteSuffix(cleanTitle(t), site);
    if (clean !== '') {
      raw.title = clean;
      break;
    }
  }
  if (raw.title === undefined && body.paragraphs[0]) raw.title = titleFromLead(body.paragraphs[0].replace(/\n/g, ' '));
  const author =
    cleanAuthor(firstMeta(meta, ['author', 'article:author', 'byl', 'parsely-author', 'sailthru.author', 'dc.creator'])) ??
    cleanAuthor(ld.author) ??
    cleanAuthor(relAuthor || undefined) ??
    cleanAuthor(parsed?.byline ?? undefined);
  if (author) raw.author = author;
  const published = firstDateFrom([
    firstMeta(meta, ['article:published_time', 'og:published_time', 'datepublished', 'pubdate', 'publishdate',
      'publish-date', 'date', 'dc.date', 'dc.date.issued', 'dcterms.created', 'sailthru.date', 'parsely-pub-date']),
    ld.datePublished,
    timeAttr,
    parsed?.publishedTime,
  ]);
  if (published) raw.publishedAt = published;
  // og:url is the page's own address; a syndicated copy's canonical link points at the original, whose URL
  // would make this copy look like an update of that article rather than a second source.
  const url = [meta.get('og:url'), canonical, meta.get('twitter:url'), ld.url].find((u) => !!u && HTTP_RE.test(u));
  if (url) raw.url = url.trim();
  const source = site ?? parsed?.siteName ?? undefined;
  if (source && !source.startsWith('@')) raw.source = normalizeLine(decodeEntities(source));
  return raw;
}
