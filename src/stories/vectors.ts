// Sparse term vectors and the arithmetic the story assigner does on them: norms, dot products, cosine, the heaviest
// terms, and an article's vector laid out once for scoring against many centroids.

/** Sparse unit vector. */
export type Vec = Map<string, number>;

function norm(v: Vec): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}

/** Walks the smaller map's keys (no [term, weight] entry allocated per term: the hot path of every article). */
function dot(a: Vec, b: Vec): number {
  const small = a.size <= b.size ? a : b;
  const big = small === a ? b : a;
  let s = 0;
  for (const t of small.keys()) {
    const y = big.get(t);
    if (y !== undefined) s += (small.get(t) as number) * y;
  }
  return s;
}

/** Cosine of two sparse vectors (0 when either is empty). */
export function cosine(a: Vec, b: Vec): number {
  const n = norm(a) * norm(b);
  return n === 0 ? 0 : dot(a, b) / n;
}

/**
 * An article's vector laid out once for scoring against many centroids: its terms and weights in the map's order (so
 * sums come out exactly as a walk of the map gives them) and its norm.
 */
export interface Probe {
  vec: Vec;
  terms: string[];
  weights: number[];
  norm: number;
}

export function probe(vec: Vec): Probe {
  const terms: string[] = [];
  const weights: number[] = [];
  vec.forEach((w, t) => {
    terms.push(t);
    weights.push(w);
  });
  return { vec, terms, weights, norm: norm(vec) };
}

/**
 * Norms of centroid term maps, which are never changed once made (record() builds a new map): a centroid stays in the
 * store's cache while many articles are scored against it.
 */
const centroidNorms = new WeakMap<Vec, number>();

export function centroidNorm(terms: Vec): number {
  let n = centroidNorms.get(terms);
  if (n === undefined) {
    n = norm(terms);
    centroidNorms.set(terms, n);
  }
  return n;
}

/** The `k` heaviest entries (ties: term order, so the cut is deterministic). */
export function top(v: Vec, k: number): [string, number][] {
  return [...v].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).slice(0, k);
}
