// Porter (1980) suffix-stripping stemmer, written from the published algorithm, with the small set of departures
// that NLTK's default `PorterStemmer()` makes (its NLTK_EXTENSIONS mode). ROUGE scores are compared against
// Google's rouge_score, which stems with that class, so matching it keeps our figures comparable.
// Results are memoized in a bounded Map: news vocabularies repeat heavily, so most calls are one lookup.

type Cond = (word: string, stemLen: number, cons: Uint8Array) => boolean;
type Rule = readonly [suffix: string, replacement: string, cond: Cond | null];

/** Irregular forms mapped straight to their stem (NLTK extension). */
const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ['sky', 'sky'], ['skies', 'sky'], ['dying', 'die'], ['lying', 'lie'], ['tying', 'tie'], ['news', 'news'],
  ['innings', 'inning'], ['inning', 'inning'], ['outings', 'outing'], ['outing', 'outing'],
  ['cannings', 'canning'], ['canning', 'canning'], ['howe', 'howe'],
  ['proceed', 'proceed'], ['exceed', 'exceed'], ['succeed', 'succeed'],
]);

/** 1 where word[i] is a consonant: not a/e/i/o/u, and y only when it follows a vowel or starts the word. */
function consonants(word: string): Uint8Array {
  const c = new Uint8Array(word.length);
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u') c[i] = 0;
    else if (ch === 'y') c[i] = i === 0 ? 1 : c[i - 1] ? 0 : 1;
    else c[i] = 1;
  }
  return c;
}

/** Porter's m: the number of vowel→consonant transitions in the first `len` letters. */
function measure(cons: Uint8Array, len: number): number {
  let m = 0;
  for (let i = 1; i < len; i++) if (cons[i] && !cons[i - 1]) m++;
  return m;
}

function hasVowel(cons: Uint8Array, len: number): boolean {
  for (let i = 0; i < len; i++) if (!cons[i]) return true;
  return false;
}

/** *o: the first `len` letters end consonant-vowel-consonant (last not w/x/y), or are vowel-consonant (NLTK). */
function endsCvc(word: string, cons: Uint8Array, len: number): boolean {
  if (len >= 3) {
    const last = word[len - 1];
    return !!cons[len - 3] && !cons[len - 2] && !!cons[len - 1] && last !== 'w' && last !== 'x' && last !== 'y';
  }
  return len === 2 && !cons[0] && !!cons[1];
}

const m0: Cond = (_w, n, c) => measure(c, n) > 0;
const m1: Cond = (_w, n, c) => measure(c, n) > 1;

/** The first rule whose suffix matches decides: replaced when its condition holds, unchanged otherwise. */
function applyRules(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, cond] of rules) {
    if (!word.endsWith(suffix)) continue;
    const n = word.length - suffix.length;
    if (cond === null || cond(word, n, consonants(word))) return word.slice(0, n) + replacement;
    return word;
  }
  return word;
}

const STEP1A: readonly Rule[] = [['sses', 'ss', null], ['ies', 'i', null], ['ss', 'ss', null], ['s', '', null]];

const STEP2: readonly Rule[] = [
  ['ational', 'ate', m0], ['tional', 'tion', m0], ['enci', 'ence', m0], ['anci', 'ance', m0],
  ['izer', 'ize', m0], ['bli', 'ble', m0], ['alli', 'al', m0], ['entli', 'ent', m0], ['eli', 'e', m0],
  ['ousli', 'ous', m0], ['ization', 'ize', m0], ['ation', 'ate', m0], ['ator', 'ate', m0],
  ['alism', 'al', m0], ['iveness', 'ive', m0], ['fulness', 'ful', m0], ['ousness', 'ous', m0],
  ['aliti', 'al', m0], ['iviti', 'ive', m0], ['biliti', 'ble', m0], ['fulli', 'ful', m0],
  // -logi keeps its l with the stem, so short stems (geo-, theo-) qualify.
  ['logi', 'log', (_w, n, c) => measure(c, n + 1) > 0],
];

const STEP3: readonly Rule[] = [
  ['icate', 'ic', m0], ['ative', '', m0], ['alize', 'al', m0], ['iciti', 'ic', m0], ['ical', 'ic', m0],
  ['ful', '', m0], ['ness', '', m0],
];

const STEP4: readonly Rule[] = [
  ['al', '', m1], ['ance', '', m1], ['ence', '', m1], ['er', '', m1], ['ic', '', m1], ['able', '', m1],
  ['ible', '', m1], ['ant', '', m1], ['ement', '', m1], ['ment', '', m1], ['ent', '', m1],
  ['ion', '', (w, n, c) => measure(c, n) > 1 && (w[n - 1] === 's' || w[n - 1] === 't')],
  ['ou', '', m1], ['ism', '', m1], ['ate', '', m1], ['iti', '', m1], ['ous', '', m1], ['ive', '', m1],
  ['ize', '', m1],
];

function step1a(w: string): string {
  if (w.length === 4 && w.endsWith('ies')) return w.slice(0, 1) + 'ie';
  return applyRules(w, STEP1A);
}

function step1b(w: string): string {
  if (w.endsWith('ied')) return w.length === 4 ? w.slice(0, 1) + 'ie' : w.slice(0, -3) + 'i';
  if (w.endsWith('eed')) return measure(consonants(w), w.length - 3) > 0 ? w.slice(0, -1) : w;
  let stem: string;
  if (w.endsWith('ed') && hasVowel(consonants(w), w.length - 2)) stem = w.slice(0, -2);
  else if (w.endsWith('ing') && hasVowel(consonants(w), w.length - 3)) stem = w.slice(0, -3);
  else return w;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
  const c = consonants(stem);
  const n = stem.length;
  if (n >= 2 && stem[n - 1] === stem[n - 2] && c[n - 1]) {
    const last = stem[n - 1];
    return last === 'l' || last === 's' || last === 'z' ? stem : stem.slice(0, -1);
  }
  return measure(c, n) === 1 && endsCvc(stem, c, n) ? stem + 'e' : stem;
}

function step1c(w: string): string {
  // y -> i only after a consonant that is not the whole stem: happy -> happi, enjoy and by stay.
  if (!w.endsWith('y') || w.length < 3) return w;
  return consonants(w)[w.length - 2] ? w.slice(0, -1) + 'i' : w;
}

function step2(w: string): string {
  if (w.endsWith('alli') && measure(consonants(w), w.length - 4) > 0) return step2(w.slice(0, -2));
  return applyRules(w, STEP2);
}

function step5(w: string): string {
  let out = w;
  if (out.endsWith('e')) {
    const c = consonants(out);
    const n = out.length - 1;
    const m = measure(c, n);
    if (m > 1 || (m === 1 && !endsCvc(out, c, n))) out = out.slice(0, -1);
  }
  if (out.endsWith('ll') && measure(consonants(out), out.length - 1) > 1) out = out.slice(0, -1);
  return out;
}

function stemUncached(word: string): string {
  const irregular = IRREGULAR.get(word);
  if (irregular !== undefined) return irregular;
  if (word.length <= 2) return word;
  let w = step1a(word);
  w = step1b(w);
  w = step1c(w);
  w = step2(w);
  w = applyRules(w, STEP3);
  w = applyRules(w, STEP4);
  return step5(w);
}

const CACHE_LIMIT = 50_000;
const cache = new Map<string, string>();

/** Porter stem of a word (lowercased first), as NLTK's default PorterStemmer gives it: "relational" -> "relat". */
export function porterStem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const out = stemUncached(word.toLowerCase());
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, out);
  return out;
}
