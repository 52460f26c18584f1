// The Store port: everything the core needs from persistence. SQLite implements it today (sqlite.ts);
// a Postgres implementation can follow behind the same interface.
import type { Article, Story, Tag, TopicDef } from '../types.js';

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
}

export interface SubscriptionStore {
  addSubscription(s: Omit<Subscription, 'id' | 'createdAt' | 'enabled' | 'pausedReason'>): Subscription;
  listSubscriptions(channelId: string): Subscription[];
  getSubscription(id: number): Subscription | undefined;
  /** Removes one subscription of the channel (by id) or all of them; returns how many were removed. */
  removeSubscriptions(channelId: string, id?: number): number;
  setWatermark(id: number, watermark: string): void;
  /** The most recent ledger row of a subscription. */
  lastRun(subscriptionId: number): DigestRun | undefined;
}

export interface Store extends SubscriptionStore {
  /** Runs `fn` in one write transaction (batches of inserts are much faster inside one). */
  transaction<T>(fn: () => T): T;
  /** The stored article with this exact content, or with this URL. */
  findExisting(contentHash: string, url?: string): { id: number; contentHash: string; storyId: number } | undefined;
  /** Articles sharing at least one band key, most recent first. */
  storyCandidates(bandKeys: number[], limit: number): StoryCandidate[];
  /** Inserts an article into an existing story (storyId) or a new one (null); returns ids. */
  insertArticle(article: NewArticle, storyId: number | null): { articleId: number; storyId: number };
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
  close(): void;
}
