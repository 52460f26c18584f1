// Word-list bits for the entity rules: one bit mask per token text of every word list the rules consult (gazetteer,
// stopwords, connectors, titles...), computed once per interned word (scan.ts tokenFlags). The rules then test bits
// instead of doing a dozen Set lookups per token. A pure function of the text, so caching it never changes results.
import { STOPWORDS } from '../text/tokens.js';
import {
  CALENDAR, COMMON_WORDS, DEMONYMS, DIRECTIONS, EAST_ASIAN_SURNAMES, FIRST_NAMES, NON_ENTITY_ACRONYMS, ORG_HEADS,
  ORG_OF_HEADS, ORGS, PLACES, TITLE_MODIFIERS, TITLES,
} from './gazetteer.js';

// Word-list bits of a token (W_* from its lowercase form, T_* from its exact text); 31 bits, never negative.
/** STOPWORDS or COMMON_WORDS. */
export const W_COMMON = 1 << 2;
export const W_FIRST = 1 << 3;
export const W_SURNAME = 1 << 4;
/** A one-word key of PLACES. */
export const W_PLACE = 1 << 5;
/** A one-word lowercase key of ORGS. */
export const W_ORG = 1 << 6;
export const T_ORG = 1 << 7;
export const W_DEMONYM = 1 << 8;
export const W_ORG_HEAD = 1 << 9;
export const W_ORG_OF_HEAD = 1 << 10;
export const W_TITLE = 1 << 11;
/** A title, or a hyphenated title ("Secretary-General"). */
export const W_TITLE_WORD = 1 << 12;
export const W_TITLE_MOD = 1 << 13;
export const W_DIRECTION = 1 << 14;
export const W_CALENDAR = 1 << 15;
export const W_CONNECTOR = 1 << 16;
export const W_PARTICLE = 1 << 17;
export const W_SAID = 1 << 18;
export const W_ORG_NEXT = 1 << 19;
export const W_PLACE_PREP = 1 << 20;
export const W_ABBREV_DOT = 1 << 21;
export const W_NAME_SUFFIX = 1 << 22;
/** A capitalized function word that is not part of a name at a run's start ("The", "In"). */
export const W_FILLER = 1 << 23;
export const W_OF_LIKE = 1 << 24;
/** Longer than 4 letters with a common-word suffix ("-ly", "-ing", "-tion"...). */
export const W_COMMONISH = 1 << 25;
/** First word of a multi-word PLACES key. */
export const W_MULTI_PLACE = 1 << 26;
/** First word of a multi-word ORGS key. */
export const W_MULTI_ORG = 1 << 27;
/** Cannot be a name on its own (common, title, title modifier, direction, org head, noise acronym, suffix). */
export const W_NOT_NAME = 1 << 28;
export const T_OPENER = 1 << 29;
export const T_ENDER = 1 << 30;
/** FIRST_NAMES or EAST_ASIAN_SURNAMES. */
export const W_NAME_LIST = W_FIRST | W_SURNAME;

const CONNECTORS: ReadonlySet<string> = new Set(['of', 'the', 'for', '&', 'on', 'and']);
const PARTICLES: ReadonlySet<string> = new Set([
  'de', 'del', 'della', 'da', 'di', 'du', 'dos', 'das', 'van', 'von', 'der', 'den', 'ter', 'le', 'la', 'bin', 'ibn',
  'al', 'el', 'bint', 'y',
]);
const OPENERS: ReadonlySet<string> = new Set(['"', '“', '‘', "'", '(', '[', '{', '-', '–', '—', ':', ';', '•', '*']);
const ENDERS: ReadonlySet<string> = new Set(['.', '!', '?']);
const SAID: ReadonlySet<string> = new Set(['said', 'says', 'told', 'added', 'wrote', 'asked', 'testified']);
/** Words after a name that mark a company ("Newmont shares"). */
const ORG_NEXT: ReadonlySet<string> = new Set(['shares', 'stock', 'stake', 'subsidiary', 'shareholders', 'stockholders']);
const PLACE_PREPS: ReadonlySet<string> = new Set(['in', 'near', 'outside', 'from', 'across', 'to']);
const ABBREV_DOT: ReadonlySet<string> = new Set(['st', 'ft', 'mt', 'jr', 'sr', 'no', 'co', 'inc', 'corp', 'ltd']);
const NAME_SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
const LEADING_KEEP: ReadonlySet<string> = new Set(['new', 'us', 'mr', 'mrs', 'ms', 'dr']);
const OF_LIKE: ReadonlySet<string> = new Set(['of', 'for', 'on']);
const COMMONISH_SUFFIX = /(?:ly|ing|ed|ness|ment|tion|tions|ies)$/;

const firstWords = (keys: Iterable<string>): ReadonlySet<string> => {
  const s = new Set<string>();
  for (const k of keys) {
    const sp = k.indexOf(' ');
    if (sp > 0) s.add(k.slice(0, sp));
  }
  return s;
};
const MULTI_PLACE_FIRST = firstWords(PLACES.keys());
const MULTI_ORG_FIRST = firstWords(ORGS.keys());

/** "President", "Gen", and hyphenated titles such as "Secretary-General" or "Vice-President". */
function isTitleWord(l: string): boolean {
  if (TITLES.has(l)) return true;
  if (!l.includes('-')) return false;
  const parts = l.split('-');
  return parts.some((p) => TITLES.has(p)) && parts.every((p) => TITLES.has(p) || TITLE_MODIFIERS.has(p));
}

/** The word-list bits of a token, from its exact text and its lowercase form. */
export function flagsOf(text: string, l: string): number {
  let f = 0;
  const bit = (on: boolean, b: number): void => {
    if (on) f |= b;
  };
  bit(STOPWORDS.has(l) || COMMON_WORDS.has(l), W_COMMON);
  bit(FIRST_NAMES.has(l), W_FIRST);
  bit(EAST_ASIAN_SURNAMES.has(l), W_SURNAME);
  bit(PLACES.has(l), W_PLACE);
  bit(ORGS.has(l), W_ORG);
  bit(ORGS.has(text), T_ORG);
  bit(DEMONYMS.has(l), W_DEMONYM);
  bit(ORG_HEADS.has(l), W_ORG_HEAD);
  bit(ORG_OF_HEADS.has(l), W_ORG_OF_HEAD);
  bit(TITLES.has(l), W_TITLE);
  bit(isTitleWord(l), W_TITLE_WORD);
  bit(TITLE_MODIFIERS.has(l), W_TITLE_MOD);
  bit(DIRECTIONS.has(l), W_DIRECTION);
  bit(CALENDAR.has(l), W_CALENDAR);
  bit(CONNECTORS.has(l), W_CONNECTOR);
  bit(PARTICLES.has(l), W_PARTICLE);
  bit(SAID.has(l), W_SAID);
  bit(ORG_NEXT.has(l), W_ORG_NEXT);
  bit(PLACE_PREPS.has(l), W_PLACE_PREP);
  bit(ABBREV_DOT.has(l), W_ABBREV_DOT);
  bit(NAME_SUFFIXES.has(l), W_NAME_SUFFIX);
  bit(STOPWORDS.has(l) && !LEADING_KEEP.has(l), W_FILLER);
  bit(OF_LIKE.has(l), W_OF_LIKE);
  bit(COMMONISH_SUFFIX.test(l) && l.length > 4, W_COMMONISH);
  bit(MULTI_PLACE_FIRST.has(l), W_MULTI_PLACE);
  bit(MULTI_ORG_FIRST.has(l), W_MULTI_ORG);
  bit(
    (f & (W_COMMON | W_TITLE_WORD | W_TITLE_MOD | W_DIRECTION | W_ORG_HEAD | W_NAME_SUFFIX)) !== 0 ||
      NON_ENTITY_ACRONYMS.has(text),
    W_NOT_NAME,
  );
  bit(OPENERS.has(text), T_OPENER);
  bit(ENDERS.has(text), T_ENDER);
  return f;
}
