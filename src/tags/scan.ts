// A fast word scanner for tagging (char-class table, no regex per character): words with inner apostrophes and
// ampersands ("don't", "S&P"), dotted acronyms folded ("U.S." -> "US"), a trailing possessive removed, and whether
// only spaces/hyphens separate a word from the previous one, so multi-word matches and phrases never cross
// punctuation. Each distinct word is interned once with the facts topics and keywords need (lowercase, plural-folded
// stem, stopword), so a repeated word costs a hash of its characters and no new strings.
import { STOPWORDS } from '../text/tokens.js';
import { ASCII_CLASS, classAt, HASH_SEED, hashStep, Interner } from './intern.js';
import { flagsOf } from './lexicon.js';

/** One distinct word as written (possessive removed), with facts computed once. Shared across calls. */
export interface Lex {
  readonly text: string;
  readonly lower: string;
  /** Plural-folded lowercase key ("panels" -> "panel"), and its text hash. */
  readonly stem: string;
  readonly stemHash: number;
  /** Too short, a stopword or a number: never part of a keyword. */
  readonly stop: boolean;
  /** 1 when a very common news word (weak keyword), else 0. */
  readonly common: number;
  /** Keyword counting: the call that owns kSlot, and the index of the word's candidate in that call. */
  kEpoch: number;
  kSlot: number;
  /** Entity-rule bits of the word as a token (lexicon.ts flagsOf), -1 until first asked for (see tokenFlags). */
  f: number;
  /** A per-word memo for one owner (a topic matcher): valid only when memoOwner is that owner. */
  memoOwner: object | null;
  memo: unknown;
}

/** Scanned.flags bit: only spaces or hyphens separate the word from the previous one. */
export const JOINED = 1;
/** Scanned.flags bit: the word is a stopword (Lex.stop), copied here so counting need not load the word. */
export const STOP = 2;

/** The words of a text in order, with per-word JOINED / STOP bits and [start, end) offsets. */
export interface Scanned {
  readonly words: readonly Lex[];
  readonly flags: readonly number[];
  /** Start offset of each word as written, or -1 for a folded acronym ("U.S." -> "US"). */
  readonly starts: readonly number[];
  /** End offset of each word (a possessive excluded). */
  readonly ends: readonly number[];
}

/** Finds the scanned word written at exactly [start, end) of the scanned text (reused between calls). */
export class SpanIndex {
  private stamp = new Int32Array(0);
  private index = new Int32Array(0);
  private gen = 0;
  private sc: Scanned | null = null;

  /** Indexes the words of sc, a scan of a text of the given length. */
  reset(sc: Scanned, length: number): this {
    if (this.stamp.length <= length) {
      this.stamp = new Int32Array(length + 1);
      this.index = new Int32Array(length + 1);
      this.gen = 0;
    }
    if (this.gen >= 0x3fffffff) {
      this.stamp.fill(0);
      this.gen = 0;
    }
    const gen = ++this.gen;
    this.sc = sc;
    const { starts } = sc;
    for (let k = 0; k < starts.length; k++) {
      const st = starts[k] as number;
      if (st < 0) continue;
      this.stamp[st] = gen;
      this.index[st] = k;
    }
    return this;
  }

  /** The word written at [start, end), or undefined. */
  at(start: number, end: number): Lex | undefined {
    const sc = this.sc;
    if (sc === null || start >= this.stamp.length || this.stamp[start] !== this.gen) return undefined;
    const k = this.index[start] as number;
    return sc.ends[k] === end ? sc.words[k] : undefined;
  }
}

/** Very common news words: weak keywords unless the corpus idf says otherwise. */
export const COMMON_NEWS: ReadonlySet<string> = new Set(
  (
    'said says say told according added people time times day days month months today yesterday tomorrow percent ' +
    'cent million billion thousand hundred number part way made make makes making get got well back even still take ' +
    'took taken going go goes went come came comes see seen use used long high large small big good great old first ' +
    'last next second third former latest report reports reported reporting official officials statement news ' +
    'government country countries state world group including include includes called call know think want wanted ' +
    'like per end set lot thing things need needs put show shows showed early late later earlier recent recently ' +
    'among area areas public several issue issues case cases help around known important told asked local top ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april june july august ' +
    'september october november december morning evening night weekend announced announcement plan plans continue ' +
    'expected expect according added member members leader leaders work working meet meeting give given many'
  ).split(' '),
);

const NUMERIC = /^\d+(?:st|nd|rd|th|s)?$/;

/** The plural-folded key of a lowercase word ("missiles" -> "missile", not "press" or "status"). */
export const singularKey = (w: string): string =>
  w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') ? w.slice(0, -1) : w;

/** Too short, a stopword, or a number ("1990s", "3rd"). */
export const isStop = (w: string): boolean =>
  w.length < 2 || STOPWORDS.has(w) || (w.charCodeAt(0) >= 48 && w.charCodeAt(0) <= 57 && NUMERIC.test(w));

function makeLex(text: string): Lex {
  const lower = text.toLowerCase();
  const common = COMMON_NEWS.has(lower) ? 1 : 0;
  const stem = singularKey(lower);
  let stemHash = HASH_SEED;
  for (let i = 0; i < stem.length; i++) stemHash = hashStep(stemHash, stem.charCodeAt(i));
  return {
    text, lower, stem, stemHash, stop: isStop(lower), common, kEpoch: 0, kSlot: 0, f: -1, memoOwner: null,
    memo: undefined,
  };
}

const lexicon = new Interner(makeLex);
let epoch = 0;

/** Starts a counting call: a fresh epoch, so the words' kSlot values from earlier calls are ignored. */
export function beginCall(): number {
  return ++epoch;
}

/** The interned word for a string. */
export const lexOf = (w: string): Lex => lexicon.get(w, 0, w.length);

/**
 * The interned word for s.slice(start, end). Sentence tokens (tokenize.ts) share this table with the word scanner,
 * so an article's words are already cached when its sentences are tokenized.
 */
export const lexAt = (s: string, start: number, end: number): Lex => lexicon.get(s, start, end);

/** lexAt, given the text hash of s.slice(start, end) (intern.ts). */
export const lexAtHashed = (s: string, start: number, end: number, h: number): Lex => lexicon.getHashed(s, start, end, h);

/** The entity-rule bits of a word (computed once per interned word). */
export function tokenFlags(w: Lex): number {
  if (w.f < 0) w.f = flagsOf(w.text, w.lower);
  return w.f;
}

const isUpper = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 65 && c <= 90;
};

/** Two most recent results (an article's title and body are scanned by both topics and keywords). */
const cache: { text: string; scanned: Scanned }[] = [];

/** Makes `scanned` (equal to scan(s)) the cached scan of s. */
export function rememberScan(s: string, scanned: Scanned): void {
  for (const c of cache) if (c.text === s) return;
  if (cache.length >= 2) cache.shift();
  cache.push({ text: s, scanned });
}

/** Words of s in order. Recent results are cached and shared: do not mutate the result. */
export function scanWords(s: string): Scanned {
  for (const c of cache) if (c.text === s) return c.scanned;
  const scanned = scan(s);
  if (cache.length >= 2) cache.shift();
  cache.push({ text: s, scanned });
  return scanned;
}

const scratch = { words: [] as Lex[], flags: [] as number[], starts: [] as number[], ends: [] as number[] };

function scan(s: string): Scanned {
  // Filled in reused scratch arrays, then copied out at their final size (no repeated growth per call).
  const words = scratch.words;
  const flags = scratch.flags;
  const starts = scratch.starts;
  const ends = scratch.ends;
  let count = 0;
  const n = s.length;
  let i = 0;
  let joined = false;
  while (i < n) {
    const c0 = s.charCodeAt(i);
    const k0 = c0 < 128 ? (ASCII_CLASS[c0] as number) : classAt(s, i);
    if (k0 !== 1) {
      // Only spaces and hyphens keep the next word joined to the previous one.
      if (!(k0 === 2 || c0 === 45 || c0 === 0x2010 || c0 === 0x2011)) joined = false;
      i++;
      continue;
    }
    const start = i;
    if (isUpper(s, i) && s.charCodeAt(i + 1) === 46 && isUpper(s, i + 2) && s.charCodeAt(i + 3) === 46) {
      let letters = '';
      while (i + 1 < n && isUpper(s, i) && s.charCodeAt(i + 1) === 46) {
        letters += s[i];
        i += 2;
      }
      const q = s.charCodeAt(i);
      const c1 = s.charCodeAt(i + 1);
      if (i < n && (q === 39 || q === 0x2019) && (c1 === 115 || c1 === 83) && classAt(s, i + 2) !== 1) i += 2;
      const w = lexOf(letters);
      words[count] = w;
      flags[count] = (joined ? JOINED : 0) | (w.stop ? STOP : 0);
      starts[count] = -1;
      ends[count] = i;
      count++;
      joined = true;
      continue;
    }
    // Hash the word while scanning it; p1 and p2 are the hashes without its last one and two chars.
    let h = HASH_SEED;
    let p1 = h;
    let p2 = h;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || classAt(s, i) === 1)) {
        // An inner apostrophe or ampersand followed by a word character stays in the word ("don't", "S&P").
        if (!((c === 39 || c === 0x2019 || c === 38) && i + 1 < n && classAt(s, i + 1) === 1)) break;
      }
      p2 = p1;
      p1 = h;
      h = hashStep(h, c);
      i++;
    }
    let end = i;
    if (end - start > 2) {
      const apo = s.charCodeAt(end - 2);
      const last = s.charCodeAt(end - 1);
      if ((apo === 39 || apo === 0x2019) && (last === 115 || last === 83)) {
        end -= 2;
        h = p2;
      }
    }
    const w = lexicon.getHashed(s, start, end, h);
    words[count] = w;
    flags[count] = (joined ? JOINED : 0) | (w.stop ? STOP : 0);
    starts[count] = start;
    ends[count] = end;
    count++;
    joined = true;
  }
  return {
    words: words.slice(0, count),
    flags: flags.slice(0, count),
    starts: starts.slice(0, count),
    ends: ends.slice(0, count),
  };
}
