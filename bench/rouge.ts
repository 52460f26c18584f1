// ROUGE-1/2 and ROUGE-Lsum (F1), scored the way Google's rouge_score package does it, so our figures can be set
// beside published ones: lowercase, every run of non-[a-z0-9] becomes a space, Porter-stem tokens longer than
// 3 characters; ROUGE-Lsum is the summary-level union-LCS over newline-separated sentences.
import { porterStem } from '../src/text/stem.js';

/** Precision, recall and F1, each in [0, 1]. */
export interface RougeScore {
  p: number;
  r: number;
  f: number;
}

const NON_ALNUM_RE = /[^a-z0-9]+/g;

/** rouge_score's tokenizer: lowercase alphanumeric tokens, stemmed when longer than 3 characters. */
export function rougeTokens(text: string): string[] {
  const out: string[] = [];
  for (const t of text.toLowerCase().replace(NON_ALNUM_RE, ' ').split(' ')) {
    if (t) out.push(t.length > 3 ? porterStem(t) : t);
  }
  return out;
}

function score(hits: number, candTotal: number, refTotal: number): RougeScore {
  const p = hits / Math.max(candTotal, 1);
  const r = hits / Math.max(refTotal, 1);
  return { p, r, f: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N between already tokenized texts. */
export function rougeNTokens(cand: readonly string[], ref: readonly string[], n: number): RougeScore {
  const c = ngramCounts(cand, n);
  const r = ngramCounts(ref, n);
  let hits = 0;
  for (const [gram, count] of c) hits += Math.min(count, r.get(gram) ?? 0);
  return score(hits, Math.max(cand.length - n + 1, 0), Math.max(ref.length - n + 1, 0));
}

/** ROUGE-N (n-gram overlap) of a candidate text against a reference text. */
export function rougeN(cand: string, ref: string, n: number): RougeScore {
  return rougeNTokens(rougeTokens(cand), rougeTokens(ref), n);
}

/** Indices (into `ref`) of one longest common subsequence, backtracked as rouge_score does. */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const rows = ref.length + 1;
  const cols = can.length + 1;
  const t = new Uint16Array(rows * cols);
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      t[i * cols + j] =
        ref[i - 1] === can[j - 1]
          ? (t[(i - 1) * cols + j - 1] as number) + 1
          : Math.max(t[(i - 1) * cols + j] as number, t[i * cols + j - 1] as number);
    }
  }
  const out: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if ((t[i * cols + j - 1] as number) > (t[(i - 1) * cols + j] as number)) j--;
    else i--;
  }
  return out;
}

/** Summary-level ROUGE-L between tokenized sentence lists (union LCS, each token counted at most once). */
export function rougeLsumTokens(cand: readonly string[][], ref: readonly string[][]): RougeScore {
  const m = ref.reduce((a, s) => a + s.length, 0);
  const n = cand.reduce((a, s) => a + s.length, 0);
  if (m === 0 || n === 0) return { p: 0, r: 0, f: 0 };
  const refLeft = new Map<string, number>();
  const candLeft = new Map<string, number>();
  for (const s of ref) for (const t of s) refLeft.set(t, (refLeft.get(t) ?? 0) + 1);
  for (const s of cand) for (const t of s) candLeft.set(t, (candLeft.get(t) ?? 0) + 1);
  let hits = 0;
  for (const r of ref) {
    const union = new Set<number>();
    for (const c of cand) for (const idx of lcsIndices(r, c)) union.add(idx);
    for (const idx of [...union].sort((a, b) => a - b)) {
      const tok = r[idx] as string;
      const cl = candLeft.get(tok) ?? 0;
      const rl = refLeft.get(tok) ?? 0;
      if (cl > 0 && rl > 0) {
        hits++;
        candLeft.set(tok, cl - 1);
        refLeft.set(tok, rl - 1);
      }
    }
  }
  return score(hits, n, m);
}

/** ROUGE-Lsum of candidate sentences against reference sentences (empty strings are dropped, like split lines). */
export function rougeLsum(candSents: string[], refSents: string[]): RougeScore {
  const tok = (sents: string[]): string[][] => sents.filter((s) => s.length > 0).map(rougeTokens);
  return rougeLsumTokens(tok(candSents), tok(refSents));
}
