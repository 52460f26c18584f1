// The Store ports: what the core needs from persistence, one small asynchronous port per domain (articles and
// search, stories, topics, digests with their ledger, feeds, the LLM cache and ledger, app installations). Each module receives only the
// ports it uses. SQLite implements them today (sqlite.ts); another store implements the same ports and passes the
// contract suite (tests/contract/store.contract.test.ts). Decision record: docs/decisions/008-async-store.md.
import type { Article, Story, Tag, TopicDef } from '../types.js';
import type { StoryState } from '../stories/assign.js';
import type {
  AppInstallation, DigestRun, Feed, FeedPatch, LlmCacheEntry, LlmStoryText, LlmUsage, NewAppInstallation, NewArticle, NewFeed,
  RebuildReport, RunOutcome, SearchHit, SearchQuery, StoreStats, StoredTopic, StoryCandidate, Subscription, TextQuery, WriteProbe,
  ClaimedSlot, DueSlot, Instance, FeedbackVote, UpdatesMode,
} from './types.js';
import type { NewUpdateClaim, ShownState, StoryThread, UpdateDelivery, UpdateOutcome } from './update-types.js';
import type { DigestExplanation, DigestFilters, Mute, MuteKind, NewMute } from './preference-types.js';
import type { AlertState, Follow, FollowUser, NewAlert, NewFollow } from './follow-types.js';

/** Stored articles: ingest's dedupe and insert, full-text search, export. */
export interface ArticleStore {
  /** The stored article with this exact content, or with this URL. */
  findExisting(contentHash: string, url?: string): Promise<{ id: number; contentHash: string; storyId: number } | undefined>;
  /** Articles sharing at least one band key, most recent first. */
  storyCandidates(bandKeys: number[], limit: number): Promise<StoryCandidate[]>;
  /** Inserts an article into an existing story (storyId) or a new one (null); returns ids. */
  insertArticle(article: NewArticle, storyId: number | null): Promise<{ articleId: number; storyId: number }>;
  /** Replaces the content of a stored article (same URL, new text), keeping its id and story. */
  updateArticle(id: number, article: NewArticle): Promise<void>;
  getArticle(id: number): Promise<Article | undefined>;
  /** Every stored article in id order, for export (streamed: the archive is never all in memory). */
  eachArticle(): AsyncIterable<Article>;
  /** Matching articles: best rank first for a text query, newest first for a topic alone. */
  search(query: SearchQuery): Promise<SearchHit[]>;
  /** The date of the newest article matching `text` (and filed under `topic`, when given), if any. */
  latestMatch(text: TextQuery | undefined, topic?: string): Promise<string | undefined>;
  /** Most frequent tag values of a kind (for suggestions and autocomplete). */
  topTags(kind: Tag['kind'], limit: number): Promise<{ value: string; count: number }[]>;
}

/** Stories: the assigner's state, merges and aliases, what briefings show of a story. */
export interface StoryStore {
  /** The event assigner's persistent state (term frequencies, story centroids, their index). */
  readonly state: StoryState;
  /**
   * Merges stories into an older one (`into`, the smallest id): their articles move, each merged id becomes an alias
   * of `into` (getStories and the digest ledger resolve it), and a digest that posted a merged story counts as having
   * posted `into` at that size, so nothing is posted twice.
   */
  mergeStories(into: number, from: readonly number[], at: string): Promise<void>;
  /** Makes an article its story's headline when `score` beats the current headline's (see representativeness). */
  offerHeadline(storyId: number, articleId: number, score: number): Promise<void>;
  /** The live story an id stands for (itself, or the story it was merged into). */
  resolveStory(id: number): Promise<number>;
  /** Every article of a story (aliases resolved), in time order; [] when there is no such story. */
  storyArticles(id: number): Promise<Article[]>;
  /** Re-clusters every article in time order with the current assigner, keeping recorded ids (`stories rebuild`). */
  rebuildStories(at: string): Promise<RebuildReport>;
  /** The stories (aliases resolved, each once) in the order asked; unknown ids are left out. */
  getStories(ids: number[]): Promise<Story[]>;
  /** What feedback weighs and mutes and filters check of each story (aliases resolved, each once, in the order
   * asked): its headline, summary, outlets and tags exactly as getStories gives them, without reading the articles' text. */
  storyOutlines(ids: number[]): Promise<StoryOutline[]>;
  /** Article count of each story (coverage, for ranking). */
  storyArticleCounts(ids: number[]): Promise<Map<number, number>>;
  /** The stories stamp (stamps.ts): it moves whenever an outline may change without its story's article count changing. */
  storiesStamp(): Promise<number>;
}

/** A story's headline, summary, outlets and tags (see StoryStore.storyOutlines). */
export type StoryOutline = Pick<Story, 'id' | 'headline' | 'summary' | 'sources' | 'tags'>;

/** A workspace's own topics (the config's defaults are not stored). */
export interface TopicStore {
  listTopics(workspaceId: string): Promise<StoredTopic[]>;
  /** Adds or replaces a workspace topic; returns true when it replaced one. */
  saveTopic(workspaceId: string, topic: TopicDef, createdBy?: string): Promise<boolean>;
  removeTopic(workspaceId: string, name: string): Promise<boolean>;
}

/** Digest subscriptions, the run ledger (one claim per slot across processes) and the stories each digest posted. */
export interface DigestStore {
  /** Stores a subscription (createdAt defaults to now: slots before it never run). */
  addSubscription(s: Omit<Subscription, 'id' | 'createdAt' | 'enabled' | 'pausedReason' | 'lastError' | 'consecutiveFailures' | 'updates'> & { createdAt?: string; updates?: UpdatesMode }): Promise<Subscription>;
  /** Every subscription the scheduler should run: enabled and not paused. */
  activeSubscriptions(): Promise<Subscription[]>;
  listSubscriptions(channelId: string): Promise<Subscription[]>;
  getSubscription(id: number): Promise<Subscription | undefined>;
  /** Removes one subscription of the channel (by id) or all of them; returns how many were removed. */
  removeSubscriptions(channelId: string, id?: number): Promise<number>;
  setWatermark(id: number, watermark: string): Promise<void>;
  /** Sets (or, with undefined, clears) the language of the workspace's subscription `id`; false when it has no such one. */
  setLanguage(workspaceId: string, id: number, language: string | undefined): Promise<boolean>;
  /** The most recent ledger row of a subscription. */
  lastRun(subscriptionId: number): Promise<DigestRun | undefined>;
  /** The ledger row of one slot. */
  getRun(subscriptionId: number, slot: string): Promise<DigestRun | undefined>;
  /**
   * Claims (subscription, slot) for `owner`: true when this caller may post it. A slot is claimed once (a due one
   * too); a claim not renewed for `staleMs` (its process died) is taken over. Atomic across processes.
   *
   * Claim times (claiming, renewing, staleness) are the lease clock: SQLite (one machine) takes `now`, the app's clock;
   * PostgreSQL ignores `now` there and stamps and judges claims by the database's clock, so instances on machines
   * whose clocks disagree still agree on which claim is stale. The same holds for every claim and lease below.
   */
  claimSlot(subscriptionId: number, slot: string, owner: string, now: string, staleMs: number): Promise<boolean>;
  /** Records slots as due unless they already have a row (idempotent: every instance's tick may record them); how many were new. */
  enqueueSlots(slots: DueSlot[], now: string): Promise<number>;
  /**
   * Claims for `owner` at most `limit` slots of `platforms` at or after `notBefore` (the app's clock: due-ness follows
   * the schedule), oldest first: due ones, and claims not renewed for `staleMs` by the lease clock (their process
   * died: taken over, attempts + 1); with `deadMs`, also claims of another owner that is an instance whose heartbeat
   * is that old (liveness's clock): no wait for them to go stale. Atomic across processes: two workers never claim one
   * slot (Postgres: FOR UPDATE SKIP LOCKED; SQLite: one statement under its write lock).
   */
  claimDue(owner: string, platforms: string[], limit: number, now: string, staleMs: number, notBefore: string, deadMs?: number): Promise<ClaimedSlot[]>;
  /** Records due slots older than `notBefore` (nobody posted them in time) as skipped with `reason`; how many. */
  expireDue(notBefore: string, reason: string, now: string): Promise<number>;
  /** Keeps every open claim of `owner` fresh (its heartbeat, once a minute; `now` on SQLite only); returns how many. */
  renewClaims(owner: string, now: string): Promise<number>;
  /** Keeps a claim fresh while its delivery retries; false when the claim is no longer this owner's. */
  renewClaim(subscriptionId: number, slot: string, owner: string, now: string): Promise<boolean>;
  /** Records how a claimed slot ended (only while `owner` still holds it); false when it did not. */
  finishRun(subscriptionId: number, slot: string, owner: string, outcome: RunOutcome, now: string): Promise<boolean>;
  /** Gives a claim back (a stopping process that never started the delivery): the slot is due again, for any worker. */
  releaseClaim(subscriptionId: number, slot: string, owner: string): Promise<boolean>;
  /** Records a missed slot as skipped unless it already has a row; true when recorded. */
  skipSlot(subscriptionId: number, slot: string, reason: string, now: string): Promise<boolean>;
  /** Unfinished claims not renewed for `staleMs` (lease clock) for slots at or after `notBefore` (a crashed process's work). */
  staleClaims(now: string, staleMs: number, notBefore: string): Promise<{ subscriptionId: number; slot: string }[]>;
  /** Notes a failed delivery; returns the count of fatal failures in a row (0 for a retryable one). */
  noteFailure(id: number, reason: string, fatal: boolean): Promise<number>;
  /** Clears the failure count and reason after a delivery. */
  noteSuccess(id: number): Promise<void>;
  /** Pauses (reason) or resumes (undefined) a subscription. */
  setPaused(id: number, reason: string | undefined): Promise<void>;
  /** The article count each of these stories had when this subscription posted it (absent: never posted). */
  postedStories(subscriptionId: number, storyIds: number[]): Promise<Map<number, number>>;
  /** Remembers the stories a digest posted, with their article counts. */
  markPosted(subscriptionId: number, stories: { storyId: number; articleCount: number }[], at: string): Promise<void>;
}

/** Feeds a workspace polls and the items already seen. */
export interface FeedStore {
  /** Stores a new feed; an existing one with the same workspace and URL is returned instead (created: false). */
  addFeed(f: NewFeed, now: string): Promise<{ feed: Feed; created: boolean }>;
  getFeed(id: number): Promise<Feed | undefined>;
  /** Feeds of a workspace (all workspaces when omitted), by id. */
  listFeeds(workspaceId?: string): Promise<Feed[]>;
  removeFeed(workspaceId: string, id: number): Promise<boolean>;
  /** Enabled feeds whose next poll is at or before `now`, the most overdue first. */
  dueFeeds(now: string, limit: number): Promise<Feed[]>;
  /**
   * Leases for `owner`, for `leaseMs`, at most `limit` enabled feeds due at `now` that no live lease holds, the most
   * overdue first: no other instance gets them until the lease is released or runs out. Atomic across processes.
   * Due-ness is the app's clock (`now`); the lease's end is the lease clock (PostgreSQL: the database's, see claimSlot).
   */
  leaseDueFeeds(owner: string, now: string, leaseMs: number, limit: number): Promise<Feed[]>;
  /** Ends `owner`'s lease of a feed (after its poll recorded the next poll time). */
  releaseFeed(id: number, owner: string): Promise<boolean>;
  /**
   * Takes the lease of a host for `leaseMs` (one request at a time per host across instances) unless another owner's
   * lease is still running (lease clock: `now` on SQLite, the database's clock on PostgreSQL).
   */
  leaseHost(host: string, owner: string, now: string, leaseMs: number): Promise<boolean>;
  /** Gives a host's lease back. */
  releaseHost(host: string, owner: string): Promise<boolean>;
  updateFeed(id: number, patch: FeedPatch): Promise<void>;
  /** Replaces what an admin chose for a feed: its topics, interval and page-fetch switch. */
  updateFeedSettings(id: number, s: Pick<Feed, 'topics' | 'intervalMinutes' | 'fetchPages'>): Promise<void>;
  /** Which of these item GUIDs the feed has already seen. */
  seenItems(feedId: number, guids: string[]): Promise<Set<string>>;
  /** Remembers an item as seen (with the article it became, if any). */
  markSeen(feedId: number, guid: string, articleId: number | undefined, at: string): Promise<void>;
  /** Files an article under topics (topic tags with score 1, so topic-tag searches find it). */
  addArticleTopics(articleId: number, topics: string[]): Promise<void>;
}

/** The LLM answer cache and the daily usage ledger. */
export interface LlmStore {
  /** The headline article of each story (stories without one are left out). */
  llmStoryTexts(storyIds: number[]): Promise<Map<number, LlmStoryText>>;
  llmCacheGet(contentHash: string, model: string, promptVersion: string): Promise<string | undefined>;
  llmCachePut(entry: LlmCacheEntry): Promise<void>;
  /** Usage recorded for a UTC day ("2026-11-30"); zeros when none. */
  llmUsage(day: string): Promise<LlmUsage>;
  /** Adds to a day's usage counters. */
  llmRecord(day: string, delta: Partial<LlmUsage>): Promise<void>;
}

/** Installations of the app by OAuth (one per workspace or organization), with their tokens. */
export interface InstallationStore {
  /** Adds or replaces an installation by id; true when it was new. An update keeps installedAt. */
  saveInstallation(i: NewAppInstallation, now: string): Promise<boolean>;
  getInstallation(id: string): Promise<AppInstallation | undefined>;
  /**
   * Inside a transaction: the installation, locked until the transaction ends, so that another transaction locking it
   * waits and then sees what this one wrote (a token is refreshed once, never twice at the same time).
   */
  lockInstallation(id: string): Promise<AppInstallation | undefined>;
  /** Removes an installation; true when there was one. */
  deleteInstallation(id: string): Promise<boolean>;
  /** Every installation (of one workspace, when given), by id. */
  listInstallations(workspaceId?: string): Promise<AppInstallation[]>;
}

/**
 * The running newsbrief processes (one row each) and their heartbeats. Every time here is the database's clock, so
 * instances on machines whose clocks disagree still agree on who is live.
 */
export interface InstanceStore {
  /** Records (or re-records) a process; its start and heartbeat are the database's now. */
  registerInstance(i: Pick<Instance, 'id' | 'host' | 'pid' | 'roles'>): Promise<Instance>;
  /** Moves a process's heartbeat to the database's now; false when its row is gone (removed or pruned). */
  heartbeatInstance(id: string): Promise<boolean>;
  /** Forgets a process (it stopped); true when it was recorded. */
  removeInstance(id: string): Promise<boolean>;
  /** Processes whose heartbeat is at most `liveSeconds` old by the database's clock, oldest start first. */
  liveInstances(liveSeconds: number): Promise<Instance[]>;
  /** Forgets processes silent for more than `deadSeconds` (they died without stopping); returns how many. */
  pruneInstances(deadSeconds: number): Promise<number>;
}

/** Paging state of chat buttons that is too long for the button itself (any instance may get the click). */
export interface UiPageStore {
  /** Keeps `body` under `key` until `expiresAt`. */
  putPage(key: string, body: string, expiresAt: string): Promise<void>;
  /** The body under `key` unless it expired before `now`. */
  getPage(key: string, now: string): Promise<string | undefined>;
  /**
   * Keeps `body` under `key` until `expiresAt` unless a row under `key` is still live at `now`: true for the one caller,
   * on any instance, that wrote it (a button handled once however many instances its clicks reach).
   */
  claimPage(key: string, body: string, expiresAt: string, now: string): Promise<boolean>;
  /** Deletes pages expired before `now`; how many. */
  prunePages(now: string): Promise<number>;
}

/** What a workspace and its channels tuned: feedback votes on stories (per workspace) and each channel's language. */
export interface TuningStore {
  /** Records a vote, replacing the same user's earlier vote on the story; returns the vote it replaced, if any. */
  recordVote(v: FeedbackVote): Promise<{ previous?: 1 | -1 }>;
  /** The workspace's votes cast at or after `since`, oldest first. */
  listVotes(workspaceId: string, since: string): Promise<FeedbackVote[]>;
  /** A short value that changes whenever the workspace's votes change (one cast, changed or reset), read by one small
   * aggregate query: what a cache of its votes is checked against before each briefing. */
  feedbackStamp(workspaceId: string): Promise<string>;
  /** Forgets every vote of the workspace; how many there were. */
  resetFeedback(workspaceId: string): Promise<number>;
  /** The channel's language (an ISO 639-1 code), if one was set. */
  channelLanguage(channelId: string): Promise<string | undefined>;
  /** Sets (or, with undefined, clears) the channel's language. */
  setChannelLanguage(workspaceId: string, channelId: string, language: string | undefined, at: string): Promise<void>;
}

/** Request budgets shared by every instance (Discord's global 50 requests/s is per bot, not per process). */
export interface RateBudgetStore {
  /**
   * Reserves the next `count` send times of budget `name` in one round-trip: `intervalMs` apart, the first at least
   * `intervalMs` after the last one reserved before (by any instance) and not before now + `leadMs`, all by the
   * database's clock. `at` is the first (ms since the epoch) and `nowMs` the database's now when they were reserved, so
   * a caller on a machine whose clock differs can place them on its own clock.
   */
  reserveSlots(name: string, intervalMs: number, count: number, leadMs: number): Promise<{ at: number; nowMs: number }>;
}

/** The update delivery ledger: what each target (a digest's thread, a user; an opaque string) was shown of stories,
 * and every update claimed before it is posted, so that restarts and several processes never post one twice. */
export interface UpdateLedger {
  /** Of `articleIds` and `sentenceKeys`, those shown to `target`; and the latest update of (target, story). */
  shown(target: string, storyId: number, articleIds: number[], sentenceKeys: string[]): Promise<ShownState>;
  /** Records articles and sentences as shown to `target` without an update (a delta without new facts, a digest). */
  markShown(target: string, storyId: number, articleIds: number[], sentenceKeys: string[], at: string): Promise<void>;
  /**
   * Claims update `seq` of (target, story) for its owner and records its articles and sentences as shown, atomically:
   * false when that seq is already claimed (another process got there first; read `shown` again). Atomic across
   * processes. Its time (`claimedAt`, `lastAt`) is the lease clock, as digest claims' (PostgreSQL: `now` stamps only the shown rows).
   */
  claimUpdate(claim: NewUpdateClaim, now: string): Promise<boolean>;
  /**
   * Takes over, for `owner`, at most `limit` claims of `platforms` whose target starts with `targetPrefix` (a thread
   * worker never takes a follow's direct message, nor the reverse), not renewed for `staleMs` by the lease clock (their
   * process died), of a dead instance with `deadMs` (as claimDue), or left for a retry now due (attempts + 1 each):
   * post each again with its payload and nonce. Atomic across processes.
   */
  takeOverUpdates(owner: string, platforms: string[], limit: number, now: string, staleMs: number, targetPrefix: string, deadMs?: number): Promise<UpdateDelivery[]>;
  /** Keeps every open claim of `owner` fresh (its heartbeat; lease clock: `now` on SQLite only); returns how many. */
  renewUpdates(owner: string, now: string): Promise<number>;
  /** Records how a claimed update ended, or leaves it for a retry (only while `owner` holds it); false when it did not. */
  finishUpdate(target: string, storyId: number, seq: number, owner: string, outcome: UpdateOutcome, now: string): Promise<boolean>;
  getUpdate(target: string, storyId: number, seq: number): Promise<UpdateDelivery | undefined>;
}

/** Digest filters, mutes and what the last digest run left out: every read and write names its workspace. */
export interface PreferenceStore {
  /** A subscription's filters, when that subscription belongs to `workspaceId` and has any. */
  getDigestFilters(workspaceId: string, subscriptionId: number): Promise<DigestFilters | undefined>;
  /** Replaces a subscription's filters (undefined or nothing set: removes them). */
  setDigestFilters(workspaceId: string, subscriptionId: number, filters: DigestFilters | undefined): Promise<void>;
  /** The mutes of one scope, oldest first: a user's (`userId`) or the workspace's own (null). */
  listMutes(workspaceId: string, userId: string | null): Promise<Mute[]>;
  /** What applies to a user (`userId`) there: the workspace's mutes and the user's; only the workspace's without one. */
  mutesFor(workspaceId: string, userId?: string): Promise<Mute[]>;
  /** Adds a mute; false when the same one is already there. */
  addMute(m: NewMute): Promise<boolean>;
  /** Removes one mute of a scope; false when there was none. */
  removeMute(workspaceId: string, userId: string | null, kind: MuteKind, value: string): Promise<boolean>;
  /** Keeps what a subscription's latest run left out (replacing the run before). */
  saveExplanation(workspaceId: string, subscriptionId: number, e: DigestExplanation): Promise<void>;
  lastExplanation(workspaceId: string, subscriptionId: number): Promise<DigestExplanation | undefined>;
  /** For each name (lowercase), the stored source spelled as articles give it, when some article has that source. */
  knownSources(names: string[]): Promise<Map<string, string>>;
}

/** The digest messages each posted story was in, whose threads get the story's updates. */
export interface ThreadStore {
  /** Remembers that these stories of a subscription were posted in `messageRef` at `postedAt` (a story posted again moves to the new message). */
  recordThreads(subscriptionId: number, messageRef: string, storyIds: number[], postedAt: string): Promise<void>;
  /**
   * Threads whose story (aliases resolved) gained an article since last looked at, of active subscriptions with
   * updates in threads on `platforms`, posted at or after `since` and not held back past `now`; oldest change first.
   */
  dueThreads(platforms: string[], now: string, since: string, limit: number): Promise<StoryThread[]>;
  /** Records that a thread was looked at up to `checkedAt` (the story's last ingest then), and holds it back until `notBefore`. */
  checkThread(subscriptionId: number, storyId: number, checkedAt: string, notBefore: string): Promise<void>;
}

/** Personal follows (src/follows): what each user follows, their delivery settings, and the alert ledger. */
export interface FollowStore {
  /** Adds a follow (once per user and story, or user and topic text); also creates the user's settings and un-pauses them. */
  addFollow(f: NewFollow): Promise<{ follow: Follow; created: boolean }>;
  /** The user's follows in one workspace, oldest first. */
  listFollows(workspaceId: string, userId: string): Promise<Follow[]>;
  /** Removes one follow of the user (by id), or all when `id` is absent; returns how many. */
  removeFollows(workspaceId: string, userId: string, id?: number): Promise<number>;
  /** Every follow of users who are not paused, in id order. */
  activeFollows(): Promise<Follow[]>;
  /** Moves a topic follow's watermark. */
  setWatermark(id: number, at: string): Promise<void>;
  followUser(workspaceId: string, userId: string): Promise<FollowUser | undefined>;
  /** Creates or replaces the user's timezone, quiet hours and daily cap (pausing is separate). */
  saveFollowUser(u: Omit<FollowUser, 'pausedAt' | 'pausedReason'>): Promise<void>;
  /** Pauses the user's follows (DMs refused, left the workspace); false when already paused. */
  pauseFollowUser(workspaceId: string, userId: string, reason: string, at: string): Promise<boolean>;
  /** Claims the alert of (user, story), or records it as held past the cap: false when one exists already. */
  claimAlert(a: NewAlert, at: string): Promise<boolean>;
  /** Moves alerts of the user to `state` (sent, summarized, failed). */
  setAlerts(workspaceId: string, userId: string, storyIds: number[], state: AlertState, at: string): Promise<void>;
  /** Alerts of the user counting against `day` (claimed or sent). */
  alertsOn(workspaceId: string, userId: string, day: string): Promise<number>;
  /** The user's alerts held past the daily cap, oldest first. */
  pendingAlerts(workspaceId: string, userId: string): Promise<{ storyId: number; day: string }[]>;
}

/** Direct-message channels a platform opened for users (Discord: POST /users/@me/channels), so later DMs skip opening one. */
export interface DmChannelStore {
  /** The user's remembered channel ('<platform>:<id>' user), if any. */
  dmChannel(userId: string): Promise<string | undefined>;
  /** Remembers the user's channel (replacing one remembered before). */
  saveDmChannel(userId: string, channelId: string, at: string): Promise<void>;
  /** Forgets the user's channel while it is still `channelId` (the platform says it is gone). */
  forgetDmChannel(userId: string, channelId: string): Promise<void>;
}

/** The domain ports of one store, as a transaction sees them. */
export interface StorePorts {
  articles: ArticleStore;
  stories: StoryStore;
  topics: TopicStore;
  digests: DigestStore;
  feeds: FeedStore;
  llm: LlmStore;
  installations: InstallationStore;
  instances: InstanceStore;
  pages: UiPageStore;
  rates: RateBudgetStore;
  updates: UpdateLedger;
  preferences: PreferenceStore;
  tuning: TuningStore;
  threads: ThreadStore;
  follows: FollowStore;
  dmChannels: DmChannelStore;
}

/** Runs work in one transaction. */
export interface Transactor {
  /**
   * Runs `fn` in one write transaction and commits when its promise resolves, rolls back when it rejects. Inside,
   * use only the ports `fn` receives (the store's own wait for the transaction to end); `tx.transaction` nests (a
   * savepoint: a failing inner part is undone alone). Batches of inserts are much faster inside one transaction.
   */
  transaction<T>(fn: (tx: StorePorts & Transactor) => Promise<T>): Promise<T>;
}

/** The whole store, as the entry points build it: the domain ports, transactions and the operator's checks. */
export interface Store extends StorePorts, Transactor {
  stats(): Promise<StoreStats>;
  /** Throws unless the database answers a query (for /healthz). */
  ping(): Promise<void>;
  /** Whether a write would succeed now (a rolled-back write): read-only, or locked by another process. Never waits. */
  probeWrite(): Promise<WriteProbe>;
  /** Waits for a transaction in progress, then closes the store. */
  close(): Promise<void>;
}
