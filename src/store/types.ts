// The Store port: everything the core needs from persistence. SQLite implements it today (sqlite.ts);
// a Postgres implementation can follow behind the same interface.
import type { Article, Story, Tag, TopicDef } from '../types.js';
import type { RebuildReport } from './sqlite-rebuild.js';

export type { RebuildReport };
import type { StoryState } from '../stories/assign.js';

/** Whether the database can be written right now (see Store.probeWrite). */
export type WriteProbe = { writable: true; locked: false } | { writable: true; locked: true } | { writable: false; locked: false; error: string };

/** An article ready to store: cleaned, summarized, tagged and fingerprinted (an Article before it has ids). */
export interface NewArticle extends Omit<Article, 'id' | 'storyId'> {
  contentHash: string;
  /** Encoded near-duplicate fingerprint (stories/fingerprint.ts). */
  fingerprint: Buffer;
  /** LSH band keys of the fingerprint: the candidates index. */
  bandKeys: number[];
}

/** An already stored article that shares a near-duplicate band key with a new one. */
export interface StoryCandidate {
  articleId: number;
  storyId: number;
  fingerprint: Buffer;
}

/** A full-text hit: one article, its story and its bm25 rank (lower is better). */
export interface SearchHit {
  articleId: number;
  storyId: number;
  sortAt: string;
  rank: number;
}

export interface SearchQuery {
  /**
   * A safe FTS5 expression (built by briefing/query.ts, never raw user text). Without it, `topicTag` alone selects
   * the newest articles tagged with that topic, ranked by tag score.
   */
  match?: string;
  /** Only articles whose date (published, else ingested) is at or after this ISO time. */
  since?: string;
  until?: string;
  /** Only stories that gained an article after this ISO time (digest watermark). */
  ingestedAfter?: string;
  /** Only articles tagged with this topic at ingest (for the configured default topics). */
  topicTag?: string;
  limit: number;
}

export interface StoreStats {
  articles: number;
  stories: number;
  sources: number;
  topics: number;
  languages: { lang: string; count: number }[];
  earliest?: string;
  latest?: string;
}

export interface StoredTopic extends TopicDef {
  createdBy?: string;
  createdAt: string;
}

/** A channel's digest subscription. */
export interface Subscription {
  id: number;
  workspaceId: string;
  channelId: string;
  /** Topic names; empty = all of the workspace's topics. */
  topics: string[];
  cron: string;
  timezone: string;
  enabled: boolean;
  postEmpty: boolean;
  lastWatermark?: string;
  createdBy?: string;
  createdAt: string;
  pausedReason?: string;
  /** The latest delivery failure, cleared by the next success. */
  lastError?: string;
  /** Fatal failures in a row (3 pause the subscription). */
  consecutiveFailures: number;
}

/** How a claimed slot ended. */
export interface RunOutcome {
  status: 'posted' | 'nothing_new' | 'failed' | 'skipped';
  messageRef?: string;
  error?: string;
}

/** A row of the digest run ledger. */
export interface DigestRun {
  subscriptionId: number;
  slot: string;
  status: 'claimed' | 'posted' | 'nothing_new' | 'failed' | 'skipped';
  messageRef?: string;
  error?: string;
  claimedAt: string;
  finishedAt?: string;
  owner?: string;
  attempts: number;
}

export interface SubscriptionStore {
  /** Stores a subscription (createdAt defaults to now: slots before it never run). */
  addSubscription(s: Omit<Subscription, 'id' | 'createdAt' | 'enabled' | 'pausedReason' | 'lastError' | 'consecutiveFailures'> & { createdAt?: string }): Subscription;
  /** Every subscription the scheduler should run: enabled and not paused. */
  activeSubscriptions(): Subscription[];
  listSubscriptions(channelId: string): Subscription[];
  getSubscription(id: number): Subscription | undefined;
  /** Removes one subscription of the channel (by id) or all of them; returns how many were removed. */
  removeSubscriptions(channelId: string, id?: number): number;
  setWatermark(id: number, watermark: string): void;
  /** The most recent ledger row of a subscription. */
  lastRun(subscriptionId: number): DigestRun | undefined;
  /** The ledger row of one slot. */
  getRun(subscriptionId: number, slot: string): DigestRun | undefined;
  /**
   * Claims (subscription, slot) for `owner`: true when this caller may post it. A slot is claimed once; a claim left
   * unfinished since before `staleBefore` (its process died) is taken over. Atomic across processes.
   */
  claimSlot(subscriptionId: number, slot: string, owner: string, now: string, staleBefore: string): boolean;
  /** Keeps every open claim of `owner` fresh (its heartbeat, once a minute); returns how many. */
  renewClaims(owner: string, now: string): number;
  /** Keeps a claim fresh while its delivery retries; false when the claim is no longer this owner's. */
  renewClaim(subscriptionId: number, slot: string, owner: string, now: string): boolean;
  /** Records how a claimed slot ended (only while `owner` still holds it); false when it did not. */
  finishRun(subscriptionId: number, slot: string, owner: string, outcome: RunOutcome, now: string): boolean;
  /** Gives a claim back (a stopping process that never started the delivery): the slot is due again. */
  releaseClaim(subscriptionId: number, slot: string, owner: string): boolean;
  /** Records a missed slot as skipped unless it already has a row; true when recorded. */
  skipSlot(subscriptionId: number, slot: string, reason: string, now: string): boolean;
  /** Unfinished claims older than `staleBefore` for slots at or after `notBefore` (a crashed process's work). */
  staleClaims(staleBefore: string, notBefore: string): { subscriptionId: number; slot: string }[];
  /** Notes a failed delivery; returns the count of fatal failures in a row (0 for a retryable one). */
  noteFailure(id: number, reason: string, fatal: boolean): number;
  /** Clears the failure count and reason after a delivery. */
  noteSuccess(id: number): void;
  /** Pauses (reason) or resumes (undefined) a subscription. */
  setPaused(id: number, reason: string | undefined): void;
  /** The article count each of these stories had when this subscription posted it (absent: never posted). */
  postedStories(subscriptionId: number, storyIds: number[]): Map<number, number>;
  /** Remembers the stories a digest posted, with their article counts. */
  markPosted(subscriptionId: number, stories: { storyId: number; articleCount: number }[], at: string): void;
}

// --- LLM summaries (docs/llm.md): answer cache and daily usage ledger (sqlite-llm.ts) ---------------------------------

/** One UTC day of LLM use. */
export interface LlmUsage {
  tokens: number;
  calls: number;
  /** Times the offline text was used because an LLM answer was unavailable or rejected. */
  fallbacks: number;
  cacheHits: number;
}

/** What the LLM reads of a story: its headline article (only article text, never who asked). */
export interface LlmStoryText {
  storyId: number;
  articleId: number;
  contentHash: string;
  title: string;
  body: string;
  /** The offline 2–3 sentence summary. */
  summary: string;
  lang: string;
}

/** A cached LLM answer, keyed by (contentHash, model, promptVersion). */
export interface LlmCacheEntry {
  /** The article's content hash (summaries) or a hash of the overview's input. */
  contentHash: string;
  model: string;
  promptVersion: string;
  kind: 'summary' | 'overview';
  text: string;
  tokens: number;
}

export interface LlmStore {
  /** The headline article of each story (stories without one are left out). */
  llmStoryTexts(storyIds: number[]): Map<number, LlmStoryText>;
  llmCacheGet(contentHash: string, model: string, promptVersion: string): string | undefined;
  llmCachePut(entry: LlmCacheEntry): void;
  /** Usage recorded for a UTC day ("2026-11-30"); zeros when none. */
  llmUsage(day: string): LlmUsage;
  /** Adds to a day's usage counters. */
  llmRecord(day: string, delta: Partial<LlmUsage>): void;
}
// --- end LLM ---------------------------------------------------------------------------------------------------------

// --- Feeds (docs/feeds.md): subscribed feeds and the items already seen (sqlite-feeds.ts) --------------------------------

/** A feed a workspace polls. Times are ISO-8601 UTC. */
export interface Feed {
  id: number;
  workspaceId: string;
  url: string;
  title?: string;
  siteUrl?: string;
  /** Topic names this feed's articles are filed under (besides what the tagger finds). */
  topics: string[];
  intervalMinutes: number;
  /** Fetch the article page of items that carry only a teaser. */
  fetchPages: boolean;
  /** Who added it ('discord:<user>', 'slack:<user>', 'cli:local'): told when the feed is disabled. */
  addedBy?: string;
  /** Where it was added ('discord:<guild>:<channel>' …). */
  addedIn?: string;
  addedAt: string;
  etag?: string;
  lastModified?: string;
  lastPolledAt?: string;
  lastOkAt?: string;
  lastError?: string;
  /** Failed polls in a row. */
  failures: number;
  /** When the current run of failures began. */
  failingSince?: string;
  nextPollAt: string;
  /** Set when polling stopped (failing for 3 days); cleared by re-adding the feed. */
  disabledReason?: string;
  /** Articles this feed brought in. */
  articleCount: number;
}

/** What adding a feed stores. */
export type NewFeed = Pick<Feed, 'workspaceId' | 'url' | 'topics' | 'intervalMinutes' | 'fetchPages' | 'nextPollAt'> &
  Partial<Pick<Feed, 'title' | 'siteUrl' | 'addedBy' | 'addedIn'>>;

/** Fields a poll updates (`null` clears an optional field). */
export interface FeedPatch {
  title?: string;
  siteUrl?: string;
  etag?: string | null;
  lastModified?: string | null;
  lastPolledAt?: string;
  lastOkAt?: string;
  lastError?: string | null;
  failures?: number;
  failingSince?: string | null;
  nextPollAt?: string;
  disabledReason?: string | null;
  /** Added to the article count. */
  addArticles?: number;
}

export interface FeedStore {
  /** Stores a new feed; an existing one with the same workspace and URL is returned instead (created: false). */
  addFeed(f: NewFeed, now: string): { feed: Feed; created: boolean };
  getFeed(id: number): Feed | undefined;
  /** Feeds of a workspace (all workspaces when omitted), by id. */
  listFeeds(workspaceId?: string): Feed[];
  removeFeed(workspaceId: string, id: number): boolean;
  /** Enabled feeds whose next poll is at or before `now`, the most overdue first. */
  dueFeeds(now: string, limit: number): Feed[];
  updateFeed(id: number, patch: FeedPatch): void;
  /** Replaces what an admin chose for a feed: its topics, interval and page-fetch switch. */
  updateFeedSettings(id: number, s: Pick<Feed, 'topics' | 'intervalMinutes' | 'fetchPages'>): void;
  /** Which of these item GUIDs the feed has already seen. */
  seenItems(feedId: number, guids: string[]): Set<string>;
  /** Remembers an item as seen (with the article it became, if any). */
  markSeen(feedId: number, guid: string, articleId: number | undefined, at: string): void;
  /** Files an article under topics (topic tags with score 1, so topic-tag searches find it). */
  addArticleTopics(articleId: number, topics: string[]): void;
}
// --- end feeds -------------------------------------------------------------------------------------------------------

export interface Store extends SubscriptionStore, LlmStore, FeedStore {
  /** Runs `fn` in one write transaction (batches of inserts are much faster inside one). */
  transaction<T>(fn: () => T): T;
  /** The stored article with this exact content, or with this URL. */
  findExisting(contentHash: string, url?: string): { id: number; contentHash: string; storyId: number } | undefined;
  /** Articles sharing at least one band key, most recent first. */
  storyCandidates(bandKeys: number[], limit: number): StoryCandidate[];
  /** Inserts an article into an existing story (storyId) or a new one (null); returns ids. */
  insertArticle(article: NewArticle, storyId: number | null): { articleId: number; storyId: number };
  /** The event assigner's persistent state (term frequencies, story centroids, their index). */
  readonly storyState: StoryState;
  /**
   * Merges stories into an older one (`into`, the smallest id): their articles move, each merged id becomes an alias
   * of `into` (getStories and the digest ledger resolve it), and a digest that posted a merged story counts as having
   * posted `into` at that size, so nothing is posted twice.
   */
  mergeStories(into: number, from: readonly number[], at: string): void;
  /** Makes an article its story's headline when `score` beats the current headline's (see representativeness). */
  offerHeadline(storyId: number, articleId: number, score: number): void;
  /** The live story an id stands for (itself, or the story it was merged into). */
  resolveStory(id: number): number;
  /** Every article of a story (aliases resolved), in time order; [] when there is no such story. */
  storyArticles(id: number): Article[];
  /** Re-clusters every article in time order with the current assigner, keeping recorded ids (`stories rebuild`). */
  rebuildStories(at: string): RebuildReport;
  /** Every stored article in id order, for export (streamed: the archive is never all in memory). */
  eachArticle(): Iterable<Article>;
  /** Replaces the content of a stored article (same URL, new text), keeping its id and story. */
  updateArticle(id: number, article: NewArticle): void;
  getArticle(id: number): Article | undefined;
  search(query: SearchQuery): SearchHit[];
  /** The date (sort_at) of the newest article matching `match`, if any. */
  latestMatch(match: string | undefined, topicTag?: string): string | undefined;
  getStories(ids: number[]): Story[];
  /** Article count of each story (coverage, for ranking). */
  storyArticleCounts(ids: number[]): Map<number, number>;
  /** Most frequent tag values of a kind (for suggestions and autocomplete). */
  topTags(kind: Tag['kind'], limit: number): { value: string; count: number }[];
  stats(): StoreStats;
  listTopics(workspaceId: string): StoredTopic[];
  /** Adds or replaces a workspace topic; returns true when it replaced one. */
  saveTopic(workspaceId: string, topic: TopicDef, createdBy?: string): boolean;
  removeTopic(workspaceId: string, name: string): boolean;
  /** Throws unless the database answers a query (for /healthz). */
  ping(): void;
  /** Whether a write would succeed now (a rolled-back write): read-only, or locked by another process. Never waits. */
  probeWrite(): WriteProbe;
  close(): void;
}
