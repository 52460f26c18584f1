// Generic article cleaning shared by every input format: turns a title and raw paragraphs (scraped text, Markdown,
// extracted HTML, JSON bodies) into a clean body. It drops repeated titles, duplicate lines and paragraphs, share /
// comment / newsletter / cookie boilerplate, bylines and date lines, moves photo captions aside, and strips a leading
// dateline. Bylines and dates found right under the title are returned when the caller did not know them.
// All patterns are compiled once at module level: this runs for every ingested article.
import { isUpdatedLine, parseDateLine } from './dates.js';

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
}

/** How to clean. */
export interface CleanOptions {
  /** Decode HTML entities in the text (default true; HTML extraction has already decoded them). */
  decodeEntities?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Text normalization

const ZERO_WIDTH_RE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const SPACES_RE = /[\t\u00A0\u2000-\u200A\u202F\u205F\u3000 ]+/g;
// Most lines need no change: one test() avoids two rewriting passes.
const NEEDS_NORMALIZE_RE = /[\t\u00A0\u2000-\u200D\u202F\u205F\u3000\u2060\uFEFF\u00AD]| {2}/;
const ENTITY_RE = /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚', bdquo: '„', laquo: '«', raquo: '»', lsaquo: '‹',
  rsaquo: '›', middot: '·', bull: '•', copy: '©', reg: '®', trade: '™', deg: '°', euro: '€', pound: '£', yen: '¥',
  cent: '¢', sect: '§', para: '¶', times: '×', divide: '÷', frac12: '½', frac14: '¼', frac34: '¾', shy: '\u00AD',
  zwj: '\u200D', zwnj: '\u200C', thinsp: '\u2009', ensp: '\u2002', emsp: '\u2003', prime: '′', Prime: '″',
  eacute: 'é', egrave: 'è', ecirc: 'ê', aacute: 'á', agrave: 'à', acirc: 'â', auml: 'ä', ouml: 'ö', uuml: 'ü',
  oacute: 'ó', iacute: 'í', uacute: 'ú', ntilde: 'ñ', ccedil: 'ç', szlig: 'ß', Eacute: 'É', Auml: 'Ä', Ouml: 'Ö',
  Uuml: 'Ü', oslash: 'ø', aring: 'å', aelig: 'æ', iexcl: '¡', iquest: '¿',
};

/** Decode HTML entities (numeric and the common named ones); unknown names are left as they are. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY_RE, (whole, ent: string) => {
    if (ent.charCodeAt(0) === 35 /* # */) {
      const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[ent] ?? NAMED_ENTITIES[ent.toLowerCase()] ?? whole;
  });
}

/** One line of text: zero-width characters removed, all space runs (NBSP, tabs …) made one space, trimmed. */
export function normalizeLine(s: string): string {
  if (!NEEDS_NORMALIZE_RE.test(s)) return s.trim();
  return s.replace(ZERO_WIDTH_RE, '').replace(SPACES_RE, ' ').trim();
}

// Not a letter or digit: ASCII punctuation and the Unicode punctuation / symbol blocks (faster than \p{…}).
const NON_WORD_RE = /[^a-z0-9\u00C0-\u1FFF\u2C00-\u2DFF\u3040-\uFFEF]+/g;

/** Comparison key: lowercase letters and digits only, so "Title!" and " title " match. */
export function lineKey(s: string): string {
  return s.toLowerCase().replace(NON_WORD_RE, ' ').trim();
}

/** Could `line` equal a title of this length once punctuation and spacing are ignored? (cheap pre-check) */
function nearLength(line: string, titleLength: number): boolean {
  return Math.abs(line.length - titleLength) <= titleLength * 0.3 + 8;
}

/** Words in normalized text (runs of characters other than space and newline). */
export function countWords(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 10;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Boilerplate

const SHORT_BOILERPLATE_RE = new RegExp(
  '^(?:' +
    [
      'discuss this (?:article|story)',
      '(?:share|email|print|tweet|save|pin|bookmark)(?: (?:this|the) (?:article|story|page|post|video))?' +
        '(?: (?:on|via|to|with) [\\w.]+(?: [\\w.]+)?)?:?',
      'share (?:on|via|to|with) .{1,40}',
      'comments?(?: ?\\(\\d+\\))?', '\\d+ comments?',
      '(?:leave|post|add|view|show|read|see|load|join) (?:a |all |the |more )?(?:\\d+ )?comments?\\b.*',
      'comments? (?:are )?(?:closed|disabled)\\b.*',
      '(?:other|more|latest|related|recent) (?:reports|stories|articles|news|posts|coverage) (?:by|from|on|about) .{1,60}',
      'more (?:from|on|about|in) .{1,60}',
      'related(?: (?:articles?|stories|coverage|content|links|topics|news|reading|posts))?(?: ?:.*)?',
      'read (?:more|next|also)\\b(?:\\s*[:»›>…|-].*|\\s+(?:here|at|about|on|from)\\b.{0,80})?',
      'read the (?:full|whole|original) (?:story|article|report)\\b.*',
      '(?:click|tap) here\\b.*',
      '(?:advertisement|advertising|ad|sponsored(?: content)?|promoted(?: content)?|paid (?:content|post)|partner content)',
      '(?:story|article) continues below(?: advertisement)?', 'continue reading(?: below| the main story)?',
      '(?:sign up|register)\\b.{0,80}\\b(?:newsletters?|emails?|alerts?|briefing|free|today|now|here|updates)\\b.*',
      'subscribe\\b.*', '(?:already|become) (?:a )?subscriber\\b.*',
      'get (?:our|the) .{0,40}newsletter\\b.*',
      'newsletters?(?: sign[- ]?up)?',
      'follow (?:us|me|him|her|them|@\\S+)(?: on .{1,60})?',
      'follow (?:\\S+ ){1,4}on (?:twitter|facebook|instagram|x|linkedin|tiktok|threads|bluesky|mastodon)\\b.*',
      'image (?:copyright|source|credit)s?\\b.*',
      '(?:(?:photo|image|picture)s?(?: credit)?:? )?(?:getty(?: images)?|afp(?: via getty images)?|reuters|ap|epa|' +
        'shutterstock|alamy|pa(?: media| wire)?)(?: via getty images)?',
      'skip to (?:main )?content', 'back to top', 'top of page', 'loading\\W*',
      'you (?:may|might) also (?:like|be interested in)\\b.*',
      'recommended(?: for you| stories| reading)?', 'trending(?: now| stories)?',
      'most (?:popular|read|viewed|shared)(?: stories| articles)?',
      '(?:next|previous) (?:article|story|post)\\b.*',
      '\\d+ min(?:ute)?s? read',
      'listen to (?:this )?(?:article|story)\\b.*',
      'toggle navigation|menu|search|home|log ?in|sign in|close|sections?',
      '(?:updated|published|posted|last updated)\\b.{0,40}\\d.{0,30}',
      'this (?:material|article|content) may not be (?:published|reproduced|redistributed)\\b.*',
      'staff (?:reporter|writer|correspondent)s?', '(?:reuters|ap|afp) staff',
    ].join('|') +
    ')[.!]?$',
  'i',
);

/** Longer notices that are boilerplate wherever they sit in a short paragraph. */
const NOTICE_RE =
  /\bwe use cookies\b|\bthis (?:site|website) uses cookies\b|\bby (?:continuing to (?:use|browse)|using) (?:this|our) (?:site|website)\b|\b(?:accept|manage)(?: all)? cookies\b|\bcookie (?:policy|settings|preferences)\b|\ball rights reserved\b|^(?:©|\(c\)|copyright\s+(?:©|\(c\)|\d{4}))/i;

const NOTICE_START_RE = /^(?:©|\(c\)|copyright)/i;

/** Cheap pre-check before NOTICE_RE: most prose lines contain none of these. */
function mayBeNotice(line: string): boolean {
  return line.includes('ookie') || line.includes('eserved') || NOTICE_START_RE.test(line);
}

const SHARE_WORDS: ReadonlySet<string> = new Set([
  'share', 'shares', 'tweet', 'email', 'e-mail', 'mail', 'print', 'facebook', 'twitter', 'x', 'linkedin', 'pinterest',
  'reddit', 'whatsapp', 'messenger', 'telegram', 'copy', 'link', 'comment', 'comments', 'save', 'pin', 'flipboard',
  'this', 'article', 'story', 'on', 'via', 'sms', 'more', 'gift',
]);
const SHARE_SPLIT_RE = /[\s|•·/,]+/;
const FIRST_TOKEN_RE = /^[^\s|•·/,]+/;

/** True for share bars, comment counters, newsletter / cookie / copyright notices and similar page furniture. */
export function isBoilerplate(line: string, words = countWords(line)): boolean {
  if (line.length > 600) return false;
  if (words <= 14 && SHORT_BOILERPLATE_RE.test(line)) return true;
  if (words <= 80 && mayBeNotice(line) && NOTICE_RE.test(line)) return true;
  if (words >= 2 && words <= 12 && SHARE_WORDS.has(FIRST_TOKEN_RE.exec(line)?.[0].toLowerCase() ?? '')) {
    const tokens = line.toLowerCase().split(SHARE_SPLIT_RE).filter((t) => t !== '');
    if (tokens.length >= 2 && tokens.every((t) => SHARE_WORDS.has(t)) && tokens.some((t) => t !== 'this' && t !== 'on'))
      return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Captions

const CAPTION_START_RE =
  /^(?:(?:this|these)\s+(?:(?:undated|handout|file|aerial|satellite|recent|combination|composite)\s+)*(?:photo(?:graph)?|image|picture|still|screenshot|screen ?grab|frame grab|video still)s?\b|in (?:this|these|an?)\s+(?:(?:undated|file|handout|aerial|satellite|combination|(?:jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec)[a-z]*\.?|\d{1,2},?|\d{4},?)\s+){0,5}(?:photo(?:graph)?|image|picture)s?\b|(?:photo|image|picture|pictured|photograph|caption|photo caption|above|below|top|main (?:image|picture)|inset)\s*:)/i;
const CAPTION_END_RE =
  /\((?:[^()\s][^()]{0,23}\s)?photos?\s*\/[^)]{1,80}\)\s*\.?$|\((?:photo|image|picture|credit)s?(?:\s+credit)?\s*:\s*[^)]{1,80}\)\s*\.?$|\((?:photo|image|picture)s?\s+by\s+[^)]{1,80}\)\s*\.?$|\bphotograph:\s*[^.]{1,60}$/i;
const CAPTION_TAIL = 140;
const CAPTION_LABEL_RE = /^(?:image|photo) caption[:\s]+/i;

/** If a line or paragraph is a photo caption, the caption text; else undefined. */
export function captionOf(text: string): string | undefined {
  if (text.length > 900) return undefined;
  const label = CAPTION_LABEL_RE.exec(text);
  if (label) return text.slice(label[0].length).trim() || undefined;
  if (CAPTION_START_RE.test(text)) return text;
  const tail = text.length > CAPTION_TAIL ? text.slice(-CAPTION_TAIL) : text;
  if ((tail.includes(')') || tail.includes(':')) && CAPTION_END_RE.test(tail)) return text;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Bylines

const NAME_WORD = "(?:\\p{Lu}[\\p{Ll}'’]+(?:-\\p{Lu}?[\\p{Ll}'’]+)?|(?:\\p{Lu}\\.){1,3}|(?:Mc|Mac|O'|O’)\\p{Lu}\\p{Ll}+)";
const PARTICLE = '(?:de|da|del|della|di|van|von|der|den|bin|al|la|le|dos|du|ter|y)';
const NAME = `${NAME_WORD}(?:\\s+(?:${PARTICLE}\\s+){0,2}${NAME_WORD}){1,3}`;
const CAPS_NAME = "\\p{Lu}[\\p{Lu}'’.-]+(?:\\s+\\p{Lu}[\\p{Lu}'’.-]+){1,3}";
const AGENCY =
  '(?:Reuters|REUTERS|AP|AFP|Bloomberg|CNN|BBC(?: News)?|The Associated Press|Associated Press|Agence France-Presse|' +
  'UPI|Xinhua(?: News Agency)?|Yonhap(?: News Agency)?|Kyodo(?: News)?|dpa|DPA|EFE|ANSA|PA(?: Media)?|' +
  '\\p{Lu}[\\p{L}.&\'’]*(?:\\s+\\p{Lu}[\\p{L}.&\'’]*){0,3}\\s+(?:News|Times|Post|Herald|Journal|Tribune|Press|Wire|Agency)|' +
  '(?:[\\p{L}-]+\\s+){0,3}(?:[Rr]eporter|[Ww]riter|[Cc]orrespondent|[Ee]ditor|[Cc]olumnist|[Cc]ontributor|[Jj]ournalist|' +
  '[Ss]taff|[Bb]ureau [Cc]hief|[Aa]nalyst|REPORTER|WRITER|CORRESPONDENT)s?)';
const NAMES = `(?:${NAME}|${CAPS_NAME})(?:\\s*(?:,|and|&)\\s*(?:${NAME}|${CAPS_NAME}))*`;
const BY_RE = new RegExp(`^(?:By|BY|by):?\\s+(${NAMES}|${AGENCY})(?:\\s*(?:,|\\||/|-|–|—|for|of)\\s*${AGENCY})?\\.?$`, 'u');
const NAME_AGENCY_RE = new RegExp(`^(${NAME})\\s*(?:,|\\||/|-|–|—)\\s*${AGENCY}\\.?$`, 'u');
const BARE_NAME_RE = new RegExp(`^${NAME}$`, 'u');
const TRAILING_AGENCY_RE = new RegExp(`\\s*(?:,|\\||/|-|–|—)\\s*${AGENCY}$`, 'u');
const NOT_NAME_WORDS: ReadonlySet<string> = new Set(
  ('news breaking live update updates world politics business sport sports opinion home asia europe africa america ' +
    'americas pacific middle east west north south latest top stories story video videos photos menu search ' +
    'technology tech science health entertainment culture travel style analysis editorial comment comments share ' +
    'related more read watch listen subscribe sign contact about privacy terms policy us uk korea china united states ' +
    'kingdom new york city street international national local weather markets market economy money press release ' +
    'exclusive special report chinese american british korean japanese russian president minister party government')
    .split(' '),
);

/** True when a short line looks like a person's name ("Lester Mason", "Mary O'Neil", "J. R. Smith"). */
export function looksLikeName(line: string): boolean {
  if (line.length > 60 || !BARE_NAME_RE.test(line)) return false;
  for (const w of line.toLowerCase().split(' ')) if (NOT_NAME_WORDS.has(w.replace(/[.'’]/g, ''))) return false;
  return true;
}

const BY_PREFIX_RE = /^by:?\s+/i;
const BY_START_RE = /^(?:By|BY|by)\b/;
const CAPS_WORD_RE = /\p{Lu}[\p{Lu}'’.-]+/gu;

function titleCaseCaps(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name.replace(CAPS_WORD_RE, (w) => w.charAt(0) + w.slice(1).toLowerCase());
}

/** The author named by a byline line ("By Jane Doe", "Jane Doe, Reuters", "By JANE DOE | AP"), else undefined. */
export function parseByline(line: string): string | undefined {
  if (line.length > 120) return undefined;
  const words = countWords(line);
  const by = BY_START_RE.test(line);
  // "By …" lines hold at most a few names and an agency; "Name, Agency" lines are shorter still.
  if (words > (by ? 14 : 10)) return undefined;
  const m = by ? BY_RE.exec(line) : NAME_AGENCY_RE.exec(line);
  const name = m?.[1];
  return name ? titleCaseCaps(name.replace(BY_PREFIX_RE, '').replace(TRAILING_AGENCY_RE, '').trim()) : undefined;
}

/** Author strings from metadata: "By " and trailing agency removed, spaces normalized; undefined when empty/URL. */
export function cleanAuthor(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = normalizeLine(decodeEntities(raw)).replace(BY_PREFIX_RE, '');
  if (s === '' || s.length > 120 || /^https?:\/\//i.test(s)) return undefined;
  return parseByline(`By ${s}`) ?? s;
}

// ---------------------------------------------------------------------------------------------------------------
// Datelines and titles

const DATELINE_RE =
  /^(?:(?:\p{Lu}[\p{Lu}.'’-]{3,}|\p{Lu}[\p{Lu}.'’-]+(?:\s+\p{Lu}[\p{Lu}.'’-]+){1,3})(?:,\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})?(?:,?\s+\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,40}\))?|\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3}(?:,\s+\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3})?\s*\((?:AP|AFP|Reuters|CNN|UPI|Xinhua|Yonhap|dpa|Bloomberg|BBC)\)|\((?:AP|AFP|Reuters|CNN|UPI|Xinhua|Yonhap|dpa|Bloomberg|BBC)\))\s*(?:—|–|--|-|:)\s*(?=[\p{Lu}\p{N}"“‘'])/u;

/** Remove a leading dateline ("SEOUL, South Korea (AP) — ", "WASHINGTON — ", "(CNN) -- ") from a paragraph. */
export function stripDateline(paragraph: string): string {
  const m = DATELINE_RE.exec(paragraph);
  if (!m || paragraph.length - m[0].length < 20) return paragraph;
  return paragraph.slice(m[0].length);
}

const DASH_END_RE = /\s(?:—|–|--|-)$/;

/** A line that is only a dateline ("WASHINGTON (AP) —", "LONDON, Nov 21 (Reuters)"), as some scrapes split it off. */
export function isDatelineOnly(line: string): boolean {
  if (line.length > 60) return false;
  const dash = DASH_END_RE.test(line);
  if (!dash && !line.endsWith(')')) return false;
  return DATELINE_RE.test(dash ? `${line} X` : `${line} — X`);
}

/** A title as one clean line: entities decoded, spaces normalized, Markdown heading marks removed. */
export function cleanTitle(raw: string, decode = true): string {
  const s = normalizeLine((decode ? decodeEntities(raw) : raw).replace(/[\r\n]+/g, ' '));
  return s.replace(/^#{1,6}\s+/, '').replace(/\s+#+$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Cleaning

const LINE_SPLIT_RE = /\r?\n/;
const META_SPLIT_RE = /\s+[|·•]\s+|\s+[—–-]\s+/;
const PROSE_END_RE = /[.!?"”’)]$/;
const HAS_WORD_CHAR_RE = /[A-Za-z0-9\u00C0-\u1FFF\u2C00-\u2DFF\u3040-\uFFEF]/;

interface Found {
  author?: string;
  date?: string;
  updated?: string;
}

/** Byline, date or "byline | date" line: records what it found and returns true. */
function takeMetaLine(line: string, inHeader: boolean, found: Found): boolean {
  const whole = metaPart(line);
  if (whole) {
    record(whole, line, inHeader, found);
    return true;
  }
  if (line.length > 160 || !META_SPLIT_RE.test(line)) return false;
  const parts = line.split(META_SPLIT_RE);
  const kinds = parts.map(metaPart);
  if (kinds.some((k) => k === undefined)) return false;
  parts.forEach((p, i) => record(kinds[i] as MetaKind, p, inHeader, found));
  return true;
}

type MetaKind = { kind: 'date'; iso: string } | { kind: 'author'; name: string } | { kind: 'noise' };
const MIN_READ_RE = /^\d+ min(?:ute)?s? read$/i;

function metaPart(part: string): MetaKind | undefined {
  const iso = parseDateLine(part);
  if (iso) return { kind: 'date', iso };
  const name = parseByline(part);
  if (name) return { kind: 'author', name };
  if (MIN_READ_RE.test(part)) return { kind: 'noise' };
  return undefined;
}

function record(k: MetaKind, text: string, inHeader: boolean, found: Found): void {
  if (!inHeader) return;
  if (k.kind === 'author') found.author ??= k.name;
  else if (k.kind === 'date') {
    if (isUpdatedLine(text)) found.updated ??= k.iso;
    else found.date ??= k.iso;
  }
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
      if (line.length <= 160 && words <= 24 && takeMetaLine(line, inHeader, found)) continue;
      if (inHeader && headerLines < 4 && looksLikeName(line)) {
        const next = lines[i + 1] ?? firstLine(paras[pi + 1]);
        const prev = lines[i - 1] ?? lastLine(paras[pi - 1]);
        // A bare name is a byline next to a date line, or alone right under the title with prose after it.
        const alone = headerLines === 0 && lines.length === 1 && countWords(paras[pi + 1] ?? '') >= 20;
        if (alone || parseDateLine(next) || parseDateLine(prev)) {
          found.author ??= line;
          continue;
        }
      }
      if (isBoilerplate(line, words) || (words <= 8 && isDatelineOnly(line))) continue;
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
  return result;
}
