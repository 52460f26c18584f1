// What the preference port exchanges: a digest's filters, mutes (a user's or a whole workspace's) and the record of
// what a digest run left out and why ("why not posted"). Every row belongs to one workspace.

/** A digest's filters, as an admin set them (expressions kept as typed; checked before they are saved). */
export interface DigestFilters {
  /** Only stories matching this expression (briefing/filter.ts). */
  include?: string;
  /** No story matching this expression. */
  exclude?: string;
  /** Only stories reported by at least one of these sources (lowercase names). */
  allowSources?: string[];
  /** No story reported only by these sources (lowercase names). */
  denySources?: string[];
  /** Only stories with at least this many distinct sources. */
  minSources?: number;
  /** Most stories in one digest (default: the configured digest size). */
  maxStories?: number;
  /** Most stories under one topic. */
  perTopic?: number;
}

export type MuteKind = 'word' | 'source';

/** A muted word or source: a user's own (their /brief replies and direct messages), or the workspace's (everything posted there). */
export interface Mute {
  id: number;
  workspaceId: string;
  /** The user who muted it for themselves; absent for a workspace mute. */
  userId?: string;
  kind: MuteKind;
  /** A word or phrase as its words joined by spaces, or a lowercase source name. */
  value: string;
  createdBy?: string;
  createdAt: string;
}

export type NewMute = Omit<Mute, 'id' | 'createdAt'>;

/** Why a story was left out of a digest. */
export type LeftOutReason = 'filtered' | 'muted' | 'already_posted' | 'below_cut' | 'too_few_sources' | 'outside_window';

export interface LeftOut {
  storyId: number;
  headline: string;
  /** The topic section it was a candidate for. */
  topic?: string;
  reason: LeftOutReason;
  /** Which rule: `exclude matched "sports"`, `source muted by the workspace: tabloid daily`, `3rd in korea, 3 a topic`. */
  detail: string;
}

/** What one digest run of a subscription considered and left out. */
export interface DigestExplanation {
  /** When the run happened. */
  at: string;
  /** Its window: stories that gained an article after `since`. */
  since: string;
  until: string;
  /** Stories it posted. */
  posted: number[];
  leftOut: LeftOut[];
}
