// Entity mentions with character offsets, by rules (no NLP library): a candidate is a run of capitalized tokens
// (with "of"/"the"/"for"/"&" connectors and name particles inside), typed by the gazetteer, org head words, titles,
// given names, East Asian surname structure and a few context cues. Used by extractEntities and the NER benchmark.
import { STOPWORDS } from '../text/tokens.js';
import {
  CALENDAR, COMMON_WORDS, DEMONYMS, DIRECTIONS, EAST_ASIAN_SURNAMES, FIRST_NAMES, NON_ENTITY_ACRONYMS, ORG_HEADS,
  ORG_OF_HEADS, ORGS, PLACES, SHOUT_UNSAFE_PLACES, TITLE_MODIFIERS, TITLES,
} from './gazetteer.js';
import { isDigitStart, tokenize, type Tok } from './tokenize.js';

export type EntityKind = 'person' | 'place' | 'org';

/** One entity mention in a sentence: [start, end) character offsets, possessive "'s" excluded. */
export interface Mention {
  start: number;
  end: number;
  kind: EntityKind;
  text: string;
  /** A lone unknown capitalized word guessed as a person: kept by extractEntities only if it links to a full name. */
  weak?: boolean;
}

const COMMONISH_SUFFIX = /(?:ly|ing|ed|ness|ment|tion|tions|ies)$/;

const CONNECTORS: ReadonlySet<string> = new Set(['of', 'the', 'for', '&', 'on', 'and']);
const PARTICLES: ReadonlySet<string> = new Set([
  'de', 'del', 'della', 'da', 'di', 'du', 'dos', 'das', 'van', 'von', 'der', 'den', 'ter', 'le', 'la', 'bin', 'ibn',
  'al', 'el', 'bint', 'y',
]);
const OPENERS: ReadonlySet<string> = new Set(['"', '“', '‘', "'", '(', '[', '{', '-', '–', '—', ':', ';', '•', '*']);
const ENDERS: ReadonlySet<string> = new Set(['.', '!', '?']);
const SAID: ReadonlySet<string> = new Set(['said', 'says', 'told', 'added', 'wrote', 'asked', 'testified']);
/** Words after a name that mark a company ("Newmont shares", "a stake in Ahold" is not covered). */
const ORG_NEXT: ReadonlySet<string> = new Set(['shares', 'stock', 'stake', 'subsidiary', 'shareholders', 'stockholders']);
const PLACE_PREPS: ReadonlySet<string> = new Set(['in', 'near', 'outside', 'from', 'across', 'to']);
const ABBREV_DOT: ReadonlySet<string> = new Set(['st', 'ft', 'mt', 'jr', 'sr', 'no', 'co', 'inc', 'corp', 'ltd']);

function keyOf(r: Tok[]): string {
  let k = '';
  for (const t of r) if (t.word) k = k === '' ? t.lower : k + ' ' + t.lower;
  return k;
}
const isCommon = (l: string): boolean => STOPWORDS.has(l) || COMMON_WORDS.has(l);
const isNameList = (l: string): boolean => FIRST_NAMES.has(l) || EAST_ASIAN_SURNAMES.has(l);
const knownOrg = (r: Tok[]): boolean =>
  (r.length === 1 && r[0] !== undefined && ORGS.has(r[0].text)) || ORGS.has(keyOf(r));

/** Longest prefix of r (1-4 word tokens, shorter than r) that is a known place; 0 when none. */
function placePrefix(r: Tok[]): number {
  for (let n = Math.min(4, r.length - 1); n >= 1; n--) if (PLACES.has(keyOf(r.slice(0, n)))) return n;
  return 0;
}

const OF_LIKE: ReadonlySet<string> = new Set(['of', 'for', 'on']);

/** "X Agency", "Bank of Y", "Centers for Z"; not a coordination of two orgs ("A University and B University"). */
function hasOrgHead(r: Tok[]): boolean {
  if (r.length < 2) return false;
  const and = r.findIndex((t) => t.lower === 'and' || t.text === '&');
  if (and > 1 && ORG_HEADS.has((r[and - 1] as Tok).lower)) return false;
  const last = r[r.length - 1] as Tok;
  if (ORG_HEADS.has(last.lower) && !last.caps) return true;
  for (let k = 0; k < r.length - 1; k++) {
    const t = r[k] as Tok;
    if (ORG_OF_HEADS.has(t.lower) && OF_LIKE.has((r[k + 1] as Tok).lower)) return true;
  }
  return false;
}

/** Longest prefix (1-3 tokens, shorter than r) that is a known organization; 0 when none. */
function orgPrefix(r: Tok[]): number {
  for (let n = Math.min(3, r.length - 1); n >= 1; n--) if (knownOrg(r.slice(0, n))) return n;
  return 0;
}

/** A person by name structure: a known given name, or an East Asian family name followed by a given name. */
function personByStructure(r: Tok[]): boolean {
  const f = r[0];
  if (!f || r.length < 2 || r.length > 4) return false;
  if (r.some((t) => t.caps || !t.word)) return false;
  if (r.slice(1).some((t) => PLACES.has(t.lower) || DEMONYMS.has(t.lower) || ORG_HEADS.has(t.lower))) return false;
  if (FIRST_NAMES.has(f.lower)) return true;
  if (EAST_ASIAN_SURNAMES.has(f.lower) && r.length <= 3) return r.slice(1).every((t) => !isCommon(t.lower));
  return false;
}

class Extractor {
  readonly out: Mention[] = [];
  constructor(
    private readonly s: string,
    private readonly toks: Tok[],
  ) {}

  /** Token i starts the sentence (or a quote, parenthesis or clause after ':'), so its capital says nothing. */
  private isInitial(i: number): boolean {
    const p = this.toks[i - 1];
    if (!p) return true;
    if (OPENERS.has(p.text)) return this.isInitial(i - 1);
    if (!ENDERS.has(p.text)) return false;
    const pp = this.toks[i - 2];
    return !(pp && (TITLES.has(pp.lower) || ABBREV_DOT.has(pp.lower) || (pp.text.length === 1 && pp.cap)));
  }

  private emit(r: Tok[], kind: EntityKind, weak = false): void {
    const a = r[0];
    const b = r[r.length - 1];
    if (!a || !b) return;
    const m: Mention = { start: a.start, end: b.end, kind, text: this.s.slice(a.start, b.end) };
    if (weak) m.weak = true;
    this.out.push(m);
  }

  private isName(i: number): boolean {
    const t = this.toks[i];
    if (!t || !t.cap || isDigitStart(t.text)) return false;
    if (CALENDAR.has(t.lower)) {
      const p = this.toks[i - 1];
      return !!p && p.cap && FIRST_NAMES.has(p.lower); // "Theresa May"
    }
    return true;
  }

  /** Can a run start at token i? Sentence-initial ordinary words ("Following", "The", "Song is") cannot. */
  private startable(i: number): boolean {
    if (!this.isName(i)) return false;
    const t = this.toks[i] as Tok;
    if (t.caps || !this.isInitial(i)) return true;
    const l = t.lower;
    const next = this.toks[i + 1];
    const nextName = !!next && next.word && this.isName(i + 1);
    if (PLACES.has(l) || ORGS.has(t.text) || ORGS.has(l)) return !isCommon(l) || nextName;
    if (next && (PLACES.has(l + ' ' + next.lower) || ORGS.has(l + ' ' + next.lower))) return true;
    if ((TITLES.has(l) || TITLE_MODIFIERS.has(l) || isNameList(l)) && nextName) return true;
    if (isCommon(l)) return false;
    return !(COMMONISH_SUFFIX.test(l) && l.length > 4 && !isNameList(l));
  }

  run(): Mention[] {
    const { toks } = this;
    const n = toks.length;
    let i = 0;
    while (i < n) {
      if (!this.startable(i)) {
        i++;
        continue;
      }
      const r: Tok[] = [];
      let j = i;
      while (j < n) {
        const t = toks[j] as Tok;
        if (t.word && this.isName(j)) {
          r.push(t);
          j++;
          if (t.poss) break;
          continue;
        }
        const prev = toks[j - 1] as Tok;
        const nextName = j + 1 < n && this.isName(j + 1);
        if (t.text === '.' && nextName && (TITLES.has(prev.lower) || ABBREV_DOT.has(prev.lower) || prev.text.length === 1)) {
          j++;
          continue;
        }
        const conn = CONNECTORS.has(t.lower) || PARTICLES.has(t.lower);
        if (conn && !t.cap && (nextName || (j + 2 < n && CONNECTORS.has((toks[j + 1] as Tok).lower) && this.isName(j + 2)))) {
          r.push(t);
          j++;
          continue;
        }
        break;
      }
      while (r.length > 0 && !(r[r.length - 1] as Tok).cap) r.pop();
      if (r.length > 0) this.typeRun(r);
      i = Math.max(j, i + 1);
    }
    return this.out;
  }

  /** Types the parts before (unless rightOnly) and after the connector at r[at] separately. */
  private splitAt(r: Tok[], at: number, rightOnly = false): void {
    if (!rightOnly) this.typeRun(r.slice(0, at));
    let k = at;
    while (k < r.length && !(r[k] as Tok).cap) k++;
    if (k < r.length) this.typeRun(r.slice(k));
  }

  /** Types a run of name tokens (and connectors) and emits zero or more mentions. */
  private typeRun(r: Tok[]): void {
    const first = r[0];
    const lastTok = r[r.length - 1];
    if (!first || !lastTok) return;
    const prev = this.toks[first.i - 1];
    const next = this.toks[lastTok.i + 1];
    // Dateline: "SEOUL, Nov 21 -" / "AL-AIN , United Arab Emirates" / "LONDON 1996-08-30".
    const datelineNext = next && (next.text === ',' || next.text === '(' || isDigitStart(next.text));
    if (datelineNext && r.every((t) => t.caps) && this.isInitial(first.i)) {
      if (!ORGS.has(first.text) || PLACES.has(keyOf(r))) return this.emit(r, 'place');
    }
    if (knownOrg(r)) return this.emit(r, 'org');
    if (PLACES.has(keyOf(r))) return this.emit(r, 'place');
    if (r.length > 1 && isLeadingFiller(first.lower)) {
      while (r.length > 1 && isLeadingFiller((r[0] as Tok).lower)) r = r.slice(1);
      return this.typeRun(r);
    }
    // Titles: "[prefix] [modifiers] Title [of State] Name" -> prefix typed on its own, Name is a person.
    const ts = titleSplit(r);
    if (ts) {
      if (ts[0] > 0) this.typeRun(r.slice(0, ts[0]));
      return this.typePerson(r.slice(ts[1]));
    }
    const and = r.findIndex((t) => !t.cap && t.lower === 'and');
    if (and > 0 && !hasOrgHead(r)) return this.splitAt(r, and);
    if (hasOrgHead(r)) return this.emit(r, 'org');
    const op = orgPrefix(r);
    if (op > 0) {
      this.emit(r.slice(0, op), 'org');
      return this.typeRun(r.slice(op));
    }
    if (FIRST_NAMES.has(first.lower) && personByStructure(r)) return this.emit(r, 'person');
    // A role word before a given name: "Defender Hassan Abbas", "Surgeon Renat Akchurin".
    const second = r[1];
    if (r.length >= 3 && second && FIRST_NAMES.has(second.lower) && !isNameList(first.lower) && personByStructure(r.slice(1)))
      return this.typeRun(r.slice(1));
    const lp = placePrefix(r);
    if (lp > 0) {
      const rest = r.slice(lp);
      if (personByStructure(rest)) {
        this.emit(r.slice(0, lp), 'place');
        this.emit(rest, 'person');
      }
      return;
    }
    // Leading nationality words: "Chinese", "North Korean" are not entities; type what follows.
    let idx = 0;
    while (idx < r.length) {
      const l = (r[idx] as Tok).lower;
      const nl = r[idx + 1]?.lower;
      if (DEMONYMS.has(l) || (DIRECTIONS.has(l) && nl !== undefined && DEMONYMS.has(nl))) idx++;
      else break;
    }
    if (idx > 0) {
      if (idx < r.length) this.typeRun(r.slice(idx));
      return;
    }
    if (r.every((t) => !t.cap || isTitleWord(t.lower) || TITLE_MODIFIERS.has(t.lower))) return;
    // Connectors that did not make an org or place: type each part on its own.
    const ci = r.findIndex((t) => !t.cap && CONNECTORS.has(t.lower));
    if (ci > 0) return this.splitAt(r, ci);
    if (personByStructure(r)) return this.emit(r, 'person');
    if (r.some((t) => PLACES.has(t.lower) || DEMONYMS.has(t.lower) || CALENDAR.has(t.lower))) return;
    if (next && ORG_NEXT.has(next.lower) && r.length <= 3 && !r.some((t) => notAName(t))) return this.emit(r, 'org');
    const cued = (prev !== undefined && SAID.has(prev.lower)) || (next !== undefined && SAID.has(next.lower));
    if (r.length === 1) {
      const t = first;
      if (t.text.length < 2 || notAName(t)) return;
      if (t.caps) return t.text.length > 5 || t.text.includes('.') ? undefined : this.emit(r, 'org');
      if (cued) return this.emit(r, 'person');
      if (prev && PLACE_PREPS.has(prev.lower) && !isNameList(t.lower)) return this.emit(r, 'place', true);
      return this.emit(r, 'person', true);
    }
    if (r.every((t) => t.caps)) return r.length <= 3 ? undefined : this.emit(r, 'org');
    if (r.length <= 3) {
      const nameLike = r.every((t, k) => !notAName(t) && (t.text.length > 1 || k < r.length - 1));
      return nameLike ? this.emit(r, 'person') : undefined;
    }
    return this.emit(r, 'org');
  }

  /** The name after a title: a person, unless it is a known org/place ("President of France"). */
  private typePerson(rest: Tok[]): void {
    const cut = rest.findIndex((t) => !t.cap && CONNECTORS.has(t.lower));
    if (cut > 0) {
      this.typePerson(rest.slice(0, cut));
      return this.splitAt(rest, cut, true);
    }
    if (rest.length === 0) return;
    if (knownOrg(rest)) return this.emit(rest, 'org');
    if (PLACES.has(keyOf(rest))) return this.emit(rest, 'place');
    if (hasOrgHead(rest)) return this.emit(rest, 'org');
    if (rest.length === 1 && notAName(rest[0] as Tok)) return;
    this.emit(rest, 'person');
  }
}

const LEADING_KEEP: ReadonlySet<string> = new Set(['new', 'us', 'mr', 'mrs', 'ms', 'dr']);
/** A capitalized function word at the start of a run ("The", "In", "But"): not part of the name. */
const isLeadingFiller = (l: string): boolean => STOPWORDS.has(l) && !LEADING_KEEP.has(l);

/** "President", "Gen", and hyphenated titles such as "Secretary-General" or "Vice-President". */
function isTitleWord(l: string): boolean {
  if (TITLES.has(l)) return true;
  if (!l.includes('-')) return false;
  const parts = l.split('-');
  return parts.some((p) => TITLES.has(p)) && parts.every((p) => TITLES.has(p) || TITLE_MODIFIERS.has(p));
}

const NAME_SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** A single token that cannot be a name on its own (common word, title, org head word, direction, acronym noise). */
function notAName(t: Tok): boolean {
  const l = t.lower;
  return (
    isCommon(l) || isTitleWord(l) || TITLE_MODIFIERS.has(l) || DIRECTIONS.has(l) || ORG_HEADS.has(l) ||
    NON_ENTITY_ACRONYMS.has(t.text) || NAME_SUFFIXES.has(l)
  );
}

/** [prefix end, name start] when the run holds "[prefix] [modifiers] Title [of State] Name"; null otherwise. */
function titleSplit(r: Tok[]): [number, number] | null {
  for (let k = 0; k < r.length; k++) {
    if (!isTitleWord((r[k] as Tok).lower)) continue;
    let e = k + 1;
    while (e < r.length) {
      const l = (r[e] as Tok).lower;
      if (isTitleWord(l) || TITLE_MODIFIERS.has(l) || l === 'of' || l === 'the') e++;
      else break;
    }
    const head = r[e];
    if (!head || !head.cap || NAME_SUFFIXES.has(head.lower) || hasOrgHead(r.slice(e))) return null;
    let j = k;
    while (j > 0 && (TITLE_MODIFIERS.has((r[j - 1] as Tok).lower) || isTitleWord((r[j - 1] as Tok).lower))) j--;
    return [j, e];
  }
  return null;
}

/** Shouted (all-caps) text such as headlines: only gazetteer places and known organizations are trusted. */
function shoutMentions(s: string, toks: Tok[]): Mention[] {
  const out: Mention[] = [];
  let i = 0;
  while (i < toks.length) {
    let hit = 0;
    let kind: EntityKind = 'place';
    for (let n = Math.min(4, toks.length - i); n >= 1 && hit === 0; n--) {
      const r = toks.slice(i, i + n);
      if (!r.every((t) => t.word)) continue;
      const k = keyOf(r);
      if (PLACES.has(k) && (n > 1 || !SHOUT_UNSAFE_PLACES.has(k))) hit = n;
      else if ((ORGS.has(k) || (n === 1 && ORGS.has((r[0] as Tok).text))) && !isCommon(k)) {
        hit = n;
        kind = 'org';
      }
    }
    if (hit > 0) {
      const a = toks[i] as Tok;
      const b = toks[i + hit - 1] as Tok;
      out.push({ start: a.start, end: b.end, kind, text: s.slice(a.start, b.end) });
      i += hit;
    } else i++;
  }
  return out;
}

/** Entity mentions in one sentence, in order of appearance. */
export function extractMentions(sentence: string): Mention[] {
  const toks = tokenize(sentence);
  let upper = 0;
  let lower = 0;
  for (const t of toks) {
    if (!t.word || isDigitStart(t.text)) continue;
    if (t.caps) upper++;
    else if (t.text.length > 1) lower++;
  }
  if (upper >= 2 && lower * 3 < upper) return shoutMentions(sentence, toks);
  return new Extractor(sentence, toks).run();
}
