// A story's timeline: its articles in time order, each with the outlet, and the new facts it added — sentences with a
// name, number or quote that no earlier article of the story had, unless the sentence only restates an earlier one and
// adds a name (the pair model of pair.ts judges restatements). Also: an outlet's name for "N sources".
import { splitSentences } from '../text/sentences.js';
import { contentWords } from '../text/tokens.js';
import { preparePair, sameReport } from './pair.js';
import type { PairText } from './pair.js';
import type { Article } from '../types.js';

/** Second-level labels under which registrable domains have three labels (bbc.co.uk, abc.net.au). */
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'ne', 'or', 'go', 'gob', 'nic']);

/** The registrable part of a host name: news.example.com -> example.com, www.bbc.co.uk -> bbc.co.uk. */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const sld = labels[labels.length - 2] as string;
  const tld = labels[labels.length - 1] as string;
  const keep = tld.length === 2 && SECOND_LEVEL.has(sld) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The outlet an article counts for: its source name, else its URL's registrable domain, else undefined. */
export function outletOf(source: string | null | undefined, url: string | null | undefined): string | undefined {
  if (source && source.trim() !== '') return source.trim();
  if (url) {
    try {
      return registrableDomain(new URL(url).hostname);
    } catch {
      /* not a URL */
    }
  }
  return undefined;
}

export interface TimelineEntry {
  articleId: number;
  /** Published time, else ingest time (ISO). */
  at: string;
  outlet?: string;
  title: string;
  url?: string;
  /** Sentences carrying names, numbers or quotes first seen in this article (at most MAX_FACTS). */
  newFacts: string[];
}

export interface StoryTimeline {
  storyId: number;
  /** Distinct outlets, earliest first. */
  outlets: string[];
  entries: TimelineEntry[];
}

/** New-fact sentences shown per article. */
export const MAX_FACTS = 3;

const NAME_RE = /(?<=\S\s+)\p{Lu}[\p{L}'’-]+/gu;
const NUMBER_RE = /\d[\d.,:%]*/g;
const QUOTE_RE = /["“]([^"”]{12,})["”]/g;

/** The facts of a sentence: names (capitalised, not its first word), numbers, quotes, normalised. */
export function factsOf(sentence: string): string[] {
  const out: string[] = [];
  for (const m of sentence.matchAll(NAME_RE)) out.push(`n:${m[0].toLowerCase().replace(/['’]s$/, '')}`);
  for (const m of sentence.matchAll(NUMBER_RE)) out.push(`#:${m[0].replace(/[.,:]$/, '')}`);
  for (const m of sentence.matchAll(QUOTE_RE)) out.push(`q:${(m[1] as string).toLowerCase().replace(/\s+/g, ' ').trim()}`);
  return out;
}

/** Earlier sentences kept per fact (the newest) as restatement candidates, and compared per sentence in all: bounds the work. */
export const MAX_COMPARED_PER_FACT = 4;
export const MAX_COMPARED = 8;
/** Content words two sentences must share before the pair model is asked whether one restates the other. */
const MIN_SHARED_TERMS = 3;

/** An earlier article's sentence with facts, tokenised for the pair model only when first compared. */
interface Earlier {
  text: string;
  facts: string[];
  /** Content words (cheap), to skip the pair model for sentences that share too little. */
  words?: Set<string>;
  pair?: PairText;
}

/**
 * True when `sentence` restates an earlier sentence: one that shares a name, number or quote with it (`knownFacts`)
 * and that the pair model judges the same report.
 */
function restates(sentence: string, knownFacts: readonly string[], byFact: ReadonlyMap<string, Earlier[]>): boolean {
  const seen = new Set<Earlier>();
  const words = new Set(contentWords(sentence));
  let pair: PairText | undefined;
  for (const f of knownFacts) {
    for (const e of byFact.get(f) ?? []) {
      if (seen.has(e)) continue;
      if (seen.size >= MAX_COMPARED) return false;
      seen.add(e);
      e.words ??= new Set(contentWords(e.text));
      let shared = 0;
      for (const t of words) if (e.words.has(t) && ++shared >= MIN_SHARED_TERMS) break;
      if (shared < MIN_SHARED_TERMS) continue;
      pair ??= preparePair(sentence);
      e.pair ??= preparePair(e.text);
      if (sameReport(pair, e.pair)) return true;
    }
  }
  return false;
}

/** Follows the facts of a story's articles fed in order: each article's sentences with facts no earlier article had. */
export interface FactTracker {
  /** Feeds the next article; returns its new-fact sentences (at most `max`, default MAX_FACTS). */
  add(a: Pick<Article, 'title' | 'body'>, max?: number): string[];
}

/** A fact tracker with nothing known yet (the timeline feeds it in time order; a delta feeds what was shown first). */
export function createFactTracker(): FactTracker {
  const known = new Set<string>();
  const byFact = new Map<string, Earlier[]>();
  return {
    add(a, max = MAX_FACTS) {
      const newFacts: string[] = [];
      const seenHere: string[] = [];
      const here: Earlier[] = [];
      for (const s of splitSentences(a.body)) {
        const facts = factsOf(s);
        if (facts.length === 0) continue;
        const unseen = facts.filter((f) => !known.has(f));
        // Only a new name ("..., NHK said") on a restatement of an earlier sentence is not news; a new number or quote is.
        const restated = () => unseen.every((f) => f.startsWith('n:')) && restates(s, facts.filter((f) => known.has(f)), byFact);
        if (unseen.length > 0 && newFacts.length < max && !restated()) newFacts.push(s.trim());
        seenHere.push(...facts);
        here.push({ text: s, facts });
      }
      for (const f of [...factsOf(a.title), ...seenHere]) known.add(f);
      for (const e of here) {
        for (const f of new Set(e.facts)) {
          const list = byFact.get(f) ?? [];
          list.push(e);
          if (list.length > MAX_COMPARED_PER_FACT) list.shift();
          byFact.set(f, list);
        }
      }
      return newFacts;
    },
  };
}

/** Articles in the timeline's order: published time, else ingest time; ties by id. */
export function timeOrder<T extends Pick<Article, 'id' | 'publishedAt' | 'ingestedAt'>>(articles: readonly T[]): T[] {
  return [...articles].sort((a, b) => {
    const ta = a.publishedAt ?? a.ingestedAt;
    const tb = b.publishedAt ?? b.ingestedAt;
    return ta < tb ? -1 : ta > tb ? 1 : a.id - b.id;
  });
}

/** Builds the timeline of a story's articles (any order in; time order out, ties by id). */
export function buildTimeline(storyId: number, articles: readonly Article[]): StoryTimeline {
  const tracker = createFactTracker();
  const outlets: string[] = [];
  const entries = timeOrder(articles).map((a): TimelineEntry => {
    const outlet = outletOf(a.source, a.url);
    if (outlet !== undefined && !outlets.includes(outlet)) outlets.push(outlet);
    const newFacts = tracker.add(a);
    return {
      articleId: a.id,
      at: a.publishedAt ?? a.ingestedAt,
      ...(outlet !== undefined ? { outlet } : {}),
      title: a.title,
      ...(a.url ? { url: a.url } : {}),
      newFacts,
    };
  });
  return { storyId, outlets, entries };
}
