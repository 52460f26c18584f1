// Entity mentions in shouted (all-caps) text such as headlines and tables, where capitals say nothing about names:
// only gazetteer places and known organizations are trusted (longest match of up to four words).
import { STOPWORDS } from '../text/tokens.js';
import { COMMON_WORDS, ORGS, PLACES, SHOUT_UNSAFE_PLACES } from './gazetteer.js';
import type { EntityKind, Mention } from './mention-types.js';
import type { Tok } from './tokenize.js';

const isCommon = (l: string): boolean => STOPWORDS.has(l) || COMMON_WORDS.has(l);

/** The lowercase words of the tokens, joined by spaces (symbols skipped). */
function keyOf(r: Tok[]): string {
  let k = '';
  for (const t of r) if (t.word) k = k === '' ? t.lower : k + ' ' + t.lower;
  return k;
}

/** Mentions in a shouted sentence s with tokens toks: only gazetteer places and known organizations. */
export function shoutMentions(s: string, toks: Tok[]): Mention[] {
  const out: Mention[] = [];
  let i = 0;
  while (i < toks.length) {
    let hit = 0;
    let kind: EntityKind = 'place';
    for (let n = Math.min(4, toks.length - i); n >= 1 && hit === 0; n--) {
      const r = toks.slice(i, i + n);
      if (!r.every((t) => t.word)) continue;
      const k = keyOf(r);
      if (PLACES.has(k) && (n > 1 || !SHOUT_UNSAFE_PLACES.has(k))) hit = n;
      else if ((ORGS.has(k) || (n === 1 && ORGS.has((r[0] as Tok).text))) && !isCommon(k)) {
        hit = n;
        kind = 'org';
      }
    }
    if (hit > 0) {
      const a = toks[i] as Tok;
      const b = toks[i + hit - 1] as Tok;
      out.push({ start: a.start, end: b.end, kind, text: s.slice(a.start, b.end) });
      i += hit;
    } else i++;
  }
  return out;
}
