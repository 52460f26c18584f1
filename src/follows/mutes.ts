// The mutes that apply to one user's follow direct messages (their own and the workspace's, as for their /brief
// replies): a muted story is never alerted or summarized, and a followed story's update keeps only the new sentences
// that no mute hits (a sentence is screened with its outlet as the source); a muted story gets no update at all. A
// muted outlet is not seen in a story others reported too (muted-outlets.ts): the update's headline is then another's.
import type { Screen } from '../briefing/screen.js';
import type { Story } from '../types.js';
import { MAX_DELTA_SENTENCES, type DeltaSentence, type StoryDelta } from '../updates/delta.js';

/** One new sentence as the screen sees a story: its text as the headline, its outlet and link as the one source. */
function sentenceStory(storyId: number, s: DeltaSentence): Story {
  return {
    id: storyId, headline: s.text, summary: '', sources: [{ name: s.outlet ?? '', ...(s.url ? { url: s.url } : {}) }],
    articleCount: 1, firstSeen: s.at, lastSeen: s.at, tags: [],
  };
}

/**
 * A delta (built with every candidate sentence) with the muted sentences taken out: at most MAX_DELTA_SENTENCES kept,
 * the rest counted in `more` (their articles pending); no sentences at all when the story itself is muted. `shown`
 * is the story as the reader sees it (showWithout): its headline heads the update.
 */
export function screenDelta(delta: StoryDelta, story: Story | undefined, screen: Screen | undefined, shown?: Story): StoryDelta {
  if (!screen) return delta;
  if (story && screen(story)) return { ...delta, sentences: [], more: 0, pending: [] };
  if (shown) delta = { ...delta, headline: shown.headline };
  const kept = delta.sentences.filter((s) => !screen(sentenceStory(delta.storyId, s)));
  // Facts past the limit come in the next update: their articles stay unseen (pending), as in the delta engine.
  const later = kept.slice(MAX_DELTA_SENTENCES);
  return { ...delta, sentences: kept.slice(0, MAX_DELTA_SENTENCES), more: delta.more + later.length, pending: [...new Set([...delta.pending, ...later.map((s) => s.articleId)])] };
}
