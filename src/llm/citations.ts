// Citation checks for an overview paragraph: every [n] must point at a story of the briefing (1..count), the
// paragraph must cite something, and every sentence (every claim) must carry a citation. A citation group written
// right after a sentence's full stop ("… fell. [2] Then …") counts for the sentence before it.
import { splitSentences } from '../text/sentences.js';

/** Why an overview's citations were rejected (also the fallback reason code). */
export type CitationProblem = 'no_citation' | 'citation_out_of_range' | 'uncited_claim';

export type CitationCheck =
  | { ok: true; cited: number[] }
  | { ok: false; reason: CitationProblem; detail: string };

// "[1]", "[2, 3]", "[4; 5]": one group of story numbers.
const GROUP_RE = /\[\s*\d{1,4}\s*(?:[,;]\s*\d{1,4}\s*)*\]/g;
const LEADING_RE = /^\s*(?:\[\s*\d{1,4}\s*(?:[,;]\s*\d{1,4}\s*)*\]\s*)+/;
const NUMBER_RE = /\d+/g;

/** Story numbers cited in `text`, in order of first appearance. */
export function citedNumbers(text: string): number[] {
  const out: number[] = [];
  for (const group of text.match(GROUP_RE) ?? []) {
    for (const n of group.match(NUMBER_RE) ?? []) {
      const v = Number(n);
      if (!out.includes(v)) out.push(v);
    }
  }
  return out;
}

/** Checks an overview citing `count` stories numbered 1..count. */
export function checkCitations(text: string, count: number): CitationCheck {
  const cited = citedNumbers(text);
  if (cited.length === 0) return { ok: false, reason: 'no_citation', detail: 'the overview cites no story' };
  const bad = cited.filter((n) => n < 1 || n > count);
  if (bad.length > 0) {
    return { ok: false, reason: 'citation_out_of_range', detail: `cites [${bad.join('], [')}] but there ${count === 1 ? 'is 1 story' : `are ${count} stories`}` };
  }
  const sentences = splitSentences(text);
  const citedAt = sentences.map(() => false);
  const hasClaim = sentences.map(() => false);
  sentences.forEach((s, i) => {
    const lead = LEADING_RE.exec(s)?.[0] ?? '';
    if (lead && i > 0) citedAt[i - 1] = true;
    const rest = s.slice(lead.length);
    hasClaim[i] = /\p{L}/u.test(rest.replace(GROUP_RE, ''));
    if (rest.match(GROUP_RE) || (lead && i === 0)) citedAt[i] = true;
  });
  const uncited = sentences.findIndex((_, i) => hasClaim[i] && !citedAt[i]);
  if (uncited >= 0) {
    return { ok: false, reason: 'uncited_claim', detail: `sentence ${uncited + 1} cites no story` };
  }
  return { ok: true, cited };
}
