// `npm run bench -- feeds`: parses every file of ../shared/data/rss-atom-feeds (58 real-world and edge-case feeds,
// read at run time, never copied) the way the poller does, and reports how many parse, how many are rejected with a
// reason (the 7 broken ones should be, except where we deliberately tolerate a quirk), crashes (target 0), agreement
// with rss-parser's expected outputs (item count, title, link, date), parse speed, and the speed of storing the
// parsed items through the ingest pipeline. Also times the rejection of an entity-expansion bomb.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { htmlToLine } from '../src/articles/html.js';
import { createApp } from '../src/app.js';
import { FileConfigSchema, type Config } from '../src/config/config.js';
import { FetchError } from '../src/feeds/fetch.js';
import { ingestItems } from '../src/feeds/items.js';
import { FeedParseError, parseFeedBody, parseFeedText, type ParsedFeed } from '../src/feeds/parse.js';
import { type BenchSection, dataFile, fmt, percentile } from './lib.js';

const DIR = 'rss-atom-feeds';
const NOW = new Date('2026-11-30T00:00:00Z');

interface ManifestRow {
  file: string;
  bytes: number;
  wellFormed: boolean;
  items: number | undefined;
}

function readManifest(file: string): ManifestRow[] {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const c = l.split(',');
    return { file: c[0] ?? '', bytes: Number(c[1]), wellFormed: c[4] === 'True', items: c[5] ? Number(c[5]) : undefined };
  });
}

interface Expected {
  feed: { items?: { title?: string; link?: string; isoDate?: string }[] };
}

const norm = (s: string | undefined) => (s === undefined ? '' : htmlToLine(s).replace(/\s+/g, ' ').trim());

export async function benchFeeds(): Promise<BenchSection[]> {
  const manifestFile = dataFile(path.join(DIR, 'manifest.csv'));
  const title = 'Feeds: parsing the 58 files of rss-atom-feeds';
  if (!manifestFile) return [{ title, columns: [], rows: [], skipped: `../shared/data/${DIR}/manifest.csv is absent` }];
  const root = path.dirname(manifestFile);
  const rows = readManifest(manifestFile);

  const perFile: (string | number)[][] = [];
  const times: number[] = [];
  let bytes = 0;
  let parsedCount = 0;
  let rejected = 0;
  let crashes = 0;
  let brokenRejected = 0;
  let goodRejected = 0;
  let brokenAccepted = 0;
  let countMatch = 0;
  let countChecked = 0;
  const agree = { files: 0, count: 0, title: [0, 0], link: [0, 0], date: [0, 0] };
  const feeds: { name: string; feed: ParsedFeed }[] = [];
  for (const row of rows) {
    const body = readFileSync(path.join(root, row.file));
    const url = `https://feeds.example/${row.file}`;
    bytes += body.length;
    const t0 = performance.now();
    let outcome: string;
    let feed: ParsedFeed | undefined;
    try {
      feed = parseFeedBody(body, undefined, url, NOW);
      parsedCount++;
      outcome = `${feed.format}, ${feed.items.length} items`;
      feeds.push({ name: row.file, feed });
      if (!row.wellFormed) brokenAccepted++;
      if (row.items !== undefined) {
        countChecked++;
        if (row.items === feed.items.length) countMatch++;
      }
    } catch (err) {
      if (err instanceof FeedParseError || err instanceof FetchError) {
        rejected++;
        outcome = `rejected: ${err.message}`;
        if (row.wellFormed) goodRejected++;
        else brokenRejected++;
      } else {
        crashes++;
        outcome = `CRASH: ${(err as Error).message}`;
      }
    }
    times.push(performance.now() - t0);

    // Agreement with rss-parser's expected output for this file.
    const base = path.basename(row.file).replace(/\.[^.]+$/, '');
    const expFile = row.file.startsWith('rss-parser/') ? dataFile(path.join(DIR, 'rss-parser', 'expected-output', `${base}.json`)) : null;
    if (expFile && feed) {
      const raw = readFileSync(expFile);
      const exp = JSON.parse(raw.toString(base === 'encoding' ? 'latin1' : 'utf8')) as Expected;
      const items = exp.feed.items ?? [];
      agree.files++;
      if (items.length === feed.items.length) agree.count++;
      items.forEach((e, i) => {
        const ours = feed?.items[i];
        if (e.title !== undefined) {
          agree.title[1]!++;
          if (norm(ours?.title) === norm(e.title)) agree.title[0]!++;
        }
        if (e.link) {
          agree.link[1]!++;
          let want: string | undefined;
          try {
            want = new URL(e.link.trim(), url).href;
          } catch {
            want = e.link;
          }
          if (ours?.link === want) agree.link[0]!++;
        }
        if (e.isoDate) {
          agree.date[1]!++;
          if (ours?.publishedAt === e.isoDate) agree.date[0]!++;
        }
      });
    }
    perFile.push([row.file, fmt(row.bytes / 1024, 1), row.wellFormed ? 'yes' : 'no', row.items ?? '—', outcome, fmt(times.at(-1) ?? 0, 1)]);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const totalMs = times.reduce((a, b) => a + b, 0);
  const pct = (a: number[]) => `${a[0]}/${a[1]} (${fmt((100 * (a[0] ?? 0)) / Math.max(1, a[1] ?? 0), 1)}%)`;

  const summary: BenchSection = {
    title,
    columns: ['what', 'figure'],
    rows: [
      ['files', rows.length],
      ['parsed', parsedCount],
      ['rejected with a reason', rejected],
      ['crashes (target 0)', crashes],
      ['broken files (manifest: not well-formed) rejected / accepted', `${brokenRejected} / ${brokenAccepted}`],
      ['well-formed files rejected (target 0)', goodRejected],
      ['item count = manifest count (well-formed files)', `${countMatch}/${countChecked}`],
      ['files with rss-parser expected output: same item count', `${agree.count}/${agree.files}`],
      ['items: same title as rss-parser', pct(agree.title)],
      ['items: same link as rss-parser (relative links resolved)', pct(agree.link)],
      ['items: same date as rss-parser (isoDate)', pct(agree.date)],
      ['parse time per file p50 / p99 / max (ms)', `${fmt(percentile(sorted, 50), 1)} / ${fmt(percentile(sorted, 99), 1)} / ${fmt(sorted.at(-1) ?? 0, 1)}`],
      ['parse throughput (decode + screen + validate + parse)', `${fmt(bytes / 1048576 / (totalMs / 1000), 1)} MB/s`],
    ],
    notes: [
      'Tolerated on purpose: whitespace before `<?xml` (3 itunes-* files; a common server bug that feed readers accept).',
      'Rejected on purpose: invalid UTF-8 without a declared encoding (uolNoticias), an unescaped `&` (saxerror), HTML pages.',
    ],
  };

  // Storing the parsed items through the pipeline (no page fetches), as a first poll of every feed would.
  const file = FileConfigSchema.parse({});
  const config: Config = { dbPath: ':memory:', configFile: 'bench', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent' };
  const app = createApp({ config, dbPath: ':memory:' });
  const noFetch = { fetch: () => Promise.reject(new FetchError('network', 'no network in the benchmark')) };
  let stored = 0;
  let itemCount = 0;
  let dupes = 0;
  const reasons = new Map<string, number>();
  const t0 = performance.now();
  for (const [i, f] of feeds.entries()) {
    const { feed } = await app.store.feeds.addFeed({ workspaceId: 'bench', url: `https://feeds.example/${i}`, topics: [], intervalMinutes: 15, fetchPages: false, nextPollAt: NOW.toISOString() }, NOW.toISOString());
    const r = await ingestItems({ store: app.store, pipeline: app.pipeline, fetcher: noFetch }, feed, f.feed, { now: NOW, maxItems: 10_000 });
    stored += r.added;
    itemCount += r.fresh;
    dupes += r.duplicates;
    for (const x of r.rejected) {
      const key = x.reason.replace(/\d+/g, 'N');
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  const ingestMs = performance.now() - t0;
  await app.close();

  // An entity-expansion bomb: rejected before any parsing.
  const ents = ['<!ENTITY a "aaaaaaaaaa">'];
  for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY a${i} "${`&a${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  const bomb = `<?xml version="1.0"?><!DOCTYPE rss [${ents.join('')}]><rss version="2.0"><channel><title>&a9;</title></channel></rss>`;
  const b0 = performance.now();
  let bombResult = 'accepted (!)';
  try {
    parseFeedText(bomb, 'https://feeds.example/bomb', NOW);
  } catch (err) {
    bombResult = (err as Error).message;
  }
  const bombMs = performance.now() - b0;

  const ingest: BenchSection = {
    title: 'Feeds: storing the parsed items through the ingest pipeline (one process, no page fetches)',
    columns: ['what', 'figure'],
    rows: [
      ['new items: stored / exact duplicates of a stored article / rejected', `${stored} / ${dupes} / ${itemCount - stored - dupes}`],
      ['rejection reasons', [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, n]) => `${k} (${n})`).join('; ') || '—'],
      ['throughput', `${fmt(itemCount / (ingestMs / 1000), 0)} items/s`],
      ['billion-laughs document', `${bombResult} in ${fmt(bombMs, 2)} ms`],
    ],
  };
  const detail: BenchSection = { title: 'Feeds: per file', columns: ['file', 'KB', 'well-formed', 'items (manifest)', 'outcome', 'ms'], rows: perFile };
  return [summary, ingest, detail];
}
