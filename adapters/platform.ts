// What a chat platform is to `newsbrief serve` (adapters/main.ts): how it is detected from the environment and started,
// and what a running one offers the service (stop, the digest poster, health).
import type { App } from '../src/app.js';
import type { Logger } from '../src/log.js';
import type { DigestPoster } from '../src/schedule/delivery.js';
import type { ComponentHealth } from '../src/service/http.js';

/** A running platform adapter. */
export interface RunningPlatform {
  stop(): Promise<void>;
  /** Posts scheduled digests on this platform. */
  poster?: DigestPoster;
  /** /healthz's view of the connection (connected, or down since when; unhealthy after NEWSBRIEF_HEALTH_GRACE). */
  health?(): ComponentHealth;
}

/** A chat platform: whether its variables are set (and valid), and how to start it. */
export interface PlatformEntry {
  name: string;
  detect(env: NodeJS.ProcessEnv):
    | { enabled: false }
    | { enabled: true; problems: string[] }
    | { enabled: true; start(app: App, logger: Logger): Promise<RunningPlatform> };
}
