// End to end: `newsbrief digest --language` and `newsbrief feedback reset` through the real CLI process
// (bin/newsbrief.js over the compiled dist/) on a temporary database, offline and with the LLM pointed at the fake
// OpenAI server (the process is spawned asynchronously so the fake, in this process, can answer it).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { defaultAnswer, startFakeOpenAI, type FakeOpenAI, type RecordedCompletion } from '../fakes/openai.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');
let dir: string;
let db: string;
let openai: FakeOpenAI;

/** Runs the CLI; `llm` points it at the fake OpenAI server. */
function cli(args: string[], o: { input?: string; llm?: boolean } = {}): Promise<{ code: number | null; out: string; err: string }> {
  const llm = o.llm ? { OPENAI_BASE_URL: openai.baseURL, NEWSBRIEF_LLM_MODEL: 'fake-model' } : { OPENAI_BASE_URL: '' };
  const child = spawn(process.execPath, [bin, ...args, '--db', db], {
    cwd: root, env: { ...process.env, NEWSBRIEF_DB: '', OPENAI_API_KEY: '', NEWSBRIEF_LLM: '', LOG_LEVEL: 'silent', ...llm },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => void (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => void (err += s));
  child.stdin.end(o.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

/** The fake writes Korean when asked for it: "한국어 요약: <title>". */
function korean(r: RecordedCompletion) {
  if (!/language code "ko"/.test(r.body.messages?.[0]?.content ?? '')) return defaultAnswer(r);
  if (r.schemaName === 'story_summary') return { content: JSON.stringify({ summary: `한국어 요약: ${/^Title: (.*)$/m.exec(r.userText)?.[1] ?? ''}` }) };
  return { content: JSON.stringify({ overview: '한국어 개요 [1]. 관련 소식 [2].' }) };
}

beforeAll(async () => {
  openai = await startFakeOpenAI();
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-language-cli-'));
  db = path.join(dir, 'test.db');
  // Dated an hour before the wall clock the CLI reads, so they are in every default window.
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const lines = [
    { title: 'Korea harbor cranes idle as dock strike enters second week', source: 'Harbor Times', body: 'Dock workers at the main harbor of Busan in South Korea extended their strike over pay on Monday. Container ships queued outside the port and cargo was diverted to smaller terminals. Union leaders said talks would resume later in the week.' },
    { title: 'Neue Fähren für Korea', source: 'Hafen Zeitung', body: 'Die Stadtverwaltung von Busan in Korea hat am Montag zwei neue Fähren für den Hafen vorgestellt. Die Schiffe fahren elektrisch und sollen ab dem Sommer jede Stunde zwischen dem Hafen und den Inseln verkehren. Nach Angaben der Behörde bleiben die Preise für die Fahrkarten gleich, und die Pendler freuen sich über die leisen Motoren.' },
  ].map((a, i) => JSON.stringify({ ...a, url: `https://news${i}.example.com/${i}`, publishedAt: at }));
  expect((await cli(['ingest', '-'], { input: lines.join('\n') })).out).toMatch(/2 added/);
}, 180_000);
afterAll(async () => {
  await openai?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('newsbrief digest --language and feedback reset', () => {
  it('offline: keeps each story in its own language, says so once, marks the other languages; refuses a bad code', async () => {
    const r = await cli(['digest', '--language', 'en']);
    expect(r.code).toBe(0);
    expect(r.out.split('Summaries are in their original language: configure an LLM to have them written in English.')).toHaveLength(2);
    expect(r.out).toMatch(/\[de\] · 1 source: Hafen Zeitung/);
    expect(r.out).not.toContain('[en]');
    const plain = await cli(['digest']);
    expect(plain.out).not.toContain('original language');
    expect(plain.out).not.toContain('[de]');
    const bad = await cli(['digest', '--language', 'klingon']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Unknown language code "klingon": give a two-letter ISO 639-1 code');
  }, 180_000);

  it('with the LLM: summaries in Korean from the fake server, cached for the next run', async () => {
    openai.reset();
    openai.respondWith(korean);
    const r = await cli(['digest', '--language', 'ko'], { llm: true });
    expect(r.code).toBe(0);
    expect(r.out).toContain('한국어 요약: Korea harbor cranes idle as dock strike enters second week');
    expect(r.out).toContain('한국어 요약: Neue Fähren für Korea');
    expect(r.out).toContain('한국어 개요 [1]');
    expect(r.out).not.toContain('original language');
    expect(openai.calls('story_summary')).toHaveLength(2);
    openai.reset();
    openai.respondWith(korean);
    expect((await cli(['digest', '--language', 'ko'], { llm: true })).out).toContain('한국어 요약: Neue Fähren für Korea');
    expect(openai.requests).toHaveLength(0);
  }, 180_000);

  it('feedback reset forgets the local workspace\'s votes', async () => {
    expect((await cli(['feedback', 'reset'])).out).toContain('This workspace has no feedback to reset.');
    const store = createSqliteStore(db, () => new Date('2026-12-01T12:00:00Z'));
    for (const [userId, storyId] of [['cli:a', 1], ['cli:b', 2]] as const) {
      await store.tuning.recordVote({ workspaceId: 'cli:local', userId, storyId, vote: 1, features: ['source:harbor times'], votedAt: '2026-12-01T10:00:00.000Z' });
    }
    await store.tuning.recordVote({ workspaceId: 'discord:1', userId: 'discord:u', storyId: 1, vote: 1, features: [], votedAt: '2026-12-01T10:00:00.000Z' });
    await store.close();
    const r = await cli(['feedback', 'reset']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Forgot 2 votes: briefings and digests in this workspace rank stories without feedback again.');
    const after = createSqliteStore(db, () => new Date('2026-12-01T12:00:00Z'));
    expect(await after.tuning.listVotes('discord:1', '2026-01-01T00:00:00.000Z')).toHaveLength(1);
    await after.close();
  }, 180_000);
});
