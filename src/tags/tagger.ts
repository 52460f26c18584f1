// The tagging entry point: topics (configured keywords), people, places and organizations (rules + gazetteer) and
// keywords (frequency x position x commonness), in that order, capped so a story carries a readable set of tags.
import type { Tag, TopicDef } from '../types.js';
import { extractEntities } from './entities.js';
import { extractKeywords } from './keywords.js';
import { compileTopics } from './topics.js';

/** At most this many tags per article. */
export const MAX_TAGS = 30;
/** At most this many people, places and organizations each. */
export const MAX_PER_ENTITY_KIND = 8;
/** Keywords per article. */
export const MAX_KEYWORDS = 8;

export interface TaggerInput {
  title: string;
  /** Cleaned body. */
  body: string;
  /** The body split into sentences (entities are found per sentence). */
  sentences: string[];
}

/** Tags an article: topics first, then people, places, orgs, then keywords not already given as another tag. */
export interface Tagger {
  tag(input: TaggerInput): Tag[];
}

/** Compiles the topics once and returns a tagger to use for every article. */
export function createTagger(opts: { topics: TopicDef[] }): Tagger {
  const topics = compileTopics(opts.topics);
  return {
    tag({ title, body, sentences }) {
      const out: Tag[] = topics.match({ title, body });
      const perKind = new Map<string, number>();
      for (const e of extractEntities(sentences)) {
        const k = perKind.get(e.kind) ?? 0;
        if (k >= MAX_PER_ENTITY_KIND) continue;
        perKind.set(e.kind, k + 1);
        out.push(e);
      }
      const seen = new Set(out.map((t) => t.value.toLowerCase()));
      let kept = 0;
      for (const k of extractKeywords({ title, body }, { max: 2 * MAX_KEYWORDS })) {
        if (kept >= MAX_KEYWORDS || seen.has(k.value)) continue;
        out.push(k);
        kept++;
      }
      return out.slice(0, MAX_TAGS);
    },
  };
}
