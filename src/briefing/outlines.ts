// The light outlines (headline, summary, outlets, tags) of a ranking's candidates, which feedback weighs and mutes and
// filters check, remembered per store: a story's outline is read again once its article count changes (its outlets
// and headline change as articles join it), once the store's stories stamp moves (an article updated and re-tagged,
// topics added, a merge, a rebuild: stamps.ts, on every instance), or after OUTLINE_TTL_MS. Stories a screen drops
// are never read in full.
import type { StoryOutline, StoryStore } from '../store/ports.js';

/** What a ranking knows of its candidates that tells whether their outlines read earlier still hold. */
export interface CandidateState {
  /** Article count of each candidate story. */
  counts: ReadonlyMap<number, number>;
  now: Date;
}

export const OUTLINE_TTL_MS = 10 * 60_000;
const CACHED_STORIES = 5000;
const CACHE = new WeakMap<object, Map<number, { count: number; stamp: number; at: number; outline: StoryOutline }>>();

/**
 * The outlines of `ids` in that order (aliases resolved, each once, unknown ids left out, as storyOutlines gives
 * them): one read for those not remembered, none when all are (and one read of the stories stamp when some are).
 * Without `state` every outline is read.
 */
export async function candidateOutlines(stories: Pick<StoryStore, 'storyOutlines' | 'storiesStamp'>, ids: number[], state: CandidateState | undefined): Promise<StoryOutline[]> {
  let cache = CACHE.get(stories);
  if (!cache) CACHE.set(stories, (cache = new Map()));
  const now = state?.now.getTime() ?? 0;
  const found = new Map<number, StoryOutline>();
  const missing: number[] = [];
  const known = (id: number) => {
    const hit = cache.get(id);
    return state && hit && hit.count === state.counts.get(id) && Math.abs(now - hit.at) < OUTLINE_TTL_MS ? hit : undefined;
  };
  // The stamp is read only when something remembered could be used; a new stamp forgets everything remembered.
  const stamp = state && ids.some((id) => known(id) !== undefined) ? await stories.storiesStamp() : undefined;
  for (const id of ids) {
    const hit = known(id);
    if (hit && hit.stamp === stamp) found.set(id, hit.outline);
    else missing.push(id);
  }
  if (missing.length === 0) return dedupe(ids.map((id) => found.get(id)));
  // Read before the outlines: a change between the two reads leaves them remembered under the older stamp.
  const stampNow = state ? (stamp ?? (await stories.storiesStamp())) : 0;
  const read = await stories.storyOutlines(missing);
  const asked = new Set(missing);
  // A merged-away id comes back as its survivor: then the order of the whole list is storyOutlines' own (rare).
  if (read.some((o) => !asked.has(o.id))) return found.size === 0 ? read : stories.storyOutlines(ids);
  const byRequested = new Map<number, StoryOutline>();
  for (const o of read) {
    byRequested.set(o.id, o);
    const count = state?.counts.get(o.id);
    if (count === undefined) continue;
    if (cache.size >= CACHED_STORIES) cache.clear();
    cache.set(o.id, { count, stamp: stampNow, at: now, outline: o });
  }
  return dedupe(ids.map((id) => found.get(id) ?? byRequested.get(id)));
}

/** Each outline once, in order (a story asked for twice, or through an alias, counts once). */
function dedupe(list: (StoryOutline | undefined)[]): StoryOutline[] {
  const seen = new Set<number>();
  return list.filter((o): o is StoryOutline => o !== undefined && !seen.has(o.id) && (seen.add(o.id), true));
}
