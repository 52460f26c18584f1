// Fixtures of the personal follows end-to-end test (follows-chat.test.ts, follows-slack.test.ts) beside tests/support/follow-news.ts: its
// config, new facts of the crane story for deltas, the fake OpenAI's rewrites of them and an LLM service against it.
import type { App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { createLlmService, type LlmService } from '../../src/llm/service.js';
import { defaultAnswer, errorAnswer, type FakeAnswer, type FakeOpenAI } from '../fakes/openai.js';
import { WIRE } from '../support/follow-news.js';

export function config(dbPath: string): Config {
  const file = FileConfigSchema.parse({ topics: [{ name: 'ports', keywords: ['ferry', 'port'] }] });
  return { dbPath, configFile: '(test)', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent' };
}

/** Two reports of the crane story, each with one new fact of its own (a name, a number): a delta of two sentences. */
export const FACTS = [
  ['Mayor Ingrid Solberg ordered an inquiry into the crane.', 'Repairs will cost 4.2 million dollars, the port said.'],
  ['Captain Tomas Reyes said the crane had passed its inspection in March.', 'About 300 dock workers were sent home until Friday.'],
  ['Engineer Priya Nandakumar found a cracked bolt on the crane arm.', 'The port expects to reopen 2 of its 5 berths by Thursday.'],
  ['Inspector Lars Vennes sealed the crane cabin for 48 hours.'],
  ['Minister Aiko Tanabe promised 12 new cranes for the port.'],
  ['Harbour master Elin Strand said 9 ferries were sent to the Northgate pier instead.'],
];
export const news = (k: number, j: number) =>
  JSON.stringify({
    title: `Crane collapse shuts Quayside ferry terminal (${['Pacific Wire', 'Island Times'][j]} ${k})`, body: `${WIRE} ${FACTS[k]?.[j]}`,
    source: ['Pacific Wire', 'Island Times'][j], url: `https://news${j}.example/quayside-${k}`, publishedAt: '2026-11-29T06:00:00Z',
  });
/** The fake OpenAI's rewrite of the delta: valid for FACTS[0]; naming someone no article names; a server error. */
export const REWRITES: FakeAnswer[] = [
  { content: JSON.stringify({ sentence: 'Mayor Ingrid Solberg ordered an inquiry [1] as repairs were put at 4.2 million dollars [2].' }) },
  { content: JSON.stringify({ sentence: 'Governor Nago Tamaki said the crane passed its inspection [1] as 300 dock workers went home [2].' }) },
  errorAnswer(500, 'server_error'),
];
/** The fake answers rewrites with REWRITES[k] from now on (its record of requests starts afresh). */
export function rewriteWith(openai: FakeOpenAI, k: number): void {
  openai.reset();
  openai.respondWith((r) => (r.schemaName === 'story_update' ? (REWRITES[k] as FakeAnswer) : defaultAnswer(r)));
}
/** A message posted in a channel (on the fake Discord, during follow delivery: a direct message). */
export const dmPost = (method: string, path: string): boolean => method === 'POST' && /^\/channels\/\d+\/messages$/.test(path);
/** An LLM service through the real openai client against the fake (no retries: a 500 falls back at once). */
export const llmFor = (a: App, baseURL: string): LlmService =>
  createLlmService({
    config: { mode: 'all', model: 'fake-model', baseURL, dailyTokens: 1_000_000, timeoutMs: 10_000, concurrency: 4, maxRetries: 0 },
    store: a.store.llm, now: a.now, logger: createLogger('silent'),
  });
/** Discord's escapes undone, to read the text as shown. */
export const shown = (s: string) => s.replace(/\\([[\]*_~`|<\\])/g, '$1');
