// Types of the update delivery ledger (UpdateLedger in ports.ts): what a target was shown of a story, and each update
// claimed once before it is posted. A target is an opaque string the caller chooses (a digest's thread, a user).

/** What a target was shown, as asked for: which of the given articles and sentences, and the story's latest update. */
export interface ShownState {
  /** The latest update claimed for (target, story): 0 when none. The next update is `seq + 1`. */
  seq: number;
  /**
   * When that latest update was claimed or last renewed (ISO), for "at most one update an hour": the lease clock (the
   * database's on PostgreSQL, one clock for every instance; the app's on SQLite).
   */
  lastAt?: string;
  /** Which of the articles asked about the target was shown. */
  articleIds: Set<number>;
  /** Which of the sentence keys asked about were posted to the target (for any story). */
  sentenceKeys: Set<string>;
}

/** An update to claim: the next `seq` of (target, story), what to post (`payload`, opaque) and what it shows. */
export interface NewUpdateClaim {
  target: string;
  storyId: number;
  seq: number;
  /** The platform whose workers post it (takeovers pick their own platforms' claims). */
  platform: string;
  owner: string;
  /** The platform nonce (Discord: ≤ 25 characters), the same on every retry and takeover. */
  nonce: string;
  /** Everything needed to post it again after a crash (JSON, chosen by the caller). */
  payload: string;
  /** Recorded as shown to the target with the claim (so no later delta repeats them). */
  articleIds: number[];
  sentenceKeys: string[];
}

/** A row of the update ledger. A claim left for a retry is `claimed` with no owner and `retryAt` set. */
export interface UpdateDelivery {
  target: string;
  storyId: number;
  seq: number;
  platform: string;
  status: 'claimed' | 'posted' | 'failed';
  owner?: string;
  nonce: string;
  payload: string;
  attempts: number;
  claimedAt: string;
  finishedAt?: string;
  messageRef?: string;
  error?: string;
  /** When a claim left for a retry is due again (takeOverUpdates hands it out then). */
  retryAt?: string;
}

/** A story posted in a digest message whose thread gets the story's updates (ThreadStore). */
export interface StoryThread {
  subscriptionId: number;
  /** The story id the digest posted (it may since have been merged into `liveStoryId`). */
  storyId: number;
  liveStoryId: number;
  channelId: string;
  workspaceId: string;
  /** The digest message ('<platform>:<channel>:<message>'), as the poster returned it. */
  messageRef: string;
  /** When the digest was posted: articles ingested up to then were in it. */
  postedAt: string;
  /** When the story last gained an article, and its last gain that was looked at. */
  lastIngestedAt: string;
  checkedAt: string;
}

/** How a claimed update ended, or `retry`: it failed for a retryable reason and is due again at `retryAt` (the claim
 * stays, owned by nobody, until takeOverUpdates hands it out). */
export interface UpdateOutcome {
  status: 'posted' | 'failed' | 'retry';
  messageRef?: string;
  error?: string;
  retryAt?: string;
}
