// What the Store ports exchange: articles ready to store, search hits and queries, subscriptions and their ledger,
// feeds, LLM cache entries. The ports themselves (one per domain, all asynchronous) are in ports.ts.
import type { Article, TopicDef } from '../types.js';

/** What `stories rebuild` did. */
export interface RebuildReport {
  articles: number;
  storiesBefore: number;
  storiesAfter: number;
  /** Old stories whose articles now sit in a cluster with another old story's (their id became an alias). */
  merged: number;
  /** Old stories split over more than one rebuilt cluster. */
  split: number;
  /** Story ids the digest ledger recorded, all of which still resolve. */
  recordedKept: number;
}

/** Whether the database can be written right now (see Store.probeWrite in ports.ts). */
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
  /** The story's article count, when the store read it with the hit (a briefing then skips storyArticleCounts). */
  storyArticles?: number;
}

/**
 * A full-text condition in neutral form, compiled by each store (SQLite: an FTS5 expression). A phrase is a list of
 * words that must appear together in order; `all` needs every phrase, `any` at least one. Words are plain word tokens
 * (briefing/query.ts makes them from what a user typed): a store never sees raw user text.
 */
export interface TextQuery {
  mode: 'all' | 'any';
  phrases: string[][];
}

export interface SearchQuery {
  /** What the text must match. Without it, `topic` alone selects the newest articles filed under it, by tag score. */
  text?: TextQuery;
  /** Only articles whose date (published, else ingested) is at or after this ISO time. */
  since?: string;
  until?: string;
  /** Only stories that gained an article after this ISO time (digest watermark). */
  ingestedAfter?: string;
  /** Only articles filed under this topic at ingest (the configured default topics, or a feed's topics). */
  topic?: string;
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
  /** Where a posted story's new facts go: its digest message's thread (default), a later digest, or nowhere. */
  updates: UpdatesMode;
  /** The ISO 639-1 code its summaries and overview are written in (with an LLM); absent: each story's own language. */
  language?: string;
}

/** Where a digest's posted stories get their updates. */
export type UpdatesMode = 'thread' | 'digest' | 'off';
export const UPDATES_MODES: readonly UpdatesMode[] = ['thread', 'digest', 'off'];

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
  /** 'due': recorded by a tick, waiting for a worker; 'claimed': a worker holds it (until finished or stale). */
  status: 'due' | 'claimed' | 'posted' | 'nothing_new' | 'failed' | 'skipped';
  messageRef?: string;
  error?: string;
  claimedAt: string;
  finishedAt?: string;
  owner?: string;
  attempts: number;
}

/** A slot to record as due: which subscription, which run time, and the platform whose workers may claim it. */
export interface DueSlot {
  subscriptionId: number;
  slot: string;
  platform: string;
}

/** A slot a worker claimed: post it (attempts > 1: it was taken over from a process that died). */
export interface ClaimedSlot {
  subscriptionId: number;
  slot: string;
  attempts: number;
}

// --- LLM summaries: answer cache and daily usage ledger -------------------------------------------------------------

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

// --- end LLM ---------------------------------------------------------------------------------------------------------

// --- Feeds: subscribed feeds and the items already seen -------------------------------------------------------------

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

// --- end feeds -------------------------------------------------------------------------------------------------------


// --- app installations -----------------------------------------------------------------------------------------------

/** The app installed in a workspace (or a whole organization) by its OAuth flow. `data` holds its tokens: secret. */
export interface AppInstallation {
  /** The adapter's key for it, e.g. '<platform>:<team>' for one workspace, another shape for an organization. */
  id: string;
  /** The workspace whose topics, digests and feeds it serves; absent for an organization-wide installation. */
  workspaceId?: string;
  /** The platform's record as JSON text (tokens included): opaque to the store. */
  data: string;
  /** When its token expires (ISO), for stores that refresh tokens. */
  expiresAt?: string;
  installedAt: string;
  updatedAt: string;
}

/** What saveInstallation writes (the store stamps installedAt on the first save and updatedAt on every save). */
export type NewAppInstallation = Omit<AppInstallation, 'installedAt' | 'updatedAt'>;

// --- Coordination between instances: the instances table ------------------------------------------------------------

/** What a running process does: answer HTTP (health, metrics, interactions), post digests, poll feeds. */
export type Role = 'http' | 'scheduler' | 'poller';

/** A running newsbrief process as the instances table records it. Times are the database's clock, ISO-8601 UTC. */
export interface Instance {
  id: string;
  host: string;
  pid: number;
  roles: Role[];
  startedAt: string;
  heartbeatAt: string;
}

// --- end coordination ------------------------------------------------------------------------------------------------

// --- Tuning: feedback votes and each channel's language ---------------------------------------------------------------

/** One user's vote on one story in one workspace (one per user and story; a new vote replaces it). */
export interface FeedbackVote {
  workspaceId: string;
  userId: string;
  storyId: number;
  vote: 1 | -1;
  /** What the vote is about, as the story stood when it was cast: "source:harbor times", "topic:korea", "term:typhoon". */
  features: string[];
  votedAt: string;
}
