// The LLM path as the rest of the app uses it: enhance a briefing or digest when the app has an LLM service (and
// leave it offline otherwise), and the one-line usage status for `/digest status` and `newsbrief stats`.
import { noteUntranslated } from '../briefing/language.js';
import type { Briefing, Digest } from '../types.js';
import type { EnhanceOptions, LlmService } from './service.js';

export { createLlmService, type EnhanceOptions, type EnhanceReport, type LlmService, type LlmStatus } from './service.js';
export { resolveLlmConfig, Secret, type LlmConfig, type LlmMode } from './config.js';
export { PROMPT_VERSION } from './prompts.js';
export type { FallbackReason } from './call.js';

const grouped = new Intl.NumberFormat('en-US');

/** The briefing with LLM summaries and overview when the LLM is configured; otherwise (or on failure) unchanged. */
export async function enhanceBriefing(llm: LlmService | undefined, briefing: Briefing, opts?: EnhanceOptions): Promise<Briefing> {
  return llm ? llm.enhanceBriefing(briefing, opts) : briefing;
}

/**
 * The digest with abstractive summaries and an overview paragraph citing stories by their number in digest order
 * (sections in order, numbered from 1 across sections), in the digest's language if it has one, when the LLM is
 * configured; otherwise unchanged, but for the line saying its summaries stay in their original language. Never throws.
 */
export async function enhanceDigest(llm: LlmService | undefined, digest: Digest, opts?: EnhanceOptions): Promise<Digest> {
  if (llm && opts?.mode !== 'off') return llm.enhanceDigest(digest, opts);
  return noteUntranslated(digest, digest.sections.flatMap((s) => s.stories), 'offline');
}

/** "LLM: 1,234 tokens used today of 200,000 · 3 fallbacks", or undefined when the LLM is not configured. */
export async function llmStatusLine(llm: LlmService | undefined): Promise<string | undefined> {
  if (!llm) return undefined;
  const s = await llm.status();
  const fallbacks = `${grouped.format(s.fallbacksToday)} ${s.fallbacksToday === 1 ? 'fallback' : 'fallbacks'}`;
  return `LLM: ${grouped.format(s.tokensToday)} tokens used today of ${grouped.format(s.dailyTokens)} · ${fallbacks}`;
}
