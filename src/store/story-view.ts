// What a briefing shows of a story, assembled from rows any store reads: the headline article, the outlets in time
// order (one entry each, earliest first), a link for a headline without one, and who first reported it.
import type { Story, StorySource, Tag } from '../types.js';
import type { StoryOutline } from './ports.js';
import { outletOf } from '../stories/timeline.js';
import { firstReportedBy, type OriginMember } from '../stories/origin.js';
import { sortTags } from './sqlite-articles.js';

/** A story with its headline article's fields. */
export interface StoryViewRow {
  id: number;
  first_seen: string;
  last_seen: string;
  article_count: number;
  title: string;
  gist: string;
  url: string | null;
  published_at: string | null;
  /** ISO 639-1, or 'und'. */
  lang: string | null;
}

/** One article of a story, in time order (sort time, then id). */
export interface StoryMemberRow {
  storyId: number;
  source: string | null;
  url: string | null;
  at: string;
  /** Title and the start of the body, for origin credits. */
  text: string;
}

/** Stories by id from their rows, members (all stories' articles, in time order) and headline tags. */
export function assembleStories(rows: StoryViewRow[], members: StoryMemberRow[], tagsOf: (storyId: number) => Tag[]): Map<number, Story> {
  const sources = outletsByStory(members);
  const origins = new Map<number, OriginMember[]>();
  for (const m of members) {
    const outlet = outletOf(m.source, m.url);
    const list = origins.get(m.storyId) ?? [];
    list.push({ ...(outlet ? { outlet } : {}), at: m.at, text: m.text });
    origins.set(m.storyId, list);
  }
  // A headline article without a URL still gets a link: the best of its story's other sources (https first, then the
  // earliest report).
  const bestUrl = new Map<number, string>();
  for (const m of members) {
    if (!m.url || !/^https?:\/\//i.test(m.url)) continue;
    const have = bestUrl.get(m.storyId);
    if (have === undefined || (!/^https:/i.test(have) && /^https:/i.test(m.url))) bestUrl.set(m.storyId, m.url);
  }
  const byId = new Map<number, Story>();
  for (const r of rows) {
    const url = r.url ?? bestUrl.get(r.id);
    const origin = firstReportedBy(origins.get(r.id) ?? []);
    byId.set(r.id, {
      id: r.id,
      headline: r.title,
      summary: r.gist,
      ...(url ? { url } : {}),
      ...(r.published_at ? { publishedAt: r.published_at } : {}),
      sources: sources.get(r.id) ?? [],
      articleCount: r.article_count,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      tags: sortTags(tagsOf(r.id)),
      ...(origin ? { firstReportedBy: origin } : {}),
      ...(r.lang && r.lang !== 'und' ? { lang: r.lang } : {}),
    });
  }
  return byId;
}

/** Each story's outlets (source name, else the URL's registrable domain), one entry each, earliest first. */
function outletsByStory(members: readonly Pick<StoryMemberRow, 'storyId' | 'source' | 'url'>[]): Map<number, StorySource[]> {
  const sources = new Map<number, StorySource[]>();
  for (const m of members) {
    const outlet = outletOf(m.source, m.url);
    const outlets = sources.get(m.storyId) ?? [];
    if (outlet !== undefined && !outlets.some((s) => s.name === outlet)) outlets.push(m.url ? { name: outlet, url: m.url } : { name: outlet });
    sources.set(m.storyId, outlets);
  }
  return sources;
}

/** What `storyOutlines` returns: each story's headline, summary, outlets and tags exactly as `assembleStories` gives them. */
export function assembleOutlines(heads: readonly Pick<StoryViewRow, 'id' | 'title' | 'gist'>[], members: readonly Pick<StoryMemberRow, 'storyId' | 'source' | 'url'>[], tagsOf: (storyId: number) => Tag[]): Map<number, StoryOutline> {
  const sources = outletsByStory(members);
  const byId = new Map<number, StoryOutline>();
  for (const h of heads) byId.set(h.id, { id: h.id, headline: h.title, summary: h.gist, sources: sources.get(h.id) ?? [], tags: sortTags(tagsOf(h.id)) });
  return byId;
}

/** The stories asked for, in that order, each once (ids resolved through `resolve`); unknown ids are left out. */
export function inRequestedOrder<T extends { id: number } = Story>(requested: number[], resolved: number[], byId: Map<number, T>): T[] {
  const seen = new Set<number>();
  return requested.map((_, i) => byId.get(resolved[i] as number)).filter((s): s is T => {
    if (s === undefined || seen.has(s.id)) return false;
    seen.add(s.id);
    return true;
  });
}
