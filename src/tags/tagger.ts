// The tagging entry point: topics (configured keywords), people, places and organizations (rules + gazetteer) and
// keywords (frequency x position x commonness), in that order, capped so a story carries a readable set of tags.
// The body is tokenized once (article.ts) and its words are shared by the three taggers.
import type { Tag, TopicDef } from '../types.js';
import { tokenizeArticle } from './article.js';
import { entitiesOf, entitiesOfArticle } from './entities.js';
import { extractKeywords } from './keywords.js';
import { scanWords } from './scan.js';
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
      // The body is tokenized once for its sentences and its word scan (which topics and keywords then reuse).
      const art = tokenizeArticle(body, sentences);
      const out: Tag[] = topics.match({ title, body });
      // Keywords are computed before entities, while the scanned words are still in the CPU cache; they are
      // added after the entities, which they must not repeat.
      const keywords = extractKeywords({ title, body }, { max: 2 * MAX_KEYWORDS });
      // Otherwise the sentences' tokens reuse the body's scanned words (the topic matcher just scanned it).
      const keys: string[] = [];
      const entities = art
        ? entitiesOfArticle(art, keys)
        : entitiesOf(sentences, { text: body, scanned: scanWords(body) }, keys);
      // Values already tagged (lowercase), which keywords must not repeat.
      const seen = new Set<string>();
      for (const t of out) seen.add(t.value.toLowerCase());
      const perKind = new Map<string, number>();
      entities.forEach((e, i) => {
        const k = perKind.get(e.kind) ?? 0;
        if (k >= MAX_PER_ENTITY_KIND) return;
        perKind.set(e.kind, k + 1);
        out.push(e);
        seen.add(keys[i] as string);
      });
      let kept = 0;
      for (const k of keywords) {
        if (kept >= MAX_KEYWORDS || seen.has(k.value)) continue;
        out.push(k);
        kept++;
      }
      return out.slice(0, MAX_TAGS);
    },
  };
}
