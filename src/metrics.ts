// Prometheus metrics (prom-client) on a registry of our own per app, served as text at /metrics by the running
// service: commands served, digests posted/failed, articles ingested, feed polls, LLM calls and fallbacks, each
// platform's connection, and their latencies.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** A slash command answered (outcome: ok | user_error | invalid | refused | busy | unknown | error). */
  command(platform: string, command: string, outcome: string, seconds: number): void;
  /** A digest slot finished (outcome: posted | nothing_new | failed | skipped). */
  digest(platform: string, outcome: string, seconds?: number): void;
  /** Articles through the pipeline (outcome: added | joined | updated | duplicate | rejected). */
  ingest(outcome: string, count?: number): void;
  /** A feed poll finished (outcome: ok | not-modified | failed | disabled). */
  feedPoll(outcome: string): void;
  /** What one LLM enhancement did: requests made, cache hits, tokens, and fallbacks to the offline text by reason. */
  llm(what: string, report: { calls: number; cacheHits: number; tokens: number; fallbacks: Partial<Record<string, number>> }): void;
  /** Reports `platform`'s connection (1 connected, 0 not) at every scrape. */
  platformConnected(platform: string, connected: () => boolean): void;
  /** Reports the live newsbrief instances on this database (in all, and by role) at every scrape. */
  instancesLive(live: () => Promise<{ roles: readonly string[] }[]>): void;
  /** Adds Node process metrics (CPU, memory, event loop); once, by the running service only. */
  enableProcessMetrics(): void;
  /** The Prometheus text exposition. */
  text(): Promise<string>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(): Metrics {
  const registry = new Registry();
  const commands = new Counter({ name: 'newsbrief_commands_total', help: 'Slash commands served', labelNames: ['platform', 'command', 'outcome'], registers: [registry] });
  const commandSeconds = new Histogram({ name: 'newsbrief_command_seconds', help: 'Time to answer a slash command', labelNames: ['platform', 'command'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const digests = new Counter({ name: 'newsbrief_digests_total', help: 'Digest slots by outcome', labelNames: ['platform', 'outcome'], registers: [registry] });
  const digestSeconds = new Histogram({ name: 'newsbrief_digest_delivery_seconds', help: 'Time from claiming a digest slot to its outcome', labelNames: ['platform'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const ingest = new Counter({ name: 'newsbrief_ingest_articles_total', help: 'Articles through the ingest pipeline', labelNames: ['outcome'], registers: [registry] });
  const feedPolls = new Counter({ name: 'newsbrief_feed_polls_total', help: 'Feed polls by outcome', labelNames: ['outcome'], registers: [registry] });
  const llmCalls = new Counter({ name: 'newsbrief_llm_calls_total', help: 'LLM requests made (cache hits excluded)', labelNames: ['what'], registers: [registry] });
  const llmCacheHits = new Counter({ name: 'newsbrief_llm_cache_hits_total', help: 'LLM answers served from the cache', labelNames: ['what'], registers: [registry] });
  const llmTokens = new Counter({ name: 'newsbrief_llm_tokens_total', help: 'LLM tokens used', registers: [registry] });
  const llmFallbacks = new Counter({ name: 'newsbrief_llm_fallbacks_total', help: 'Parts that fell back to the offline text, by reason', labelNames: ['reason'], registers: [registry] });
  const platforms = new Map<string, () => boolean>();
  new Gauge({
    name: 'newsbrief_platform_connected',
    help: 'Whether each chat platform is connected (1) or not (0)',
    labelNames: ['platform'],
    registers: [registry],
    collect() {
      for (const [platform, connected] of platforms) {
        let up: boolean;
        try {
          up = connected();
        } catch {
          up = false;
        }
        this.set({ platform }, up ? 1 : 0);
      }
    },
  });
  let instances: (() => Promise<{ roles: readonly string[] }[]>) | undefined;
  new Gauge({
    name: 'newsbrief_instances_live',
    help: 'newsbrief processes sharing this database with a recent heartbeat, in all (role="any") and by role',
    labelNames: ['role'],
    registers: [registry],
    async collect() {
      if (!instances) return;
      let live: { roles: readonly string[] }[];
      try {
        live = await instances();
      } catch {
        return; // the database is down: /healthz says so
      }
      this.set({ role: 'any' }, live.length);
      for (const role of ['http', 'scheduler', 'poller']) this.set({ role }, live.filter((i) => i.roles.includes(role)).length);
    },
  });
  let processMetrics = false;
  return {
    registry,
    command(platform, command, outcome, seconds) {
      commands.inc({ platform, command, outcome });
      commandSeconds.observe({ platform, command }, seconds);
    },
    digest(platform, outcome, seconds) {
      digests.inc({ platform, outcome });
      if (seconds !== undefined) digestSeconds.observe({ platform }, seconds);
    },
    ingest(outcome, count = 1) {
      if (count > 0) ingest.inc({ outcome }, count);
    },
    feedPoll(outcome) {
      feedPolls.inc({ outcome });
    },
    llm(what, report) {
      if (report.calls > 0) llmCalls.inc({ what }, report.calls);
      if (report.cacheHits > 0) llmCacheHits.inc({ what }, report.cacheHits);
      if (report.tokens > 0) llmTokens.inc(report.tokens);
      for (const [reason, n] of Object.entries(report.fallbacks)) if (n) llmFallbacks.inc({ reason }, n);
    },
    platformConnected(platform, connected) {
      platforms.set(platform, connected);
    },
    instancesLive(live) {
      instances = live;
    },
    enableProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry, prefix: 'newsbrief_' });
    },
    text: () => registry.metrics(),
  };
}
