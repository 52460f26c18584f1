// Prometheus metrics (prom-client) on a registry of our own per app, served as text at /metrics by the running
// service: commands served, digests posted/failed, articles ingested, and their latencies.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** A slash command answered (outcome: ok | user_error | error). */
  command(platform: string, command: string, outcome: string, seconds: number): void;
  /** A digest slot finished (outcome: posted | nothing_new | failed | skipped). */
  digest(platform: string, outcome: string, seconds?: number): void;
  /** Articles through the pipeline (outcome: added | joined | updated | duplicate | rejected). */
  ingest(outcome: string, count?: number): void;
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
    enableProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry, prefix: 'newsbrief_' });
    },
    text: () => registry.metrics(),
  };
}
