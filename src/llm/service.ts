// The LLM service: enhances a built Briefing or Digest with abstractive one-sentence story summaries and an overview
// paragraph citing stories as [n], at briefing time (never on the ingest path). Answers are cached by
// (content hash, model, PROMPT_VERSION), so a warm briefing makes no call; cold ones make at most one call per
// uncached story plus one for the overview, through a concurrency limiter and the daily token budget. Any failure
// leaves that part offline, is counted as a fallback in the ledger, and is logged once per reason per briefing.
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type OpenAI from 'openai';
import type { Logger } from '../log.js';
import type { LlmStoryText } from '../store/types.js';
import type { LlmStore } from '../store/ports.js';
import type { Briefing, Digest, Story } from '../types.js';
import { createTokenBudget, utcDay, type TokenBudget } from './budget.js';
import { callStructured, type CallResult, type FallbackReason } from './call.js';
import { checkCitations } from './citations.js';
import { createOpenAiClient } from './client.js';
import { wantsOverview, wantsSummaries, type LlmConfig, type LlmMode } from './config.js';
import { createLimiter, type Limiter } from '../limiter.js';
import {
  clean,
  estimateTokens,
  MAX_DIGEST_OVERVIEW_STORIES,
  MAX_OVERVIEW_STORIES,
  OVERVIEW_MAX_TOKENS,
  overviewList,
  overviewMessages,
  PROMPT_VERSION,
  SUMMARY_MAX_TOKENS,
  UPDATE_MAX_TOKENS,
  summaryMessages,
  type OverviewItem,
} from './prompts.js';
import { OVERVIEW_FORMAT, OverviewSchema, SUMMARY_FORMAT, SummarySchema, UPDATE_FORMAT, UpdateSchema } from './schemas.js';
import { languageName, noteUntranslated } from '../briefing/language.js';

/** Fewer stories than this get no overview (it would only repeat the one summary). */
export const MIN_OVERVIEW_STORIES = 2;
/** Failures in a row (network, timeout, 429, 5xx, auth) that pause LLM calls for UNAVAILABLE_MS. */
export const FAILURES_TO_PAUSE = 3;
export const UNAVAILABLE_MS = 60_000;
const OUTAGE: ReadonlySet<FallbackReason> = new Set(['timeout', 'connection', 'server_error', 'rate_limited', 'quota', 'auth']);

export interface EnhanceOptions {
  /** This call only: 'off' forces the offline text; another mode narrows what is written. Default: the configured mode. */
  mode?: LlmMode;
  /** Receives what the enhancement did (calls, cache hits, fallbacks by reason). */
  onReport?: (r: EnhanceReport) => void;
  /** The overview covers only the first N stories (the first page an adapter shows), so it never cites a story
   * the reader cannot see yet, and a later page reuses the cached overview. */
  overviewStories?: number;
  /** Write summaries and the overview in this language (ISO 639-1; a digest's own `language` otherwise), each cached per language. */
  language?: string;
}

/** What one enhancement did. */
export interface EnhanceReport {
  /** LLM requests made (retries inside the client not counted). */
  calls: number;
  cacheHits: number;
  tokens: number;
  fallbacks: Partial<Record<FallbackReason, number>>;
  ms: number;
}

/** Today's usage, for `/digest status` and `newsbrief stats`. */
export interface LlmStatus {
  mode: LlmConfig['mode'];
  model: string;
  day: string;
  tokensToday: number;
  dailyTokens: number;
  callsToday: number;
  fallbacksToday: number;
  cacheHitsToday: number;
}

export interface LlmService {
  readonly config: LlmConfig;
  /** The briefing with LLM summaries and an overview where available; never throws, never waits past the timeout. */
  enhanceBriefing(b: Briefing, opts?: EnhanceOptions): Promise<Briefing>;
  /** The digest likewise; the overview cites stories by their number in digest order (sections in order). */
  enhanceDigest(d: Digest, opts?: EnhanceOptions): Promise<Digest>;
  /**
   * One cited sentence asked with `messages` (a story update's rewrite, src/updates/rewrite.ts), through the same
   * budget, limiter, pause and cache (under `key`: a hash of what is asked) as summaries. `check` accepts or rejects
   * the answer, a cached one too; a rejected answer is never cached. Never throws.
   */
  citedSentence(key: string, messages: ChatMessage[], check: (text: string) => SentenceCheck): Promise<SentenceOutcome>;
  status(): Promise<LlmStatus>;
}

/** A chat message as the rewrite sends it. */
export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}
/** A check's verdict on an answer. */
export type SentenceCheck = { ok: true } | { ok: false; reason: FallbackReason; detail: string };
/** What citedSentence produced: the checked text, or why the offline text stays. */
export type SentenceOutcome = { ok: true; text: string; cached: boolean } | { ok: false; reason: FallbackReason; detail: string };

export interface LlmServiceDeps {
  config: LlmConfig;
  store: LlmStore;
  logger?: Logger;
  /** An openai client (tests); default: built from config. */
  client?: OpenAI;
  /** The program's clock (usage days, the pause after repeated failures). */
  now: Clock;
  /** Receives every enhancement's report (e.g. for Prometheus counters of calls, cache hits and fallbacks). */
  onReport?: (what: 'briefing' | 'digest', r: EnhanceReport) => void;
}

/** What one request produced; `called` = this consumer's request reached the server (not cached, not shared). */
type Outcome =
  | { text: string; called: boolean; tokens: number }
  | { reason: FallbackReason; detail: string; called: boolean; tokens: number };
const noCall = (reason: FallbackReason, detail: string): Outcome => ({ reason, detail, called: false, tokens: 0 });

/** The enhanced stories and overview of a list, with the report. */
interface Enhanced {
  stories: Story[];
  /** The stories that kept their offline summary. */
  untranslated: Story[];
  overview?: string;
  report: EnhanceReport;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Creates the service; it holds the client, the limiter, the budget and the in-flight table. */
export function createLlmService(deps: LlmServiceDeps): LlmService {
  const cfg = deps.config;
  const now = deps.now;
  const log = deps.logger?.child({ scope: 'llm' });
  const client = deps.client ?? createOpenAiClient(cfg);
  const limiter: Limiter = createLimiter(cfg.concurrency);
  const budget: TokenBudget = createTokenBudget(deps.store, cfg.dailyTokens, now);
  const tokenParam = cfg.baseURL === undefined || /\/\/api\.openai\.com(\/|$)/.test(cfg.baseURL) ? 'max_completion_tokens' : 'max_tokens';
  const inflight = new Map<string, Promise<Outcome>>();
  let failuresInRow = 0;
  let pausedUntil = 0;

  /** One request through budget, limiter and call; caches a valid answer. */
  const request = async <T>(key: string, kind: 'summary' | 'overview', make: () => {
    messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[];
    format: Parameters<typeof callStructured<T>>[1]['format'];
    schema: Parameters<typeof callStructured<T>>[1]['schema'];
    maxTokens: number;
    accept: (v: T) => { text: string } | { reason: FallbackReason; detail: string };
  }): Promise<Outcome> => {
    if (now().getTime() < pausedUntil) return noCall('unavailable', 'paused after repeated failures');
    const spec = make();
    const estimate = estimateTokens(spec.messages) + spec.maxTokens;
    const reservation = await budget.reserve(estimate);
    if (!reservation) return noCall('budget', `daily budget of ${cfg.dailyTokens} tokens reached`);
    let result: CallResult<T> | undefined;
    try {
      result = await limiter.run(async () => {
        // Checked again once a slot is free: the calls queued behind a failing one should not repeat its wait.
        if (now().getTime() < pausedUntil) return undefined;
        const r = await callStructured(client, { model: cfg.model, messages: spec.messages, format: spec.format, schema: spec.schema, maxTokens: spec.maxTokens, tokenParam, timeoutMs: cfg.timeoutMs, estimate });
        // Counted before the slot is handed on, so the next queued call sees a pause this failure started.
        if (r.ok) failuresInRow = 0;
        else if (OUTAGE.has(r.reason) && ++failuresInRow >= FAILURES_TO_PAUSE) pausedUntil = now().getTime() + UNAVAILABLE_MS;
        return r;
      });
    } catch (err) {
      reservation.release();
      return noCall('error', (err as Error).message);
    }
    if (!result) {
      reservation.release();
      return noCall('unavailable', 'paused after repeated failures');
    }
    if (result.tokens > 0) await reservation.commit(result.tokens);
    else reservation.release();
    if (!result.ok) return { reason: result.reason, detail: result.detail, called: true, tokens: result.tokens };
    const accepted = spec.accept(result.value);
    if ('reason' in accepted) return { ...accepted, called: true, tokens: result.tokens };
    await deps.store.llmCachePut({ contentHash: key, model: cfg.model, promptVersion: PROMPT_VERSION, kind, text: accepted.text, tokens: result.tokens });
    return { text: accepted.text, called: true, tokens: result.tokens };
  };

  /** Shares one request between concurrent briefings asking for the same key. */
  const shared = (key: string, run: () => Promise<Outcome>): Promise<Outcome> => {
    const hit = inflight.get(key);
    if (hit) return hit.then((o) => ({ ...o, called: false, tokens: 0 }));
    const p = run().finally(() => inflight.delete(key));
    inflight.set(key, p);
    return p;
  };

  /** A cited sentence: cache, then one request; fallbacks and cache hits counted in the ledger, fallbacks logged. */
  const citedSentence = async (key: string, messages: ChatMessage[], check: (text: string) => SentenceCheck): Promise<SentenceOutcome> => {
    const accept = (text: string) => {
      const c = check(text);
      return c.ok ? { text } : { reason: c.reason, detail: c.detail };
    };
    let miss: { reason: FallbackReason; detail: string };
    try {
      const cached = await deps.store.llmCacheGet(key, cfg.model, PROMPT_VERSION);
      // Cached as a cited text ('overview' kind: the cache's kinds are summaries and cited texts).
      const o: Outcome = cached !== undefined
        ? { ...accept(cached), called: false, tokens: 0 }
        : await shared(key, () => request(key, 'overview', () => ({
          messages, format: UPDATE_FORMAT, schema: UpdateSchema, maxTokens: UPDATE_MAX_TOKENS,
          accept: (v: { sentence: string }) => accept(clean(v.sentence)),
        })));
      if ('text' in o) {
        if (!o.called) await deps.store.llmRecord(utcDay(now()), { cacheHits: 1 });
        return { ok: true, text: o.text, cached: !o.called };
      }
      miss = o;
      await deps.store.llmRecord(utcDay(now()), { fallbacks: 1 });
    } catch (err) {
      miss = { reason: 'error', detail: (err as Error).message };
    }
    log?.warn({ reason: miss.reason, detail: miss.detail, model: cfg.model, what: 'update' }, `LLM fallback (${miss.reason}): posting the offline update`);
    return { ok: false, reason: miss.reason, detail: miss.detail };
  };

  /** The language a prompt asks for, and what its cache keys carry ("" for the text's own language). */
  const target = (code: string | undefined) => (code ? { code, name: languageName(code) } : undefined);
  const keyed = (key: string, code: string | undefined) => (code ? `${key}@${code}` : key);

  const summaryOf = async (t: LlmStoryText, language?: string): Promise<Outcome> => {
    const key = keyed(t.contentHash, language);
    const cached = await deps.store.llmCacheGet(key, cfg.model, PROMPT_VERSION);
    if (cached !== undefined) return { text: cached, called: false, tokens: 0 };
    return shared(`s:${key}`, () =>
      request(key, 'summary', () => ({
        messages: summaryMessages(t.title, t.body, target(language)),
        format: SUMMARY_FORMAT,
        schema: SummarySchema,
        maxTokens: SUMMARY_MAX_TOKENS,
        accept: (v: { summary: string }) => ({ text: clean(v.summary) }),
      })),
    );
  };

  const overviewOf = async (items: OverviewItem[], language?: string): Promise<Outcome> => {
    const key = keyed(`overview:${sha(overviewList(items))}`, language);
    const check = (text: string) => {
      const c = checkCitations(text, items.length);
      return c.ok ? { text } : { reason: c.reason, detail: c.detail };
    };
    const cached = await deps.store.llmCacheGet(key, cfg.model, PROMPT_VERSION);
    if (cached !== undefined) return { ...check(cached), called: false, tokens: 0 };
    return shared(key, () =>
      request(key, 'overview', () => ({
        messages: overviewMessages(items, target(language)),
        format: OVERVIEW_FORMAT,
        schema: OverviewSchema,
        maxTokens: OVERVIEW_MAX_TOKENS,
        accept: (v: { overview: string }) => check(clean(v.overview)),
      })),
    );
  };

  async function enhance(stories: Story[], opts: EnhanceOptions, what: 'briefing' | 'digest'): Promise<Enhanced> {
    const t0 = performance.now();
    const report: EnhanceReport = { calls: 0, cacheHits: 0, tokens: 0, fallbacks: {}, ms: 0 };
    const mode = opts.mode ?? cfg.mode;
    const doSummaries = wantsSummaries(mode) && stories.length > 0;
    const doOverview = wantsOverview(mode) && Math.min(stories.length, opts.overviewStories ?? Infinity) >= MIN_OVERVIEW_STORIES;
    if (!doSummaries && !doOverview) return { stories, untranslated: stories, report };
    const language = opts.language;

    const texts = await deps.store.llmStoryTexts(stories.map((s) => s.id));
    const details = new Map<FallbackReason, string>();
    const tally = (o: Outcome): string | undefined => {
      if (o.called) report.calls++;
      report.tokens += o.tokens;
      if ('text' in o) {
        if (!o.called) report.cacheHits++;
        return o.text;
      }
      report.fallbacks[o.reason] = (report.fallbacks[o.reason] ?? 0) + 1;
      if (!details.has(o.reason)) details.set(o.reason, o.detail);
      return undefined;
    };

    const summaryJobs = doSummaries
      ? stories.map((s) => {
          const t = texts.get(s.id);
          return t ? summaryOf(t, language) : Promise.resolve<Outcome | undefined>(undefined);
        })
      : [];
    const covered = Math.min(what === 'digest' ? MAX_DIGEST_OVERVIEW_STORIES : MAX_OVERVIEW_STORIES, opts.overviewStories ?? Infinity);
    const items: OverviewItem[] = stories.slice(0, covered).map((s) => ({ headline: s.headline, summary: texts.get(s.id)?.summary ?? s.summary }));
    const overviewJob = doOverview ? overviewOf(items, language) : undefined;

    const summaries = await Promise.all(summaryJobs);
    const overviewOutcome = overviewJob ? await overviewJob : undefined;
    const untranslated: Story[] = [];
    const out = stories.map((s, i) => {
      const o = summaries[i];
      const text = o ? tally(o) : undefined;
      if (!text) untranslated.push(s);
      return text ? { ...s, summary: text } : s;
    });
    const overview = overviewOutcome ? tally(overviewOutcome) : undefined;

    const used = Object.values(report.fallbacks).reduce((a, b) => a + (b ?? 0), 0);
    if (used > 0 || report.cacheHits > 0) await deps.store.llmRecord(utcDay(now()), { fallbacks: used, cacheHits: report.cacheHits });
    for (const [reason, detail] of details) {
      log?.warn({ reason, count: report.fallbacks[reason], detail, model: cfg.model, what }, `LLM fallback (${reason}): using the offline text`);
    }
    report.ms = Math.round(performance.now() - t0);
    log?.debug({ what, calls: report.calls, cacheHits: report.cacheHits, fallbacks: used, ms: report.ms }, 'LLM enhancement done');
    opts.onReport?.(report);
    deps.onReport?.(what, report);
    return { stories: out, untranslated, ...(overview ? { overview } : {}), report };
  }

  /** enhance(), but an unexpected error (a closed database …) leaves the whole reply offline instead of failing it. */
  const safely = async (stories: Story[], opts: EnhanceOptions, what: 'briefing' | 'digest'): Promise<Enhanced | undefined> => {
    try {
      return await enhance(stories, opts, what);
    } catch (err) {
      log?.error({ err, reason: 'error', what }, 'LLM enhancement failed: using the offline text');
      return undefined;
    }
  };

  return {
    config: cfg,
    citedSentence,
    async enhanceBriefing(b, opts = {}) {
      if (opts.mode === 'off' || b.stories.length === 0) return b;
      const e = await safely(b.stories, opts, 'briefing');
      return e ? { ...b, stories: e.stories, ...(e.overview ? { overview: e.overview } : {}) } : b;
    },
    async enhanceDigest(d, opts = {}) {
      const flat = d.sections.flatMap((s) => s.stories);
      if (opts.mode === 'off' || flat.length === 0) return d;
      const language = opts.language ?? d.language;
      const e = await safely(flat, { ...opts, ...(language ? { language } : {}) }, 'digest');
      // Summaries left offline stay in their own language: the reply says so once.
      if (!e) return noteUntranslated(d, flat, 'failed');
      let i = 0;
      const sections = d.sections.map((sec) => ({ ...sec, stories: sec.stories.map(() => e.stories[i++] as Story) }));
      const why = wantsSummaries(opts.mode ?? cfg.mode) ? 'failed' : 'offline';
      return noteUntranslated({ ...d, sections, ...(e.overview ? { overview: e.overview } : {}) }, e.untranslated, why);
    },
    async status() {
      const day = utcDay(now());
      const u = await deps.store.llmUsage(day);
      return {
        mode: cfg.mode,
        model: cfg.model,
        day,
        tokensToday: u.tokens,
        dailyTokens: cfg.dailyTokens,
        callsToday: u.calls,
        fallbacksToday: u.fallbacks,
        cacheHitsToday: u.cacheHits,
      };
    },
  };
}
