// Keyword tags: the phrases an article is about. Candidates are runs of 1-3 non-stopword tokens that do not cross
// punctuation; the score is weighted frequency (lead x1.5, x2 when also in the title) x a phrase-length bonus x idf
// when a corpus idf is given, else a small built-in penalty for very common news words. A phrase and its sub-phrase are not both
// returned unless the shorter one also stands strongly on its own ("north korea" without a weak "korea").
import type { Tag } from '../types.js';
import { STOPWORDS } from '../text/tokens.js';
import { scanWords, type ScannedWord } from './scan.js';

export interface KeywordOptions {
  /** How many keywords to return (default 8). */
  max?: number;
  /** Inverse document frequency of a lowercase term or phrase; undefined when unknown (treated as rare). */
  idf?: (term: string) => number | undefined;
}

/** Very common news words: weak keywords unless the corpus idf says otherwise. */
const COMMON_NEWS: ReadonlySet<string> = new Set(
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
  forms?: Map<string, number>;
  /** The phrase's words, split on demand. */
  words?: string[];
}

const singularKey = (w: string): string =>
  w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') ? w.slice(0, -1) : w;

const isStop = (w: string): boolean =>
  w.length < 2 || STOPWORDS.has(w) || (w.charCodeAt(0) >= 48 && w.charCodeAt(0) <= 57 && NUMERIC.test(w));

/** The content words of a text: stems, surface forms, and where stopwords/punctuation break phrases. */
interface Scanned {
  ws: readonly ScannedWord[];
  stems: string[];
  /** Runs of content words as [start, end) index pairs. */
  runs: number[];
}

function prepare(text: string): Scanned {
  const ws = scanWords(text);
  const stems = ws.map((w) => singularKey(w.lower));
  const runs: number[] = [];
  let runStart = 0;
  for (let i = 0; i <= ws.length; i++) {
    const w = ws[i];
    const stop = w !== undefined && isStop(w.lower);
    if (w === undefined || stop || !w.joined) {
      if (i > runStart) runs.push(runStart, i);
      runStart = stop ? i + 1 : i;
    }
  }
  return { ws, stems, runs };
}

/** Counts one occurrence of a phrase under its plural-folded key. */
function add(
  cands: Map<string, Candidate>,
  key: string,
  phrase: string,
  n: number,
  weight: number,
  isTitle: boolean,
  common: number,
  order: { n: number },
): Candidate {
  const c = cands.get(key);
  if (!c) {
    const fresh: Candidate = { phrase, n, count: 1, weighted: weight, inTitle: isTitle, first: order.n++, common, score: 0 };
    cands.set(key, fresh);
    return fresh;
  }
  c.count++;
  c.weighted += weight;
  c.inTitle ||= isTitle;
  if (c.forms || c.phrase !== phrase) {
    c.forms ??= new Map([[c.phrase, c.count - 1]]);
    c.forms.set(phrase, (c.forms.get(phrase) ?? 0) + 1);
  }
  return c;
}

const weightAt = (i: number, isTitle: boolean): number => (isTitle ? 0 : i < LEAD_WORDS ? LEAD_WEIGHT : 1);

/** Pass 1: every content word. Returns each position's word candidate (undefined outside runs). */
function collectWords(t: Scanned, isTitle: boolean, cands: Map<string, Candidate>, order: { n: number }): Candidate[] {
  const at: Candidate[] = [];
  const { ws, stems, runs } = t;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r] as number; i < (runs[r + 1] as number); i++) {
      const word = (ws[i] as ScannedWord).lower;
      const common = COMMON_NEWS.has(word) ? 1 : 0;
      at[i] = add(cands, stems[i] as string, word, 1, weightAt(i, isTitle), isTitle, common, order);
    }
  }
  return at;
}

/**
 * Pass 2: 2-3 word phrases inside a run, only where every word occurs at least twice in the article (a phrase seen
 * once is never kept, so the others need not be built).
 */
function collectPhrases(
  t: Scanned,
  isTitle: boolean,
  words: Candidate[],
  cands: Map<string, Candidate>,
  order: { n: number },
): void {
  const { ws, stems, runs } = t;
  const repeated = (i: number): boolean => (words[i]?.count ?? 0) >= 2;
  for (let r = 0; r < runs.length; r += 2) {
    const end = runs[r + 1] as number;
    for (let i = runs[r] as number; i + 1 < end; i++) {
      if (!repeated(i) || !repeated(i + 1)) continue;
      let phrase = (ws[i] as ScannedWord).lower;
      let key = stems[i] as string;
      let common = (words[i] as Candidate).common;
      for (let n = 2; n <= 3 && i + n <= end && repeated(i + n - 1); n++) {
        phrase += ' ' + (ws[i + n - 1] as ScannedWord).lower;
        key += ' ' + (stems[i + n - 1] as string);
        common += (words[i + n - 1] as Candidate).common;
        add(cands, key, phrase, n, weightAt(i, isTitle), isTitle, common, order);
      }
    }
  }
}

/** Up to `max` (default 8) lowercase keyword tags, best first; score is the keyword's relative strength. */
export function extractKeywords(input: { title: string; body: string }, opts: KeywordOptions = {}): Tag[] {
  const max = opts.max ?? 8;
  const cands = new Map<string, Candidate>();
  const order = { n: 0 };
  const title = prepare(input.title);
  const body = prepare(input.body);
  const titleWords = collectWords(title, true, cands, order);
  const bodyWords = collectWords(body, false, cands, order);
  collectPhrases(title, true, titleWords, cands, order);
  collectPhrases(body, false, bodyWords, cands, order);

  const idf = opts.idf;
  let unknownIdf = 1;
  if (idf) {
    for (const c of cands.values()) {
      const v = c.n === 1 ? idf(c.phrase) : undefined;
      if (v !== undefined && v > unknownIdf) unknownIdf = v;
    }
  }

  const scored: Candidate[] = [];
  for (const c of cands.values()) {
    if (c.n > 1 && c.count < 2) continue;
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
    if (c.score > 0) scored.push(c);
  }
  // Only candidates seen twice or in the title can rank high; sort the rest only when those are too few.
  const byScore = (a: Candidate, b: Candidate): number => b.score - a.score || a.first - b.first;
  const strong = scored.filter((c) => c.count >= 2 || c.inTitle).sort(byScore);
  const ranked = strong.length >= 3 * max ? strong : [...strong, ...scored.filter((c) => c.count < 2 && !c.inTitle).sort(byScore)];

  const chosen: Candidate[] = [];
  const contains = (long: Candidate, short: Candidate): boolean => ` ${long.phrase} `.includes(` ${short.phrase} `);
  for (const c of ranked) {
    if (chosen.length >= max) break;
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
  const uniq = [...new Set(chosen)];
  return uniq.map((c) => ({ kind: 'keyword', value: c.phrase, score: Math.round(c.score * 1000) / 1000 }));
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
