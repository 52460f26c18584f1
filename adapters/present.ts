// What every renderer (Discord, Slack, terminal) says the same way, before its own escaping: the window label, the
// tags a story shows, the sources line, counts with their noun, and the apology for an unexpected error. Pure text.
import { formatDay } from '../src/briefing/window.js';
import type { Story, Tag } from '../src/types.js';

/** Collapses runs of whitespace (newlines included) to one space and trims. */
export const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** "1 story", "3 stories", "1 source", "2 sources". */
export function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : word.replace(/y$/, 'ie') + 's'}`;
}

/** "21 Nov 2026 – 28 Nov 2026", or "all time" for a window without a start. */
export function windowLabel(w: { since: string | null; until: string }): string {
  return w.since === null ? 'all time' : `${formatDay(w.since)} – ${formatDay(w.until)}`;
}

/**
 * Up to `max` of a story's tags worth showing: topics, people, places and organizations (no bare keywords), each
 * name once whatever its case or kind ("china" the topic and "China" the place are one "China"), in tag order; a
 * capitalized spelling wins over a lower-case one.
 */
export function displayTags(tags: Tag[], max = 4): string[] {
  const out = new Map<string, string>();
  for (const t of tags) {
    if (t.kind === 'keyword') continue;
    const key = t.value.toLocaleLowerCase();
    const have = out.get(key);
    if (have === undefined) {
      if (out.size === max) continue;
      out.set(key, t.value);
    } else if (have === have.toLocaleLowerCase() && t.value !== have) out.set(key, t.value);
  }
  return [...out.values()];
}

/** How many sources a story has: distinct outlets, else its articles when no outlet is known; at least 1. */
export function sourceCount(s: Story): number {
  const named = s.sources.filter((x) => oneLine(x.name) !== '').length;
  return Math.max(named > 0 ? named : s.articleCount, 1);
}

/** " · first reported by X" when one outlet broke a story reported by several, else "". */
export function creditLine(s: Story): string {
  return s.firstReportedBy && sourceCount(s) > 1 ? ` · first reported by ${oneLine(s.firstReportedBy)}` : '';
}

/** "3 sources: Harbor Times, Pacific Ledger, +1 · first reported by Harbor Times", "1 source: Wire", "1 source". */
export function sourcesLine(s: Story, max = 3): string {
  const names = s.sources.map((x) => oneLine(x.name)).filter(Boolean);
  const shown = names.slice(0, max).join(', ') + (names.length > max ? `, +${names.length - max}` : '');
  return `${plural(sourceCount(s), 'source')}${shown ? `: ${shown}` : ''}${creditLine(s)}`;
}

/** "[de]" for a story in another language than the reader's (Story.otherLanguage), else "". */
export const languageMark = (s: Story): string => (s.otherLanguage && s.lang ? `[${s.lang}]` : '');

/** The private answer to an unexpected error; `doing` names what failed ("running /brief", "showing the sources"). */
export function apology(errorId: string, doing: string): string {
  return `Sorry, something went wrong while ${doing} (error ${errorId}). Please try again; if it keeps failing, give this error id to whoever runs newsbrief.`;
}
