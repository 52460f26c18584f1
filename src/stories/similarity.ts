// Story similarity: are two fingerprints the same news? Bodies are compared by estimated shingle Jaccard (MinHash
// agreement, with a containment estimate for truncated copies); titles by weighted term overlap. A title match only
// counts once the bodies share some text, so two different stories under the same recurring headline stay apart,
// and articles with no usable body (headlines, feed items) are judged on their titles alone.
import { MIN_BODY_SHINGLES, isWeakTitleTerm } from './fingerprint.js';
import type { Fingerprint } from './fingerprint.js';

/** Scores at or above this mean "same story" (tuned on UCI headlines and synthetic BBC rewrites; see bench/clustering.ts). */
export const SAME_STORY_THRESHOLD = 0.5;

/** Body similarity at which the body alone scores 1 (so 0.4 alone reaches the threshold; follow-ups sharing background paragraphs sit near 0.3). */
const BODY_FULL = 0.8;
/** Title similarity at which the title alone scores 1 (so 0.45 alone reaches the threshold; tuned on UCI headlines). */
const TITLE_FULL = 0.9;
/** Bodies whose distinct-shingle counts differ more than this ratio cannot be compared by MinHash (a summary vs a full text). */
const MIN_SIZE_RATIO = 0.2;
/** Below this body similarity the title's say fades out linearly. */
const BODY_TITLE_GATE = 0.15;
/** Share of the score the title may carry when bodies exist. */
const TITLE_WEIGHT = 0.4;
/** Weight of a generic headline term ("says", "update", "video") relative to a normal one. */
const WEAK_WEIGHT = 0.3;
/** Minimum MinHash agreements before the containment estimate is trusted (it amplifies noise on small sets). */
const MIN_AGREEMENTS_FOR_CONTAINMENT = 4;

const EMPTY = 0xffffffff;

/** Estimated body overlap in [0,1]: max of Jaccard and 0.8 × containment of the smaller body in the larger. */
export function bodySimilarity(a: Fingerprint, b: Fingerprint): number {
  const n = Math.min(a.minhash.length, b.minhash.length);
  if (n === 0 || a.shingles === 0 || b.shingles === 0) return 0;
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const x = a.minhash[i] as number;
    if (x !== EMPTY && x === b.minhash[i]) agree++;
  }
  const j = agree / n;
  if (agree < MIN_AGREEMENTS_FOR_CONTAINMENT) return j;
  // |A∩B| = J/(1+J) · (|A|+|B|); containment = |A∩B| / min(|A|,|B|).
  const inter = (j / (1 + j)) * (a.shingles + b.shingles);
  const containment = Math.min(1, inter / Math.min(a.shingles, b.shingles));
  return Math.max(j, 0.8 * containment);
}

/** Weighted overlap of two title term lists in [0,1]: mean of Jaccard and overlap coefficient, damped below 2 shared terms. */
export function titleSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const inB = new Set(b);
  let wa = 0;
  let wb = 0;
  let inter = 0;
  let strongShared = 0;
  for (const t of a) {
    const w = isWeakTitleTerm(t) ? WEAK_WEIGHT : 1;
    wa += w;
    if (inB.has(t)) {
      inter += w;
      if (w === 1) strongShared++;
    }
  }
  for (const t of b) wb += isWeakTitleTerm(t) ? WEAK_WEIGHT : 1;
  if (inter === 0) return 0;
  const jaccard = inter / (wa + wb - inter);
  const overlap = inter / Math.min(wa, wb);
  const sim = 0.5 * jaccard + 0.5 * overlap;
  // One shared name ("Apple", "Fed") is weak evidence unless both titles are that short.
  const enough = strongShared >= 2 || (strongShared === 1 && Math.max(a.length, b.length) === 1);
  return enough ? sim : 0.5 * sim;
}

/** How likely two articles tell the same news, in [0,1]; compare with SAME_STORY_THRESHOLD. Symmetric. */
export function storySimilarity(a: Fingerprint, b: Fingerprint): number {
  const title = Math.min(1, titleSimilarity(a.titleTokens, b.titleTokens) / TITLE_FULL);
  const bodies = a.shingles >= MIN_BODY_SHINGLES && b.shingles >= MIN_BODY_SHINGLES;
  if (!bodies) return title;
  const body = bodySimilarity(a, b);
  const bodyScore = Math.min(1, body / BODY_FULL);
  if (a.titleTokens.length === 0 || b.titleTokens.length === 0) return bodyScore;
  // A feed summary against a full article: MinHash cannot see the containment, so the title decides.
  if (Math.min(a.shingles, b.shingles) < MIN_SIZE_RATIO * Math.max(a.shingles, b.shingles)) return Math.max(bodyScore, title);
  const gate = Math.min(1, body / BODY_TITLE_GATE);
  return Math.max(bodyScore, (1 - TITLE_WEIGHT) * bodyScore + TITLE_WEIGHT * title * gate);
}

/** True when two articles are copies or light rewrites of the same news. */
export function sameStory(a: Fingerprint, b: Fingerprint): boolean {
  return storySimilarity(a, b) >= SAME_STORY_THRESHOLD;
}
