// Near-duplicate fingerprints for story clustering.
// Each article gets a MinHash signature of its body's 3-word shingles (content words: stopwords out, possessives
// folded) plus the title's stemmed content terms. `bandKeys` turns a fingerprint into LSH keys (body bands + pairs of title terms) so the
// store can find candidates with one indexed lookup; `encodeFingerprint`/`decodeFingerprint` give a compact binary form.
// Everything is our own 32-bit arithmetic (FNV-1a, Math.imul mixing) to stay well under 0.25 ms per 4 KB article.
import { words, STOPWORDS } from '../text/tokens.js';

/** Number of MinHash values per fingerprint. */
export const MINHASH_SIZE = 64;
/** LSH bands over the MinHash signature (BANDS × ROWS values are used). */
export const BANDS = 18;
/** MinHash values per band: P(candidate) = 1 - (1 - J^3)^18, ≈ 0.91 at Jaccard 0.5, ≈ 0.39 at 0.3, ≈ 0.02 at 0.1. */
export const ROWS = 3;
/** How many of the title's most distinctive terms feed the pair keys (7 → at most 21 pair keys). */
export const TITLE_KEY_TERMS = 7;
/** Bodies with fewer distinct shingles than this are too short to compare: only the title counts. */
export const MIN_BODY_SHINGLES = 8;

/** What clustering needs to know about one article. */
export interface Fingerprint {
  /** MinHash signature of the body's distinct shingles; all 0xffffffff when the body has none. */
  minhash: Uint32Array;
  /** Number of distinct body shingles (0 = no body): gates body comparison and sizes the containment estimate. */
  shingles: number;
  /** Stemmed content terms of the title, unique, most distinctive first (the first TITLE_KEY_TERMS make the keys). */
  titleTokens: string[];
}

const EMPTY = 0xffffffff;

// ---------------------------------------------------------------------------------------------------------------
// Terms

/** Light English stemmer: folds plurals and -ing/-ed so "files", "filed", "filing" all become "fil". */
export function stem(w: string): string {
  let s = w;
  const n = s.length;
  if (n > 4 && s.endsWith('ies')) s = s.slice(0, -3) + 'y';
  else if (n > 4 && s.endsWith('sses')) s = s.slice(0, -2);
  else if (n > 3 && s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) s = s.slice(0, -1);
  if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith('ed')) s = s.slice(0, -2);
  if (s.length > 3 && s.endsWith('e')) s = s.slice(0, -1);
  return s;
}

/** Content term of one lowercased word token, or null for stopwords and single characters. */
function contentTerm(w: string): string | null {
  const t = w.endsWith("'s") ? w.slice(0, -2) : w;
  if (t.length < 2 || STOPWORDS.has(t)) return null;
  return stem(t);
}

/** Headline filler that says little about which story it is; such terms weigh less and are keyed last. */
const WEAK_TITLE_WORDS: ReadonlySet<string> = new Set(
  (
    'according add adds amid announce announces back best big biggest check could day deal first get gets go goes ' +
    'good here hit hits how latest live look make makes next news now official officials plan plans report reports ' +
    'reveal reveals see sees set sets show shows take takes talk talks three today top two update updated updates ' +
    'video want wants watch way well win world'
  )
    .split(' ')
    .map(stem),
);

/** True for a stemmed title term that is generic headline filler. */
export function isWeakTitleTerm(t: string): boolean {
  return WEAK_TITLE_WORDS.has(t);
}

const DIGIT_RE = /\d/;

/** Stemmed, unique content terms of a title, most distinctive first. */
export function titleTerms(title: string): string[] {
  const toks = words(title);
  const seen = new Set<string>();
  const ranked: { t: string; score: number; pos: number }[] = [];
  for (const w of toks) {
    const t = contentTerm(w);
    if (t === null || seen.has(t)) continue;
    seen.add(t);
    // Distinctiveness without corpus statistics: longer words and numbers tend to be rarer; filler goes last.
    let score = Math.min(t.length, 9);
    if (DIGIT_RE.test(t)) score += 2;
    if (WEAK_TITLE_WORDS.has(t)) score -= 10;
    ranked.push({ t, score, pos: ranked.length });
  }
  ranked.sort((a, b) => b.score - a.score || a.pos - b.pos);
  return ranked.map((r) => r.t);
}

// ---------------------------------------------------------------------------------------------------------------
// Hashing

/** FNV-1a 32-bit hash of a string's UTF-16 code units. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finalizer: a bijection that spreads every input bit over the output. */
function fmix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-sensitive combination of two 32-bit values. */
function combine(h: number, v: number): number {
  return Math.imul(((h << 5) | (h >>> 27)) ^ v, 0x9e3779b1) | 0;
}

// Seeded (a, b) pairs for the permutations x -> (a*x + b) mod 2^32; a is odd, so each is a bijection of 2^32.
const PERM_A = new Int32Array(MINHASH_SIZE);
const PERM_B = new Int32Array(MINHASH_SIZE);
{
  let s = 0x2545f491;
  const next = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    return fmix(s);
  };
  for (let i = 0; i < MINHASH_SIZE; i++) {
    PERM_A[i] = next() | 1;
    PERM_B[i] = next() | 0;
  }
}

/** Hashes (as int32) of the stopwords, in the form the body scanner produces, so bodies are hashed without building strings. */
const STOP_HASHES: ReadonlySet<number> = new Set([...STOPWORDS].map((w) => fnv1a(w) | 0));
const LETTER_OR_DIGIT_RE = /^[\p{L}\p{N}]$/u;
const DIGIT_CLASS_RE = /^\p{N}$/u;
/** Per UTF-16 code unit: 0 unknown, 1 letter, 2 digit, 3 neither (ASCII filled now, the rest on first sight). */
const CHAR_CLASS = new Uint8Array(65536);
for (let c = 0; c < 128; c++) {
  CHAR_CLASS[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : c >= 48 && c <= 57 ? 2 : 3;
}

/** Class of a code unit: 1 letter, 2 digit, 3 other. */
function charClass(c: number): number {
  const k = CHAR_CLASS[c] as number;
  if (k !== 0) return k;
  const ch = String.fromCharCode(c);
  const v = LETTER_OR_DIGIT_RE.test(ch) ? (DIGIT_CLASS_RE.test(ch) ? 2 : 1) : 3;
  CHAR_CLASS[c] = v;
  return v;
}

/** Reused scratch buffers (single-threaded, so safe). */
let termBuf = new Int32Array(2048);
let shingleBuf = new Int32Array(2048);
let table = new Int32Array(4096);

/**
 * FNV-1a hashes (int32) of the body's content terms into termBuf; returns how many. Same tokens as `words`
 * (letters/digits, inner apostrophes), possessive "'s" dropped, stopwords and 1-character tokens left out.
 */
function scanTermHashes(text: string): number {
  const s = text.toLowerCase();
  const n = s.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    if (charClass(s.charCodeAt(i)) === 3) {
      i++;
      continue;
    }
    let h = 0x811c9dc5 | 0;
    let len = 0;
    let beforeApos = 0; // hash before the last apostrophe, for dropping a possessive "'s"
    let afterApos = -1; // characters after the last apostrophe
    while (i < n) {
      const c = s.charCodeAt(i);
      if (charClass(c) !== 3) {
        h = Math.imul(h ^ c, 0x01000193);
        len++;
        if (afterApos >= 0) afterApos++;
        i++;
      } else if ((c === 39 || c === 0x2019) && i + 1 < n && charClass(s.charCodeAt(i + 1)) === 1) {
        beforeApos = h;
        afterApos = 0;
        h = Math.imul(h ^ 39, 0x01000193);
        len++;
        i++;
      } else break;
    }
    if (afterApos === 1 && s.charCodeAt(i - 1) === 115) {
      h = beforeApos;
      len -= 2;
    }
    if (len >= 2 && !STOP_HASHES.has(h)) {
      if (count === termBuf.length) {
        const grown = new Int32Array(count * 2);
        grown.set(termBuf);
        termBuf = grown;
      }
      termBuf[count++] = h;
    }
  }
  return count;
}

/** Distinct hashes of the body's 3-word content shingles (or of its single terms when it has fewer than 3). */
function bodyShingles(body: string): Int32Array {
  const n = scanTermHashes(body);
  const m = n < 3 ? n : n - 2;
  if (shingleBuf.length < m) shingleBuf = new Int32Array(m * 2);
  // Open-addressing set over a power-of-two table; a shingle hash of 0 is remapped to 1 so 0 can mark empty slots.
  let size = 1024;
  while (size < m * 2) size *= 2;
  if (table.length < size) table = new Int32Array(size);
  const mask = size - 1;
  table.fill(0, 0, size);
  let k = 0;
  for (let i = 0; i < m; i++) {
    let h =
      n < 3
        ? fmix(termBuf[i] as number)
        : fmix(combine(combine(termBuf[i] as number, termBuf[i + 1] as number), termBuf[i + 2] as number));
    h = h | 0 || 1;
    let slot = h & mask;
    for (;;) {
      const cur = table[slot] as number;
      if (cur === 0) {
        table[slot] = h;
        shingleBuf[k++] = h;
        break;
      }
      if (cur === h) break;
      slot = (slot + 1) & mask;
    }
  }
  return shingleBuf.subarray(0, k);
}

/**
 * MinHash signature of a set of 32-bit shingle hashes. Permutation i is (A[i]·x + B[i]) mod 2^32 (multiply-add, whose
 * top bits are a universal family; the minimum is decided by the top bits). Loop order keeps (a, b, min) in registers.
 * Values are compared as signed ints after flipping the sign bit, which orders them as unsigned.
 */
function minhashOf(shingles: Int32Array): Uint32Array {
  const mh = new Uint32Array(MINHASH_SIZE).fill(EMPTY);
  const n = shingles.length;
  if (n === 0) return mh;
  for (let i = 0; i < MINHASH_SIZE; i++) {
    const a = PERM_A[i] as number;
    const b = (PERM_B[i] as number) ^ 0x80000000;
    let m = 0x7fffffff;
    for (let j = 0; j < n; j++) {
      const h = (Math.imul(shingles[j] as number, a) + b) | 0;
      if (h < m) m = h;
    }
    mh[i] = (m ^ 0x80000000) >>> 0;
  }
  return mh;
}

/** Fingerprint of one article: body MinHash and title terms. Pure and deterministic. */
export function fingerprint(input: { title: string; body: string }): Fingerprint {
  const sh = bodyShingles(input.body);
  return { minhash: minhashOf(sh), shingles: sh.length, titleTokens: titleTerms(input.title) };
}

// ---------------------------------------------------------------------------------------------------------------
// LSH keys

const KEY_HI = 0x200000; // 2^21: keys are hi(21 bits) * 2^32 + lo(32 bits) < 2^53

function key53(h1: number, h2: number): number {
  return (fmix(h1) & (KEY_HI - 1)) * 0x100000000 + fmix(h2);
}

/** LSH keys (safe integers ≥ 0): one per body band when the body is long enough, plus pairs of distinctive title terms. */
export function bandKeys(fp: Fingerprint): number[] {
  const keys: number[] = [];
  if (fp.shingles >= MIN_BODY_SHINGLES && fp.minhash.length >= BANDS * ROWS) {
    for (let b = 0; b < BANDS; b++) {
      let h1 = combine(0x62616e64, b);
      let h2 = combine(0x1b873593, b);
      for (let r = 0; r < ROWS; r++) {
        const v = fp.minhash[b * ROWS + r] as number;
        h1 = combine(h1, v);
        h2 = combine(h2, v ^ 0x5bd1e995);
      }
      keys.push(key53(h1, h2));
    }
  }
  const top = fp.titleTokens.slice(0, TITLE_KEY_TERMS);
  if (top.length === 1) {
    const t = top[0] as string;
    keys.push(key53(fnv1a(t, 0x7469746c), fnv1a(t, 0x31415926)));
  }
  for (let i = 0; i < top.length; i++) {
    for (let j = i + 1; j < top.length; j++) {
      const a = top[i] as string;
      const b = top[j] as string;
      const pair = a < b ? `${a}\u0001${b}` : `${b}\u0001${a}`;
      keys.push(key53(fnv1a(pair, 0x70616972), fnv1a(pair, 0x27182818)));
    }
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------------------------
// Binary form: [version u8][minhash count u8][shingles u32 LE][minhash u32 LE × count][title utf8 length u16 LE][title]

const VERSION = 1;
const SEP = '\n';

/** Compact binary form of a fingerprint (≈ 270 bytes); `decodeFingerprint` restores it exactly. */
export function encodeFingerprint(fp: Fingerprint): Buffer {
  const n = fp.minhash.length;
  if (n > 255) throw new RangeError(`fingerprint has ${n} minhash values; at most 255 can be encoded`);
  const title = Buffer.from(fp.titleTokens.join(SEP), 'utf8');
  if (title.length > 0xffff) throw new RangeError('fingerprint title terms exceed 65535 bytes');
  const buf = Buffer.allocUnsafe(6 + 4 * n + 2 + title.length);
  buf.writeUInt8(VERSION, 0);
  buf.writeUInt8(n, 1);
  buf.writeUInt32LE(fp.shingles >>> 0, 2);
  let off = 6;
  for (let i = 0; i < n; i++, off += 4) buf.writeUInt32LE(fp.minhash[i] as number, off);
  buf.writeUInt16LE(title.length, off);
  title.copy(buf, off + 2);
  return buf;
}

/** Inverse of `encodeFingerprint`; throws a RangeError on a buffer it did not write. */
export function decodeFingerprint(buf: Buffer): Fingerprint {
  if (buf.length < 8 || buf.readUInt8(0) !== VERSION) throw new RangeError('not an encoded fingerprint (bad version)');
  const n = buf.readUInt8(1);
  const shingles = buf.readUInt32LE(2);
  let off = 6;
  if (buf.length < off + 4 * n + 2) throw new RangeError('encoded fingerprint is truncated');
  const minhash = new Uint32Array(n);
  for (let i = 0; i < n; i++, off += 4) minhash[i] = buf.readUInt32LE(off);
  const len = buf.readUInt16LE(off);
  off += 2;
  if (buf.length !== off + len) throw new RangeError('encoded fingerprint has a bad length');
  const text = buf.toString('utf8', off, off + len);
  return { minhash, shingles, titleTokens: text.length === 0 ? [] : text.split(SEP) };
}
