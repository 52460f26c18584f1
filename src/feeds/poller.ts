// The feed poller that `npm start` runs: every tick it polls the feeds whose next poll is due (a few at a time; the
// fetcher keeps one request per host), records each outcome, and tells whoever added a feed when it gets disabled
// after failing for 3 days. One feed's failure never stops the others. Tests drive it with an injected clock and
// direct pollNow() calls instead of waiting.
import { createLimiter } from '../limiter.js';
import type { Logger } from '../log.js';
import type { Feed } from '../store/types.js';
import type { FeedStore } from '../store/ports.js';
import type { Metrics } from '../metrics.js';
import { pollFeed, type FeedDeps, type PollResult } from './service.js';

/** What the poller uses: the feed operations' dependencies and a counter of poll outcomes. */
export type PollerDeps = FeedDeps & { metrics: Pick<Metrics, 'feedPoll'> };

/** How often the poller looks for due feeds. */
export const TICK_MS = 30_000;
/** Feeds polled at the same time (requests to one host still go one at a time). */
export const POLL_CONCURRENCY = 4;
/** Most feeds taken per tick; the rest wait for the next one. */
const MAX_PER_TICK = 200;

export interface PollSummary {
  polled: number;
  ok: number;
  notModified: number;
  failed: number;
  disabled: number;
  /** Articles stored. */
  added: number;
  results: PollResult[];
}

export interface FeedPoller {
  /** Stops ticking and waits for the polls in flight. */
  stop(): Promise<void>;
  /** Polls the due feeds now (every enabled feed with `all`); waits for a poll already running first. */
  pollNow(opts?: { all?: boolean }): Promise<PollSummary>;
}

export interface FeedPollerOptions {
  logger: Logger;
  /** Tells whoever added a feed that it was disabled (the lead wires this to a direct message). */
  notify?: (feed: Feed, text: string) => Promise<void>;
  now?: () => Date;
  /** Milliseconds between ticks (default TICK_MS); 0 = no timer, only pollNow(). */
  tickMs?: number;
}

/** The text sent to whoever added a feed when it gets disabled. */
export function disabledNotice(feed: Feed): string {
  const name = feed.title ? `${feed.title} (${feed.url})` : feed.url;
  return `Your feed ${name} was disabled: ${feed.disabledReason ?? 'it kept failing'}. ` +
    `newsbrief stopped polling it. Once it works again, add it back with \`/feeds add url:${feed.url}\`.`;
}

/** Starts the poller. */
export function startFeedPoller(app: PollerDeps, opts: FeedPollerOptions): FeedPoller {
  const log = opts.logger.child({ scope: 'feeds' });
  const now = app.now;
  const tickMs = opts.tickMs ?? TICK_MS;
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const runOnce = async (all: boolean): Promise<PollSummary> => {
    const at = now();
    const feeds = all
      ? (await app.store.feeds.listFeeds()).filter((f) => f.disabledReason === undefined)
      : await app.store.feeds.dueFeeds(at.toISOString(), MAX_PER_TICK);
    const limiter = createLimiter(POLL_CONCURRENCY);
    const results = await Promise.all(feeds.map((feed) => limiter.run(async () => {
      const r = await pollFeed(app, feed, at);
      app.metrics.feedPoll(r.status);
      if (r.status === 'failed') log.warn({ feedId: feed.id, url: feed.url, error: r.error, nextPollAt: r.nextPollAt }, 'feed poll failed');
      else if (r.status === 'ok' && (r.added ?? 0) > 0) log.info({ feedId: feed.id, url: feed.url, added: r.added }, 'feed polled');
      if (r.status === 'disabled') {
        const updated = (await app.store.feeds.getFeed(feed.id)) ?? feed;
        log.warn({ feedId: feed.id, url: feed.url, reason: updated.disabledReason }, 'feed disabled');
        if (opts.notify) {
          try {
            await opts.notify(updated, disabledNotice(updated));
          } catch (err) {
            log.error({ err, feedId: feed.id }, 'could not tell the admin that a feed was disabled');
          }
        }
      }
      return r;
    })));
    const count = (s: PollResult['status']) => results.filter((r) => r.status === s).length;
    return {
      polled: results.length,
      ok: count('ok'),
      notModified: count('not-modified'),
      failed: count('failed'),
      disabled: count('disabled'),
      added: results.reduce((n, r) => n + (r.added ?? 0), 0),
      results,
    };
  };

  // Polls run one after another: a pollNow() during a tick waits for it, then polls again.
  const pollNow = (o: { all?: boolean } = {}): Promise<PollSummary> => {
    const p = chain.then(() => runOnce(o.all === true));
    chain = p.catch(() => undefined);
    return p;
  };

  const schedule = () => {
    if (stopped || tickMs <= 0) return;
    timer = setTimeout(() => {
      pollNow().then(
        (s) => {
          if (s.polled > 0) log.debug({ polled: s.polled, added: s.added, failed: s.failed }, 'feed tick');
        },
        (err: unknown) => log.error({ err }, 'feed tick failed'),
      ).finally(schedule);
    }, tickMs);
    timer.unref();
  };
  // The first tick comes soon after start, so feeds overdue from downtime are polled right away.
  if (tickMs > 0 && !stopped) {
    timer = setTimeout(() => {
      pollNow().catch((err: unknown) => log.error({ err }, 'feed tick failed')).finally(schedule);
    }, Math.min(tickMs, 2_000));
    timer.unref();
  }

  return {
    pollNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await chain;
    },
  };
}

/** One line about a workspace's broken feeds for `/digest status` (undefined when every feed is fine). */
export async function feedProblemsLine(app: { store: { feeds: Pick<FeedStore, 'listFeeds'> } }, workspaceId: string): Promise<string | undefined> {
  const feeds = await app.store.feeds.listFeeds(workspaceId);
  const name = (f: Feed) => f.title ?? new URL(f.url).hostname;
  const disabled = feeds.filter((f) => f.disabledReason !== undefined);
  const failing = feeds.filter((f) => f.disabledReason === undefined && f.failures > 0);
  if (disabled.length === 0 && failing.length === 0) return undefined;
  const parts: string[] = [];
  const list = (fs: Feed[]) => fs.slice(0, 3).map((f) => `${name(f)}: ${f.lastError ?? 'failing'}`).join('; ') + (fs.length > 3 ? '; …' : '');
  if (disabled.length > 0) parts.push(`${disabled.length} disabled (${list(disabled)})`);
  if (failing.length > 0) parts.push(`${failing.length} failing (${list(failing)})`);
  return `Feeds: ${parts.join(', ')}. \`/feeds list\` shows them.`;
}
