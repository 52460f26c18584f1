// Shared set-up of the scheduler tests: Apps on a fresh database file per test, a recording poster, articles and
// subscriptions, and a scheduler that never really sleeps. `useSchedulerHarness()` registers the hooks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import cron from 'node-cron';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { noticeText, type DigestPoster, type Notice, type PostContent } from '../../src/schedule/delivery.js';
import { createScheduler, type Scheduler, type SchedulerOptions } from '../../src/schedule/scheduler.js';
import type { Subscription } from '../../src/store/types.js';
import type { DigestStore } from '../../src/store/ports.js';

const logger = createLogger('silent');
let dir: string;
const apps: App[] = [];

/** When each test starts: the morning before SLOT (08:00 in Seoul on 1 December is 23:00 UTC on 30 November). */
const START = '2026-11-30T10:00:00.000Z';
/**
 * The test's clock. Apps made by makeApp() read it (ingest times, subscriptions' creation, claims), and a tick through
 * `scheduler()` moves it to the tick's time first, so the app and the scheduler always agree on "now".
 */
export const clock = { now: new Date(START) };

/** Registers the per-test temporary directory and clean-up (Apps closed, cron tasks destroyed, real timers). */
export function useSchedulerHarness(): void {
  beforeEach(async () => {
    clock.now = new Date(START);
    dir = mkdtempSync(path.join(tmpdir(), 'nb-sched-'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const t of cron.getTasks().values()) await t.destroy();
    for (const a of apps.splice(0)) await a.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

/** The current test's database file. */
export const dbFile = (): string => path.join(dir, 'nb.db');

/** Closes every App opened so far (a test about to hand the database to other processes). */
export async function closeApps(): Promise<void> {
  for (const a of apps.splice(0)) await a.close();
}

/** The machine's clock, for tests where fake timers move it (node-cron reads it too). */
export const wallClock = {
  get now(): Date {
    return new Date();
  },
};

/** An App on the shared database file whose clock is `c` (default: the test's clock). */
export function makeApp(c: { now: Date } = clock): App {
  const app = createApp({ config: loadConfig({ NEWSBRIEF_DB: dbFile() }), now: () => c.now });
  apps.push(app);
  return app;
}

export interface Sent {
  channelId: string;
  content: PostContent;
  nonce: string;
}

/** A poster that records posts; `fail` decides per call whether (and how) to fail. */
export function memoryPoster(fail?: (channelId: string, n: number) => Error | undefined): DigestPoster & { sent: Sent[]; dms: { to: string; text: string }[]; calls: number } {
  const p = {
    platform: 'discord' as const,
    concurrency: 4,
    sent: [] as Sent[],
    dms: [] as { to: string; text: string }[],
    calls: 0,
    connected: () => true,
    async post(channelId: string, content: PostContent, { nonce }: { nonce: string }) {
      p.calls++;
      const err = fail?.(channelId, p.calls);
      if (err) throw err;
      p.sent.push({ channelId, content, nonce });
      return `discord:${channelId}:${p.sent.length}`;
    },
    async dm(to: string, notice: Notice) {
      p.dms.push({ to, text: noticeText(notice) });
    },
  };
  return p;
}

let articleN = 0;
export async function ingest(app: App, title: string, own?: string): Promise<void> {
  const body = own ?? `${title}. North Korea and South Korea officials met in Seoul on Monday to discuss the talks. The meeting was described as constructive by both sides, officials said.`;
  const r = await app.pipeline.ingestContent(JSON.stringify({ title, body, url: `https://news.example/${++articleN}`, source: 'Example News' }), `t${articleN}.json`);
  expect(r.rejections).toEqual([]);
}

export async function subscribe(app: { store: { digests: DigestStore } }, over: Partial<Subscription> = {}): Promise<Subscription> {
  return await app.store.digests.addSubscription({
    workspaceId: 'discord:1', channelId: 'discord:1:100', topics: ['korea'], cron: '0 8 * * *', timezone: 'Asia/Seoul',
    postEmpty: false, lastWatermark: '2026-11-30T00:00:00.000Z', createdBy: 'discord:42', ...over,
  });
}

/** A scheduler that never really sleeps; `tick(at)` first moves the test's clock to `at`. */
export function scheduler(app: App, poster: DigestPoster, over: Partial<SchedulerOptions> = {}): Scheduler {
  const s = createScheduler(app, { posters: [poster], logger, sleep: async () => undefined, ...over });
  return {
    ...s,
    tick(at?: Date) {
      if (at) clock.now = at;
      return s.tick(at);
    },
  };
}

// 08:00 in Seoul on 1 December 2026 is 23:00 UTC on 30 November.
export const SLOT = '2026-11-30T23:00:00.000Z';
export const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);
