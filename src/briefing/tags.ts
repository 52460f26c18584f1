// Which of a story's tags a reply shows: topics, people, places and organizations (no bare keywords), each name
// once whatever its case or kind ("china" the topic and "China" the place are one "China"), in tag order.
import type { Tag } from '../types.js';

/** Up to `max` tag names to show, deduplicated case-insensitively; a capitalized spelling wins over a lower-case one. */
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
