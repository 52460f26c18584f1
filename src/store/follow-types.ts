// Types of personal follows (FollowStore in ports.ts): what a user follows in a workspace (a story, or a topic with
// the query language of /brief), the user's delivery settings (timezone, quiet hours, daily cap, paused), and the
// alert ledger (each story alerted to a user once: claimed before the direct message, or held for the daily summary).

/** A user's delivery settings in one workspace. */
export interface FollowUser {
  workspaceId: string;
  /** '<platform>:<id>'. */
  userId: string;
  /** IANA timezone quiet hours and the daily cap are counted in. */
  timezone: string;
  /** Quiet hours 'HH:MM' to 'HH:MM' (may cross midnight); both absent when none. */
  quietStart?: string;
  quietEnd?: string;
  /** Most topic alerts a day (the rest are summarized in one message). */
  dailyCap: number;
  /** Set when direct messages to the user cannot be delivered (blocked, left): follows are paused, never retried. */
  pausedAt?: string;
  pausedReason?: string;
}

export type FollowKind = 'story' | 'topic';

export interface NewFollow {
  workspaceId: string;
  userId: string;
  kind: FollowKind;
  /** The followed story (kind 'story'). */
  storyId?: number;
  /** What the user typed (kind 'topic'): a topic name or words, read like /brief's topic. */
  query?: string;
  /** How lists show it: the story's headline, the topic. */
  label: string;
  createdAt: string;
}

export interface Follow extends NewFollow {
  id: number;
  /** Topic follows: stories that gained articles ingested after this instant are checked next. */
  watermark: string;
}

/** The state of one (user, story) alert: claimed before sending, sent, or held past the daily cap and then summarized. */
export type AlertState = 'claimed' | 'sent' | 'pending' | 'summarized' | 'failed';

export interface NewAlert {
  workspaceId: string;
  userId: string;
  storyId: number;
  followId: number;
  /** The user's local day (YYYY-MM-DD) the alert counts against. */
  day: string;
  state: 'claimed' | 'pending';
}
