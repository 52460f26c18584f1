// Whole-article tokenization for the tagger: the body is tokenized once with the sentence tokenizer (tokenize.ts),
// each sentence is located in the body and looked at as a window of those tokens, and the body's scanned words
// (scan.ts, for topics and keywords) are derived from the same tokens instead of a second pass over the characters.
// Results are identical to tokenizing each sentence and scanning the body separately: when a sentence cannot be
// located with whitespace around it, the whole article falls back to that (null); when a word boundary case differs
// between the two tokenizers ("S&P", "U.S.A", "anti-U.S."), the body is scanned the ordinary way.
import { classAt } from './intern.js';
import { JOINED, lexAt, lexAtHashed, lexOf, rememberScan, scanWords, SpanIndex, STOP, type Lex, type Scanned } from './scan.js';
import { K_CAP, K_HASHED, K_HYPHEN, K_POSS, K_WORD, TokenView } from './tokenize.js';

/** An article body tokenized once: its tokens, where each sentence is, and the body's scanned words. */
export interface ArticleTokens {
  readonly view: TokenView;
  readonly sentences: readonly string[];
  /** Per sentence: its offset in the body and its tokens [lo, hi). */
  readonly bases: readonly number[];
  readonly los: readonly number[];
  readonly his: readonly number[];
  /** The body's scanned words, indexed by position (for reusing their interned entries in sentence tokens). */
  readonly spans: SpanIndex;
}

const bodyView = new TokenView();
const spanIndex = new SpanIndex();

/** Only white space in s[from, to) (offsets outside s count as white space). */
function blank(s: string, from: number, to: number): boolean {
  for (let i = Math.max(from, 0); i < to && i < s.length; i++) if (classAt(s, i) !== 2) return false;
  return true;
}

/**
 * Tokenizes the body once for both its sentences and its word scan (which is remembered by scan.ts, so topics and
 * keywords find it). Null when the sentences are not the body's text in order, separated by white space. The result
 * shares reused buffers: it is valid until the next call.
 */
export function tokenizeArticle(body: string, sentences: readonly string[]): ArticleTokens | null {
  const bases: number[] = [];
  let cursor = 0;
  for (const s of sentences) {
    const base = body.indexOf(s, cursor);
    const end = base + s.length;
    // Tokens never cross white space, so a sentence with white space (or the text's edge) on both sides has the
    // same tokens alone as inside the body: every look-ahead past its end stops at that first white space.
    if (base < 0 || s.length === 0 || !blank(body, base - 1, base) || !blank(body, end, end + 1)) return null;
    bases.push(base);
    cursor = end;
  }

  const v = bodyView.read(body);
  const los: number[] = [];
  const his: number[] = [];
  let k = 0;
  for (let j = 0; j < sentences.length; j++) {
    const base = bases[j] as number;
    const end = base + (sentences[j] as string).length;
    while (k < v.size && v.startOf(k) < base) k++;
    los.push(k);
    while (k < v.size && v.startOf(k) < end) k++;
    his.push(k);
  }
  const scanned = deriveScan(v, body) ?? scanWords(body);
  rememberScan(body, scanned);
  return { view: v, sentences, bases, los, his, spans: spanIndex.reset(scanned, body.length) };
}

const isUpper = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 65 && c <= 90;
};
/** A dotted acronym starts at i ("U.S.", "U.N."): both tokenizers test exactly this. */
const acronymAt = (s: string, i: number): boolean =>
  isUpper(s, i) && s.charCodeAt(i + 1) === 46 && isUpper(s, i + 2) && s.charCodeAt(i + 3) === 46;

/**
 * The words scanWords(s) would return, from the sentence tokens of s, or null when a case where the two
 * tokenizers split differently occurs. Word tokens hold letters, digits and inner apostrophes/hyphens; the scanner
 * splits them at hyphens (which keep words joined), joins "&" between letters, and folds dotted acronyms.
 */
function deriveScan(v: TokenView, s: string): Scanned | null {
  const { words, flags, starts, ends } = scratch;
  let count = 0;
  const n = s.length;
  const size = v.size;
  let joined = false;
  for (let k = 0; k < size; k++) {
    const a = v.startOf(k);
    const kind = v.kindOf(k);
    if ((kind & K_WORD) === 0) {
      const c = s.charCodeAt(a);
      // The scanner keeps "&" inside a word ("S&P"); the sentence tokenizer does not.
      if (c === 38 && a > 0 && classAt(s, a - 1) === 1 && classAt(s, a + 1) === 1) return null;
      if (!(c === 45 || c === 0x2010 || c === 0x2011)) joined = false;
      continue;
    }
    let w: Lex;
    let start = a;
    let end = v.endOf(k);
    if ((kind & K_CAP) !== 0 && acronymAt(s, a)) {
      const b = end;
      let i = a;
      let letters = '';
      while (i + 1 < n && isUpper(s, i) && s.charCodeAt(i + 1) === 46) {
        letters += s[i];
        i += 2;
      }
      if (i !== b) return null; // "U.S.A": the token took a last undotted letter, the scanner makes it a word.
      const q = s.charCodeAt(i);
      const c1 = s.charCodeAt(i + 1);
      if (i < n && (q === 39 || q === 0x2019) && (c1 === 115 || c1 === 83) && classAt(s, i + 2) !== 1) {
        // The scanner skips a possessive after an acronym: the tokens "'" and "s" that follow.
        if (!(k + 2 < size && v.startOf(k + 1) === i && v.startOf(k + 2) === i + 1 && v.endOf(k + 2) === i + 2)) return null;
        k += 2;
        i += 2;
      }
      w = lexOf(letters);
      start = -1;
      end = i;
    } else if ((kind & K_HYPHEN) !== 0) {
      // The scanner's words are the pieces between hyphens (which keep them joined), each without a possessive.
      const b = end + ((kind & K_POSS) !== 0 ? 2 : 0);
      let p = a;
      for (;;) {
        let q = p;
        while (q < b && s.charCodeAt(q) !== 45) q++;
        if (p > a && acronymAt(s, p)) return null;
        let e = q;
        if (e - p > 2) {
          const apo = s.charCodeAt(e - 2);
          const last = s.charCodeAt(e - 1);
          if ((apo === 39 || apo === 0x2019) && (last === 115 || last === 83)) e -= 2;
        }
        if (q >= b) {
          start = p;
          end = e;
          break;
        }
        count = put(count, lexAt(s, p, e), joined, p, e);
        joined = true;
        p = q + 1;
      }
      w = lexAt(s, start, end);
    } else w = (kind & K_HASHED) !== 0 ? lexAtHashed(s, a, end, v.hashOf(k)) : lexAt(s, a, end);
    count = put(count, w, joined, start, end);
    joined = true;
  }
  return {
    words: words.slice(0, count),
    flags: flags.slice(0, count),
    starts: starts.slice(0, count),
    ends: ends.slice(0, count),
  };
}

/** Reused arrays for deriveScan, copied out at their final size. */
const scratch = { words: [] as Lex[], flags: [] as number[], starts: [] as number[], ends: [] as number[] };

/** Stores word number `count` in the scratch arrays; returns the new count. */
function put(count: number, w: Lex, joined: boolean, start: number, end: number): number {
  scratch.words[count] = w;
  scratch.flags[count] = (joined ? JOINED : 0) | (w.stop ? STOP : 0);
  scratch.starts[count] = start;
  scratch.ends[count] = end;
  return count + 1;
}
