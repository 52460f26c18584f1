// `npm run bench [-- summary ner clustering msrp speed]`: quality and speed benchmarks, printed as Markdown tables.
// Quality sections read ../shared/data at run time and say "skipped" when it is absent.
import { benchBriefStores } from './brief-stores.js';
import { benchClustering, benchMsrp } from './clustering.js';
import { benchDiscord } from './discord.js';
import { benchFanout } from './fanout.js';
import { benchFanoutInstances } from './fanout-instances.js';
import { benchFeedback } from './feedback.js';
import { benchFeeds } from './feeds.js';
import { benchFilters } from './filters.js';
import { benchFollow } from './follow.js';
import { benchClaims } from './ledger-claims.js';
import { benchIngestStores } from './ingest-stores.js';
import { benchLlm } from './llm.js';
import type { BenchSection } from './lib.js';
import { benchNer } from './ner.js';
import { benchPgSearch } from './pg-search.js';
import { benchSlack } from './slack.js';
import { benchSpeed } from './speed.js';
import { benchSummary } from './summary.js';

const SUITES: Record<string, () => Promise<BenchSection | BenchSection[]>> = {
  summary: benchSummary,
  ner: benchNer,
  clustering: benchClustering,
  msrp: benchMsrp,
  speed: () => benchSpeed(),
  discord: () => benchDiscord(),
  'discord-http': () => benchDiscord(undefined, undefined, 'http'),
  slack: () => benchSlack(),
  fanout: () => benchFanout(),
  follow: () => benchFollow(),
  llm: () => benchLlm(),
  feeds: () => benchFeeds(),
  'pg-search': () => benchPgSearch(),
  'brief-stores': () => benchBriefStores(),
  'fanout-instances': () => benchFanoutInstances(),
  claims: () => benchClaims(),
  'ingest-stores': () => benchIngestStores(),
  feedback: () => benchFeedback(),
  filters: () => benchFilters(),
};

function table(s: BenchSection): string {
  if (s.skipped) return `### ${s.title}\n\nskipped: ${s.skipped}\n`;
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    `### ${s.title}`,
    '',
    row(s.columns),
    row(s.columns.map(() => '---')),
    ...s.rows.map(row),
    ...(s.notes?.length ? ['', ...s.notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
}

/** Run only when named: msrp (the MSRP rows of clustering), pg-search (needs a PostgreSQL database). */
const ON_REQUEST = new Set(['msrp', 'pg-search']);

const wanted = process.argv.slice(2).filter((a) => a in SUITES);
const names = wanted.length > 0 ? wanted : Object.keys(SUITES).filter((n) => !ON_REQUEST.has(n));
process.stdout.write(`# newsbrief benchmarks (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${names.join(', ')})\n\n`);
for (const name of names) {
  const t0 = performance.now();
  try {
    const result = await (SUITES[name] as () => Promise<BenchSection | BenchSection[]>)();
    for (const s of Array.isArray(result) ? result : [result]) process.stdout.write(table(s) + '\n');
  } catch (err) {
    process.stdout.write(`### ${name}\n\nfailed: ${(err as Error).stack ?? String(err)}\n\n`);
    process.exitCode = 1;
  }
  process.stderr.write(`[bench] ${name} took ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
