// Autocomplete suggestions for options marked `autocomplete` in commands/: the server's topics plus frequent tags.
// Discord gives no way to defer autocomplete and drops answers after 3 s, so the frequent-tag list (a GROUP BY over
// all article tags) is computed at most once per TTL and kept in memory.
import type { App } from '../../src/app.js';
import { topicsFor } from '../../src/briefing/topics.js';
import type { Tag } from '../../src/types.js';
import { DISCORD_LIMITS as L } from './limits.js';

export interface Choice {
  name: string;
  value: string;
}

/** Tag kinds offered as suggestions, with how many of each. */
const TAG_KINDS: [Tag['kind'], number][] = [
  ['place', 15],
  ['org', 10],
  ['person', 10],
];
const TAG_TTL_MS = 10 * 60_000;

export interface Suggester {
  /** Choices for the focused option `option` of `/command [sub]`, given what the user typed. */
  suggest(workspaceId: string, option: string, typed: string): Promise<Choice[]>;
  /** Computes the frequent-tag list now (called once the bot is ready, so the first user does not wait). */
  warm(): Promise<void>;
}

/** Ranks `candidates` for `typed`: prefix matches first, then substring matches, in candidate order; at most 25. */
export function rankChoices(candidates: string[], typed: string): Choice[] {
  const t = typed.trim().toLowerCase();
  const seen = new Set<string>();
  const prefix: string[] = [];
  const inner: string[] = [];
  for (const c of candidates) {
    const k = c.toLowerCase();
    if (seen.has(k) || c.length === 0 || c.length > L.choiceValue) continue;
    seen.add(k);
    if (k.startsWith(t)) prefix.push(c);
    else if (t && k.includes(t)) inner.push(c);
  }
  return [...prefix, ...inner].slice(0, L.choices).map((c) => ({ name: c.slice(0, L.choiceName), value: c }));
}

/**
 * Suggestions: an option called `name` (as in `/topics remove name`) offers the server's own topics, the ones it can
 * remove; every other autocomplete option offers all topics the server can brief on, then the places, organisations
 * and people most frequent in the newest stored articles (store.articles.topTags).
 */
export function createSuggester(app: App, now: () => number = Date.now): Suggester {
  let tags: string[] = [];
  let tagsAt = -Infinity;
  const frequentTags = async (): Promise<string[]> => {
    if (now() - tagsAt > TAG_TTL_MS) {
      const lists = await Promise.all(TAG_KINDS.map(([kind, n]) => app.store.articles.topTags(kind, n)));
      tags = lists.flatMap((list) => list.map((t) => t.value));
      tagsAt = now();
    }
    return tags;
  };
  return {
    async suggest(workspaceId, option, typed) {
      const topics = await topicsFor(app.store.topics, app.config.topics, workspaceId);
      if (option === 'name') return rankChoices(topics.filter((t) => t.custom).map((t) => t.name), typed);
      return rankChoices([...topics.map((t) => t.name), ...(await frequentTags())], typed);
    },
    async warm() {
      await frequentTags();
    },
  };
}
