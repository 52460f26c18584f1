// Offline extractive summarizer for news. On news the lead is most of the signal (Lead-3 beats plain TextRank by
// ~4.5 ROUGE-1 on CNN/DM), so the score is a position prior plus PacSum-style directed centrality (similarity to
// LATER sentences counts, to earlier ones counts against) plus title overlap; junk that a scraped lead often holds
// (captions, bylines, boilerplate, title repeats, datelines) is filtered out first, and an MMR-style redundancy check
// keeps near-duplicate sentences apart. Deterministic; budget ~0.3 ms per 4 KB article (bench/summary.ts times it).
import { splitParagraphSentences } from '../text/sentences.js';
import { narrativeGist } from './narrative.js';
import { overlap, titleHits, tokenize, Vocab, type Terms } from './terms.js';
import type { Summary, SummaryInput } from './types.js';

/** Weights of the sentence score; the defaults were tuned on the CNN/DM dev file (bench/summary.ts). */
export interface ExtractiveWeights {
  /** Weight of the position prior exp(-rank / positionDecay). */
  position: number;
  positionDecay: number;
  /** Weight of directed centrality (normalized to [-1, 1]). */
  centrality: number;
  /** Share of an edge counted when the other sentence comes later / earlier (PacSum's λ2 / λ1). */
  forward: number;
  backward: number;
  /** Edges below min + threshold · (max − min) of the document's similarities are dropped (PacSum's β). */
  edgeThreshold: number;
  /** Weight of the share of title content words a sentence holds. */
  title: number;
  /** Penalty for a sentence that opens with a quotation or ends in a question. */
  quote: number;
  /** Gist only: penalty for a sentence that opens with a pronoun ("He said …"), which leans on the one before. */
  anaphora: number;
  /** Penalty for photo-caption cues inside a sentence ("( pictured )", "above:"). */
  captionCue: number;
  /** Penalty per word beyond `longWords` (long sentences cost ROUGE precision and briefing space). */
  longPenalty: number;
  longWords: number;
  /** A candidate whose content words overlap a chosen sentence's this much (overlap coefficient) is skipped. */
  redundancy: number;
}

/** Options of summarizeExtractive. */
export interface ExtractiveOptions {
  /** Sentences in the summary (default 3, at least 1). */
  maxSentences?: number;
  /** Override scoring weights (benchmarks and tuning). */
  weights?: Partial<ExtractiveWeights>;
}

/** Default weights (see bench/summary.ts for the figures they give). */
export const DEFAULT_WEIGHTS: Readonly<ExtractiveWeights> = {
  position: 1,
  positionDecay: 3,
  centrality: 1,
  forward: 1,
  backward: -0.5,
  edgeThreshold: 0,
  title: 0.3,
  quote: 0.15,
  anaphora: 0.3,
  captionCue: 0.3,
  longPenalty: 0.01,
  longWords: 30,
  redundancy: 0.5,
};

const MIN_WORDS = 6;
const MAX_WORDS = 80;
/** Sentences past this many candidates cannot outscore the lead; bounding them bounds the time. */
const MAX_CANDIDATES = 80;
/** A paragraph with a photo credit and at most this many sentences is a caption. */
const CAPTION_MAX_SENTENCES = 3;

// Never summary material: captions, credits and page furniture. Anchored patterns are cheap; the unanchored ones
// run only when the gate finds one of their words.
const JUNK_PREFIX_RES: readonly RegExp[] = [
  /^\s*(?:photo|image|picture|video|file photo|caption|credit|graphic|watch|listen)s?\s*[:|]/i,
  /^\s*(?:in\s+)?(?:this|these|the|an?)\s+(?:undated\s+|handout\s+|file\s+|combination\s+|frame\s+grab\s+)*(?:photo(?:graph)?|image|picture|screenshot|video still)s?\b/i,
  /^\s*(?:advertisement|related|more:|see also|getty images|ap photo|reuters photo)\b/i,
];
const JUNK_GATE_RE = /photo|image|picture|click|read more|subscri|sign up|follow us|share this|rights reserved|scroll down/i;
/** A photo credit in brackets: "(AP Photo/Jane Doe)", "(Photo/Reuters)". */
const PHOTO_CREDIT_RE = /\(\s*[\p{L} .]*photo\s*\/[^)]*\)/iu;
const JUNK_INNER_RES: readonly RegExp[] = [
  PHOTO_CREDIT_RE,
  /\b(?:photo|image|picture|photograph)s?\s*,?\s*(?:provided|released|taken|distributed|obtained|supplied|courtesy)\s+(?:by|of)\b/i,
  /\b(?:click here|read more|subscribe(?: now| today)?|sign up for|follow us|share this|all rights reserved|scroll down for|scroll down video)\b/i,
];
// Caption-like cues that are sometimes real prose: a penalty, not a ban.
const CAPTION_CUE_RE = /\(\s*(?:pictured|above|below|left|right|centre|center|inset|top|bottom)\b[^)]*\)|\bpictured\s*:|^\s*pictured\b/i;
// Leading datelines: "WASHINGTON (CNN) --", "washington ( cnn )", "LONDON (Reuters) -", "PARIS — ".
const DATELINE_RE =
  /^(?:[\p{L}.,'’-]+\s+){0,4}?\(\s*(?:cnn|ap|reuters|afp|upi|ew\.com|cnn student news|cnnmoney|mashable|bloomberg|dpa|xinhua)\s*\)\s*(?:--|—|–|-|:)?\s*/iu;
const CAPS_DATELINE_RE = /^\p{Lu}[\p{Lu}\s.,'’-]{2,40}?\s*(?:--|—|–)\s+/u;
const QUOTE_OPEN_RE = /^\s*(?:``|["“‘']|-- ?["“])/;
const PRONOUN_OPEN_RE = /^\s*(?:he|she|it|they|his|her|its|their|this|these|those|but|and)\b/i;
const QUESTION_TAIL = new Set([' ', "'", '"', '”', '’']);

interface Cand extends Terms {
  /** Index in the input sentence list. */
  index: number;
  text: string;
  nWords: number;
  score: number;
}

/** The sentence without a leading news-agency dateline, when enough of it remains. */
function stripDateline(text: string): string {
  const m = DATELINE_RE.exec(text) ?? CAPS_DATELINE_RE.exec(text);
  if (!m) return text;
  const rest = text.slice(m[0].length);
  return tokenize(rest).length >= MIN_WORDS ? rest : text;
}

/** Mostly capital letters (a shouted heading or label), judged on at least 8 letters. */
function isAllCaps(text: string): boolean {
  let upper = 0;
  let lower = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    // Even if every remaining character were a capital, the share could no longer reach 4:1.
    if (4 * lower > upper + (n - i)) return false;
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c > 127) {
      const ch = text[i] as string;
      if (ch !== ch.toLowerCase()) upper++;
      else if (ch !== ch.toUpperCase()) lower++;
    }
  }
  return upper + lower >= 8 && upper >= 4 * lower;
}

function isJunk(text: string): boolean {
  if (JUNK_PREFIX_RES.some((re) => re.test(text))) return true;
  return JUNK_GATE_RE.test(text) && JUNK_INNER_RES.some((re) => re.test(text));
}

/** Ends in a question mark, maybe followed by closing quotes. */
function endsWithQuestion(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && QUESTION_TAIL.has(text[i] as string)) i--;
  return text[i] === '?';
}

/** PacSum-style directed centrality over TF-IDF cosine similarities, scaled to [-1, 1]. */
function directedCentrality(cands: readonly Cand[], vocabSize: number, w: ExtractiveWeights): Float64Array {
  const n = cands.length;
  const out = new Float64Array(n);
  if (n < 2) return out;
  const df = new Int32Array(vocabSize);
  for (const c of cands) for (const t of c.uniq) df[t] = (df[t] as number) + 1;
  const tf = new Int32Array(vocabSize);
  // Postings in CSR form: for each term, the sentences holding it and the TF-IDF weight there.
  const start = new Int32Array(vocabSize + 1);
  for (let t = 0; t < vocabSize; t++) start[t + 1] = (start[t] as number) + (df[t] as number);
  const fill = start.slice(0, vocabSize);
  const postSent = new Int32Array(start[vocabSize] as number);
  const postVal = new Float64Array(start[vocabSize] as number);
  const norms = new Float64Array(n);
  const logN = Math.log(n + 1);
  for (let i = 0; i < n; i++) {
    const c = cands[i] as Cand;
    for (const t of c.ids) tf[t] = (tf[t] as number) + 1;
    let norm = 0;
    for (const t of c.uniq) {
      const v = (tf[t] as number) * (logN - Math.log(df[t] as number));
      tf[t] = 0;
      norm += v * v;
      const at = fill[t] as number;
      fill[t] = at + 1;
      postSent[at] = i;
      postVal[at] = v;
    }
    norms[i] = Math.sqrt(norm);
  }
  const sim = new Float64Array(n * n);
  for (let t = 0; t < vocabSize; t++) {
    const end = start[t + 1] as number;
    for (let a = start[t] as number; a < end; a++) {
      const row = (postSent[a] as number) * n;
      const va = postVal[a] as number;
      for (let b = a + 1; b < end; b++) {
        const cell = row + (postSent[b] as number);
        sim[cell] = (sim[cell] as number) + va * (postVal[b] as number);
      }
    }
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = (norms[i] as number) * (norms[j] as number);
      const s = d > 0 ? (sim[i * n + j] as number) / d : 0;
      sim[i * n + j] = s;
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
  }
  const cut = lo + w.edgeThreshold * (hi - lo);
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < i; j++) {
      const s = sim[j * n + i] as number;
      if (s > cut) c += w.backward * (s - cut);
    }
    for (let j = i + 1; j < n; j++) {
      const s = sim[i * n + j] as number;
      if (s > cut) c += w.forward * (s - cut);
    }
    out[i] = c;
    if (Math.abs(c) > maxAbs) maxAbs = Math.abs(c);
  }
  if (maxAbs > 0) for (let i = 0; i < n; i++) out[i] = (out[i] as number) / maxAbs;
  return out;
}

/** Extractive summary: the best sentences (default 3) in document order, and the single best one as the gist. */
export function summarizeExtractive(input: SummaryInput, opts?: ExtractiveOptions): Summary {
  const w: ExtractiveWeights = opts?.weights ? { ...DEFAULT_WEIGHTS, ...opts.weights } : DEFAULT_WEIGHTS;
  const k = Math.max(1, Math.floor(opts?.maxSentences ?? 3));
  const sentences = input.sentences ?? splitParagraphSentences(input.body);
  const vocab = new Vocab();
  // The title goes first, so its content words take ids 0 .. titleSize-1.
  const titleTokens = tokenize(input.title);
  const titleSize = vocab.terms(titleTokens).uniq.length;

  // A photo credit ("(AP Photo/…)") marks its whole paragraph as a caption, when the paragraph is caption-sized.
  const captionParagraphs = new Set<number>();
  for (const s of sentences) if (s.text.includes('/') && PHOTO_CREDIT_RE.test(s.text)) captionParagraphs.add(s.paragraph);
  for (const p of captionParagraphs) {
    if (sentences.filter((s) => s.paragraph === p).length > CAPTION_MAX_SENTENCES) captionParagraphs.delete(p);
  }

  const cands: Cand[] = [];
  for (let i = 0; i < sentences.length && cands.length < MAX_CANDIDATES; i++) {
    const sentence = sentences[i] as { text: string; paragraph: number };
    if (captionParagraphs.has(sentence.paragraph)) continue;
    const raw = sentence.text.trim();
    const tokens = tokenize(raw);
    const nWords = tokens.length;
    if (nWords < MIN_WORDS || nWords > MAX_WORDS || isJunk(raw) || isAllCaps(raw)) continue;
    const { ids, uniq } = vocab.terms(tokens);
    // Scraped pages repeat the title in the body.
    if (titleSize > 0 && nWords <= titleTokens.length + 3 && uniq.length > 0) {
      if (titleHits(uniq, titleSize) / Math.min(uniq.length, titleSize) >= 0.8) continue;
    }
    // Datelines only open an article: look at the first two candidates.
    const text = cands.length < 2 ? stripDateline(raw) : raw;
    cands.push({ index: i, text, ids, uniq, nWords, score: 0 });
  }
  if (cands.length === 0) return { gist: input.title.trim(), sentences: [] };

  const central = w.centrality !== 0 ? directedCentrality(cands, vocab.size, w) : new Float64Array(cands.length);
  for (let r = 0; r < cands.length; r++) {
    const c = cands[r] as Cand;
    let s = w.position * Math.exp(-r / w.positionDecay) + w.centrality * (central[r] as number);
    if (titleSize > 0) s += (w.title * titleHits(c.uniq, titleSize)) / titleSize;
    if (QUOTE_OPEN_RE.test(c.text) || endsWithQuestion(c.text)) s -= w.quote;
    if ((c.text.includes('(') || c.text.includes('ictured')) && CAPTION_CUE_RE.test(c.text)) s -= w.captionCue;
    if (c.nWords > w.longWords) s -= w.longPenalty * (c.nWords - w.longWords);
    c.score = s;
  }

  // Greedy selection by score (ties: earlier first), skipping near-duplicates of what is already chosen.
  const ranked = [...cands].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: Cand[] = [];
  for (const c of ranked) {
    if (chosen.length >= k) break;
    if (chosen.some((p) => overlap(p.uniq, c.uniq) >= w.redundancy)) continue;
    chosen.push(c);
  }
  // The gist stands alone in a briefing line: the best sentence that does not lean on the one before it.
  let [gist, gistScore] = [ranked[0] as Cand, -Infinity];
  for (const c of ranked) {
    if (c.score <= gistScore) break; // ranked by score: nothing later can do better
    const g = c.score - (PRONOUN_OPEN_RE.test(c.text) ? w.anaphora : 0);
    if (g > gistScore) [gist, gistScore] = [c, g];
  }
  // A feature that opens on a scene: the line a reader needs says what the piece is about (its "nut graf").
  const nut = narrativeGist(gist, cands, {
    titleHits: (c) => titleHits(c.uniq, titleSize),
    standsAlone: (c) => !PRONOUN_OPEN_RE.test(c.text) && !QUOTE_OPEN_RE.test(c.text) && !endsWithQuestion(c.text),
  });
  if (nut) {
    gist = nut;
    if (!chosen.includes(nut)) {
      if (chosen.length >= k) chosen.sort((a, b) => b.score - a.score).pop();
      chosen.push(nut);
    }
  }
  chosen.sort((a, b) => a.index - b.index);
  return { gist: gist.text, sentences: chosen.map((c) => c.text) };
}
