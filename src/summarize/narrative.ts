// Features and long reads often open on a scene ("The fog had not lifted when Maria pushed her boat out…"); the
// sentence a briefing line needs is the one saying what the piece is about (the "nut graf"), a few lines further on.
// These helpers tell a narrative opening from a news lead and find that sentence; extractive.ts uses them for the gist.

// Scene-setting openings: a time, place or person in a moment, told rather than reported.
const NARRATIVE_OPEN_RE =
  /^\s*(?:it was|there was|there is|on (?:an?|the|that|this) |in (?:the|a|an) (?:early|late|dim|cold|hot|quiet|small|tiny|back|corner|middle|summer|winter|spring|autumn|fall|morning|evening|night)|at (?:the|dawn|dusk|night|first)|when |as (?:the|a|dawn|night)|the (?:morning|night|day|evening|sun|rain|wind|fog|smell|sound|first time|last time)|standing|walking|sitting|lying|for (?:years|decades|most of)|once |years ago|long before|imagine|picture this|i |we |you |my |our )/i;
const FIRST_PERSON_RE = /(?:^|\s)(?:i|i'm|i've|my|we|we're|our|me)(?=[\s,.;:!?]|$)/i;
/** Candidate sentences a nut graf is looked for in. */
const NUT_GRAF_WINDOW = 12;

/** A candidate sentence as the summarizer scored it (document order). */
export interface Scored {
  text: string;
  score: number;
}

/** True for a sentence that sets a scene or speaks as "I"/"we". */
export function setsAScene(text: string): boolean {
  return NARRATIVE_OPEN_RE.test(text) || FIRST_PERSON_RE.test(text);
}

/**
 * When `gist` is one of the opening lines, shares no title word and sets a scene: the best-scored early sentence that
 * says what the piece is about (enough title words, stands alone, no scene of its own). Otherwise undefined.
 */
export function narrativeGist<C extends Scored>(gist: C, cands: readonly C[], f: { titleHits: (c: C) => number; standsAlone: (c: C) => boolean }): C | undefined {
  if (cands.indexOf(gist) > 1 || f.titleHits(gist) > 0 || !setsAScene(gist.text)) return undefined;
  const titleSize = Math.max(...cands.map(f.titleHits), 0);
  if (titleSize === 0) return undefined;
  let best: C | undefined;
  for (const c of cands.slice(0, NUT_GRAF_WINDOW)) {
    if (f.titleHits(c) < Math.min(2, titleSize) || !f.standsAlone(c) || setsAScene(c.text)) continue;
    if (!best || c.score > best.score) best = c;
  }
  return best;
}
