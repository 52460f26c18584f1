// Topic tags from configured keyword lists. One pass over the text's word tokens with a first-word index, so the cost
// does not grow with the number of keywords. Matching respects word boundaries, allows multi-word keywords across
// spaces or hyphens ("kim jong-un"), tolerates possessives and simple plurals, and is case-insensitive except for
// short all-caps keywords ("US", "EU", "AI"), which match only when written in capitals ("US sanctions", not "let us").
import type { Tag, TopicDef } from '../types.js';
import { JOINED, scanWords, type Lex, type Scanned } from './scan.js';

/** Compiled topic keywords: `match` returns topic tags (score = weighted hits; title hits weigh 3). */
export interface TopicMatcher {
  match(text: { title: string; body: string }): Tag[];
}

/** A title hit weighs this much; a body hit weighs 1. */
export const TITLE_WEIGHT = 3;
/** A topic needs this score, or at least one title hit, to be tagged. */
export const MIN_SCORE = 2;

interface Entry {
  topic: number;
  /** Keyword words after the first (lowercase, or exact case when caseSensitive). */
  rest: string[];
  /** Exact spelling of the first word, for case-sensitive keywords. */
  first: string;
  caseSensitive: boolean;
}

const CASE_SENSITIVE = /^[A-Z][A-Z0-9]{1,3}$/;

/** Singular guesses for a lowercase word: "missiles" -> "missile", "tariffs" -> "tariff", "policies" -> "policy". */
function singulars(w: string): string[] {
  if (w.length < 4 || !w.endsWith('s') || w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return [];
  if (w.endsWith('ies')) return [w.slice(0, -3) + 'y'];
  if (w.endsWith('es')) return [w.slice(0, -1), w.slice(0, -2)];
  return [w.slice(0, -1)];
}

const NONE: readonly string[] = [];
/** singulars() of a word's lowercase form, cached (words repeat across articles). */
const singularCache = new Map<string, readonly string[]>();
function singularsOf(lower: string): readonly string[] {
  if (lower.length < 4 || lower.charCodeAt(lower.length - 1) !== 115) return NONE;
  let v = singularCache.get(lower);
  if (v === undefined) {
    v = singulars(lower);
    if (singularCache.size >= 50_000) singularCache.clear();
    singularCache.set(lower, v);
  }
  return v;
}

function sameWord(entryWord: string, w: Lex, caseSensitive: boolean): boolean {
  if (caseSensitive) return w.text === entryWord;
  return w.lower === entryWord || singularsOf(w.lower).includes(entryWord);
}

/** Precompiles the topics' keywords into one first-word index. */
export function compileTopics(topics: TopicDef[]): TopicMatcher {
  const index = new Map<string, Entry[]>();
  topics.forEach((t, topic) => {
    for (const kw of t.keywords) {
      const trimmed = kw.trim();
      const caseSensitive = CASE_SENSITIVE.test(trimmed);
      const ws = scanWords(trimmed).words.map((w) => (caseSensitive ? w.text : w.lower));
      const first = ws[0];
      if (first === undefined) continue;
      const key = first.toLowerCase();
      const list = index.get(key) ?? [];
      list.push({ topic, rest: ws.slice(1), first, caseSensitive });
      index.set(key, list);
    }
  });
  // Longest keywords first, so a topic's longer match is seen before its shorter one at the same position.
  for (const list of index.values()) list.sort((a, b) => b.rest.length - a.rest.length);

  // Per-call state, reset by `count`: per topic, the position of its last hit and the end of its last match.
  let scores = new Float64Array(0);
  let titleHit = new Uint8Array(0);
  const coveredUntil = new Int32Array(topics.length);
  const seenAt = new Int32Array(topics.length);

  const tryList = (list: Entry[], sc: Scanned, i: number, isTitle: boolean): void => {
    const { words, flags } = sc;
    const w = words[i] as Lex;
    for (const e of list) {
      if (seenAt[e.topic] === i || i < (coveredUntil[e.topic] as number)) continue;
      if (!sameWord(e.first, w, e.caseSensitive)) continue;
      let ok = true;
      for (let k = 0; k < e.rest.length && ok; k++) {
        const next = words[i + 1 + k];
        ok = next !== undefined && ((flags[i + 1 + k] as number) & JOINED) !== 0 && sameWord(e.rest[k] as string, next, e.caseSensitive);
      }
      if (!ok) continue;
      seenAt[e.topic] = i;
      coveredUntil[e.topic] = i + 1 + e.rest.length;
      scores[e.topic] = (scores[e.topic] as number) + (isTitle ? TITLE_WEIGHT : 1);
      if (isTitle) titleHit[e.topic] = 1;
    }
  };

  // The index lists a word may start (its own, then its singular guesses'), memoized on the word for this matcher.
  const owner = {};
  const NO_LISTS: readonly Entry[][] = [];
  const listsOf = (w: Lex): readonly Entry[][] => {
    if (w.memoOwner === owner) return w.memo as readonly Entry[][];
    const lower = w.lower;
    const found: Entry[][] = [];
    const exact = index.get(lower);
    if (exact) found.push(exact);
    if (lower.length > 3 && lower.endsWith('s')) {
      for (const s of singulars(lower)) {
        const l = index.get(s);
        if (l) found.push(l);
      }
    }
    w.memoOwner = owner;
    w.memo = found.length === 0 ? NO_LISTS : found;
    return w.memo as readonly Entry[][];
  };

  const count = (text: string, isTitle: boolean): void => {
    const sc = scanWords(text);
    const words = sc.words;
    coveredUntil.fill(0);
    seenAt.fill(-1);
    for (let i = 0; i < words.length; i++) {
      const lists = listsOf(words[i] as Lex);
      for (let k = 0; k < lists.length; k++) tryList(lists[k] as Entry[], sc, i, isTitle);
    }
  };

  return {
    match({ title, body }) {
      scores = new Float64Array(topics.length);
      titleHit = new Uint8Array(topics.length);
      count(title, true);
      count(body, false);
      const tags: Tag[] = [];
      topics.forEach((t, k) => {
        const score = scores[k] as number;
        if (score >= MIN_SCORE || titleHit[k] === 1) tags.push({ kind: 'topic', value: t.name, score });
      });
      return tags.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    },
  };
}
