// Composition root: the only place that picks concrete implementations (SQLite store, or PostgreSQL when
// NEWSBRIEF_DATABASE_URL is set; extractive summarizer).
import { type Config, loadConfig } from './config/config.js';
import { createPipeline, type Pipeline } from './ingest/pipeline.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createSqliteStore } from './store/sqlite.js';
import { sqliteAvailability } from './store/sqlite-access.js';
import { createPgStore } from './store/pg.js';
import { pgAvailability } from './store/pg-db.js';
import type { StoreAvailability } from './store/availability.js';
import { type Clock, systemClock } from './clock.js';
import type { Store } from './store/ports.js';
import type { DigestRun, Subscription } from './store/types.js';
// LLM (docs/llm.md)
import { createLlmService, type LlmService } from './llm/service.js';
import { createLogger, type Logger } from './log.js';

export interface App {
  config: Config;
  /** The one clock: everything that stamps or compares times asks it (tests inject their own). */
  now: Clock;
  store: Store;
  /** Whether the store can serve a command now (busy, read-only), in store-neutral terms. */
  availability: StoreAvailability;
  pipeline: Pipeline;
  /** Prometheus counters and latencies (served at /metrics by `npm start`). */
  metrics: Metrics;
  /** Optional LLM summaries and overviews (docs/llm.md): present only when OPENAI_API_KEY or OPENAI_BASE_URL is set. */
  llm?: LlmService;
  /** Set by the service once its posters run: posts digest `sub` in its channel now as a run of the scheduler (nonce,
   * run ledger, its stories' thread), resolving with how that run ended (`/digest now`). */
  postDigestNow?: (sub: Subscription) => Promise<DigestRun | undefined>;
  close(): Promise<void>;
}

/** Builds the app from config (or loads config from the environment). */
export function createApp(
  opts: {
    config?: Config;
    dbPath?: string;
    /** The clock for the whole program (default: the wall clock). */
    now?: Clock;
    /** LLM (docs/llm.md): a service to use (tests), or false to stay offline (`brief --llm off`). Default: from config. */
    llm?: LlmService | false;
    /** Where the LLM service logs (default: JSON lines on stderr, so CLI output stays clean). */
    logger?: Logger;
    /** How long one statement waits for another process's lock, blocking (default 5 s; the service: 100 ms). */
    busyTimeoutMs?: number;
  } = {},
): App {
  const config = opts.config ?? loadConfig(process.env, opts.dbPath ? { dbPath: opts.dbPath } : {});
  const now = opts.now ?? systemClock;
  const pgUrl = opts.dbPath ? undefined : config.databaseUrl;
  const store = pgUrl
    ? createPgStore(pgUrl, now)
    : createSqliteStore(opts.dbPath ?? config.dbPath, now, opts.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: opts.busyTimeoutMs });
  const metrics = createMetrics();
  const pipeline = countedPipeline(createPipeline(store, { topics: config.topics, now }), metrics);
  // LLM (docs/llm.md): created only when configured; it never runs on the ingest path.
  const llm =
    opts.llm === false
      ? undefined
      : (opts.llm ??
        (config.llm
          ? createLlmService({
              config: config.llm,
              store: store.llm,
              logger: opts.logger ?? createLogger(config.logLevel, process.stderr),
              onReport: (what, r) => metrics.llm(what, r),
              now,
            })
          : undefined));
  return {
    config,
    now,
    store,
    availability: pgUrl ? pgAvailability : sqliteAvailability,
    pipeline,
    metrics,
    ...(llm ? { llm } : {}),
    close: () => store.close(),
  };
}

/** The pipeline, counting every outcome and rejection in the metrics. */
function countedPipeline(p: Pipeline, metrics: Metrics): Pipeline {
  const count = <R extends { outcomes: { status: string }[]; rejections: unknown[] }>(r: R): R => {
    for (const o of r.outcomes) metrics.ingest(o.status);
    metrics.ingest('rejected', r.rejections.length);
    return r;
  };
  return {
    ingestContent: async (content, origin) => count(await p.ingestContent(content, origin)),
    async ingestParsed(article) {
      const o = await p.ingestParsed(article);
      metrics.ingest(o.status);
      return o;
    },
    commitPrepared: async (prepared) => count(await p.commitPrepared(prepared)),
    get topics() {
      return p.topics;
    },
    now: () => p.now(),
  };
}
