// LLM configuration: which environment variables turn the optional LLM path on, and their defaults. The LLM is on
// only when OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (any OpenAI-compatible server) is set and NEWSBRIEF_LLM is not
// "off". The API key is wrapped in a Secret so it can never be printed or logged by accident.
import { z } from 'zod';

/** What the LLM writes: nothing, per-story summaries, the overview paragraph, or both. */
export type LlmMode = 'off' | 'summaries' | 'overview' | 'all';

/** Default model when NEWSBRIEF_LLM_MODEL is unset (OpenAI only; a custom server must name its model). */
export const DEFAULT_LLM_MODEL = 'gpt-4o-mini';
/** Default NEWSBRIEF_LLM_DAILY_TOKENS: enough for ~150 cold briefings a day with a small model. */
export const DEFAULT_DAILY_TOKENS = 200_000;
/** Default NEWSBRIEF_LLM_TIMEOUT_MS: one call, retries included, gives up after this long. */
export const DEFAULT_TIMEOUT_MS = 20_000;
/** Default NEWSBRIEF_LLM_CONCURRENCY: LLM calls in flight at once, per process. */
export const DEFAULT_CONCURRENCY = 4;
/** Retries of a call on 429/5xx/connection errors (the client honours retry-after). */
export const DEFAULT_MAX_RETRIES = 2;

/** A secret string: its value is only read through reveal(); printing, JSON and logs show "[redacted]". */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret itself, for the one place that needs it (the HTTP client). */
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([redacted])';
  }
}

/** The resolved LLM settings (present on Config only when the LLM is on). */
export interface LlmConfig {
  mode: Exclude<LlmMode, 'off'>;
  /** NEWSBRIEF_LLM_MODEL. */
  model: string;
  /** OPENAI_API_KEY (absent for a local server that needs none). */
  apiKey?: Secret;
  /** OPENAI_BASE_URL: an OpenAI-compatible server (vLLM, llama.cpp, Ollama …). Absent = api.openai.com. */
  baseURL?: string;
  /** NEWSBRIEF_LLM_DAILY_TOKENS: tokens per UTC day, counted across restarts. */
  dailyTokens: number;
  /** NEWSBRIEF_LLM_TIMEOUT_MS: per call, retries included. */
  timeoutMs: number;
  /** NEWSBRIEF_LLM_CONCURRENCY. */
  concurrency: number;
  maxRetries: number;
}

// Messages follow the variable name, which loadConfig() puts in front ("environment variable X: must be …").
const positiveInt = (max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(max, `can be at most ${max}`);

/** The LLM's environment variables, merged into the config's EnvSchema. */
export const LLM_ENV_SHAPE = {
  /** OpenAI API key; turns the LLM on (NEWSBRIEF_LLM defaults to all). */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** An OpenAI-compatible server's base URL, e.g. http://127.0.0.1:11434/v1; turns the LLM on. */
  OPENAI_BASE_URL: z.url({ error: 'must be a URL like http://127.0.0.1:8000/v1' }).optional(),
  /** Model name (default gpt-4o-mini on OpenAI; required with OPENAI_BASE_URL). */
  NEWSBRIEF_LLM_MODEL: z.string().min(1).max(200).optional(),
  /** off | summaries | overview | all (default all when a key or base URL is set). */
  NEWSBRIEF_LLM: z.enum(['off', 'summaries', 'overview', 'all'], { error: 'must be off, summaries, overview or all' }).optional(),
  NEWSBRIEF_LLM_DAILY_TOKENS: positiveInt(1_000_000_000).optional(),
  NEWSBRIEF_LLM_TIMEOUT_MS: positiveInt(600_000).optional(),
  NEWSBRIEF_LLM_CONCURRENCY: positiveInt(64).optional(),
};

/** Parsed values of LLM_ENV_SHAPE. */
export type LlmEnv = z.infer<z.ZodObject<typeof LLM_ENV_SHAPE>>;

/** Turns parsed env values into an LlmConfig (undefined = LLM off) and the problems a user must fix. */
export function resolveLlmConfig(e: LlmEnv): { llm?: LlmConfig; problems: string[] } {
  const problems: string[] = [];
  const reachable = e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined;
  const mode = e.NEWSBRIEF_LLM ?? (reachable ? 'all' : 'off');
  if (mode === 'off') return { problems };
  if (!reachable) {
    problems.push(`NEWSBRIEF_LLM=${mode} needs OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (an OpenAI-compatible server); set one, or set NEWSBRIEF_LLM=off`);
    return { problems };
  }
  if (e.OPENAI_BASE_URL !== undefined && e.NEWSBRIEF_LLM_MODEL === undefined) {
    problems.push('NEWSBRIEF_LLM_MODEL is not set: name the model your server at OPENAI_BASE_URL serves (e.g. llama3.1:8b)');
    return { problems };
  }
  return {
    problems,
    llm: {
      mode,
      model: e.NEWSBRIEF_LLM_MODEL ?? DEFAULT_LLM_MODEL,
      ...(e.OPENAI_API_KEY !== undefined ? { apiKey: new Secret(e.OPENAI_API_KEY) } : {}),
      ...(e.OPENAI_BASE_URL !== undefined ? { baseURL: e.OPENAI_BASE_URL } : {}),
      dailyTokens: e.NEWSBRIEF_LLM_DAILY_TOKENS ?? DEFAULT_DAILY_TOKENS,
      timeoutMs: e.NEWSBRIEF_LLM_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS,
      concurrency: e.NEWSBRIEF_LLM_CONCURRENCY ?? DEFAULT_CONCURRENCY,
      maxRetries: DEFAULT_MAX_RETRIES,
    },
  };
}

/** Whether a mode writes per-story summaries / the overview. */
export const wantsSummaries = (mode: LlmMode): boolean => mode === 'summaries' || mode === 'all';
export const wantsOverview = (mode: LlmMode): boolean => mode === 'overview' || mode === 'all';
