// Salient terms of one article for event clustering: stemmed content words of the title and lead, with names (capitalised
// mid-sentence words, tagged entities) and numbers weighted up. Pure; IDF weighting happens in assign.ts.
import { STOPWORDS } from '../text/tokens.js';
import { isWeakTitleTerm, stem } from './fingerprint.js';

/** Raw weight of a term: how often and where it appears (title counts more than the lead), before IDF. */
export type TermWeights = Map<string, number>;

/** Body words read after the title: the lead carries the event; later paragraphs drift into background. */
export const LEAD_WORDS = 90;
/** Field weights. */
const TITLE_WEIGHT = 2;
const LEAD_WEIGHT = 1;
/** Names and numbers say which event it is; common words only which topic. */
const NAME_BOOST = 1.6;
const NUMBER_BOOST = 1.4;
/** Generic headline filler ("says", "update", "video"). */
const WEAK_FACTOR = 0.3;

const TOKEN_RE = /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu;
const SENTENCE_END_RE = /[.!?:;"“”]\s*$/;
const DIGIT_RE = /\d/;
const UPPER_RE = /^\p{Lu}/u;

/** Folds a raw token to its term, or null for stopwords and one-letter tokens. Numbers keep their digits ("9.5"). */
export function termOf(token: string): string | null {
  let t = token.toLowerCase().replace(/’/g, "'");
  if (t.endsWith("'s")) t = t.slice(0, -2);
  if (DIGIT_RE.test(t)) return t.replace(/,/g, '');
  t = t.replace(/\./g, '');
  if (t.length < 2 || STOPWORDS.has(t)) return null;
  return stem(t);
}

interface Tok {
  term: string;
  /** Capitalised and not the first word of its sentence (a name), judged only where case means something. */
  name: boolean;
  number: boolean;
}

function tokens(text: string, caseMeaningful: boolean): Tok[] {
  const out: Tok[] = [];
  let sentenceStart = true;
  let last = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const gap = text.slice(last, m.index);
    if (SENTENCE_END_RE.test(gap) || gap.includes('\n')) sentenceStart = true;
    last = (m.index ?? 0) + raw.length;
    const term = termOf(raw);
    const name = caseMeaningful && !sentenceStart && UPPER_RE.test(raw);
    sentenceStart = false;
    if (term === null) continue;
    out.push({ term, name, number: DIGIT_RE.test(term) });
  }
  return out;
}

/** True when a line is in sentence case (most words lowercase), so capitals mark names; Title Case hides them. */
function sentenceCase(text: string): boolean {
  let upper = 0;
  let lower = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    const w = m[0];
    if (w.length < 4 || DIGIT_RE.test(w)) continue;
    if (UPPER_RE.test(w)) upper++;
    else lower++;
  }
  return lower > upper;
}

/** The first `n` words of a body (whole text when shorter). */
function lead(body: string, n: number): string {
  let count = 0;
  for (const m of body.matchAll(/\S+/g)) {
    if (++count > n) return body.slice(0, m.index);
  }
  return body;
}

/**
 * Salient terms of an article: title (weight 2) and the first LEAD_WORDS body words (weight 1), names and numbers boosted,
 * headline filler damped; `entities` (tagger output: people, places, organizations) boost the terms they contain.
 */
export function articleTerms(input: { title: string; body: string; entities?: readonly string[] }): TermWeights {
  const out: TermWeights = new Map();
  const names = new Set<string>();
  for (const e of input.entities ?? []) {
    for (const t of tokens(e, false)) names.add(t.term);
  }
  const add = (toks: Tok[], weight: number): void => {
    for (const t of toks) {
      let w = weight;
      if (t.number) w *= NUMBER_BOOST;
      else if (t.name || names.has(t.term)) w *= NAME_BOOST;
      if (isWeakTitleTerm(t.term)) w *= WEAK_FACTOR;
      out.set(t.term, (out.get(t.term) ?? 0) + w);
    }
  };
  add(tokens(input.title, sentenceCase(input.title)), TITLE_WEIGHT);
  const body = lead(input.body, LEAD_WORDS);
  if (body.trim() !== '') add(tokens(body, true), LEAD_WEIGHT);
  return out;
}
