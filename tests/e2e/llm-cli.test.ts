// The `newsbrief` CLI with the LLM configured from the environment (OPENAI_BASE_URL -> the fake OpenAI server), run
// in-process: ingest never calls the LLM, `brief --llm off` stays offline for one call, `brief` uses the LLM, and
// `stats` shows tokens used today and the fallback count.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../adapters/terminal/cli.js';
import { errorAnswer, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';

let fake: FakeOpenAI;
let dir: string;
let db: string;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([...args, '--db', db], { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false, readStdin: () => '' });
  return { code, out, err };
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-llm-cli-'));
  db = path.join(dir, 'cli.db');
  vi.stubEnv('OPENAI_BASE_URL', fake.baseURL);
  vi.stubEnv('NEWSBRIEF_LLM_MODEL', 'fake-model');
  vi.stubEnv('NEWSBRIEF_LLM_DAILY_TOKENS', '50000');
  vi.stubEnv('OPENAI_API_KEY', '');
  vi.stubEnv('NEWSBRIEF_LLM', '');
  vi.stubEnv('LOG_LEVEL', 'silent');
  const now = Date.now();
  const records = [
    { title: 'Harbour cranes idle as dock strike enters second week', body: 'Dock workers at the main harbour extended their strike over pay. Container ships queued outside the port and cargo was diverted to smaller terminals. Union leaders said talks would resume on Monday.', source: 'Harbor Times' },
    { title: 'Harbour ferry adds night sailings for the summer', body: 'The harbour ferry will run every hour until midnight from June, the city transport office said. Tickets bought on the app will cost the same as day fares. A second boat joins the route in July.', source: 'Port Courier' },
  ].map((r, i) => JSON.stringify({ ...r, url: `https://example.com/harbour/${i}`, publishedAt: new Date(now - (i + 1) * 3_600_000).toISOString() }));
  writeFileSync(path.join(dir, 'harbour.jsonl'), records.join('\n'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('newsbrief CLI with the LLM configured', () => {
  it('ingests without calling the LLM', async () => {
    const r = await cli(['ingest', path.join(dir, 'harbour.jsonl')]);
    expect(r.out).toMatch(/2 added/);
    expect(fake.requests).toHaveLength(0);
  });

  it('brief --llm off prints the offline briefing and calls nothing', async () => {
    const r = await cli(['brief', 'harbour', '--since', '7d', '--llm', 'off']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Harbour cranes idle');
    expect(r.out).not.toContain('(LLM)');
    expect(fake.requests).toHaveLength(0);
  });

  it('brief uses the LLM summaries and overview, and stats shows the tokens and fallbacks of today', async () => {
    const r = await cli(['brief', 'harbour', '--since', '7d']);
    expect(r.out).toContain('In short: Harbour cranes idle as dock strike enters second week (LLM).');
    expect(r.out).toMatch(/LLM overview: the lead story is covered in \[1\]\. Related developments follow \[2\]\./);
    expect(fake.requests).toHaveLength(3);
    const stats = await cli(['stats']);
    expect(stats.out).toMatch(/^LLM: [1-9][\d,]* tokens used today of 50,000 · 0 fallbacks$/m);
  });

  it('counts a fallback across processes and still prints a normal briefing', async () => {
    const file = path.join(dir, 'lighthouse.jsonl');
    writeFileSync(file, JSON.stringify({ title: 'Lighthouse keeper retires after forty years', body: 'The last keeper of the island lighthouse retired on Friday. The light has been automatic for years, but he stayed to look after the building. A museum will open there next summer.', source: 'Coast Weekly', url: 'https://example.com/lighthouse', publishedAt: new Date(Date.now() - 3_600_000).toISOString() }));
    await cli(['ingest', file]);
    fake.respondWith(() => errorAnswer(400, 'model_not_found'));
    const r = await cli(['brief', 'lighthouse', '--since', '7d', '--format', 'json']);
    expect(r.code).toBe(0);
    const b = JSON.parse(r.out) as { stories: { summary: string }[]; overview?: string };
    expect(b.stories).toHaveLength(1);
    expect(b.stories[0]?.summary).toMatch(/^The last keeper/);
    expect(b.overview).toBeUndefined();
    const stats = await cli(['stats']);
    expect(stats.out).toMatch(/^LLM: [\d,]+ tokens used today of 50,000 · 1 fallback$/m);
  });
});
