// Keyword tags: the phrases an article is about. Candidates are runs of 1-3 non-stopword tokens that do not cross
// punctuation; the score is weighted frequency (lead x1.5, x2 when also in the title) x a phrase-length bonus x idf
// when a corpus idf is given, else a small built-in penalty for very common news words. A phrase and its sub-phrase are not both
// returned unless the shorter one also stands strongly on its own ("north korea" without a weak "korea").
// Counting works on the scanned, interned words (scan.ts): candidates are found through per-word slots and integer
// keys, and phrase texts are only built for phrases seen twice.
import type { Tag } from '../types.js';
import { KeyTable } from './intern.js';
import { beginCall, JOINED, scanWords, STOP, type Lex, type Scanned } from './scan.js';

export interface KeywordOptions {
  /** How many keywords to return (default 8). */
  max?: number;
  /** Inverse document frequency of a lowercase term or phrase; undefined when unknown (treated as rare). */
  idf?: (term: string) => number | undefined;
}

/** Multiplier for a candidate that is also in the title. */
const TITLE_BOOST = 2;
/** Weight of a title-only occurrence (the title alone is weak evidence: it is often a teaser). */
const TITLE_ONLY = 1;
const LEAD_WEIGHT = 1.5;
/** Body words counted as the lead (first paragraph or so). */
const LEAD_WORDS = 80;
const LENGTH_BONUS = [0, 1, 1.6, 2];

interface Candidate {
  /** Surface form (lowercase) first seen; replaced by a more frequent plural/singular variant. */
  phrase: string;
  n: number;
  /** Occurrences in title and body. */
  count: number;
  weighted: number;
  inTitle: boolean;
  first: number;
  /** How many of its words are very common news words. */
  common: number;
  score: number;
  /** Counts per surface form, only when plural and singular forms both occur. */
  forms: Map<string, number> | undefined;
  /** The phrase's words, split on demand. */
  words: string[] | undefined;
  /** The phrase between spaces, built on demand. */
  padded: string | undefined;
  /** Where a phrase was first seen (words and index), until its text is built. */
  src: readonly Lex[] | undefined;
  pos: number;
}

/**
 * Candidate indexes by key, emptied per call: a word by its stem (stem hash, 0, stem), a pair by (-1 - its first
 * word's index, its second word's index), a triple by (its pair's index, its third word's index).
 */
const table = new KeyTable();

/** Per-call counting state: every candidate in order of creation (its index is its `first`). */
interface Counter {
  epoch: number;
  all: Candidate[];
}

const newCandidate = (ctr: Counter, phrase: string, n: number, weight: number, isTitle: boolean, common: number): Candidate => {
  const c: Candidate = {
    phrase, n, count: 1, weighted: weight, inTitle: isTitle, first: ctr.all.length, common, score: 0,
    forms: undefined, words: undefined, padded: undefined, src: undefined, pos: 0,
  };
  ctr.all.push(c);
  return c;
};

/** Counts one more occurrence of candidate c written as `phrase` (null: written as c.phrase, no forms kept yet). */
function recount(c: Candidate, weight: number, isTitle: boolean, phrase: string | null): void {
  c.count++;
  c.weighted += weight;
  c.inTitle ||= isTitle;
  if (phrase === null) return;
  if (c.forms || c.phrase !== phrase) {
    c.forms ??= new Map([[c.phrase, c.count - 1]]);
    c.forms.set(phrase, (c.forms.get(phrase) ?? 0) + 1);
  }
}

const weightAt = (i: number, isTitle: boolean): number => (isTitle ? 0 : i < LEAD_WORDS ? LEAD_WEIGHT : 1);

/**
 * Pass 1: every content word (not a stopword), under its plural-folded stem. Returns each position's candidate
 * index (-1 for stopwords). Words are in the same phrase run when only spaces or hyphens separate them (JOINED).
 */
function collectWords(sc: Scanned, isTitle: boolean, ctr: Counter): Int32Array {
  const { words: ws, flags } = sc;
  const at = new Int32Array(ws.length);
  const all = ctr.all;
  for (let i = 0; i < ws.length; i++) {
    if (((flags[i] as number) & STOP) !== 0) {
      at[i] = -1;
      continue;
    }
    const w = ws[i] as Lex;
    const weight = weightAt(i, isTitle);
    // Slots hold candidate indexes (small integers), not objects: no write barrier on the long-lived words.
    let slot: number;
    if (w.kEpoch === ctr.epoch) slot = w.kSlot;
    else {
      // First time this written form is seen in the call: find (or make) the candidate of its stem.
      w.kEpoch = ctr.epoch;
      const known = table.get(w.stemHash, 0, w.stem);
      if (known < 0) {
        const c = newCandidate(ctr, w.lower, 1, weight, isTitle, w.common);
        table.add(w.stemHash, 0, c.first, w.stem);
        w.kSlot = c.first;
        at[i] = c.first;
        continue;
      }
      slot = w.kSlot = known;
    }
    const c = all[slot] as Candidate;
    recount(c, weight, isTitle, c.forms || c.phrase !== w.lower ? w.lower : null);
    at[i] = slot;
  }
  return at;
}

/**
 * Pass 2: 2-3 word phrases inside a run, only where every word occurs at least twice in the article (a phrase seen
 * once is never kept, so the others need not be built). Phrase keys are the words' stems; the phrase text is only
 * built for a new candidate or when its written form differs from the first one seen.
 */
function collectPhrases(sc: Scanned, isTitle: boolean, at: Int32Array, ctr: Counter): void {
  const { words: ws, flags } = sc;
  const all = ctr.all;
  const n = ws.length;
  // The candidate of word i when it is a content word seen at least twice, else undefined.
  const repeated = (i: number): Candidate | undefined => {
    const k = at[i] as number;
    const c = k < 0 ? undefined : all[k];
    return c !== undefined && c.count >= 2 ? c : undefined;
  };
  for (let i = 0; i + 1 < n; i++) {
    const c0 = repeated(i);
    if (c0 === undefined || ((flags[i + 1] as number) & JOINED) === 0) continue;
    const c1 = repeated(i + 1);
    if (c1 === undefined) continue;
    const weight = weightAt(i, isTitle);
    const common2 = c0.common + c1.common;
    // Phrases are keyed by their words' candidates: (-1 - first word, second word) for pairs, (pair, third) for triples.
    const p = table.get(-1 - c0.first, c1.first);
    let pair: Candidate;
    if (p < 0) {
      pair = newPhrase(ctr, ws, i, 2, weight, isTitle, common2);
      table.add(-1 - c0.first, c1.first, pair.first);
    } else {
      pair = all[p] as Candidate;
      recountPhrase(pair, ws, i, weight, isTitle);
    }
    if (i + 2 >= n || ((flags[i + 2] as number) & JOINED) === 0) continue;
    const c2 = repeated(i + 2);
    if (c2 === undefined) continue;
    const t = table.get(pair.first, c2.first);
    if (t < 0) table.add(pair.first, c2.first, newPhrase(ctr, ws, i, 3, weight, isTitle, common2 + c2.common).first);
    else recountPhrase(all[t] as Candidate, ws, i, weight, isTitle);
  }
}

/** A phrase candidate first seen at ws[i, i + n); its text is built only when needed (see phraseText). */
function newPhrase(ctr: Counter, ws: readonly Lex[], i: number, n: number, weight: number, isTitle: boolean, common: number): Candidate {
  const c = newCandidate(ctr, '', n, weight, isTitle, common);
  c.src = ws;
  c.pos = i;
  return c;
}

/** The lowercase words ws[i, i + n) joined by spaces. */
function joinLower(ws: readonly Lex[], i: number, n: number): string {
  let p = (ws[i] as Lex).lower;
  for (let k = 1; k < n; k++) p += ' ' + (ws[i + k] as Lex).lower;
  return p;
}

/** A candidate's phrase (built on first use for phrases). */
function phraseText(c: Candidate): string {
  if (c.src !== undefined) {
    c.phrase = joinLower(c.src, c.pos, c.n);
    c.src = undefined;
  }
  return c.phrase;
}

/** Counts one more occurrence of phrase c at ws[i, i + c.n). */
function recountPhrase(c: Candidate, ws: readonly Lex[], i: number, weight: number, isTitle: boolean): void {
  let same = c.forms === undefined;
  if (same) {
    if (c.src !== undefined) {
      for (let k = 0; k < c.n && same; k++) same = (ws[i + k] as Lex).lower === (c.src[c.pos + k] as Lex).lower;
    } else same = c.phrase === joinLower(ws, i, c.n);
  }
  if (!same) phraseText(c);
  recount(c, weight, isTitle, same ? null : joinLower(ws, i, c.n));
}

/** Up to `max` (default 8) lowercase keyword tags, best first; score is the keyword's relative strength. */
export function extractKeywords(input: { title: string; body: string }, opts: KeywordOptions = {}): Tag[] {
  const max = opts.max ?? 8;
  table.reset();
  const ctr: Counter = { epoch: beginCall(), all: [] };
  const title = scanWords(input.title);
  const body = scanWords(input.body);
  const titleAt = collectWords(title, true, ctr);
  const bodyAt = collectWords(body, false, ctr);
  collectPhrases(title, true, titleAt, ctr);
  collectPhrases(body, false, bodyAt, ctr);
  const cands = ctr.all;

  const idf = opts.idf;
  let unknownIdf = 1;
  if (idf) {
    for (const c of cands) {
      const v = c.n === 1 ? idf(c.phrase) : undefined;
      if (v !== undefined && v > unknownIdf) unknownIdf = v;
    }
  }

  // Only candidates seen twice or in the title can rank high; the rest (words seen once) are ranked only when those
  // are too few. Both groups are drawn best-first from heaps, so only the candidates looked at get ordered.
  const strong: Candidate[] = [];
  let weakCount = 0;
  for (const c of cands) {
    if (c.count >= 2 || c.inTitle) {
      if (c.n > 1 && c.count < 2) continue;
      if (score(c, idf, unknownIdf) > 0) strong.push(c);
    } else if (c.n === 1) weakCount++;
  }
  const groups = [strong];
  if (strong.length < 3 * max && weakCount > 0) {
    const weak: Candidate[] = [];
    for (const c of cands) if (c.count < 2 && !c.inTitle && c.n === 1 && score(c, idf, unknownIdf) > 0) weak.push(c);
    groups.push(weak);
  }

  const chosen: Candidate[] = [];
  for (const group of groups) {
    heapify(group);
    while (group.length > 0 && chosen.length < max) consider(popBest(group), chosen);
  }
  const uniq = [...new Set(chosen)];
  return uniq.map((c) => ({ kind: 'keyword', value: c.phrase, score: Math.round(c.score * 1000) / 1000 }));
}

/** Computes and returns c's score, first settling its phrase to its most frequent written form. */
function score(c: Candidate, idf: KeywordOptions['idf'], unknownIdf: number): number {
  phraseText(c);
  if (c.forms) {
    let best = c.phrase;
    for (const [form, k] of c.forms) if (k > (c.forms.get(best) ?? 0)) best = form;
    c.phrase = best;
  }
  const weighted = c.weighted === 0 ? TITLE_ONLY : c.inTitle ? c.weighted * TITLE_BOOST : c.weighted;
  let factor: number;
  if (idf) {
    const whole = c.n > 1 ? idf(c.phrase) : undefined;
    if (whole !== undefined) factor = whole;
    else {
      const parts = c.phrase.split(' ');
      factor = parts.reduce((sum, p) => sum + (idf(p) ?? unknownIdf), 0) / parts.length;
    }
  } else {
    factor = c.common === 0 ? 1 : c.common === c.n ? 0.25 : 0.7;
    if (c.n === 1 && c.phrase.length < 3) factor *= 0.5;
  }
  c.score = weighted * (LENGTH_BONUS[c.n] ?? 1) * factor;
  return c.score;
}

/** Adds c to the chosen keywords unless a chosen phrase already covers it (or replaces the phrase it extends). */
function consider(c: Candidate, chosen: Candidate[]): void {
  let keep = true;
  for (let k = 0; k < chosen.length && keep; k++) {
    const s = chosen[k] as Candidate;
    if (s.n > c.n && contains(s, c)) {
      // c is part of a chosen phrase: keep only if it often stands alone.
      const alone = c.count - s.count;
      keep = alone >= 2 && alone >= 0.5 * c.count;
    } else if (c.n > s.n && contains(c, s)) {
      // c extends a chosen phrase: replace it when its own uses are mostly inside c, else keep both.
      const alone = s.count - c.count;
      if (!(alone >= 2 && alone >= 0.5 * s.count)) {
        chosen[k] = c;
        keep = false;
      }
    } else if (c.n > 1 && s.n > 1 && overlaps(c, s)) keep = false;
  }
  if (keep && !chosen.includes(c)) chosen.push(c);
}

/** The phrase occurs as whole words inside the longer one. */
const contains = (long: Candidate, short: Candidate): boolean =>
  (long.padded ??= ` ${long.phrase} `).includes((short.padded ??= ` ${short.phrase} `));

/** a ranks before b: higher score, then seen earlier (a strict total order: `first` is unique). */
const before = (a: Candidate, b: Candidate): boolean => a.score > b.score || (a.score === b.score && a.first < b.first);

function siftDown(h: Candidate[], i: number): void {
  const n = h.length;
  const x = h[i] as Candidate;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && before(h[c + 1] as Candidate, h[c] as Candidate)) c++;
    if (!before(h[c] as Candidate, x)) break;
    h[i] = h[c] as Candidate;
    i = c;
  }
  h[i] = x;
}

/** Orders h as a binary heap with the best candidate first. */
function heapify(h: Candidate[]): void {
  for (let i = (h.length >> 1) - 1; i >= 0; i--) siftDown(h, i);
}

/** Removes and returns the best candidate of a non-empty heap. */
function popBest(h: Candidate[]): Candidate {
  const top = h[0] as Candidate;
  const last = h.pop() as Candidate;
  if (h.length > 0) {
    h[0] = last;
    siftDown(h, 0);
  }
  return top;
}

/** "jong un" and "kim jong" overlap (a suffix of one is a prefix of the other). */
function overlaps(a: Candidate, b: Candidate): boolean {
  const aw = (a.words ??= a.phrase.split(' '));
  const bw = (b.words ??= b.phrase.split(' '));
  for (let k = 1; k < Math.min(aw.length, bw.length); k++) {
    let ab = true;
    let ba = true;
    for (let j = 0; j < k; j++) {
      ab &&= aw[aw.length - k + j] === bw[j];
      ba &&= bw[bw.length - k + j] === aw[j];
    }
    if (ab || ba) return true;
  }
  return false;
}
