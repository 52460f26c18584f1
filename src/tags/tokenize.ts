// Sentence tokenizer for entity rules: char-code scanning with a class table (no regex per character or token).
// Keeps dotted acronyms ("U.S."), inner apostrophes/hyphens ("Ryong-hae", "O'Brien") and records the
// capitalization facts the rules need; a possessive "'s" is cut from the token and flagged. Tokens are kept as
// offsets and bits in reused typed arrays; a token object (with its text and lowercase form) is only built when the
// rules look at that token, which is mostly capitalized words and their neighbours.
import { ASCII_CLASS, classAt, HASH_SEED, hashStep } from './intern.js';
import { lexAt, lexAtHashed, tokenFlags, type Lex, type SpanIndex } from './scan.js';

/** Interned one-character ASCII symbol tokens, by char code. */
const SYMBOLS: (Lex | undefined)[] = new Array<Lex | undefined>(128).fill(undefined);

/** One token of a sentence with its offsets and capitalization. */
export interface Tok {
  /** Index in the sentence's token list. */
  i: number;
  text: string;
  lower: string;
  start: number;
  end: number;
  word: boolean;
  /** Starts with an uppercase letter (or is an "al-Assad"-style particle name). */
  cap: boolean;
  /** All letters uppercase, at least two characters ("NIS", "U.S.", "AL-AIN"). */
  caps: boolean;
  /** Had a possessive "'s" (removed from text/end). */
  poss: boolean;
  /** Word-list bits (see lexicon.ts). */
  f: number;
}

const PARTICLE_NAME = /^(?:al|el|ad|as|ash|an|ibn|bin|abu|abd|d|o)['’-]\p{Lu}/u;

const isUpperAscii = (c: number): boolean => c >= 65 && c <= 90;

/** An "al-Assad"-style name in s[start, end): a hyphen at index 1-3, then the particle pattern. */
function particleName(s: string, start: number, end: number): boolean {
  let hyphen = false;
  for (let k = start + 1; k <= start + 3 && k < end && !hyphen; k++) hyphen = s.charCodeAt(k) === 45;
  return hyphen && PARTICLE_NAME.test(s.slice(start, end));
}

/** The token's word-list bits (lexicon.ts). */
export const flags = (t: Tok): number => t.f;

/** Token bits in TokenView.kind. */
export const K_WORD = 1;
export const K_CAP = 2;
export const K_CAPS = 4;
export const K_POSS = 8;
export const K_DIGIT = 16;
/** The word has an inner hyphen ("Ryong-hae"). */
export const K_HYPHEN = 32;
/** hashOf(k) holds the text hash of the token (intern.ts), so interning it needs no second pass. */
export const K_HASHED = 64;

/**
 * The tokens of a text as offsets and bits, seen through a window (one sentence): `tok(i)` builds (once) the object
 * for the window's token i, with offsets relative to the window's sentence. `read` tokenizes a sentence (the window
 * is all of it); a whole body can be read once and then looked at sentence by sentence with `window`.
 */
export class TokenView {
  /** The window's sentence. */
  s = '';
  /** Tokens in the window. */
  n = 0;
  /** Words (not starting with a digit) that are all caps, and other words longer than one character, in the window. */
  upper = 0;
  lower = 0;
  /** The tokenized text and its tokens (offsets in the text). */
  private text = '';
  private count = 0;
  private start = new Int32Array(64);
  private end = new Int32Array(64);
  private kind = new Uint8Array(64);
  private hash = new Int32Array(64);
  /** The window: tokens [lo, lo + n), the sentence starting at text offset `base`. */
  private lo = 0;
  private base = 0;
  private objs: (Tok | undefined)[] = [];
  /**
   * Optional: the scanned words of a text containing this one (spanBase: this text's offset in it). A word token
   * written at the same place as a scanned word reuses that word's interned entry instead of hashing its text.
   */
  private spans: SpanIndex | null = null;
  private spanBase = 0;

  /** Uses `spans` (words of a text in which this view's text starts at `spanBase`) for interned words. */
  useSpans(spans: SpanIndex | null, spanBase = 0): this {
    this.spans = spans;
    this.spanBase = spanBase;
    return this;
  }

  /** Token i of the window, or undefined outside [0, n). */
  tok(i: number): Tok | undefined {
    if (i < 0 || i >= this.n) return undefined;
    let t = this.objs[i];
    if (t === undefined) {
      const a = this.lo + i;
      const k = this.kind[a] as number;
      const start = this.start[a] as number;
      const end = this.end[a] as number;
      const w = (k & K_HASHED) !== 0 ? this.wordAt(start, end, this.hash[a] as number) : this.lexOf(start, end, (k & K_WORD) !== 0);
      t = {
        i, text: w.text, lower: w.lower, start: start - this.base, end: end - this.base, word: (k & K_WORD) !== 0,
        cap: (k & K_CAP) !== 0, caps: (k & K_CAPS) !== 0, poss: (k & K_POSS) !== 0, f: tokenFlags(w),
      };
      this.objs[i] = t;
    }
    return t;
  }

  /** The interned word text[start, end) with the given hash. */
  private wordAt(start: number, end: number, h: number): Lex {
    if (this.spans !== null) {
      const w = this.spans.at(this.spanBase + start, this.spanBase + end);
      if (w !== undefined) return w;
    }
    return lexAtHashed(this.text, start, end, h);
  }

  private lexOf(start: number, end: number, word: boolean): Lex {
    if (word) {
      if (this.spans !== null) {
        const w = this.spans.at(this.spanBase + start, this.spanBase + end);
        if (w !== undefined) return w;
      }
      return lexAt(this.text, start, end);
    }
    // A symbol: one code unit.
    const c = this.text.charCodeAt(start);
    return c < 128 ? (SYMBOLS[c] ??= lexAt(this.text, start, end)) : lexAt(this.text, start, end);
  }

  /** Window token i has all the given bits. */
  is(i: number, bits: number): boolean {
    return i >= 0 && i < this.n && ((this.kind[this.lo + i] as number) & bits) === bits;
  }

  /** Length of window token i (in [0, n)). */
  len(i: number): number {
    return (this.end[this.lo + i] as number) - (this.start[this.lo + i] as number);
  }

  /** Window token i is the one character c. */
  isChar(i: number, c: number): boolean {
    if (i < 0 || i >= this.n) return false;
    const a = this.lo + i;
    const st = this.start[a] as number;
    return (this.end[a] as number) - st === 1 && this.text.charCodeAt(st) === c;
  }

  /** All tokens of the text: count, and the offsets and bits of token k (for scan.ts's word derivation). */
  get size(): number {
    return this.count;
  }
  startOf(k: number): number {
    return this.start[k] as number;
  }
  endOf(k: number): number {
    return this.end[k] as number;
  }
  kindOf(k: number): number {
    return this.kind[k] as number;
  }
  hashOf(k: number): number {
    return this.hash[k] as number;
  }

  /** Looks at the sentence s, found at text offset base, made of tokens [lo, hi). */
  window(s: string, base: number, lo: number, hi: number): this {
    this.s = s;
    this.base = base;
    this.lo = lo;
    this.n = hi - lo;
    this.objs = [];
    let upper = 0;
    let lower = 0;
    for (let a = lo; a < hi; a++) {
      const k = this.kind[a] as number;
      if ((k & K_WORD) === 0 || (k & K_DIGIT) !== 0) continue;
      if ((k & K_CAPS) !== 0) upper++;
      else if ((this.end[a] as number) - (this.start[a] as number) > 1) lower++;
    }
    this.upper = upper;
    this.lower = lower;
    return this;
  }

  /** Tokenizes s into this view (the previous tokens are discarded). */
  read(s: string): this {
    this.text = s;
    this.s = s;
    this.base = 0;
    this.lo = 0;
    // A fresh (young) array: storing new token objects into it needs no old-to-young write barrier.
    this.objs = [];
    this.count = 0;
    this.upper = 0;
    this.lower = 0;
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c0 = s.charCodeAt(i);
      const cls = c0 < 128 ? (ASCII_CLASS[c0] as number) : classAt(s, i);
      if (cls === 2) {
        i++;
        continue;
      }
      const start = i;
      if (cls === 0) {
        this.push(start, i + 1, 0);
        i++;
        continue;
      }
      let lowerSeen = false;
      let nonAscii = c0 >= 128;
      let hyphen = false;
      // Text hash of the word (see intern.ts), kept when it covers the token (no possessive cut, not an acronym).
      let h = 0;
      if (isUpperAscii(c0) && s.charCodeAt(i + 1) === 46 && isUpperAscii(s.charCodeAt(i + 2)) && s.charCodeAt(i + 3) === 46) {
        while (i + 1 < n && isUpperAscii(s.charCodeAt(i)) && s.charCodeAt(i + 1) === 46) i += 2;
        if (isUpperAscii(s.charCodeAt(i)) && classAt(s, i + 1) !== 1) i++; // "U.S" with its last dot eaten
      } else {
        lowerSeen = c0 >= 97 && c0 <= 122;
        h = hashStep(HASH_SEED, c0);
        i++;
        while (i < n) {
          const c = s.charCodeAt(i);
          if (c < 128) {
            if (ASCII_CLASS[c] === 1) {
              if (c >= 97) lowerSeen = true;
              h = hashStep(h, c);
              i++;
              continue;
            }
            // An inner apostrophe or hyphen followed by a word character stays in the word ("O'Brien", "Ryong-hae").
            if ((c === 39 || c === 45) && i + 1 < n && classAt(s, i + 1) === 1) {
              if (c === 45) hyphen = true;
              h = hashStep(h, c);
              i++;
              continue;
            }
            break;
          }
          if (classAt(s, i) === 1 || (c === 0x2019 && i + 1 < n && classAt(s, i + 1) === 1)) {
            nonAscii = true;
            h = hashStep(h, c);
            i++;
            continue;
          }
          break;
        }
      }
      let end = i;
      let kind = hyphen ? K_WORD | K_HYPHEN : K_WORD;
      const len = end - start;
      if (len > 2) {
        const last = s.charCodeAt(end - 1);
        const apo = s.charCodeAt(end - 2);
        if ((last === 115 || last === 83) && (apo === 39 || apo === 0x2019)) {
          end -= 2;
          kind |= K_POSS;
        }
      }
      if (h !== 0 && (kind & K_POSS) === 0) {
        kind |= K_HASHED;
        this.hash[this.count] = h;
      }
      // Capitalization: by char codes for ASCII words, by the string rules otherwise.
      let up: boolean;
      let caps: boolean;
      if (!nonAscii) {
        up = isUpperAscii(c0);
        // The possessive's "s" may have been the only lowercase letter: recheck when one was cut.
        if (up && lowerSeen && end !== i) {
          lowerSeen = false;
          for (let k = start; k < end && !lowerSeen; k++) {
            const c = s.charCodeAt(k);
            lowerSeen = c >= 97 && c <= 122;
          }
        }
        caps = up && end - start >= 2 && !lowerSeen;
      } else {
        const text = s.slice(start, end);
        const lower = text.toLowerCase();
        up = lower !== text && text[0] !== lower[0];
        caps = up && text.length >= 2 && text === text.toUpperCase();
      }
      if (up || (len > 3 && particleName(s, start, end))) kind |= K_CAP;
      if (caps) kind |= K_CAPS;
      if (c0 >= 48 && c0 <= 57) kind |= K_DIGIT;
      else if (caps) this.upper++;
      else if (end - start > 1) this.lower++;
      this.push(start, end, kind);
    }
    this.n = this.count;
    return this;
  }

  private push(start: number, end: number, kind: number): void {
    const n = this.count;
    if (n === this.start.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
        b.set(a);
        return b;
      };
      this.start = grow(this.start, new Int32Array(n * 2));
      this.end = grow(this.end, new Int32Array(n * 2));
      this.kind = grow(this.kind, new Uint8Array(n * 2));
      this.hash = grow(this.hash, new Int32Array(n * 2));
    }
    this.start[n] = start;
    this.end[n] = end;
    this.kind[n] = kind;
    this.count = n + 1;
  }
}

/** Tokens: dotted acronyms ("U.S."), words with inner apostrophes/hyphens ("Ryong-hae", "Korea's"), single symbols. */
export function tokenize(s: string): Tok[] {
  const v = new TokenView().read(s);
  const out: Tok[] = [];
  for (let i = 0; i < v.n; i++) out.push(v.tok(i) as Tok);
  return out;
}
