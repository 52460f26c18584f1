// Bylines and author names. Reads "By Jane Doe", "Written by Dr. Amara Nwosu, Health Editor", "By Min Seo-jun |
// Asia Correspondent", "Jane Doe, Reuters", "By Park Min-ji · Harbor Times" and metadata author strings, and
// returns the person's name only: honorifics, roles, places and outlets are dropped (an outlet is returned
// apart, as it can name the source). Role-only bylines ("By Staff Reporter") give no author.
import { countWords, decodeEntities, normalizeLine } from './lines.js';

const NAME_WORD = "(?:\\p{Lu}[\\p{Ll}'’]+(?:-\\p{Lu}?[\\p{Ll}'’]+)?|(?:\\p{Lu}\\.){1,3}|(?:Mc|Mac|O'|O’)\\p{Lu}\\p{Ll}+)";
const PARTICLE = '(?:de|da|del|della|di|van|von|der|den|bin|al|la|le|dos|du|ter|y)';
const NAME = `${NAME_WORD}(?:\\s+(?:${PARTICLE}\\s+){0,2}${NAME_WORD}){1,3}`;
const CAPS_NAME = "\\p{Lu}[\\p{Lu}'’.-]+(?:\\s+\\p{Lu}[\\p{Lu}'’.-]+){1,3}";
const WIRE =
  'Reuters|REUTERS|AP|AFP|Bloomberg|CNN|BBC(?: News)?|The Associated Press|Associated Press|Agence France-Presse|' +
  'UPI|Xinhua(?: News Agency)?|Yonhap(?: News Agency)?|Kyodo(?: News)?|dpa|DPA|EFE|ANSA|PA(?: Media)?';
const PUBLICATION =
  "(?:The\\s+)?\\p{Lu}[\\p{L}.&'’]*(?:\\s+\\p{Lu}[\\p{L}.&'’]*){0,3}\\s+" +
  '(?:News|Times|Post|Herald|Journal|Tribune|Press|Wire|Agency|Gazette|Ledger|Courier|Observer|Chronicle|Daily|Weekly)';
const ROLE =
  '(?:[\\p{L}-]+\\s+){0,3}(?:[Rr]eporter|[Ww]riter|[Cc]orrespondent|[Ee]ditor|[Cc]olumnist|[Cc]ontributor|' +
  '[Jj]ournalist|[Ss]taff|[Bb]ureau(?: [Cc]hief)?|[Aa]nalyst|[Tt]eam|[Dd]esk|[Nn]ewsroom|[Pp]roducer|[Ee]ditors|' +
  '[Aa]dmin(?:istrator)?|[Ww]ebmaster|' +
  'REPORTER|WRITER|CORRESPONDENT|EDITOR|STAFF)s?';
const AGENCY_RE = new RegExp(`^(?:${WIRE}|${PUBLICATION}|${ROLE})$`, 'u');
const OUTLET_RE = new RegExp(`^(?:${WIRE}|${PUBLICATION})$`, 'u');
const ROLE_RE = new RegExp(`^(?:${ROLE}|[Ee]ditorial(?: [Bb]oard)?|[Aa]nonymous|[Uu]nknown)$`, 'u');
/** Capitalized words, e.g. a place or an outlet without a telltale word ("Shanghai", "Bytefront", "Bank of Korea"). */
const CAPWORDS_RE =
  /^(?:The\s+)?\p{Lu}[\p{L}\p{N}.&'’-]*(?:\s+(?:(?:of|for|the|and|in|at|on|de|du|la|le)\s+)?\p{Lu}[\p{L}\p{N}.&'’-]*){0,4}$/u;
const PERSON_RE = new RegExp(`^(?:${NAME}|${CAPS_NAME})$`, 'u');
const HONORIFIC_RE = /^(?:dr|prof|professor|doctor|mr|mrs|ms|mx|miss|sir|dame|rev|revd|fr|capt|col|gen|lt|sgt)\.?\s+/i;
const BY_LEAD_RE = /^(?:(?:written|reported|words|story|text|reporting|posted) by|by)\b\s*:?\s*/i;
/** Separators between a name and what follows it: , | / · • and spaced dashes, and "for"/"of"/"at" + Capital. */
const PART_SPLIT_RE = /\s*[,|/·•]\s*|\s+[-–—]\s+|\s+(?:for|of|at)\s+(?=\p{Lu})/u;
const AND_SPLIT_RE = /\s+(?:and|&)\s+/;
const AND_LEAD_RE = /^(?:and|&)\s+/;
const TRAILING_DOT_RE = /(\p{Ll}{2})\.$/u;
const CAPS_WORD_RE = /\p{Lu}[\p{Lu}'’.-]+/gu;
const URL_RE = /^https?:\/\//i;
const NOT_NAME_WORDS: ReadonlySet<string> = new Set(
  ('news breaking live update updates world politics business sport sports opinion home asia europe africa america ' +
    'americas pacific middle east west north south latest top stories story video videos photos menu search ' +
    'technology tech science health entertainment culture travel style analysis editorial comment comments share ' +
    'related more read watch listen subscribe sign contact about privacy terms policy us uk korea china united states ' +
    'kingdom new york city street international national local weather markets market economy money press release ' +
    'exclusive special report chinese american british korean japanese russian president minister party government the')
    .split(' '),
);
const NAME_PUNCT_RE = /[.'’]/g;

/** What a byline says: the person (undefined for "By Staff" or "By Reuters") and an outlet it names. */
export interface Byline {
  name?: string;
  outlet?: string;
}

function titleCaseCaps(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name.replace(CAPS_WORD_RE, (w) => w.charAt(0) + w.slice(1).toLowerCase());
}

function notNameWord(name: string): boolean {
  for (const w of name.toLowerCase().split(' ')) if (NOT_NAME_WORDS.has(w.replace(NAME_PUNCT_RE, ''))) return true;
  return false;
}

/**
 * One person's name with any honorific removed ("Dr. Amara Nwosu" → "Amara Nwosu"), else undefined. Without a
 * "By" to vouch for it, words that name places and sections ("North Korea", "World News") rule a name out.
 */
function personName(s: string, vouched: boolean): string | undefined {
  const name = s.replace(HONORIFIC_RE, '');
  if (name.length > 60 || !PERSON_RE.test(name) || AGENCY_RE.test(name)) return undefined;
  return vouched || !notNameWord(name) ? titleCaseCaps(name) : undefined;
}

/** Names joined by "and" / "&" ("Jane Doe and Omar Haddad"); `joined` says whether there was a join. */
function nameGroup(part: string, vouched: boolean): { names: string[]; joined: boolean } | undefined {
  const lead = AND_LEAD_RE.test(part);
  const pieces = (lead ? part.replace(AND_LEAD_RE, '') : part).split(AND_SPLIT_RE);
  const names: string[] = [];
  for (const p of pieces) {
    const n = personName(p, vouched);
    if (!n) return undefined;
    names.push(n);
  }
  return { names, joined: lead || pieces.length > 1 };
}

function joinNames(names: string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** How strict a line without "By" must be. */
export type BylineMode = 'strict' | 'relaxed' | 'list';

/**
 * Read a byline. Lines starting "By" / "Written by" hold names, then roles, places or outlets after a separator.
 * Without "By": `strict` wants "Name, Outlet-or-role"; `relaxed` (for a line that also holds a date) accepts a
 * bare name or any capitalized suffix; `list` (metadata) accepts comma-separated names.
 */
export function matchByline(line: string, mode: BylineMode = 'strict'): Byline | undefined {
  if (line.length > 160) return undefined;
  const lead = BY_LEAD_RE.exec(line);
  // Without "By", a strict byline needs a separator before its outlet or role.
  if (!lead && mode === 'strict' && !PART_SPLIT_RE.test(line)) return undefined;
  const words = countWords(line);
  if (words > (lead ? 16 : 10)) return undefined;
  const rest = (lead ? line.slice(lead[0].length) : line).replace(TRAILING_DOT_RE, '$1').trim();
  if (rest === '') return undefined;
  const parts = rest.split(PART_SPLIT_RE).filter((p) => p !== '');
  const first = nameGroup(parts[0] ?? '', lead !== null);
  if (!first) {
    // "By Reuters", "By Staff Reporter": a byline without a person.
    const only = parts[0] ?? '';
    if (!lead || parts.length > 2 || !AGENCY_RE.test(only)) return undefined;
    const out: Byline = {};
    if (OUTLET_RE.test(only)) out.outlet = only;
    return out;
  }
  // Names after a comma count when the list ends with an "and" join ("A, B and C"), or in metadata lists.
  const names = [...first.names];
  let end = 1;
  let j = 1;
  const more: string[][] = [];
  for (; j < parts.length; j++) {
    const g = nameGroup(parts[j] ?? '', lead !== null);
    if (!g) break;
    more.push(g.names);
    if (g.joined || mode === 'list') {
      for (const m of more) names.push(...m);
      more.length = 0;
      end = j + 1;
    }
  }
  const suffix = parts.slice(end);
  if (suffix.length > 3) return undefined;
  if (!lead && mode === 'strict' && suffix.length === 0) return undefined;
  const loose = lead !== null || mode !== 'strict';
  let outlet: string | undefined;
  for (const s of suffix) {
    if (OUTLET_RE.test(s)) outlet ??= s;
    else if (!AGENCY_RE.test(s) && !(loose && CAPWORDS_RE.test(s))) return undefined;
  }
  const out: Byline = { name: joinNames(names) };
  if (outlet) out.outlet = outlet;
  return out;
}

/** The author named by a byline line ("By Jane Doe", "Jane Doe, Reuters", "By JANE DOE | AP"), else undefined. */
export function parseByline(line: string): string | undefined {
  return matchByline(line)?.name;
}

/** A bare person's name on its own line ("Lester Mason", "Dr. Mary O'Neil") with honorifics removed, else undefined. */
export function bareName(line: string): string | undefined {
  if (line.length > 64) return undefined;
  return personName(line, false);
}

/** True when a short line looks like a person's name ("Lester Mason", "Mary O'Neil", "J. R. Smith"). */
export function looksLikeName(line: string): boolean {
  return bareName(line) !== undefined;
}

/**
 * Author strings from metadata: "By ", honorifics and roles removed ("Dr. Amara Nwosu, Health Editor" → "Amara
 * Nwosu"); undefined when empty, a URL or only a role ("Staff").
 */
export function cleanAuthor(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = normalizeLine(decodeEntities(raw)).replace(BY_LEAD_RE, '');
  if (s === '' || s.length > 120 || URL_RE.test(s) || ROLE_RE.test(s)) return undefined;
  const b = matchByline(`By ${s}`, 'list');
  if (b) return b.name ?? b.outlet;
  return s;
}

/** A byline part that is only an outlet or a role ("Reuters", "Harbor Times", "Asia Correspondent"), else undefined. */
export function outletOrRole(part: string): Byline | undefined {
  if (part.length > 60 || !AGENCY_RE.test(part)) return undefined;
  return OUTLET_RE.test(part) ? { outlet: part } : {};
}
