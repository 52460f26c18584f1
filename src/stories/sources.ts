// The "Sources" view of a story for chat: its timeline (stories/timeline.ts) cut into pages, looked up through story
// aliases, with a clear message when the story is gone. Platform-neutral; adapters render the page.
import { withoutMuted } from '../briefing/muted-outlets.js';
import type { HidesOutlet } from '../briefing/screen.js';
import type { StoryStore } from '../store/ports.js';
import { buildTimeline, type TimelineEntry } from './timeline.js';

/** Timeline entries per page in chat. */
export const SOURCES_PAGE_SIZE = 8;

export interface SourcesPage {
  /** The story's current id (an alias resolved). */
  storyId: number;
  headline: string;
  /** Distinct outlets, earliest first. */
  outlets: string[];
  entries: TimelineEntry[];
  /** 0-based page shown, and how many pages there are. */
  page: number;
  pages: number;
  /** Articles in the whole timeline. */
  total: number;
}

export type SourcesLookup = { kind: 'page'; page: SourcesPage } | { kind: 'missing'; text: string };

/**
 * Page `page` of story `id`'s timeline (an out-of-range page shows the last one). With `hides` (the outlets the
 * reader muted), their articles are left out and the story's headline is one of the others' (muted-outlets.ts); a
 * story only they reported is shown as it is (the reader clicked it knowingly).
 */
export async function sourcesPage(
  store: { stories: Pick<StoryStore, 'resolveStory' | 'getStories' | 'storyArticles'> },
  id: number,
  page: number,
  pageSize = SOURCES_PAGE_SIZE,
  hides?: HidesOutlet,
): Promise<SourcesLookup> {
  const missing = {
    kind: 'missing' as const,
    text: `Story ${id} is no longer stored (the archive may have been pruned or rebuilt). Run the command again for current stories.`,
  };
  if (!Number.isSafeInteger(id) || id <= 0) return missing;
  const storyId = await store.stories.resolveStory(id);
  const [found] = await store.stories.getStories([storyId]);
  const all = await store.stories.storyArticles(storyId);
  if (!found || all.length === 0) return missing;
  const { story, articles } = withoutMuted(found, all, hides);
  const t = buildTimeline(story.id, articles);
  const pages = Math.max(1, Math.ceil(t.entries.length / pageSize));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return {
    kind: 'page',
    page: {
      storyId: story.id,
      headline: story.headline,
      outlets: t.outlets,
      entries: t.entries.slice(p * pageSize, (p + 1) * pageSize),
      page: p,
      pages,
      total: t.entries.length,
    },
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "14 Sep 2026 03:10 UTC" (a date-only time stays a date); the raw text when it is not a time. */
export function entryTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? day : `${day} ${d.toISOString().slice(11, 16)} UTC`;
}

/** "Page 2 of 3 · 19 articles · 5 sources". */
export function sourcesFooter(p: SourcesPage): string {
  const parts = [`${p.total} article${p.total === 1 ? '' : 's'}`, `${p.outlets.length} source${p.outlets.length === 1 ? '' : 's'}`];
  if (p.pages > 1) parts.unshift(`page ${p.page + 1} of ${p.pages}`);
  return parts.join(' · ');
}
