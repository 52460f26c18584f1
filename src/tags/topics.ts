// Topic tags from configured keyword lists. One pass over the text's word tokens with a first-word index, so the cost
// does not grow with the number of keywords. Matching respects word boundaries, allows multi-word keywords across
// spaces or hyphens ("kim jong-un"), tolerates possessives and simple plurals, and is case-insensitive except for
// short all-caps keywords ("US", "EU", "AI"), which match only when written in capitals ("US sanctions", not "let us").
import type { Tag, TopicDef } from '../types.js';
import { scanWords as scan, type ScannedWord as Word } from './scan.js';

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

function sameWord(entryWord: string, w: Word, caseSensitive: boolean): boolean {
  if (caseSensitive) return w.raw === entryWord;
  return w.lower === entryWord || singulars(w.lower).includes(entryWord);
}

/** Precompiles the topics' keywords into one first-word index. */
export function compileTopics(topics: TopicDef[]): TopicMatcher {
  const index = new Map<string, Entry[]>();
  topics.forEach((t, topic) => {
    for (const kw of t.keywords) {
      const trimmed = kw.trim();
      const caseSensitive = CASE_SENSITIVE.test(trimmed);
      const ws = scan(trimmed).map((w) => (caseSensitive ? w.raw : w.lower));
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

  const tryList = (list: Entry[], words: readonly Word[], i: number, isTitle: boolean): void => {
    const w = words[i] as Word;
    for (const e of list) {
      if (seenAt[e.topic] === i || i < (coveredUntil[e.topic] as number)) continue;
      if (!sameWord(e.first, w, e.caseSensitive)) continue;
      let ok = true;
      for (let k = 0; k < e.rest.length && ok; k++) {
        const next = words[i + 1 + k];
        ok = next !== undefined && next.joined && sameWord(e.rest[k] as string, next, e.caseSensitive);
      }
      if (!ok) continue;
      seenAt[e.topic] = i;
      coveredUntil[e.topic] = i + 1 + e.rest.length;
      scores[e.topic] = (scores[e.topic] as number) + (isTitle ? TITLE_WEIGHT : 1);
      if (isTitle) titleHit[e.topic] = 1;
    }
  };

  const count = (text: string, isTitle: boolean): void => {
    const words = scan(text);
    coveredUntil.fill(0);
    seenAt.fill(-1);
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as Word;
      const exact = index.get(w.lower);
      if (exact) tryList(exact, words, i, isTitle);
      if (w.lower.length > 3 && w.lower.endsWith('s')) {
        for (const s of singulars(w.lower)) {
          const l = index.get(s);
          if (l) tryList(l, words, i, isTitle);
        }
      }
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
