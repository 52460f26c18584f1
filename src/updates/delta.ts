// The delta of a story for one target (a digest's thread, a user): the sentences with facts (names, numbers, quotes)
// that nothing the target was already shown had, taken from the articles it has not seen, at most three, each with
// the article it comes from; never a sentence already posted to that target. Offline and deterministic: the
// timeline's fact tracker (stories/timeline.ts) is fed what was shown first, then the new articles in time order.
import { createHash } from 'node:crypto';
import { preparePair, sameReport, type PairText } from '../stories/pair.js';
import { createFactTracker, factsOf, outletOf, timeOrder } from '../stories/timeline.js';
import { splitSentences } from '../text/sentences.js';
import { contentWords } from '../text/tokens.js';
import type { Article } from '../types.js';

/** New sentences in one update. */
export const MAX_DELTA_SENTENCES = 3;

/** What a target was already shown of a story. An article counts as shown when any of these says so. */
export interface Seen {
  /** Articles shown (posted in a digest, a thread reply, a direct message). */
  articleIds?: Iterable<number>;
  /** Articles ingested at or before this instant were shown (a digest shows the story as it stood when posted). */
  ingestedUntil?: string;
  /** Articles published (else ingested) at or before this instant count as shown (`newsbrief story ID --since`). */
  publishedUntil?: string;
  /** Keys (sentenceKey) of sentences already posted to the target: never posted again. */
  sentenceKeys?: Iterable<string>;
}

/** One new sentence and where it comes from. */
export interface DeltaSentence {
  text: string;
  /** sentenceKey(text): what the ledger records as posted. */
  key: string;
  articleId: number;
  title: string;
  url?: string;
  outlet?: string;
  /** The article's published time, else its ingest time (ISO). */
  at: string;
}

/** What is new in a story for one target. */
export interface StoryDelta {
  storyId: number;
  headline: string;
  /** At most MAX_DELTA_SENTENCES, in the articles' time order. */
  sentences: DeltaSentence[];
  /** New-fact sentences left out beyond the limit: not yet shown, they come in the target's next update. */
  more: number;
  /** Every article the delta read that the target had not seen. */
  articleIds: number[];
  /** Of those, the articles with sentences left out (`more`): not marked shown when the update is claimed. */
  pending: number[];
}

/** A short stable key of a sentence: case, spacing and punctuation do not matter. */
export function sentenceKey(text: string): string {
  const norm = text.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return createHash('sha256').update(norm).digest('base64url').slice(0, 22);
}

const timeOf = (a: Pick<Article, 'publishedAt' | 'ingestedAt'>): string => a.publishedAt ?? a.ingestedAt;

/** True when `a` counts as shown under `seen`. Times compare as instants (ISO strings of any offset). */
function wasShown(a: Article, seen: Seen, ids: ReadonlySet<number>): boolean {
  if (ids.has(a.id)) return true;
  if (seen.ingestedUntil !== undefined && Date.parse(a.ingestedAt) <= Date.parse(seen.ingestedUntil)) return true;
  if (seen.publishedUntil !== undefined && Date.parse(timeOf(a)) <= Date.parse(seen.publishedUntil)) return true;
  return false;
}

/**
 * The delta of story (`id`, `headline`) whose articles are `articles` (any order) for a target that saw `seen`.
 * `max` caps the sentences (default 3).
 */
export function buildDelta(story: { id: number; headline: string }, articles: readonly Article[], seen: Seen, max = MAX_DELTA_SENTENCES): StoryDelta {
  const ids = new Set(seen.articleIds ?? []);
  const posted = new Set(seen.sentenceKeys ?? []);
  const ordered = timeOrder(articles);
  const shown = ordered.filter((a) => wasShown(a, seen, ids));
  const fresh = ordered.filter((a) => !wasShown(a, seen, ids));
  const tracker = createFactTracker();
  for (const a of shown) tracker.add(a, 0);
  const candidates: DeltaSentence[] = [];
  for (const a of fresh) {
    const outlet = outletOf(a.source, a.url);
    for (const text of tracker.add(a, Number.MAX_SAFE_INTEGER)) {
      const key = sentenceKey(text);
      if (posted.has(key)) continue;
      posted.add(key); // the same sentence in two new articles (a wire copy) is one fact
      candidates.push({
        text, key, articleId: a.id, title: a.title, at: timeOf(a),
        ...(a.url ? { url: a.url } : {}),
        ...(outlet !== undefined ? { outlet } : {}),
      });
    }
  }
  const kept = withoutSuperseded(candidates, ordered, fresh);
  const sentences = kept.slice(0, max);
  const pending = [...new Set(kept.slice(max).map((c) => c.articleId))];
  return { storyId: story.id, headline: story.headline, sentences, more: kept.length - sentences.length, articleIds: fresh.map((a) => a.id), pending };
}

/** Later sentences compared per candidate, at most (bounds the pair model's work). */
const MAX_SUPERSEDE_COMPARED = 8;
/** Content words a candidate and a later sentence share before the pair model is asked. */
const MIN_SUPERSEDE_SHARED = 3;

/**
 * The candidates not superseded: a candidate is dropped when a later article reports the same thing (the pair model),
 * in a sentence the target was shown (a later article it saw) or will be (a later new article's candidate): "two
 * people were hurt" is not posted, or not posted late, once "five people were hurt" is.
 */
function withoutSuperseded(candidates: DeltaSentence[], ordered: readonly Article[], fresh: readonly Article[]): DeltaSentence[] {
  if (candidates.length === 0) return candidates;
  const freshIds = new Set(fresh.map((a) => a.id));
  const rank = new Map(ordered.map((a, i) => [a.id, i]));
  const first = Math.min(...candidates.map((c) => rank.get(c.articleId) ?? 0));
  // Sentences with facts of every article after the first candidate's, in time order, with their article's rank.
  const later: { rank: number; text: string; words: Set<string>; pair?: PairText }[] = [];
  for (const a of ordered.slice(first + 1)) {
    const r = rank.get(a.id) ?? 0;
    const texts = freshIds.has(a.id) ? candidates.filter((c) => c.articleId === a.id).map((c) => c.text) : splitSentences(a.body).filter((t) => factsOf(t).length > 0);
    for (const text of texts) later.push({ rank: r, text, words: new Set(contentWords(text)) });
  }
  return candidates.filter((c) => {
    const r = rank.get(c.articleId) ?? 0;
    const words = contentWords(c.text);
    let pair: PairText | undefined;
    let compared = 0;
    for (const l of later) {
      if (l.rank <= r) continue;
      let shared = 0;
      for (const w of words) if (l.words.has(w) && ++shared >= MIN_SUPERSEDE_SHARED) break;
      if (shared < MIN_SUPERSEDE_SHARED) continue;
      if (++compared > MAX_SUPERSEDE_COMPARED) break;
      pair ??= preparePair(c.text);
      l.pair ??= preparePair(l.text);
      if (sameReport(pair, l.pair)) return false;
    }
    return true;
  });
}
