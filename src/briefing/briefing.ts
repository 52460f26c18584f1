// Builds a Briefing for what a user asked: resolve the query, search the window, rank stories, explain empties.
import type { SearchHit, TextQuery } from '../store/types.js';
import type { ArticleStore, StoryStore } from '../store/ports.js';
import type { Briefing, Story, TopicDef } from '../types.js';
import { rerankWithFeedback, type FeedbackWeights } from './feedback.js';
import { showWithout } from './muted-outlets.js';
import { candidateOutlines, type CandidateState } from './outlines.js';
import type { Screen } from './screen.js';
import { buildQuery, nearestTopics, type BuiltQuery } from './query.js';
import { rankStories } from './rank.js';
import { formatDay, parseSince, type Window } from './window.js';

/** How many article hits are ranked per briefing (stories are grouped from these). */
const CANDIDATE_HITS = 300;
export const MAX_BRIEFING_LIMIT = 50;

export interface BriefingOptions {
  query: string;
  /** "24h", "7d", "30d", "all" … */
  since: string;
  limit: number;
  now: Date;
  /** Topics this workspace knows: its own first, then the defaults. */
  topics: TopicDef[];
  /** Extra names offered when nothing matches (e.g. frequent tags); called only then. */
  suggest?: () => Promise<string[]>;
  /** The workspace's feedback (feedback.ts): nudges the order, within pages of `pageSize` (default `limit`) until it has enough votes. */
  feedback?: FeedbackWeights;
  pageSize?: number;
  /** Mutes that apply to whoever asked: a story it drops is not shown (and the note says how many); a muted outlet is
   * not seen in the stories shown (muted-outlets.ts). */
  screen?: Screen | undefined;
}

/** What a briefing reads: article search and the stories' rows. */
export interface BriefingStore {
  articles: Pick<ArticleStore, 'search' | 'latestMatch'>;
  stories: Pick<StoryStore, 'getStories' | 'storyOutlines' | 'storyArticleCounts' | 'storyArticles' | 'storiesStamp'>;
}

/** Searches, ranks and assembles a briefing. Never rejects for a query with no results: it says so in `note`. */
export async function buildBriefing(store: BriefingStore, opts: BriefingOptions): Promise<Briefing> {
  const q = buildQuery(opts.query, opts.topics);
  const window = parseSince(opts.since, opts.now);
  const limit = Math.max(1, Math.min(MAX_BRIEFING_LIMIT, Math.floor(opts.limit)));
  const title = `Briefing: ${q.display}`;
  const notes: string[] = [];
  if (q.trimmed) notes.push(`Long query: I searched for "${q.display}".`);

  // A default topic was tagged at ingest: its tag index answers directly. Other queries go through full-text search.
  const tag = q.topic?.tagged ? q.topic.name : undefined;
  let text: TextQuery | undefined = tag ? undefined : q.text;
  let hits = await search(store, text, window, tag);
  if (hits.length === 0 && !tag && q.loose && (await store.articles.latestMatch(q.text)) === undefined) {
    text = q.loose;
    hits = await search(store, text, window, tag);
    if (hits.length > 0) notes.push(`No story has all of "${q.display}"; showing stories with some of these words.`);
  }

  let shown: Window = window;
  if (hits.length === 0 && window.since !== null) {
    const latest = await store.articles.latestMatch(text, tag);
    if (latest !== undefined) {
      // Fall back to the most recent matching stories: the same span, ending at the latest match.
      const until = new Date(latest);
      shown = {
        since: new Date(until.getTime() - window.spanMs).toISOString(),
        until: latest,
        spanMs: window.spanMs,
        label: window.label,
      };
      hits = await search(store, text, shown, tag);
      notes.push(`Nothing on ${q.display} in the last ${window.label}; latest from ${formatDay(latest)}.`);
    }
  }

  if (hits.length === 0) {
    const names = [...new Set([...opts.topics.map((t) => t.name), ...((await opts.suggest?.()) ?? [])])];
    const near = nearestTopics(q.display, names);
    notes.push(
      `No stories match "${q.display}"${window.since === null ? '' : ` at any time`}.` +
        (near.length > 0 ? ` Try: ${near.join(', ')}.` : ''),
    );
    return briefing(title, opts.query, window, notes, []);
  }

  const storyIds = [...new Set(hits.map((h) => h.storyId))];
  const counts = countsOf(hits) ?? (await store.stories.storyArticleCounts(storyIds));
  const base = rankStories(hits, counts, new Date(shown.until), shown.spanMs);
  const ranked = await rerankWithFeedback(store.stories, base, opts.feedback, opts.pageSize ?? limit, { counts, now: opts.now });
  const ids = ranked.map((r) => r.storyId);
  if (!opts.screen) return briefing(title, opts.query, shown, notes, await store.stories.getStories(ids.slice(0, limit)));
  const { stories, hidden } = await screened(store, ids, limit, opts.screen, { counts, now: opts.now });
  if (hidden > 0) notes.push(`${hidden} ${hidden === 1 ? 'story' : 'stories'} left out by mutes (\`/mute list\`).`);
  return briefing(title, opts.query, shown, notes, stories);
}

/**
 * The first `limit` stories of `ids` the screen keeps. The screen reads the light outlines (headline, summary, outlets,
 * tags; outlines.ts) in growing batches, so stories it drops are never read in full; the kept ones are read in one
 * getStories, and shown without the outlets the screen hides.
 */
async function screened(store: BriefingStore, ids: number[], limit: number, screen: Screen, state: CandidateState): Promise<{ stories: Story[]; hidden: number }> {
  const kept: number[] = [];
  let hidden = 0;
  let from = 0;
  while (kept.length < limit && from < ids.length) {
    const want = limit - kept.length;
    const batch = ids.slice(from, from + (from === 0 ? want : Math.max(want * 2, from)));
    from += batch.length;
    for (const s of await candidateOutlines(store.stories, batch, state)) {
      if (kept.length >= limit) break;
      if (screen(s)) hidden++;
      else kept.push(s.id);
    }
  }
  return { stories: await showWithout(store.stories, await store.stories.getStories(kept), screen.hides), hidden };
}

/** The stories' article counts the search read with its hits (PostgreSQL: one round trip fewer), if every hit has one. */
function countsOf(hits: SearchHit[]): Map<number, number> | undefined {
  const counts = new Map<number, number>();
  for (const h of hits) {
    if (h.storyArticles === undefined) return undefined;
    counts.set(h.storyId, h.storyArticles);
  }
  return counts;
}

function search(store: BriefingStore, text: TextQuery | undefined, w: Window, topic: string | undefined): Promise<SearchHit[]> {
  return store.articles.search({
    ...(text === undefined ? {} : { text }),
    ...(topic ? { topic } : {}),
    ...(w.since === null ? {} : { since: w.since }),
    until: w.until,
    limit: CANDIDATE_HITS,
  });
}

function briefing(title: string, query: string, w: Window, notes: string[], stories: Briefing['stories']): Briefing {
  return {
    title,
    query,
    window: { since: w.since, until: w.until },
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
    stories,
  };
}

export type { BuiltQuery };
