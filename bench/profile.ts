// Ingest profile: CPU time (process.cpuUsage) per stage of the ingest path, in one thread, over articles [from, to)
// of the generated corpus added to a database. `node dist/bench/profile.js DB FROM TO` prints a Markdown table.
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import { GROUP_ARTICLES } from '../src/ingest/files.js';
import { createPipeline } from '../src/ingest/pipeline.js';
import { createPreparer, parseAndPrepare, type StageTimer } from '../src/ingest/prepare.js';
import type { StorePorts, Transactor } from '../src/store/ports.js';
import { corpusStream, type GeneratedArticle } from './corpus.js';

const cpuNow = (): number => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

/** Self CPU time (µs) per stage: a nested stage's time is taken out of the stage around it. */
class Stages {
  readonly self = new Map<string, number>();
  readonly calls = new Map<string, number>();
  private readonly stack: { stage: string; child: number }[] = [];

  private enter(stage: string): { stage: string; child: number; t0: number } {
    const frame = { stage, child: 0 };
    this.stack.push(frame);
    return { ...frame, t0: cpuNow() };
  }
  private leave(stage: string, t0: number): void {
    const spent = cpuNow() - t0;
    const frame = this.stack.pop() as { stage: string; child: number };
    this.self.set(stage, (this.self.get(stage) ?? 0) + spent - frame.child);
    this.calls.set(stage, (this.calls.get(stage) ?? 0) + 1);
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.child += spent;
  }
  readonly time: StageTimer = (stage, fn) => {
    const { t0 } = this.enter(stage);
    try {
      return fn();
    } finally {
      this.leave(stage, t0);
    }
  };
  async timeAsync<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const { t0 } = this.enter(stage);
    try {
      return await fn();
    } finally {
      this.leave(stage, t0);
    }
  }
}

/** Every method of `port` timed as `prefix.method`. */
function timedPort<P extends object>(port: P, prefix: string, s: Stages): P {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(port)) {
    out[k] = typeof v === 'function' ? (...a: unknown[]) => s.timeAsync(`${prefix}.${k}`, () => Promise.resolve((v as (...x: unknown[]) => unknown).apply(port, a))) : v;
  }
  return out as P;
}

function timedPorts(tx: StorePorts & Transactor, s: Stages): StorePorts & Transactor {
  return {
    ...tx,
    articles: timedPort(tx.articles, 'articles', s),
    stories: { ...timedPort(tx.stories, 'stories', s), state: timedPort(tx.stories.state, 'state', s) },
    transaction: (fn) => tx.transaction((inner) => fn(timedPorts(inner, s))),
  };
}

/**
 * Profiles articles [from, to) in files of `chunk` articles, each committed in one transaction. The default is the
 * group `newsbrief ingest` commits at once on a folder of small files (GROUP_ARTICLES): the commit's page writes
 * shrink per article as the transaction grows (at 20,000 articles 0.69 CPU ms an article in transactions of 100,
 * 0.13 in transactions of 1,000), so a smaller chunk overstates what the CLI and the speed bench pay.
 */
export async function profileIngest(db: string, from: number, to: number, chunk = GROUP_ARTICLES): Promise<{ articles: number; cpuMs: number; rows: [string, number, number][] }> {
  const app = createApp({ dbPath: db });
  const s = new Stages();
  const store = {
    articles: app.store.articles,
    transaction: <T>(fn: (tx: StorePorts & Transactor) => Promise<T>): Promise<T> =>
      // What the transaction costs beyond its body: BEGIN, the held story-state writes, COMMIT (FTS5 segment writes).
      s.timeAsync('store: BEGIN / held writes / COMMIT', () =>
        app.store.transaction((tx) => s.timeAsync('commit: terms, near-copy test, assigner arithmetic', () => fn(timedPorts(tx, s))))),
  };
  const pipeline = createPipeline(store, { topics: app.config.topics, now: app.now });
  const prepare = createPreparer(app.config.topics, s.time);
  const stream = corpusStream(to);
  for (let i = 0; i < from; i++) stream.next();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-profile-'));
  const cpu0 = cpuNow();
  try {
    for (let i = from; i < to; i += chunk) {
      const lines: string[] = [];
      for (let k = i; k < Math.min(to, i + chunk); k++) lines.push(JSON.stringify(stream.next().value as GeneratedArticle));
      const file = path.join(dir, 'chunk.jsonl');
      writeFileSync(file, lines.join('\n'));
      const content = s.time('read file', () => readFileSync(file, 'utf8'));
      const { prepared } = parseAndPrepare(prepare, content, file, app.now().toISOString(), s.time);
      await s.timeAsync('commit: batch', () => pipeline.commitPrepared(prepared));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const total = cpuNow() - cpu0;
  await app.close();
  const n = to - from;
  const timed = [...s.self.values()].reduce((a, b) => a + b, 0);
  const rows: [string, number, number][] = [...s.self].map(([k, us]) => [k, us / 1000 / n, s.calls.get(k) as number / n]);
  rows.push(['(untimed: corpus generation, JSON writing, timer overhead)', (total - timed) / 1000 / n, 0]);
  rows.sort((a, b) => b[1] - a[1]);
  return { articles: n, cpuMs: total / 1000 / n, rows };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [db, a, b] = process.argv.slice(2);
  if (!db) throw new Error('usage: node dist/bench/profile.js DB FROM TO');
  const r = await profileIngest(db, Number(a), Number(b), Number(process.env.PROFILE_CHUNK ?? GROUP_ARTICLES));
  process.stdout.write(`articles ${a}..${b}: ${r.cpuMs.toFixed(3)} CPU ms per article, load ${os.loadavg()[0]?.toFixed(1)}\n\n| stage | CPU ms/article | calls/article |\n| --- | --- | --- |\n`);
  for (const [k, ms, calls] of r.rows) process.stdout.write(`| ${k} | ${ms.toFixed(3)} | ${calls.toFixed(2)} |\n`);
}
