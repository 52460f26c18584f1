// Line-level text helpers and classifiers shared by the format parsers and the cleaner: normalization (entities,
// spaces, comparison keys), page furniture (share bars, cookie / newsletter / copyright notices, navigation bars,
// mastheads), photo captions and datelines. Each classifier looks at one line or short paragraph, so callers can
// run them on every line of every ingested article: patterns are compiled once here and cheap pre-checks keep
// prose lines away from the expensive ones.

// ---------------------------------------------------------------------------------------------------------------
// Normalization

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

const TITLE_BREAKS_RE = /[\r\n]+/g;
const HEADING_MARK_RE = /^#{1,6}\s+/;
const HEADING_CLOSE_RE = /\s+#+$/;

/** A title as one clean line: entities decoded, spaces normalized, Markdown heading marks removed. */
export function cleanTitle(raw: string, decode = true): string {
  const s = normalizeLine((decode ? decodeEntities(raw) : raw).replace(TITLE_BREAKS_RE, ' '));
  return s.replace(HEADING_MARK_RE, '').replace(HEADING_CLOSE_RE, '');
}

const SUFFIX_RE = /^(.+)\s+(\||-|–|—|::|·|•|:)\s+([^|]{2,80})$/;
const CAPITALIZED_WORDS_RE = /^(?:[\p{Lu}\p{N}][\p{L}\p{N}.&'’-]*\s*){1,4}$/u;

/** Remove a " | Site Name" / " - Site Name" suffix from a page title. */
export function stripSiteSuffix(title: string, site?: string): string {
  let t = title;
  const siteKey = site ? lineKey(site) : '';
  for (let round = 0; round < 2; round++) {
    const m = SUFFIX_RE.exec(t);
    if (!m) break;
    const main = (m[1] ?? '').trim();
    const sep = m[2] ?? '';
    const suffix = (m[3] ?? '').trim();
    const key = lineKey(suffix);
    const isSite = siteKey !== '' && (key === siteKey || siteKey.includes(key) || key.includes(siteKey));
    const mainWords = main.split(' ').length;
    const pipeLike = sep === '|' || sep === '::' || sep === '·' || sep === '•';
    const shortName = CAPITALIZED_WORDS_RE.test(suffix);
    if (mainWords < 3 || !(isSite || (shortName && (pipeLike || sep !== ':')))) break;
    t = main;
  }
  return t;
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
      '(?:log ?in|sign in|register|subscribe) to (?:comment|reply|join the (?:discussion|conversation))\\b.*',
      'be the first to (?:comment|reply)\\b.*', 'sort by\\b.{0,40}',
      '(?:other|more|latest|related|recent) (?:reports|stories|articles|news|posts|coverage) (?:by|from|on|about) .{1,60}',
      'more (?:from|on|about|in) .{1,60}',
      'related(?: (?:articles?|stories|coverage|content|links|topics|news|reading|posts))?(?: ?:.*)?',
      'read (?:more|next|also)\\b(?:\\s*[:»›>…|-].*|\\s+(?:here|at|about|on|from)\\b.{0,80})?',
      'read the (?:full|whole|original) (?:story|article|report)\\b.*',
      '(?:click|tap) here\\b.*', 'learn more', '(?:tags|topics|filed under):.{0,120}',
      '(?:advertisement|advertising|ad|sponsored(?: content)?|promoted(?: content)?|paid (?:content|post)|partner content)',
      '(?:story|article) continues below(?: advertisement)?', 'continue reading(?: below| the main story)?',
      '(?:sign up|register)\\b.{0,80}\\b(?:newsletters?|emails?|alerts?|briefing|free|today|now|here|updates)\\b.*',
      'subscribe\\b.*', '(?:already|become) (?:a )?(?:subscriber|member)\\b.*',
      'get (?:our|the) .{0,40}newsletter\\b.*',
      'newsletters?(?: sign[- ]?up)?',
      '(?:accept|reject|allow|decline)(?: all| non-essential)?(?: cookies)?|manage (?:settings|preferences|cookies)|' +
        'cookie settings|got it|no thanks',
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
      '(?:privacy (?:policy|notice)|terms (?:of (?:use|service)|and conditions)|contact us|about us)',
      '(?:\\d+|an?|one) (?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?) ago',
      '(?:show|load|see|view) more', '(?:join|start) the (?:conversation|discussion)', 'popular(?: now| stories)?',
      '(?:enter )?your email(?: address)?|email address',
      'please enable javascript\\b.*', 'your browser (?:does not|doesn.t) support\\b.*',
      'this (?:article|story|content) is (?:only )?(?:for|available to) (?:paying )?(?:subscribers|members)\\b.*',
      '(?:only )?(?:for|available to) (?:paying )?(?:subscribers|members) only\\b.*', 'subscribers? only\\b.*',
    ].join('|') +
    ')[.!]?$',
  'i',
);

/** Longer notices that are boilerplate wherever they sit in a short paragraph. */
const NOTICE_RE =
  /\bwe use cookies\b|\bthis (?:site|website) uses cookies\b|\bby (?:continuing to (?:use|browse)|using) (?:this|our) (?:site|website)\b|\b(?:accept|manage)(?: all)? cookies\b|\bcookie (?:policy|settings|preferences)\b|\ball rights reserved\b|^(?:©|\(c\)|copyright\s+(?:©|\(c\)|\d{4}))/i;
const NOTICE_START_RE = /^(?:©|\(c\)|copyright)/i;

/** Newsletter pitches ("Get the top stories delivered to your inbox …"), syndication notes, wire credit lines. */
const PITCH_RE =
  /^(?:get|receive|have)\b.{0,100}\b(?:to|in|into) your inbox\b|^(?:this|the) (?:story|article|piece|column) (?:was |has been |is )?(?:(?:first|originally) (?:published|appeared)|republished|reproduced)\b|^(?:originally|first) (?:published|appeared) (?:in|on|by|at)\b|\brepublished (?:here )?(?:with (?:the )?permission|under (?:a|an|the) )/i;
const PITCH_START_RE = /^(?:get|receive|have|this|the|originally|first)\b/i;
const CREDIT_RE = /^(?:[Aa]dditional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting) by \p{Lu}/u;

/** Cheap pre-check before NOTICE_RE: most prose lines contain none of these. */
function mayBeNotice(line: string): boolean {
  return line.includes('ookie') || line.includes('eserved') || NOTICE_START_RE.test(line);
}

const SHARE_WORDS: ReadonlySet<string> = new Set([
  'share', 'shares', 'tweet', 'email', 'e-mail', 'mail', 'print', 'facebook', 'twitter', 'x', 'linkedin', 'pinterest',
  'reddit', 'whatsapp', 'messenger', 'telegram', 'copy', 'link', 'comment', 'comments', 'save', 'pin', 'flipboard',
  'this', 'article', 'story', 'on', 'via', 'sms', 'more', 'gift', 'f', 'in', 'fb', 'li', 'instagram', 'youtube',
  'threads', 'bluesky', 'mastodon', 'tiktok', 'bsky',
]);
/** Share-bar tokens that say nothing alone ("in this", "on this" are prose). */
const WEAK_SHARE_WORDS: ReadonlySet<string> = new Set(['this', 'on', 'in', 'more', 'via', 'article', 'story', 'link']);
const SHARE_SPLIT_RE = /[\s|•·/,:]+/;
const FIRST_TOKEN_RE = /^[^\s|•·/,:]+/;
const HAS_ALNUM_RE = /[\p{L}\p{N}]/u;
const FORM_FIELDS_RE = /^(?:\[[^\]]{0,40}\]\s*)+$/;

/** True for share bars, comment counters, newsletter / cookie / copyright notices and similar page furniture. */
export function isBoilerplate(line: string, words = countWords(line)): boolean {
  if (line.length > 600) return false;
  if (words <= 14 && SHORT_BOILERPLATE_RE.test(line)) return true;
  if (words <= 80 && mayBeNotice(line) && NOTICE_RE.test(line)) return true;
  if (words <= 40 && PITCH_START_RE.test(line) && PITCH_RE.test(line)) return true;
  if (words <= 40 && CREDIT_RE.test(line)) return true;
  if (line.charCodeAt(0) === 91 /* [ */ && FORM_FIELDS_RE.test(line)) return true;
  if (words >= 2 && words <= 12 && SHARE_WORDS.has(FIRST_TOKEN_RE.exec(line)?.[0].toLowerCase() ?? '')) {
    const tokens = line.toLowerCase().split(SHARE_SPLIT_RE).filter((t) => t !== '' && HAS_ALNUM_RE.test(t));
    if (tokens.length >= 2 && tokens.every((t) => SHARE_WORDS.has(t)) && tokens.some((t) => !WEAK_SHARE_WORDS.has(t)))
      return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Navigation bars and mastheads

/** Words that name site sections: a line made mostly of them is a menu, not a headline. */
const SECTION_WORDS: ReadonlySet<string> = new Set(
  ('home news world politics business sport sports opinion opinions video videos photos podcast podcasts live ' +
    'latest local national international asia europe africa americas us uk health science wellness technology tech ' +
    'culture travel style entertainment lifestyle food arts books music film films tv climate environment education ' +
    'markets economy money weather more menu search subscribe login sign in obituaries newsletters newsletter ' +
    'gallery magazine games puzzles crosswords shop jobs property cars autos motoring finance personal investing ' +
    'commodities middle east analysis features interviews reviews events contact about privacy terms careers help ' +
    'chips energy nature donate space astronomy earth security gadgets cloud ai & and')
    .split(' '),
);
const NAV_HINT_RE = /[|·•›»/]|\s>\s/;
const NAV_SPLIT_RE = /\s*[|·•›»/]\s*|\s+>\s+/;
const LETTER_RE = /\p{L}/u;
const SENTENCE_END_RE = /[.!?]$/;
const CAPITALIZED_RE = /^[\p{Lu}\p{N}&]/u;

/**
 * True for navigation bars: three or more short items with letters separated by `|`, `·`, `•`, `›`, `/`
 * ("Home | World | Asia"), two section names ("Home | World"), or several capitalized words that are nearly all
 * section names ("Home World Politics Video").
 */
export function isNavBar(line: string, words = countWords(line)): boolean {
  if (words > 30 || line.length > 200) return false;
  if (NAV_HINT_RE.test(line)) {
    const items = line.split(NAV_SPLIT_RE).filter((p) => p !== '');
    if (items.length < 2) return false;
    let sections = 0;
    for (const item of items) {
      if (item.length > 32 || countWords(item) > 4 || SENTENCE_END_RE.test(item) || !LETTER_RE.test(item)) return false;
      if (SECTION_WORDS.has(item.toLowerCase())) sections++;
    }
    return items.length >= 3 || sections === items.length;
  }
  if (words < 3 || words > 12) return false;
  let sections = 0;
  for (const w of line.split(' ')) {
    if (!CAPITALIZED_RE.test(w)) return false;
    if (SECTION_WORDS.has(w.toLowerCase())) sections++;
  }
  return sections >= words * 0.6;
}

const HAS_UPPER_RE = /\p{Lu}/u;
const HAS_DIGIT_RE = /\d/;

/** True for an all-capitals line of a few words without digits ("WARD ROUND NEWS"): a masthead or a kicker. */
export function isMasthead(line: string, words = countWords(line)): boolean {
  return (
    words <= 6 &&
    line.length <= 60 &&
    line === line.toUpperCase() &&
    HAS_UPPER_RE.test(line) &&
    !HAS_DIGIT_RE.test(line) &&
    !SENTENCE_END_RE.test(line)
  );
}

/** Page furniture anywhere on a page: boilerplate (see isBoilerplate) or a navigation bar. */
export function isFurniture(line: string, words = countWords(line)): boolean {
  return isBoilerplate(line, words) || isNavBar(line, words);
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
// Datelines

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
