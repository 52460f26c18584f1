import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { DEFAULT_DAILY_TOKENS, DEFAULT_LLM_MODEL, DEFAULT_TIMEOUT_MS, resolveLlmConfig, Secret } from '../../src/llm/config.js';
import { createLogger } from '../../src/log.js';

describe('LLM configuration', () => {
  it('stays off without OPENAI_API_KEY or OPENAI_BASE_URL', () => {
    expect(loadConfig({}).llm).toBeUndefined();
  });

  it('turns on every feature with just an OpenAI key, with safe defaults', () => {
    const llm = loadConfig({ OPENAI_API_KEY: 'sk-abc' }).llm;
    expect(llm).toMatchObject({ mode: 'all', model: DEFAULT_LLM_MODEL, dailyTokens: DEFAULT_DAILY_TOKENS, timeoutMs: DEFAULT_TIMEOUT_MS, concurrency: 4, maxRetries: 2 });
    expect(llm?.baseURL).toBeUndefined();
    expect(llm?.apiKey?.reveal()).toBe('sk-abc');
  });

  it('reads the mode, model, base URL, budget, timeout and concurrency variables', () => {
    const llm = loadConfig({
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', NEWSBRIEF_LLM_MODEL: 'llama3.1:8b', NEWSBRIEF_LLM: 'summaries',
      NEWSBRIEF_LLM_DAILY_TOKENS: '5000', NEWSBRIEF_LLM_TIMEOUT_MS: '1500', NEWSBRIEF_LLM_CONCURRENCY: '2',
    }).llm;
    expect(llm).toMatchObject({ mode: 'summaries', model: 'llama3.1:8b', baseURL: 'http://127.0.0.1:11434/v1', dailyTokens: 5000, timeoutMs: 1500, concurrency: 2 });
    expect(llm?.apiKey).toBeUndefined();
  });

  it('stays off when NEWSBRIEF_LLM=off even with a key', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-abc', NEWSBRIEF_LLM: 'off' }).llm).toBeUndefined();
  });

  it('names the variable to fix: a mode without a server, a server without a model, bad numbers', () => {
    expect(resolveLlmConfig({ NEWSBRIEF_LLM: 'all' }).problems[0]).toMatch(/needs OPENAI_API_KEY .* or OPENAI_BASE_URL/);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' })).toThrow(/NEWSBRIEF_LLM_MODEL is not set/);
    const both = () => loadConfig({ OPENAI_API_KEY: 'k', NEWSBRIEF_LLM_TIMEOUT_MS: 'soon', NEWSBRIEF_LLM: 'everything' });
    expect(both).toThrow(/environment variable NEWSBRIEF_LLM_TIMEOUT_MS: must be a number/);
    expect(both).toThrow(/environment variable NEWSBRIEF_LLM: must be off, summaries, overview or all/);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'not a url', NEWSBRIEF_LLM_MODEL: 'm' })).toThrow(/OPENAI_BASE_URL: must be a URL/);
  });

  it('never lets the API key reach a log line, JSON or inspect output', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-very-secret-123' });
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        out += String(chunk);
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ config }, 'config loaded');
    log.info({ llm: config.llm, apiKey: 'sk-very-secret-123' }, 'again');
    expect(out).toContain('"model":"gpt-4o-mini"');
    expect(out).not.toContain('sk-very-secret');
    expect(JSON.stringify(config)).not.toContain('sk-very-secret');
    expect(inspect(config, { depth: 10 })).not.toContain('sk-very-secret');
    expect(`${new Secret('x-secret')}`).toBe('[redacted]');
  });
});
