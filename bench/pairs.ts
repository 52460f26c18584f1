// What the clustering benches share (clustering.ts, events.ts): reading the CSV data files and scoring predicted
// clusters against true labels pair by pair.

/** Parses CSV with double-quoted fields ("" escapes a quote); returns rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Pairwise precision/recall of predicted clusters against true labels (pairs in the same cluster). */
export function pairScores(predicted: number[], truth: string[]): { precision: number; recall: number; f1: number } {
  const choose2 = (n: number): number => (n * (n - 1)) / 2;
  const joint = new Map<string, number>();
  const pSize = new Map<number, number>();
  const tSize = new Map<string, number>();
  predicted.forEach((p, i) => {
    const t = truth[i] as string;
    joint.set(`${p}\u0000${t}`, (joint.get(`${p}\u0000${t}`) ?? 0) + 1);
    pSize.set(p, (pSize.get(p) ?? 0) + 1);
    tSize.set(t, (tSize.get(t) ?? 0) + 1);
  });
  let tp = 0;
  let predPairs = 0;
  let truePairs = 0;
  for (const n of joint.values()) tp += choose2(n);
  for (const n of pSize.values()) predPairs += choose2(n);
  for (const n of tSize.values()) truePairs += choose2(n);
  const precision = predPairs === 0 ? 1 : tp / predPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
