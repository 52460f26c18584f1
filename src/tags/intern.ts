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

/** One open-addressing table: per slot the text's hash, length and packed characters, and the entry. */
class Table<V> {
  /** Per slot: hash, length (0: empty slot), packed characters 0-3 and 4-7 (p0 = -1: not packable). */
  readonly meta: Int32Array;
  readonly entries: (V | undefined)[];
  count = 0;
  constructor(readonly size: number) {
    this.meta = new Int32Array(size * 4);
    this.entries = new Array<V | undefined>(size).fill(undefined);
  }
}

/**
 * A cache from substrings to entries built by `make`; `get` slices only on a miss. Each slot keeps the text's hash,
 * length and, for texts of at most 8 Latin-1 characters (most words), the characters packed in two integers, so a
 * lookup is verified exactly without reading the cached string; longer texts are compared character by character.
 * When the table is half full a new one starts; the previous one is still consulted (entries found there move to
 * the new one) until the new one fills in turn, so frequent words survive and memory stays bounded.
 */
export class Interner<V extends { readonly text: string }> {
  private readonly size: number;
  private cur: Table<V>;
  private old: Table<V> | null = null;

  constructor(
    private readonly make: (text: string) => V,
    bits = 16,
  ) {
    this.size = 1 << bits;
    this.cur = new Table<V>(this.size);
  }

  /** Drops every entry. */
  clear(): void {
    this.cur = new Table<V>(this.size);
    this.old = null;
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
    if (len === 0) return this.make(''); // never cached: length 0 marks empty slots
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
    return this.lookup(s, start, end, h, p0, p1);
  }

  /** The entry for s[start, end) with hash h and packed characters p0, p1 (p0 = -1: not packed). */
  private lookup(s: string, start: number, end: number, h: number, p0: number, p1: number): V {
    const len = end - start;
    const cur = this.cur;
    const slot = find(cur, s, start, len, h, p0, p1);
    if (slot >= 0) return cur.entries[slot] as V;
    let v: V | undefined;
    if (this.old !== null) {
      const o = find(this.old, s, start, len, h, p0, p1);
      if (o >= 0) v = this.old.entries[o];
    }
    v ??= this.make(s.slice(start, end));
    let t = cur;
    if (t.count * 2 >= t.size) {
      this.old = t;
      t = this.cur = new Table<V>(this.size);
    }
    let free = h & (t.size - 1);
    while ((t.meta[free * 4 + 1] as number) !== 0) free = (free + 1) & (t.size - 1);
    const m = free * 4;
    t.meta[m] = h;
    t.meta[m + 1] = len;
    t.meta[m + 2] = p0;
    t.meta[m + 3] = p1;
    t.entries[free] = v;
    t.count++;
    return v;
  }
}

/** The slot of s[start, start + len) in t, or -1. The metadata alone decides most probes. */
function find<V extends { readonly text: string }>(
  t: Table<V>,
  s: string,
  start: number,
  len: number,
  h: number,
  p0: number,
  p1: number,
): number {
  const mask = t.size - 1;
  const meta = t.meta;
  let slot = h & mask;
  for (;;) {
    const m = slot * 4;
    const l = meta[m + 1] as number;
    if (l === 0) return -1;
    if (meta[m] === h && l === len) {
      if (p0 !== -1 ? meta[m + 2] === p0 && meta[m + 3] === p1 : s.startsWith((t.entries[slot] as V).text, start)) return slot;
    }
    slot = (slot + 1) & mask;
  }
}

/**
 * A reusable hash table from a key (two integers and, optionally, a string that must also match) to an integer,
 * emptied in O(1) by `reset` (slots carry the epoch that filled them). For per-call counting without Map churn.
 */
export class KeyTable {
  private size = 1024;
  private stamp = new Int32Array(1024);
  private ka = new Int32Array(1024);
  private kb = new Int32Array(1024);
  private val = new Int32Array(1024);
  private ks: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);
  private epoch = 1;
  private count = 0;

  /** Empties the table. */
  reset(): void {
    this.count = 0;
    if (++this.epoch > 0x3fffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
  }

  /** The value stored for (a, b, s), or -1. */
  get(a: number, b: number, s?: string): number {
    const slot = this.slotOf(a, b, s);
    return this.stamp[slot] === this.epoch ? (this.val[slot] as number) : -1;
  }

  /** Stores v for (a, b, s), which must not be present yet. */
  add(a: number, b: number, v: number, s?: string): void {
    if ((this.count + 1) * 2 > this.size) this.grow();
    const slot = this.slotOf(a, b, s);
    this.stamp[slot] = this.epoch;
    this.ka[slot] = a;
    this.kb[slot] = b;
    this.ks[slot] = s;
    this.val[slot] = v;
    this.count++;
  }

  /** The slot holding (a, b, s), or the free slot where it would go. */
  private slotOf(a: number, b: number, s: string | undefined): number {
    const mask = this.size - 1;
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & mask;
    while (this.stamp[slot] === this.epoch) {
      if (this.ka[slot] === a && this.kb[slot] === b && this.ks[slot] === s) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const { stamp, ka, kb, val, ks, epoch } = this;
    const old = this.size;
    this.size = old * 2;
    this.stamp = new Int32Array(this.size);
    this.ka = new Int32Array(this.size);
    this.kb = new Int32Array(this.size);
    this.val = new Int32Array(this.size);
    this.ks = new Array<string | undefined>(this.size).fill(undefined);
    this.count = 0;
    for (let i = 0; i < old; i++) if (stamp[i] === epoch) this.add(ka[i] as number, kb[i] as number, val[i] as number, ks[i]);
  }
}
