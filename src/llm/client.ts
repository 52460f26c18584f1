// The OpenAI client factory: the one place that builds an `openai` client from LlmConfig (base URL for
// OpenAI-compatible servers and test fakes, per-attempt timeout, bounded retries that honour retry-after).
import OpenAI from 'openai';
import type { LlmConfig } from './config.js';

/** Placeholder key for servers that need none (the client refuses to start without one). */
const NO_KEY = 'no-key-needed';

/** Builds the openai client for this configuration. */
export function createOpenAiClient(cfg: Pick<LlmConfig, 'apiKey' | 'baseURL' | 'timeoutMs' | 'maxRetries'>): OpenAI {
  return new OpenAI({
    apiKey: cfg.apiKey?.reveal() ?? NO_KEY,
    // Explicit, so a stray OPENAI_BASE_URL in the process environment cannot re-point a configured client.
    baseURL: cfg.baseURL ?? 'https://api.openai.com/v1',
    timeout: cfg.timeoutMs,
    maxRetries: cfg.maxRetries,
    // Never send organization/project headers from the environment: only what the operator configured.
    organization: null,
    project: null,
    // The SDK's own console logging (OPENAI_LOG) would bypass our pino redaction and clutter CLI output.
    logLevel: 'off',
  });
}
