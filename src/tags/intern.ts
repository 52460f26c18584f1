// Shared low-level helpers for the tag scanners: a character-class table (no regex per character) and an interning
// table that maps a substring s[start, end) to a cached entry without slicing it first (open addressing on a hash of
// the char codes). Entries are pure functions of their text, so the table may be cleared at any time.

const NON_ASCII_WORD = /^[\p{L}\p{N}\p{M}]$/u;
const NON_ASCII_SPACE = /^\s$/u;

/** Character classes by UTF-16 code unit, filled lazily: 0 unknown, else 1 + class. */
const CLASS = new Uint8Array(65536);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) CLASS[c] = 2;
  else if (c === 32 || (c >= 9 && c <= 13)) CLASS[c] = 3;
  else CLASS[c] = 1;
}

/** Classes of ASCII code units (as classAt): 1 word, 2 space, 0 other. */
export const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_CLASS[c] = (CLASS[c] as number) - 1;

/** Class of s[i]: 1 = word (letter, digit, mark), 2 = white space, 0 = anything else or past the end. */
export function classAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c !== c) return 0;
  const k = CLASS[c] as number;
  if (k !== 0) return k - 1;
  const ch = String.fromCharCode(c);
  const cls = NON_ASCII_WORD.test(ch) ? 1 : NON_ASCII_SPACE.test(ch) ? 2 : 0;
  CLASS[c] = cls + 1;
  return cls;
}

/** Start value of a text hash. */
export const HASH_SEED = 0x811c9dc5 | 0;
/** Folds one char code into a text hash (FNV-1a). */
export const hashStep = (h: number, c: number): number => Math.imul(h ^ c, 16777619);

/**
 * A cache from substrings to entries built by `make`; `get` slices only on a miss. Each slot keeps the text's hash,
 * length and, for texts of at most 8 Latin-1 characters (most words), the characters packed in two integers, so a
 * lookup is verified exactly without reading the cached string; longer texts are compared character by character.
 */
export class Interner<V extends { readonly text: string }> {
  private readonly size: number;
  /** Per slot: hash, length, packed characters 0-3 and 4-7 (-1 when not packable). */
  private meta: Int32Array;
  private entries: (V | undefined)[];
  private count = 0;

  constructor(
    private readonly make: (text: string) => V,
    bits = 16,
  ) {
    this.size = 1 << bits;
    this.meta = new Int32Array(this.size * 4);
    this.entries = new Array<V | undefined>(this.size).fill(undefined);
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.fill(undefined);
    this.count = 0;
  }

  /** The entry for s.slice(start, end). */
  get(s: string, start: number, end: number): V {
    let h = HASH_SEED;
    for (let i = start; i < end; i++) h = hashStep(h, s.charCodeAt(i));
    return this.getHashed(s, start, end, h);
  }

  /** The entry for s.slice(start, end), given that text's hash (HASH_SEED folded with hashStep per char code). */
  getHashed(s: string, start: number, end: number, h: number): V {
    const len = end - start;
    // Pack up to 8 Latin-1 characters; p0 = -1 marks a text that does not pack.
    let p0 = 0;
    let p1 = 0;
    if (len <= 8) {
      for (let i = start; i < end && p0 !== -1; i++) {
        const c = s.charCodeAt(i);
        if (c > 255) p0 = -1;
        else if (i - start < 4) p0 = (p0 << 8) | c;
        else p1 = (p1 << 8) | c;
      }
    } else p0 = -1;
    const mask = this.size - 1;
    const meta = this.meta;
    let slot = h & mask;
    for (;;) {
      const e = this.entries[slot];
      if (e === undefined) break;
      const m = slot * 4;
      if (meta[m] === h && meta[m + 1] === len) {
        if (p0 !== -1 ? meta[m + 2] === p0 && meta[m + 3] === p1 : s.startsWith(e.text, start)) return e;
      }
      slot = (slot + 1) & mask;
    }
    const v = this.make(s.slice(start, end));
    if (this.count * 2 >= this.size) {
      this.clear();
      slot = h & mask;
    }
    const m = slot * 4;
    meta[m] = h;
    meta[m + 1] = len;
    meta[m + 2] = p0;
    meta[m + 3] = p1;
    this.entries[slot] = v;
    this.count++;
    return v;
  }
}
