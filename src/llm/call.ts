// One structured LLM call: chat completion with a zodResponseFormat schema, a hard deadline (retries included), and
// every way it can fail turned into a reason code instead of an exception. Callers fall back to the offline text on
// any non-ok result; the reason codes are what logs, counters and docs/llm.md name.
import type OpenAI from 'openai';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import type { AutoParseableResponseFormat } from 'openai/lib/parser';
import type { z } from 'zod';
import type { CitationProblem } from './citations.js';

/** Why the offline text was used. */
export type FallbackReason =
  | 'budget' // the daily token budget is spent
  | 'unavailable' // recent calls kept failing: the LLM is skipped for a short while
  | 'timeout' // no answer within NEWSBRIEF_LLM_TIMEOUT_MS (retries included)
  | 'rate_limited' // 429 past the retries
  | 'quota' // 429 insufficient_quota: the account is out of credit
  | 'server_error' // 5xx past the retries
  | 'connection' // the server could not be reached
  | 'auth' // 401/403: the key is wrong
  | 'http_error' // any other HTTP error (400 unknown model …)
  | 'refusal' // the model refused
  | 'truncated' // the answer hit the token limit
  | 'empty' // no content
  | 'malformed_json' // content is not JSON
  | 'schema_mismatch' // JSON that does not match the zod schema
  | CitationProblem // overview citations rejected
  | 'not_one_sentence' // a story update's rewrite is not one sentence
  | 'invented_number' // … names a number its cited articles do not have
  | 'invented_name' // … names an entity its cited articles do not have
  | 'error'; // anything else

export type CallResult<T> =
  | { ok: true; value: T; tokens: number }
  | { ok: false; reason: FallbackReason; detail: string; tokens: number };

export interface CallRequest<T> {
  model: string;
  messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[];
  format: AutoParseableResponseFormat<T>;
  schema: z.ZodType<T>;
  maxTokens: number;
  /** OpenAI wants max_completion_tokens; many OpenAI-compatible servers only know max_tokens. */
  tokenParam: 'max_tokens' | 'max_completion_tokens';
  /** Hard deadline for the call, retries included. */
  timeoutMs: number;
  /** Tokens to count when the server's usage is unknown (a timed-out call may still be billed). */
  estimate: number;
}

const firstIssue = (err: z.ZodError): string => {
  const i = err.issues[0];
  return i ? `${i.path.join('.') || '(root)'}: ${i.message}` : 'schema mismatch';
};

/** Maps a thrown error to a reason code and a short, secret-free detail. */
export function classifyError(err: unknown, timedOut: boolean): { reason: FallbackReason; detail: string } {
  if (timedOut || err instanceof APIConnectionTimeoutError) return { reason: 'timeout', detail: 'no answer in time' };
  if (err instanceof APIUserAbortError) return { reason: 'timeout', detail: 'aborted' };
  if (err instanceof RateLimitError) {
    const code = (err.code ?? '') === 'insufficient_quota';
    return { reason: code ? 'quota' : 'rate_limited', detail: `HTTP 429${err.code ? ` ${err.code}` : ''}` };
  }
  if (err instanceof InternalServerError) return { reason: 'server_error', detail: `HTTP ${err.status}` };
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) return { reason: 'auth', detail: `HTTP ${err.status}` };
  if (err instanceof APIConnectionError) return { reason: 'connection', detail: 'connection failed' };
  if (err instanceof APIError) return { reason: 'http_error', detail: `HTTP ${err.status ?? '?'}${err.code ? ` ${err.code}` : ''}` };
  return { reason: 'error', detail: err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : 'unknown error' };
}

/** Makes the call and validates the answer; never throws. */
export async function callStructured<T>(client: OpenAI, req: CallRequest<T>): Promise<CallResult<T>> {
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, req.timeoutMs);
  try {
    const completion = await client.chat.completions.create(
      {
        model: req.model,
        messages: req.messages,
        response_format: req.format,
        ...(req.tokenParam === 'max_tokens' ? { max_tokens: req.maxTokens } : { max_completion_tokens: req.maxTokens }),
      },
      { signal: ac.signal },
    );
    const tokens = completion.usage?.total_tokens ?? req.estimate;
    const choice = completion.choices?.[0];
    const fail = (reason: FallbackReason, detail: string): CallResult<T> => ({ ok: false, reason, detail, tokens });
    if (!choice) return fail('empty', 'no choices');
    if (choice.message?.refusal) return fail('refusal', choice.message.refusal.slice(0, 200));
    if (choice.finish_reason === 'length') return fail('truncated', 'the answer hit the token limit');
    const content = choice.message?.content;
    if (!content || !content.trim()) return fail('empty', 'no content');
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch (err) {
      return fail('malformed_json', (err as Error).message.slice(0, 200));
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) return fail('schema_mismatch', firstIssue(parsed.error));
    return { ok: true, value: parsed.data, tokens };
  } catch (err) {
    const c = classifyError(err, timedOut);
    return { ok: false, ...c, tokens: c.reason === 'timeout' ? req.estimate : 0 };
  } finally {
    clearTimeout(timer);
  }
}
