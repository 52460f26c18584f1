// Clustering benchmark: how well fingerprints + StoryIndex group articles into stories, and how fast.
// Rows: UCI News Aggregator headlines (title only, 87 labelled stories), synthetic rewrites of BBC articles (bodies:
// copies with boilerplate, light rewrites, truncated copies) and MSRP sentence pairs (sameStory as a pair classifier).
// Data is read from ../shared/data at run time; a missing file leaves its row out, or skips the section.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dataFile, fmt, rng, shuffle } from './lib.js';
import type { BenchSection } from './lib.js';
import { fingerprint } from '../src/stories/fingerprint.js';
import type { Fingerprint } from '../src/stories/fingerprint.js';
import { bodySimilarity, sameStory } from '../src/stories/similarity.js';
import { StoryIndex } from '../src/stories/cluster.js';

const COLUMNS = ['data', 'items', 'precision', 'recall', 'F1', 'accuracy', 'clusters (truth)', 'ms/item'];

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

const UCI_SEEDS = [42, 7, 1];

/** UCI headlines: cluster shuffled titles with empty bodies; the row averages three shuffles (order matters). */
function uciRow(file: string): { row: (string | number)[]; notes: string[] } {
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const header = rows.shift() ?? [];
  const ti = header.indexOf('TITLE');
  const si = header.indexOf('STORY');
  const base = rows.filter((r) => r.length === header.length).map((r) => ({ title: r[ti] as string, story: r[si] as string }));
  const truth = new Set(base.map((it) => it.story)).size;
  const runs = UCI_SEEDS.map((seed) => {
    const items = shuffle([...base], seed);
    const index = new StoryIndex();
    const predicted: number[] = [];
    const t0 = performance.now();
    items.forEach((it, i) => predicted.push(index.add(i + 1, fingerprint({ title: it.title, body: '' }))));
    const ms = performance.now() - t0;
    return { seed, ms, clusters: index.clusters().size, ...pairScores(predicted, items.map((it) => it.story)) };
  });
  const mean = (f: (r: (typeof runs)[number]) => number): number => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  return {
    row: ['UCI headlines (title only)', base.length, fmt(mean((r) => r.precision), 3), fmt(mean((r) => r.recall), 3),
      fmt(mean((r) => r.f1), 3), 'n/a', `${Math.round(mean((r) => r.clusters))} (${truth})`,
      fmt(mean((r) => r.ms) / base.length, 4)],
    notes: [
      `UCI: ${base.length} headlines, bodies empty (title keys and title similarity only); mean of shuffles with seeds ` +
        `${UCI_SEEDS.join(', ')}: ` +
        runs.map((r) => `seed ${r.seed} P ${fmt(r.precision, 3)} R ${fmt(r.recall, 3)} F1 ${fmt(r.f1, 3)}`).join('; ') +
        '. Many "false" merges join UCI stories that split one event (e.g. one game\'s reviews vs its sales).',
    ],
  };
}

interface BbcRecord {
  title: string;
  text: string;
}

const LEDES = [
  'Here is what we know so far about the developments reported on Monday.',
  'The following report has been updated with more detail from officials.',
  'Readers have been following this story closely over the past few days.',
];
const FOOTERS = ['Discuss This Article', 'Other reports by Staff Writer', 'Share this story on social media'];

/** A deterministic variant of an article: kind 0 copy + boilerplate, 1 light rewrite, 2 first half only. */
function variant(a: BbcRecord, kind: number, r: () => number): BbcRecord {
  const paras = a.text.split('\n\n');
  const footer = FOOTERS[Math.floor(r() * FOOTERS.length)] as string;
  if (kind === 0) return { title: a.title, text: `${a.title}\n\n${a.text}\n\n${footer}` };
  if (kind === 2) return { title: a.title, text: paras.slice(0, Math.max(1, Math.ceil(paras.length / 2))).join('\n\n') };
  // Light rewrite: new lede, two paragraphs swapped, ~1 word in 25 dropped, a title word dropped and a prefix added.
  const body = paras.slice(1);
  if (body.length > 2) {
    const i = Math.floor(r() * body.length);
    const j = Math.floor(r() * body.length);
    [body[i], body[j]] = [body[j] as string, body[i] as string];
  }
  const thinned = body.map((p) => p.split(' ').filter(() => r() > 0.04).join(' '));
  const tw = a.title.split(' ');
  if (tw.length > 3) tw.splice(Math.floor(r() * tw.length), 1);
  const lede = LEDES[Math.floor(r() * LEDES.length)] as string;
  return { title: `Update: ${tw.join(' ')}`, text: [lede, ...thinned, footer].join('\n\n') };
}

/** BBC bodies: each distinct article plus one synthetic variant; truth = the pair (exact duplicates merged). */
function bbcRow(file: string): { row: (string | number)[]; notes: string[] } {
  const seen = new Map<string, number>();
  const originals: BbcRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const rec = JSON.parse(line) as BbcRecord;
    const k = `${rec.title}\u0000${rec.text}`;
    if (seen.has(k)) continue;
    seen.set(k, originals.length);
    originals.push(rec);
  }
  const r = rng(7);
  const items: { rec: BbcRecord; truth: string; kind: number }[] = [];
  originals.forEach((o, i) => {
    items.push({ rec: o, truth: String(i), kind: -1 });
    items.push({ rec: variant(o, i % 3, r), truth: String(i), kind: i % 3 });
  });
  shuffle(items, 42);
  const bytes = items.reduce((n, it) => n + Buffer.byteLength(it.rec.title) + Buffer.byteLength(it.rec.text), 0);
  // Fingerprints first (wall and CPU time: CPU time is steadier on a shared machine), then the index.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const fps = items.map((it) => fingerprint({ title: it.rec.title, body: it.rec.text }));
  const fpMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const fpCpuMs = (cpu.user + cpu.system) / 1000;
  const index = new StoryIndex();
  const t1 = performance.now();
  const predicted = fps.map((fp, i) => index.add(i + 1, fp));
  const ms = fpMs + performance.now() - t1;
  const s = pairScores(predicted, items.map((it) => it.truth));
  // Recall per variant kind: did the variant land in its original's story?
  const storyOfTruth = new Map<string, number[]>();
  items.forEach((it, i) => storyOfTruth.set(it.truth, [...(storyOfTruth.get(it.truth) ?? []), predicted[i] as number]));
  const joined = [0, 0, 0];
  const total = [0, 0, 0];
  for (const it of items) {
    if (it.kind < 0) continue;
    total[it.kind] = (total[it.kind] ?? 0) + 1;
    const [p, q] = storyOfTruth.get(it.truth) ?? [];
    if (p === q) joined[it.kind] = (joined[it.kind] ?? 0) + 1;
  }
  // Distinct originals that ended up in one story, and how many of those share most of their text in the data itself.
  const origFp = new Map<string, Fingerprint>();
  items.forEach((it, i) => {
    if (it.kind < 0) origFp.set(it.truth, fps[i] as Fingerprint);
  });
  const members = new Map<number, Set<string>>();
  predicted.forEach((p, i) => members.set(p, (members.get(p) ?? new Set<string>()).add((items[i] as { truth: string }).truth)));
  let merged = 0;
  let nearCopies = 0;
  for (const set of members.values()) {
    const ids = [...set];
    for (let x = 0; x < ids.length; x++) {
      for (let y = x + 1; y < ids.length; y++) {
        merged++;
        if (bodySimilarity(origFp.get(ids[x] as string) as Fingerprint, origFp.get(ids[y] as string) as Fingerprint) >= 0.5) nearCopies++;
      }
    }
  }
  const kb = bytes / 1024 / items.length;
  return {
    row: ['BBC + synthetic rewrites (bodies)', items.length, fmt(s.precision, 3), fmt(s.recall, 3), fmt(s.f1, 3), 'n/a',
      `${index.clusters().size} (${originals.length})`, fmt(ms / items.length, 4)],
    notes: [
      `BBC variants joined: copy+boilerplate ${joined[0]}/${total[0]}, light rewrite ${joined[1]}/${total[1]}, ` +
        `first half ${joined[2]}/${total[2]}. ${merged} pairs of distinct BBC originals were merged; ${nearCopies} of them ` +
        'share ≥ 50% of their text (BBC re-publications the truth here counts as different), so precision is a lower bound.',
      `Fingerprint cost per 4 KB of text: ${fmt((fpMs / items.length) * (4 / kb), 4)} ms wall, ` +
        `${fmt((fpCpuMs / items.length) * (4 / kb), 4)} ms CPU (avg item ${fmt(kb, 1)} KB; budget 0.25 ms); ` +
        `fingerprint + index ${fmt(ms / items.length, 4)} ms per article.`,
    ],
  };
}

/** MSRP: sameStory on sentence pairs, each sentence fingerprinted as a title with no body. */
function msrpRow(file: string): (string | number)[] {
  const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(1);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const t0 = performance.now();
  for (const line of lines) {
    const f = line.split('\t');
    if (f.length < 5) continue;
    const gold = f[0] === '1';
    const pred = sameStory(fingerprint({ title: f[3] as string, body: '' }), fingerprint({ title: f[4] as string, body: '' }));
    if (pred && gold) tp++;
    else if (pred) fp++;
    else if (gold) fn++;
    else tn++;
  }
  const n = tp + fp + fn + tn;
  const ms = performance.now() - t0;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = (2 * precision * recall) / (precision + recall);
  return ['MSRP sentence pairs (sameStory)', n, fmt(precision, 3), fmt(recall, 3), fmt(f1, 3), fmt((tp + tn) / n, 3), 'n/a',
    fmt(ms / n, 4)];
}

/** Runs the clustering benchmark on whichever evaluation files are present. */
export async function benchClustering(): Promise<BenchSection> {
  const title = 'Story clustering (near-duplicates)';
  const uci = dataFile('uci-news-aggregator-stories/uci_news_aggregator_first6366.csv');
  const bbc = dataFile('bbc-news-topic/bbc_news.jsonl');
  const msrp = dataFile('msrp-news-paraphrase/msr_paraphrase_test.txt');
  if (!uci && !bbc && !msrp) return { title, columns: COLUMNS, rows: [], skipped: 'no clustering data under ../shared/data' };
  const rows: (string | number)[][] = [];
  const notes: string[] = [
    'Pairwise precision/recall: pairs of items in the same predicted story vs the same true story. Thresholds were tuned ' +
      'on these same data sets (no held-out split), aiming at high precision over recall.',
  ];
  if (uci) {
    const u = uciRow(uci);
    rows.push(u.row);
    notes.push(...u.notes);
  } else notes.push('UCI headlines: data file absent, row skipped.');
  if (bbc) {
    const b = bbcRow(bbc);
    rows.push(b.row);
    notes.push(...b.notes);
  } else notes.push('BBC: data file absent, row skipped.');
  if (msrp) {
    rows.push(msrpRow(msrp));
    notes.push('MSRP: 1,725 test pairs; each sentence is fingerprinted as a title (body empty); ms/item is per pair.');
  } else notes.push('MSRP: data file absent, row skipped.');
  return { title, columns: COLUMNS, rows, notes };
}
