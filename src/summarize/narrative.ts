// Features and long reads often open on a scene ("The fog had not lifted when Maria pushed her boat out…"); the
// sentence a briefing line needs is the one saying what the piece is about (the "nut graf"), a few lines further on.
// These helpers tell a narrative opening from a news lead and find that sentence; extractive.ts uses them for the gist.

// Scene-setting openings: a time, place or person in a moment, told rather than reported.
const NARRATIVE_OPEN_RE =
  /^\s*(?:it was|there was|there is|on (?:an?|the|that|this) |in (?:the|a|an) (?:early|late|dim|cold|hot|quiet|small|tiny|back|corner|middle|summer|winter|spring|autumn|fall|morning|evening|night)|at (?:the|dawn|dusk|night|first)|when |as (?:the|a|dawn|night)|the (?:morning|night|day|evening|sun|rain|wind|fog|smell|sound|first time|last time)|standing|walking|sitting|lying|for (?:years|decades|most of)|once |years ago|long before|imagine|picture this|i |we |you |my |our )/i;
const FIRST_PERSON_RE = /(?:^|\s)(?:i|i'm|i've|my|we|we're|our|me)(?=[\s,.;:!?]|$)/i;
/** Candidate sentences a nut graf is looked for in. */
export const NUT_GRAF_WINDOW = 12;

/** A candidate sentence as the summarizer scored it. */
export interface ScoredLine {
  text: string;
  score: number;
  /** Distinct title content words it holds. */
  titleHits: number;
  /** Neither opens with a pronoun or a quotation nor ends in a question. */
  standsAlone: boolean;
}

/** True for a sentence that sets a scene or speaks as "I"/"we". */
export function setsAScene(text: string): boolean {
  return NARRATIVE_OPEN_RE.test(text) || FIRST_PERSON_RE.test(text);
}

/** Index of the best-scored early line that says what the piece is about (title words, stands alone, no scene). */
export function nutGraf(lines: readonly ScoredLine[], titleSize: number): number | undefined {
  const need = Math.min(titleSize, Math.max(2, Math.ceil(titleSize * 0.3)));
  let best: number | undefined;
  lines.forEach((l, i) => {
    if (l.titleHits < need || !l.standsAlone || setsAScene(l.text)) return;
    if (best === undefined || l.score > (lines[best] as ScoredLine).score) best = i;
  });
  return best;
}
