// The feed poller that `npm start` runs: every tick it leases the feeds whose next poll is due (a few at a time, so
// several instances on one database never poll one feed twice; the fetcher keeps one request per host, across
// instances too), records each outcome, and tells whoever added a feed when it gets disabled
// after failing for 3 days. One feed's failure never stops the others. Tests drive it with an injected clock and
// direct pollNow() calls instead of waiting.
import { randomBytes } from 'node:crypto';
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
/** How long a feed's lease lasts: well beyond a poll (10 s per request, plus article pages), so it ends by release. */
export const LEASE_MS = 5 * 60_000;

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
  /** Who holds this poller's feed leases (the instance id; default a random one). */
  owner?: string;
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
  const owner = opts.owner ?? `poller:${randomBytes(4).toString('hex')}`;
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const pollOne = async (feed: Feed, at: Date): Promise<PollResult> => {
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
  };

  /**
   * The due feeds, leased a few at a time (only as many as can start polling now, so a lease never runs out while its
   * feed waits here) and given back once the poll recorded the next poll time: other instances skip leased feeds.
   */
  const pollDue = async (at: Date): Promise<PollResult[]> => {
    const results: PollResult[] = [];
    const running = new Set<Promise<void>>();
    let taken = 0;
    for (;;) {
      const free = Math.min(POLL_CONCURRENCY - running.size, MAX_PER_TICK - taken);
      const t = now().getTime();
      const leased = free > 0 && !stopped
        ? await app.store.feeds.leaseDueFeeds(owner, new Date(Math.max(t, at.getTime())).toISOString(), LEASE_MS, free)
        : [];
      taken += leased.length;
      for (const feed of leased) {
        const job: Promise<void> = pollOne(feed, at)
          .then((r) => void results.push(r))
          .finally(() => app.store.feeds.releaseFeed(feed.id, owner))
          .catch((err: unknown) => log.error({ err, feedId: feed.id }, 'feed poll failed'))
          .finally(() => running.delete(job));
        running.add(job);
      }
      if (running.size === 0) return results;
      await Promise.race(running);
    }
  };

  const runOnce = async (all: boolean): Promise<PollSummary> => {
    const at = now();
    let results: PollResult[];
    if (all) {
      const limiter = createLimiter(POLL_CONCURRENCY);
      const feeds = (await app.store.feeds.listFeeds()).filter((f) => f.disabledReason === undefined);
      results = await Promise.all(feeds.map((feed) => limiter.run(() => pollOne(feed, at))));
    } else {
      results = await pollDue(at);
    }
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
