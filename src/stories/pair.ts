// Sentence pair model: do two short texts report the same thing, or the same event with a different detail? A few
// lexical features (word, term, bigram, trigram and character 4-gram overlap both ways, longest common subsequence,
// length, words only on one side, mismatched numbers and names) combined by a logistic regression fitted offline.
import { STOPWORDS } from '../text/tokens.js';
import { stem } from './fingerprint.js';

/** Probability at or above which two texts count as the same report (the logistic regression's natural cut). */
export const PAIR_THRESHOLD = 0.5;
/** Tokens read per text: bounds the cost (the subsequence is quadratic) on hostile input; news sentences are far shorter. */
export const PAIR_MAX_TOKENS = 120;

/** Feature names, in the order of `pairFeatures` and of the weights. */
export const PAIR_FEATURES = [
  'wordsMin', 'wordsMax', 'termsMin', 'termsMax', 'bigramsMin', 'bigramsMax', 'trigramsMin', 'trigramsMax',
  'chars4Min', 'chars4Max', 'numberOneSide', 'numberBothSides', 'namesOneSide', 'namesBothSides', 'lengthRatio',
  'lengthDiff', 'lcsOfLonger', 'lcsOfShorter', 'onlyMax', 'onlyMin',
] as const;

/** A fitted model: probability = logistic(bias + Σ weights[i] × features[i]) on raw (unscaled) features. */
export interface PairModel {
  weights: readonly number[];
  bias: number;
}

/**
 * Fitted on the MSRP tuning half only (seed-42 shuffle, first 862 pairs): features standardised, plain gradient descent
 * (3,000 steps, rate 0.5, L2 0.001, from zero), weights folded back to raw features. Refit and compare with
 * `npm run build && node dist/bench/run.js msrp`, which prints the fitted constants and says whether these match.
 */
export const PAIR_MODEL: PairModel = {
  // In PAIR_FEATURES order. Raw-feature weights, so they are not comparable with one another in size.
  weights: [
    0.9077, 1.8111, 1.7898, -1.2874, 0.9213, -1.9607, 1.3555, -4.9196, 4.3523, 1.6937,
    -0.2245, -0.5871, 0.9557, -0.3303, -5.6188, -2.8374, 5.6111, 0.1642, 0.2902, -1.4352,
  ],
  bias: -0.1568,
};

/** One text, tokenised once so that it can be compared with many others. */
export interface PairText {
  /** Lowercased word tokens. */
  words: string[];
  /** Every token as a term (stemmed; numbers keep their digits), in order: n-grams and the subsequence use these. */
  terms: string[];
  /** Content terms (no stopwords or single letters). */
  content: Set<string>;
  /** Numbers ("1,200" → "1200"). */
  numbers: Set<string>;
  /** Capitalised words that do not start a sentence (names), as terms. */
  names: Set<string>;
  /** Character 4-grams of the lowercased text, spaces collapsed. */
  chars: Set<string>;
  /** Distinct words, term bigrams and term trigrams (kept so that comparing many pairs builds them once). */
  wordSet: Set<string>;
  bigrams: Set<string>;
  trigrams: Set<string>;
}

const TOKEN_RE = /[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu;
const SENTENCE_END_RE = /[.!?:;"“”]\s*$/;
const DIGIT_RE = /\d/;
const UPPER_RE = /^\p{Lu}/u;

/** Tokenises a text for `pairProbability`. */
export function preparePair(text: string): PairText {
  const out: PairText = {
    words: [], terms: [], content: new Set(), numbers: new Set(), names: new Set(), chars: new Set(),
    wordSet: new Set(), bigrams: new Set(), trigrams: new Set(),
  };
  let sentenceStart = true;
  let last = 0;
  let end = text.length;
  for (const m of text.matchAll(TOKEN_RE)) {
    if (out.words.length >= PAIR_MAX_TOKENS) {
      end = m.index;
      break;
    }
    const raw = m[0].replace(/’/g, "'");
    if (SENTENCE_END_RE.test(text.slice(last, m.index))) sentenceStart = true;
    last = m.index + m[0].length;
    const lower = raw.toLowerCase();
    const bare = lower.endsWith("'s") ? lower.slice(0, -2) : lower;
    const number = DIGIT_RE.test(bare);
    const term = number ? bare.replace(/,/g, '') : stem(bare);
    out.words.push(lower);
    out.terms.push(term);
    if (number) out.numbers.add(term);
    else if (!sentenceStart && UPPER_RE.test(raw)) out.names.add(term);
    if (number || (bare.length >= 2 && !STOPWORDS.has(bare))) out.content.add(term);
    sentenceStart = false;
  }
  const flat = ` ${text.slice(0, end).toLowerCase().replace(/\s+/g, ' ').trim()} `;
  for (let i = 0; i + 4 <= flat.length; i++) out.chars.add(flat.slice(i, i + 4));
  out.wordSet = new Set(out.words);
  out.bigrams = ngrams(out.terms, 2);
  out.trigrams = ngrams(out.terms, 3);
  return out;
}

/** Shared share of each side, smaller first: [min(|A∩B|/|A|, |A∩B|/|B|), max(...)]. */
function coverage(a: ReadonlySet<string>, b: ReadonlySet<string>): [number, number] {
  if (a.size === 0 || b.size === 0) return a.size === b.size ? [1, 1] : [0, 0];
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const p = shared / a.size;
  const r = shared / b.size;
  return [Math.min(p, r), Math.max(p, r)];
}

function ngrams(terms: readonly string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= terms.length; i++) out.add(terms.slice(i, i + n).join(' '));
  return out;
}

/** Members of each set missing from the other: [only in a, only in b]. */
function oneSided(a: ReadonlySet<string>, b: ReadonlySet<string>): [number, number] {
  let x = 0;
  let y = 0;
  for (const t of a) if (!b.has(t)) x++;
  for (const t of b) if (!a.has(t)) y++;
  return [x, y];
}

/** Length of the longest common subsequence of two term lists. */
function lcs(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, cur[j - 1] as number);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}

const asPair = (x: PairText | string): PairText => (typeof x === 'string' ? preparePair(x) : x);

/** The features of a pair, in PAIR_FEATURES order; symmetric (swapping a and b changes nothing). */
export function pairFeatures(x: PairText | string, y: PairText | string): number[] {
  const a = asPair(x);
  const b = asPair(y);
  const la = a.words.length;
  const lb = b.words.length;
  const [numA, numB] = oneSided(a.numbers, b.numbers);
  const [nameA, nameB] = oneSided(a.names, b.names);
  const [onlyA, onlyB] = oneSided(a.content, b.content);
  const common = lcs(a.terms, b.terms);
  return [
    ...coverage(a.wordSet, b.wordSet),
    ...coverage(a.content, b.content),
    ...coverage(a.bigrams, b.bigrams),
    ...coverage(a.trigrams, b.trigrams),
    ...coverage(a.chars, b.chars),
    numA + numB > 0 ? 1 : 0,
    numA > 0 && numB > 0 ? 1 : 0,
    Math.min(3, nameA + nameB) / 3,
    nameA > 0 && nameB > 0 ? 1 : 0,
    Math.min(la, lb) / Math.max(la, lb, 1),
    Math.abs(la - lb) / 10,
    common / Math.max(la, lb, 1),
    common / Math.max(Math.min(la, lb), 1),
    Math.min(10, Math.max(onlyA, onlyB)) / 10,
    Math.min(10, Math.min(onlyA, onlyB)) / 10,
  ];
}

/** Logistic score of a feature vector under a model. */
export function pairScore(features: readonly number[], model: PairModel = PAIR_MODEL): number {
  let s = model.bias;
  features.forEach((f, i) => {
    s += (model.weights[i] ?? 0) * f;
  });
  return 1 / (1 + Math.exp(-s));
}

/** Probability in [0,1] that two texts report the same thing; 0 when either has no words. Symmetric. */
export function pairProbability(x: PairText | string, y: PairText | string, model: PairModel = PAIR_MODEL): number {
  const a = asPair(x);
  const b = asPair(y);
  if (a.words.length === 0 || b.words.length === 0) return 0;
  return pairScore(pairFeatures(a, b), model);
}

/** True when two texts (sentences, headlines) report the same thing: restatements, not the same event with another detail. */
export function sameReport(x: PairText | string, y: PairText | string, model: PairModel = PAIR_MODEL): boolean {
  return pairProbability(x, y, model) >= PAIR_THRESHOLD;
}
