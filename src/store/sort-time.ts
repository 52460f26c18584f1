// Where an article sorts in time: its published date, unless that date is implausibly far ahead of when we ingested it
// (a feed with a wrong time zone, a typo in the year, a test corpus dated after the clock): then its ingest time, so
// that no article hides from every briefing window until its claimed date arrives. The stated date is still kept.

/** Published dates up to this far past the ingest time are believed (date-only dates in zones east of UTC, clock skew). */
export const FUTURE_TOLERANCE_MS = 36 * 3_600_000;

import { toInstant } from '../articles/dates.js';

/** The time an article sorts and filters by (a full ISO instant: a date-only published date counts from 00:00 UTC). */
export function sortTime(a: { publishedAt?: string | undefined; ingestedAt: string }): string {
  if (!a.publishedAt) return a.ingestedAt;
  const published = Date.parse(a.publishedAt);
  const ingested = Date.parse(a.ingestedAt);
  if (Number.isNaN(published) || Number.isNaN(ingested)) return toInstant(a.publishedAt);
  return published - ingested > FUTURE_TOLERANCE_MS ? a.ingestedAt : toInstant(a.publishedAt);
}
