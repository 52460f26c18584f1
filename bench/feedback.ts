// Feedback ranking: a simulated week of 👍/👎 votes preferring one outlet, cast through the same function the chat
// buttons call (castVote), then the same /brief queries in the same run. Reports where that outlet's stories rank
// before and after, and, in a second workspace given N - 1 votes against the stories of each first page, how many
// stories left their first page (the guarantee: none). Also /brief CPU time with and without feedback.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { castVote } from '../commands/feedback.js';
import { runCommand } from '../commands/run.js';
import type { CommandContext } from '../commands/types.js';
import { createApp, type App } from '../src/app.js';
import { FEEDBACK } from '../src/briefing/feedback.js';
import { loadConfig } from '../src/config/config.js';
import type { Briefing, Story } from '../src/types.js';
import { generateCorpus } from './corpus.js';
import { type BenchSection, fmt, percentile } from './lib.js';

const QUERIES = ['korea', 'china', 'economy', 'technology', 'climate', 'missile launch', 'interest rates', 'chip subsidies'];
const NOW = new Date('2026-12-01T00:00:00Z');
const DAY = 86_400_000;
const LIMIT = 10;
const PAGE = 5;

const ctx = (workspaceId: string, now = NOW, page?: { offset: number; size: number }): CommandContext =>
  ({ platform: 'cli', workspaceId, channelId: `${workspaceId}:c`, userId: 'bench', isAdmin: true, now, ...(page ? { page } : {}) });

async function brief(app: App, workspaceId: string, q: string, now = NOW, page?: { offset: number; size: number }): Promise<Story[]> {
  const r = await runCommand(app, ctx(workspaceId, now, page), 'brief', undefined, { topic: q, since: '30d', limit: page?.size ?? LIMIT });
  return r.kind === 'briefing' ? (r as { briefing: Briefing }).briefing.stories : [];
}

const leads = (s: Story, outlet: string) => s.sources[0]?.name === outlet;

/** 1-based positions of the outlet's stories in each query's top LIMIT, by "query|story id". */
async function positions(app: App, ws: string, outlet: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const q of QUERIES) (await brief(app, ws, q)).forEach((s, i) => leads(s, outlet) && out.set(`${q}|${s.id}`, i + 1));
  return out;
}

/** Of the stories in both lists: how many moved up and down. */
function moves(a: Map<string, number>, b: Map<string, number>): string {
  let up = 0;
  let down = 0;
  for (const [k, p] of a) {
    const q = b.get(k);
    if (q !== undefined && q < p) up++;
    if (q !== undefined && q > p) down++;
  }
  return `${up} up, ${down} down`;
}

const mean = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0) / Math.max(1, m.size);

export async function benchFeedback(articles = Number(process.env.BENCH_FEEDBACK_ARTICLES ?? 3000)): Promise<BenchSection> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-bench-feedback-'));
  const dbPath = path.join(dir, 'bench.db');
  const app = createApp({ config: loadConfig({ NEWSBRIEF_DB: dbPath }), dbPath, now: () => NOW, llm: false });
  try {
    const corpus = generateCorpus(articles);
    await app.pipeline.ingestContent(corpus.map((a) => JSON.stringify(a)).join('\n'), 'bench.jsonl');
    const outlet = 'Valley Herald';

    // A week of votes in workspace A: each day ten members read every query's briefing, 👍 the preferred outlet's
    // stories and 👎 the top story of any other outlet.
    const before = await positions(app, 'bench:A', outlet);
    let up = 0;
    let down = 0;
    for (let d = 7; d >= 1; d--) {
      const day = new Date(NOW.getTime() - d * DAY);
      for (const q of QUERIES) {
        const shown = await brief(app, 'bench:A', q, day);
        for (let m = 0; m < 10; m++) {
          const userId = `bench:u${m}`;
          for (const s of shown.filter((x) => leads(x, outlet)).slice(0, 2)) {
            await castVote(app, { workspaceId: 'bench:A', userId, storyId: s.id, vote: 1, now: day });
            up++;
          }
          const other = shown.find((x) => !leads(x, outlet));
          if (other && m % 2 === 0) {
            await castVote(app, { workspaceId: 'bench:A', userId, storyId: other.id, vote: -1, now: day });
            down++;
          }
        }
      }
    }
    const stored = (await app.store.tuning.listVotes('bench:A', new Date(0).toISOString())).length;
    const after = await positions(app, 'bench:A', outlet);
    const untouched = await positions(app, 'bench:B', outlet);

    // Workspaces C (one per query): N - 1 votes in all, 👎 on first-page stories and 👍 on second-page ones, the
    // hardest push across the page edge. No story may leave its page.
    let dropped = 0;
    let firstPage = 0;
    for (const q of QUERIES) {
      const base = (await brief(app, 'bench:C0', q, NOW, { offset: 0, size: PAGE })).slice(0, PAGE);
      const next = (await brief(app, 'bench:C0', q, NOW, { offset: PAGE, size: PAGE })).slice(PAGE, 2 * PAGE);
      const ws = `bench:C:${q}`;
      for (let m = 0; m < FEEDBACK.minVotes - 1; m++) {
        const target = m % 2 === 0 ? base[m] : next[m];
        if (target) await castVote(app, { workspaceId: ws, userId: `bench:c${m}`, storyId: target.id, vote: m % 2 === 0 ? -1 : 1, now: NOW });
      }
      const withVotes = new Set((await brief(app, ws, q, NOW, { offset: 0, size: PAGE })).slice(0, PAGE).map((s) => s.id));
      firstPage += base.length;
      dropped += base.filter((s) => !withVotes.has(s.id)).length;
    }

    // /brief cost with and without the week of feedback (CPU time per call, alternating).
    const cpu: Record<'with' | 'without', number[]> = { with: [], without: [] };
    const rounds = Number(process.env.BENCH_FEEDBACK_ROUNDS ?? 5);
    for (let r = 0; r < rounds; r++) {
      for (const [label, ws] of [['without', 'bench:B'], ['with', 'bench:A']] as const) {
        for (const q of QUERIES) {
          const c0 = process.cpuUsage();
          await brief(app, ws, q);
          const c = process.cpuUsage(c0);
          cpu[label].push((c.user + c.system) / 1000);
        }
      }
    }
    const p = (xs: number[], q: number) => fmt(percentile([...xs].sort((a, b) => a - b), q), 1);
    const inTop = (m: Map<string, number>) => m.size;
    return {
      title: `Feedback ranking: a simulated week of votes preferring one outlet (${articles.toLocaleString('en-US')} generated articles, ${QUERIES.length} queries, top ${LIMIT})`,
      columns: ['measure', 'before the votes', 'after the week', 'another workspace'],
      rows: [
        [`"${outlet}" stories in the top ${LIMIT} (all queries)`, inTop(before), inTop(after), inTop(untouched)],
        [`their mean position (1 = first)`, fmt(mean(before), 2), fmt(mean(after), 2), fmt(mean(untouched), 2)],
        ['of those in the top both times: moved', '—', moves(before, after), moves(before, untouched)],
        ['votes cast (👍 / 👎), stored (one per member and story)', '—', `${up} / ${down}, ${stored} stored`, '0'],
        [`first-page stories (${PAGE} a page) that left it under ${FEEDBACK.minVotes - 1} votes (< N = ${FEEDBACK.minVotes}): 👎 on page 1, 👍 on page 2`, '—', `${dropped} of ${firstPage}`, '—'],
        [`/brief CPU ms per call, p50 / p95 (${cpu.with.length} calls each, alternated)`, `${p(cpu.without, 50)} / ${p(cpu.without, 95)} (no votes)`, `${p(cpu.with, 50)} / ${p(cpu.with, 95)} (${stored} votes)`, '—'],
      ],
      notes: [
        `Votes go through castVote (what the 👍/👎 buttons call), one simulated day apart on the injected clock; half-life ${FEEDBACK.halfLifeMs / DAY} days, bound ±${FEEDBACK.bound} on a 0..1 score, N = ${FEEDBACK.minVotes}.`,
        '"Another workspace" runs the same queries at the same time with no votes: feedback never leaves its workspace.',
      ],
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
