// The adapter contract. Every adapter (Discord, Slack, the terminal) renders one neutral Reply as the messages it sends
// (`ReplyRenderer`); a chat platform is also detected from the environment and started by `newsbrief serve`
// (adapters/main.ts), and a running one offers the service the same things: stop, connected, health, the digest
// poster. Each adapter folder mirrors the others: adapter.ts (this contract), client.ts (the platform client and
// dispatch), config.ts (its environment), render.ts, limits.ts, poster.ts, registration.ts, sources.ts.
import type { Reply } from '../commands/types.js';
import type { App } from '../src/app.js';
import type { Logger } from '../src/log.js';
import type { DigestPoster } from '../src/schedule/delivery.js';
import type { ComponentHealth, HttpRoute } from '../src/service/http.js';

/** A reply as an adapter sends it: its messages, and whether only the caller sees them. */
export interface Rendered<M> {
  messages: M[];
  ephemeral: boolean;
}

/** One neutral Reply as the messages an adapter sends (replyToDiscord, replyToSlack, replyToTerminal). */
export type ReplyRenderer<M> = (reply: Reply, now: Date) => Rendered<M>;

/** A running chat platform adapter. */
export interface RunningPlatform {
  /** Stops taking commands, lets replies in flight finish, then disconnects. */
  stop(): Promise<void>;
  /** Whether the platform connection is up now. */
  connected(): boolean;
  /** Posts scheduled digests (and direct messages) on this platform. */
  poster: DigestPoster;
  /** /healthz's view of the connection (connected, or down since when; unhealthy after NEWSBRIEF_HEALTH_GRACE). */
  health(): ComponentHealth;
  /** The platform's renderer: what a reply looks like there (the contract suite and benchmarks use it). */
  render: ReplyRenderer<unknown>;
  /** Endpoints the platform answers on the service's HTTP server (Discord's HTTP interactions endpoint). */
  routes?: HttpRoute[];
}

/** A chat platform: whether its variables are set (and valid), and how to start it. */
export interface PlatformEntry {
  name: string;
  detect(env: NodeJS.ProcessEnv):
    | { enabled: false }
    | { enabled: true; problems: string[] }
    | { enabled: true; start(app: App, logger: Logger): Promise<RunningPlatform> };
}
