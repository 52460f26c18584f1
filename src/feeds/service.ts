// Feed operations shared by the /feeds commands, the CLI and the poller: add a feed (fetched once at once, with the
// precise reason when it fails), poll one feed (conditional GET, new items into the pipeline, exponential backoff,
// disabled after failing for 3 days), and the process-wide fetcher (so the one-request-per-host rule holds across
// the commands and the poller).
import { feedSettings, type Config } from '../config/config.js';
import type { Clock } from '../clock.js';
import type { Pipeline } from '../ingest/pipeline.js';
import type { StoreAvailability } from '../store/availability.js';
import type { FeedStore, Transactor } from '../store/ports.js';
import { UserError } from '../errors.js';
import type { Feed } from '../store/types.js';
import { createFetcher, FetchError, type FeedFetcher } from './fetch.js';
import { storeHostLease } from './host-lease.js';
import { ingestItems, type ItemsResult } from './items.js';
import { absoluteUrl, FeedParseError, parseFeedBody, type ParsedFeed } from './parse.js';

/** Poll interval bounds, in minutes (issue: default 15, minimum 5). */
export const MIN_INTERVAL = 5;
export const MAX_INTERVAL = 1440;
/** A feed failing without a break for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 86_400_000;
/** Backoff never waits longer than this between attempts. */
export const MAX_BACKOFF_MS = 6 * 3_600_000;
/** Time `/feeds add` may spend fetching article pages before it answers. */
export const ADD_PAGE_BUDGET_MS = 20_000;
/** Most feeds one workspace may have. */
export const MAX_FEEDS_PER_WORKSPACE = 100;

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.8, application/json;q=0.7, */*;q=0.5';

/** What the feed operations use: the feeds, the pipeline their items go through, the feed settings and the clock. */
export interface FeedDeps {
  store: Transactor & { feeds: FeedStore };
  /** Tells a busy store (another writer holds the lock) from a feed's own failure. */
  availability: StoreAvailability;
  pipeline: Pipeline;
  config: Config;
  now: Clock;
}

const fetchers = new WeakMap<FeedDeps, FeedFetcher>();

/** The app's fetcher (one per app, built from its feed settings on first use). */
export function fetcherFor(app: FeedDeps): FeedFetcher {
  let f = fetchers.get(app);
  if (!f) {
    const s = feedSettings(app.config);
    f = createFetcher({ allowPrivate: s.allowPrivate, userAgent: s.userAgent, now: app.now, hostLease: storeHostLease(app.store.feeds, app.now) });
    fetchers.set(app, f);
  }
  return f;
}

/** Replaces the app's fetcher (tests: custom limits or a fake resolver). */
export function setFetcher(app: FeedDeps, fetcher: FeedFetcher): void {
  fetchers.set(app, fetcher);
}

export type FeedFetch =
  | { kind: 'not-modified' }
  | { kind: 'ok'; url: string; feed: ParsedFeed; etag?: string; lastModified?: string };

/** Fetches and parses a feed; throws FetchError or FeedParseError (messages are shown to admins as they are). */
export async function fetchFeed(fetcher: FeedFetcher, url: string, prev: { etag?: string; lastModified?: string }, now: Date): Promise<FeedFetch> {
  const res = await fetcher.fetch({ url, accept: FEED_ACCEPT, ...prev });
  if (res.kind === 'not-modified') return { kind: 'not-modified' };
  const feed = parseFeedBody(res.body, res.contentType, res.url, now);
  return {
    kind: 'ok',
    url: res.url,
    feed,
    ...(res.etag ? { etag: res.etag } : {}),
    ...(res.lastModified ? { lastModified: res.lastModified } : {}),
  };
}

/** "https://example.com/feed" from what a user typed (a scheme is added when missing), http(s) only. */
export function normalizeFeedUrl(input: string): string {
  let s = input.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) s = `https://${s}`;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new UserError(`"${input.slice(0, 100)}" is not a URL. Give the feed's address, e.g. https://example.com/feed.xml`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UserError(`Only http and https feeds can be added, not ${u.protocol.replace(/:$/, '')}.`);
  if (u.username || u.password) throw new UserError('Feed URLs with a user name or password are not supported.');
  u.hash = '';
  return u.href;
}

export interface AddFeedInput {
  workspaceId: string;
  url: string;
  /** Settings given with this add; one left out keeps the feed's current value (or the default for a new feed). */
  topics?: string[];
  intervalMinutes?: number;
  fetchPages?: boolean;
  addedBy?: string;
  addedIn?: string;
}

/** One setting a re-add changed: "topics: korea → korea, china". */
export interface FeedSettingChange {
  setting: 'topics' | 'interval' | 'pages';
  from: string;
  to: string;
}

export interface AddFeedResult {
  feed: Feed;
  /** false: the workspace had the feed already (its settings were updated, a disabled one re-enabled). */
  created: boolean;
  reenabled: boolean;
  /** What a re-add changed (empty for a new feed, or when the same settings were given or none). */
  changes: FeedSettingChange[];
  itemCount: number;
  ingest: ItemsResult;
}

/**
 * Adds a feed: fetches it at once (following an HTML page's advertised feed link once), stores it, and stores its
 * current items. Throws UserError with the precise reason when the feed cannot be fetched or parsed.
 */
export async function addFeed(app: FeedDeps, input: AddFeedInput, now: Date = app.now()): Promise<AddFeedResult> {
  const fetcher = fetcherFor(app);
  let url = input.url;
  let fetched: FeedFetch;
  try {
    try {
      fetched = await fetchFeed(fetcher, url, {}, now);
    } catch (err) {
      const found = err instanceof FeedParseError ? err.discovered : undefined;
      if (!found) throw err;
      url = found;
      fetched = await fetchFeed(fetcher, url, {}, now);
    }
  } catch (err) {
    if (err instanceof FetchError || err instanceof FeedParseError) throw new UserError(`Could not add ${url}: ${err.message}`);
    throw err;
  }
  if (fetched.kind !== 'ok') throw new UserError(`Could not add ${url}: the server answered 304 Not Modified to a plain GET`);
  const existing = await app.store.feeds.listFeeds(input.workspaceId);
  if (existing.length >= MAX_FEEDS_PER_WORKSPACE && !existing.some((f) => f.url === url)) {
    throw new UserError(`This workspace already has ${MAX_FEEDS_PER_WORKSPACE} feeds; remove one first.`);
  }
  const at = now.toISOString();
  const title = fetched.feed.title;
  const siteUrl = absoluteUrl(fetched.feed.link);
  // A feed the workspace has already (also when a page led to it): settings not given now stay as they are.
  const before = existing.find((f) => f.url === url);
  const settings = {
    topics: input.topics ?? before?.topics ?? [],
    intervalMinutes: input.intervalMinutes ?? before?.intervalMinutes ?? feedSettings(app.config).intervalMinutes,
    fetchPages: input.fetchPages ?? before?.fetchPages ?? true,
  };
  const { feed: stored, created } = await app.store.feeds.addFeed(
    {
      workspaceId: input.workspaceId, url, ...settings,
      nextPollAt: at,
      ...(title ? { title } : {}), ...(siteUrl ? { siteUrl } : {}),
      ...(input.addedBy ? { addedBy: input.addedBy } : {}), ...(input.addedIn ? { addedIn: input.addedIn } : {}),
    },
    at,
  );
  const reenabled = !created && stored.disabledReason !== undefined;
  const changes = created ? [] : settingChanges(stored, settings);
  if (!created) {
    // Re-adding applies the settings given and gives a disabled feed a fresh start.
    await app.store.feeds.updateFeed(stored.id, { disabledReason: null, failures: 0, failingSince: null, lastError: null, ...(title ? { title } : {}) });
    if (changes.length > 0) await app.store.feeds.updateFeedSettings(stored.id, settings);
  }
  const feed = (await app.store.feeds.getFeed(stored.id)) as Feed;
  // The admin is waiting for the answer: fetch article pages for at most 20 s, store the rest as teasers.
  const ingest = await ingestItems({ store: app.store, pipeline: app.pipeline, fetcher }, feed, fetched.feed, { now, pageBudgetMs: ADD_PAGE_BUDGET_MS });
  await app.store.feeds.updateFeed(feed.id, {
    lastPolledAt: at, lastOkAt: at, lastError: null, failures: 0, failingSince: null,
    nextPollAt: new Date(now.getTime() + feed.intervalMinutes * 60_000).toISOString(),
    etag: fetched.etag ?? null, lastModified: fetched.lastModified ?? null, addArticles: ingest.added,
  });
  return { feed: (await app.store.feeds.getFeed(feed.id)) as Feed, created, reenabled, changes, itemCount: fetched.feed.items.length, ingest };
}

/** The settings that differ between a stored feed and the ones it is about to get. */
function settingChanges(f: Feed, to: { topics: string[]; intervalMinutes: number; fetchPages: boolean }): FeedSettingChange[] {
  const out: FeedSettingChange[] = [];
  const list = (t: string[]) => (t.length > 0 ? t.join(', ') : 'none');
  if (list(f.topics) !== list(to.topics)) out.push({ setting: 'topics', from: list(f.topics), to: list(to.topics) });
  if (f.intervalMinutes !== to.intervalMinutes) out.push({ setting: 'interval', from: `${f.intervalMinutes} min`, to: `${to.intervalMinutes} min` });
  if (f.fetchPages !== to.fetchPages) out.push({ setting: 'pages', from: f.fetchPages ? 'on' : 'off', to: to.fetchPages ? 'on' : 'off' });
  return out;
}

/** What one poll of one feed did. */
export interface PollResult {
  feedId: number;
  url: string;
  status: 'ok' | 'not-modified' | 'failed' | 'disabled';
  /** The failure (also stored as the feed's last error). */
  error?: string;
  items?: number;
  added?: number;
  nextPollAt: string;
}

/** The wait before the next attempt after `failures` failures in a row: interval × 2^(failures-1), at most 6 h. */
export function backoffMs(intervalMinutes: number, failures: number): number {
  return Math.min(MAX_BACKOFF_MS, intervalMinutes * 60_000 * 2 ** Math.min(Math.max(0, failures - 1), 20));
}

/** Polls one feed and records the outcome; never throws for a feed's own failure. */
export async function pollFeed(app: FeedDeps, feed: Feed, now: Date): Promise<PollResult> {
  const fetcher = fetcherFor(app);
  const at = now.toISOString();
  const next = (ms: number) => new Date(now.getTime() + ms).toISOString();
  try {
    const r = await fetchFeed(fetcher, feed.url, { ...(feed.etag ? { etag: feed.etag } : {}), ...(feed.lastModified ? { lastModified: feed.lastModified } : {}) }, now);
    const nextPollAt = next(feed.intervalMinutes * 60_000);
    const ok = { lastPolledAt: at, lastOkAt: at, lastError: null, failures: 0, failingSince: null, nextPollAt };
    if (r.kind === 'not-modified') {
      await app.store.feeds.updateFeed(feed.id, ok);
      return { feedId: feed.id, url: feed.url, status: 'not-modified', nextPollAt };
    }
    const ingest = await ingestItems({ store: app.store, pipeline: app.pipeline, fetcher }, feed, r.feed, { now });
    await app.store.feeds.updateFeed(feed.id, {
      ...ok,
      ...(r.feed.title ? { title: r.feed.title } : {}),
      etag: r.etag ?? null,
      lastModified: r.lastModified ?? null,
      addArticles: ingest.added,
    });
    return { feedId: feed.id, url: feed.url, status: 'ok', items: ingest.items, added: ingest.added, nextPollAt };
  } catch (err) {
    // Another process holds the database's write lock: not the feed's fault; it stays due and is polled next tick.
    if (app.availability.problemOf(err) === 'busy') throw err;
    if (!(err instanceof FetchError || err instanceof FeedParseError)) {
      // A bug, not the feed's fault: still recorded, so one bad feed never stops the poller.
      (err as Error).message = `internal error: ${(err as Error).message}`;
    }
    const error = (err as Error).message.slice(0, 300);
    const failures = feed.failures + 1;
    const failingSince = feed.failingSince ?? at;
    if (now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS) {
      const disabledReason = `failing since ${failingSince.slice(0, 10)} (${failures} attempts): ${error}`;
      await app.store.feeds.updateFeed(feed.id, { lastPolledAt: at, lastError: error, failures, failingSince, disabledReason });
      return { feedId: feed.id, url: feed.url, status: 'disabled', error, nextPollAt: feed.nextPollAt };
    }
    const retry = err instanceof FetchError ? (err.extra.retryAfterMs ?? 0) : 0;
    const nextPollAt = next(Math.max(backoffMs(feed.intervalMinutes, failures), Math.min(retry, MAX_BACKOFF_MS)));
    await app.store.feeds.updateFeed(feed.id, { lastPolledAt: at, lastError: error, failures, failingSince, nextPollAt });
    return { feedId: feed.id, url: feed.url, status: 'failed', error, nextPollAt };
  }
}
