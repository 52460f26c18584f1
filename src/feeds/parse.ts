// Feed documents → one neutral shape. feedsmith (maintained, TypeScript) parses RSS 0.9x/1.0 (RDF)/2.0, Atom and JSON
// Feed; before it runs, this module rejects what must never reach an XML parser or is not a feed at all: binary
// bodies, HTML pages (naming the feed they advertise, if any), XML with an internal DTD (entity declarations: the
// billion-laughs and external-entity attacks), and XML that is not well-formed. Leading whitespace before `<?xml`
// (a common server bug) is tolerated. Item fields are normalized: HTML titles to text, relative links resolved
// against xml:base / the feed's link / the feed URL, dates to ISO (missing or far-future dates are left out so the
// first-seen time is used), and a stable GUID (guid / id / link / content hash), with duplicates dropped.
import { createHash } from 'node:crypto';
import { XMLValidator } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';
import { parseDate } from '../articles/dates.js';
import { htmlToLine } from '../articles/html.js';
import { DecodeError, decodeFeed } from './decode.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

/** One item of a feed, normalized. */
export interface FeedItem {
  /** Stable identity within the feed: guid / id, else link, else a hash of title + content. */
  guid: string;
  title?: string;
  /** Absolute http(s) link to the article page. */
  link?: string;
  /** Best content: full content (content:encoded, Atom content, content_html) else the summary; HTML or text. */
  content?: string;
  author?: string;
  /** ISO-8601; absent when the feed gives none (or an unusable one). */
  publishedAt?: string;
}

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  /** The site's home page. */
  link?: string;
  items: FeedItem[];
}

/** Why a document is not a usable feed. `discovered` is a feed URL an HTML page advertises. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';
  constructor(message: string, readonly discovered?: string) {
    super(message);
  }
}

const ALTERNATE_RE = /<link\b[^>]*>/gi;
const FEED_TYPE_RE = /type\s*=\s*["']application\/(?:rss|atom|feed)\+(?:xml|json)["']/i;
const REL_ALT_RE = /rel\s*=\s*["'][^"']*\balternate\b/i;
const HREF_RE = /href\s*=\s*["']([^"']+)["']/i;
const HTML_START_RE = /^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|title[\s>]|meta[\s>])/i;
const DOCTYPE_SUBSET_RE = /<!DOCTYPE[^>[]*\[/i;
const ENTITY_DECL_RE = /<!ENTITY/i;
const ROOT_START_RE = /<[A-Za-z]/;
const FAR_FUTURE_MS = 2 * 86_400_000;

/** The feed URL an HTML page advertises with <link rel="alternate" type="application/rss+xml">, resolved. */
export function discoverFeedLink(html: string, pageUrl: string): string | undefined {
  const head = html.slice(0, 200_000);
  for (const m of head.matchAll(ALTERNATE_RE)) {
    const tag = m[0];
    if (!FEED_TYPE_RE.test(tag) || !REL_ALT_RE.test(tag)) continue;
    const href = HREF_RE.exec(tag)?.[1];
    const abs = href ? absoluteUrl(href.replace(/&amp;/g, '&'), pageUrl) : undefined;
    if (abs) return abs;
  }
  return undefined;
}

/** An absolute http(s) URL for `href` against `base`, or undefined. */
export function absoluteUrl(href: string | undefined, base?: string): string | undefined {
  if (!href) return undefined;
  try {
    const u = base ? new URL(href.trim(), base) : new URL(href.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Rejects binary bodies, HTML pages, DTD entity declarations and malformed XML; returns the text to parse. */
export function screen(text: string, url: string): string {
  const t = text.trimStart();
  if (t === '') throw new FeedParseError('not a feed: the response is empty');
  // eslint-disable-next-line no-control-regex -- NUL and other C0 controls never occur in a feed
  const controls = (t.slice(0, 4096).match(/[\u0000-\u0008\u000E-\u001F]/g) ?? []).length;
  if (controls > 8 || t.slice(0, 4096).includes('\u0000')) throw new FeedParseError('not a feed: binary content');
  if (t.startsWith('{') || t.startsWith('[')) return t;
  if (!t.startsWith('<')) throw new FeedParseError('not a feed: the response is neither XML nor JSON');
  if (HTML_START_RE.test(t)) {
    const found = discoverFeedLink(t, url);
    throw new FeedParseError(`not a feed: the server sent an HTML page${found ? ` (it links to a feed at ${found})` : ''}`, found);
  }
  // The prolog (everything before the root element) is where a DTD lives.
  const rootAt = t.search(ROOT_START_RE);
  const prolog = rootAt === -1 ? t : t.slice(0, rootAt);
  if (DOCTYPE_SUBSET_RE.test(prolog) || ENTITY_DECL_RE.test(prolog)) {
    throw new FeedParseError('refused: the XML declares entities in a DTD (entity-expansion / external-entity attack)');
  }
  const valid = XMLValidator.validate(t);
  if (valid !== true) {
    throw new FeedParseError(`not well-formed XML at line ${valid.err.line}: ${valid.err.msg.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  return t;
}

// ---- field access over feedsmith's output (typed as unknown: four formats, one reader) -----------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number') return String(v);
  if (isObj(v)) return str(v.value) ?? str(v.name) ?? str(v.text);
  return undefined;
}
const firstStr = (...vs: unknown[]): string | undefined => {
  for (const v of vs) {
    const s = str(v);
    if (s !== undefined) return s;
  }
  return undefined;
};

function isoDate(raw: unknown, nowMs: number): string | undefined {
  const s = str(raw);
  if (!s) return undefined;
  let iso = parseDate(s);
  if (!iso) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) iso = new Date(t).toISOString();
  }
  if (!iso) return undefined;
  const t = Date.parse(iso);
  // A date far in the future (wrong time zone, placeholder year) would pin the item to the top: use first-seen instead.
  return t > nowMs + FAR_FUTURE_MS || t < Date.UTC(1990, 0, 1) ? undefined : iso;
}

/** The Atom link to the article: rel="alternate" (or no rel) of an HTML-ish type, else the first one. */
function atomLink(links: unknown): string | undefined {
  const all = arr(links).map(obj);
  const alt = all.filter((l) => !l.rel || l.rel === 'alternate');
  const html = alt.find((l) => !l.type || /html/i.test(String(l.type)));
  return str((html ?? alt[0] ?? all[0])?.href);
}

function authorOf(...vs: unknown[]): string | undefined {
  for (const v of vs) {
    for (const a of arr(v)) {
      const name = typeof a === 'string' ? a : str(obj(a).name) ?? str(obj(a).email);
      if (name && name.trim()) return htmlToLine(name);
    }
  }
  return undefined;
}

function itemFields(format: FeedFormat, it: Obj) {
  const content = obj(it.content);
  const dc = obj(it.dc);
  const xml = obj(it.xml);
  switch (format) {
    case 'atom':
      return {
        id: str(it.id),
        title: str(it.title),
        link: atomLink(it.links),
        content: firstStr(content.value, it.summary),
        author: authorOf(it.authors, dc.creators),
        date: firstStr(it.published, it.updated, ...arr(dc.dates)),
        base: str(xml.base),
      };
    case 'json':
      return {
        id: str(it.id),
        title: str(it.title),
        link: firstStr(it.url, it.external_url),
        content: firstStr(it.content_html, it.content_text, it.summary),
        author: authorOf(it.authors, it.author),
        date: firstStr(it.date_published, it.date_modified),
        base: undefined,
      };
    default: {
      const guid = obj(it.guid);
      return {
        id: firstStr(guid.value, it.guid, obj(it.rdf).about),
        title: firstStr(it.title, ...arr(dc.titles)),
        link: firstStr(it.link, guid.isPermaLink === false ? undefined : guid.value),
        content: firstStr(content.encoded, it.description, ...arr(dc.descriptions)),
        author: authorOf(it.authors, dc.creators),
        date: firstStr(it.pubDate, ...arr(dc.dates), obj(it.atom).updated),
        base: str(xml.base),
      };
    }
  }
}

/** Parses a fetched feed body (bytes + Content-Type) from `url`; throws FeedParseError with a reason. */
export function parseFeedBody(body: Buffer, contentType: string | undefined, url: string, now: Date): ParsedFeed {
  let text: string;
  try {
    text = decodeFeed(body, contentType);
  } catch (err) {
    if (err instanceof DecodeError) {
      // A binary body is reported as such, not as the first invalid byte.
      const head = body.subarray(0, 4096);
      if (head.includes(0)) throw new FeedParseError('not a feed: binary content');
      throw new FeedParseError(`not a feed: ${err.message}`);
    }
    throw err;
  }
  return parseFeedText(text, url, now);
}

/** Parses feed text (already decoded) fetched from `url`; throws FeedParseError with a reason. */
export function parseFeedText(text: string, url: string, now: Date): ParsedFeed {
  const t = screen(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, url);
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseFeed(t) as { format: string; feed: unknown };
  } catch (err) {
    const msg = (err as Error).message;
    if (t.startsWith('{') || t.startsWith('[')) {
      throw new FeedParseError(/json/i.test(msg) || /unrecognized/i.test(msg) ? 'not a feed: JSON that is not a JSON Feed' : `not a feed: ${msg}`);
    }
    const root = /<([A-Za-z][\w:.-]*)/.exec(t.slice(t.search(ROOT_START_RE)))?.[1] ?? '?';
    throw new FeedParseError(`not a feed: XML whose root element <${root}> is not rss, feed or rdf:RDF (${msg})`);
  }
  const format = (['rss', 'atom', 'rdf', 'json'] as const).find((f) => f === parsed.format) ?? 'rss';
  const feed = obj(parsed.feed);
  const nowMs = now.getTime();
  const feedBase = absoluteUrl(str(obj(feed.xml).base), url) ?? url;
  const siteLink = absoluteUrl(format === 'atom' ? atomLink(feed.links) : firstStr(feed.link, feed.home_page_url), feedBase);
  const title = str(feed.title);
  const items: FeedItem[] = [];
  const seen = new Set<string>();
  for (const raw of arr(format === 'atom' ? feed.entries : feed.items)) {
    const f = itemFields(format, obj(raw));
    const base = absoluteUrl(f.base, feedBase) ?? feedBase;
    // Relative item links resolve against xml:base, else the feed URL (the channel link is often relative too).
    const link = absoluteUrl(f.link, base) ?? (f.link && siteLink ? absoluteUrl(f.link, siteLink) : undefined);
    const itemTitle = f.title ? htmlToLine(f.title) : undefined;
    const guid = f.id?.trim() || link || (itemTitle || f.content ? `sha1:${createHash('sha1').update(`${itemTitle ?? ''}\n${f.content ?? ''}`).digest('hex')}` : undefined);
    if (!guid || seen.has(guid)) continue;
    seen.add(guid);
    const publishedAt = isoDate(f.date, nowMs);
    items.push({
      guid,
      ...(itemTitle ? { title: itemTitle } : {}),
      ...(link ? { link } : {}),
      ...(f.content ? { content: f.content } : {}),
      ...(f.author ? { author: f.author } : {}),
      ...(publishedAt ? { publishedAt } : {}),
    });
  }
  return { format, ...(title ? { title: htmlToLine(title) } : {}), ...(siteLink ? { link: siteLink } : {}), items };
}
