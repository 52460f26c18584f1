// The CPU-heavy half of ingest, with no store access so it can run in worker threads: parse, language, sentences,
// summary, tags, fingerprint. The result is a plain object (structured-clone safe).
import { createHash } from 'node:crypto';
import { parseInput } from '../articles/parse.js';
import { bandKeys, encodeFingerprint, fingerprint } from '../stories/fingerprint.js';
import { articleTerms, type TermWeights } from '../stories/terms.js';
import type { NewArticle } from '../store/types.js';
import { summarizeExtractive } from '../summarize/extractive.js';
import { createTagger } from '../tags/tagger.js';
import { detectLanguage } from '../text/lang.js';
import { splitParagraphSentences } from '../text/sentences.js';
import type { ParsedArticle, TopicDef } from '../types.js';

/** An article ready for the store, with where it came from. */
export interface Prepared extends NewArticle {
  origin: string;
  /** Its salient terms for event clustering (computed here, off the thread that writes; absent: computed there). */
  terms?: TermWeights;
}

export interface Rejection {
  origin: string;
  reason: string;
}

/** White space as the RegExp class \s has it. */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * s.toLowerCase().replace(/\s+/g, ' ').trim() in one scan: only the white space that is not already a lone inner
 * space is cut out (a 4 KB body has a few paragraph breaks; the regular expression rebuilt the whole string).
 */
export function foldSpace(s: string): string {
  const t = s.toLowerCase();
  const n = t.length;
  let out = '';
  let from = 0;
  let i = 0;
  while (i < n) {
    if (!isSpace(t.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isSpace(t.charCodeAt(j))) j++;
    if (j - i === 1 && t.charCodeAt(i) === 32 && i > 0 && j < n) {
      i = j;
      continue;
    }
    out += t.slice(from, i);
    if (i > 0 && j < n) out += ' ';
    from = j;
    i = j;
  }
  return from === 0 ? t : out + t.slice(from);
}

/** Same text, same hash: titles and bodies compared after case and whitespace folding. */
export function contentHash(title: string, body: string): string {
  return createHash('sha1').update(foldSpace(title)).update('\n').update(foldSpace(body)).digest('hex');
}

/** The salient terms the commit compares with stories: the tagged people, places and organizations boost theirs. */
export function termsOf(title: string, body: string, tags: readonly { kind: string; value: string }[]): TermWeights {
  const entities = tags.filter((t) => t.kind === 'person' || t.kind === 'place' || t.kind === 'org').map((t) => t.value);
  return articleTerms({ title, body: body.trim() === title.trim() ? '' : body, entities });
}

export type Preparer = (p: ParsedArticle, ingestedAt: string) => Prepared;

/** Runs one named step of the preparation (a profiler measures each; the default just runs it). */
export type StageTimer = <T>(stage: string, fn: () => T) => T;
const untimed: StageTimer = (_stage, fn) => fn();

/** Creates the per-article NLP step for a set of topics (the config's default topics tag articles at ingest). */
export function createPreparer(topics: TopicDef[], time: StageTimer = untimed): Preparer {
  const tagger = createTagger({ topics });
  return (p, ingestedAt) => {
    const lang = time('language', () => detectLanguage(p.body));
    const sentences = time('sentences', () => splitParagraphSentences(p.body));
    const summary = time('summary', () => summarizeExtractive({ title: p.title, body: p.body, lang, sentences }));
    const tags = time('tags', () => tagger.tag({ title: p.title, body: p.body, sentences: sentences.map((s) => s.text) }));
    if (lang !== 'en' && lang !== 'und') tags.push({ kind: 'keyword', value: `lang:${lang}` });
    const fp = time('fingerprint', () => fingerprint({ title: p.title, body: p.body }));
    const hash = time('content hash', () => contentHash(p.title, p.body));
    const terms = time('clustering terms', () => termsOf(p.title, p.body, tags));
    return {
      origin: p.origin,
      contentHash: hash,
      ...(p.url ? { url: p.url } : {}),
      ...(p.source ? { source: p.source } : {}),
      title: p.title,
      ...(p.author ? { author: p.author } : {}),
      ...(p.publishedAt ? { publishedAt: p.publishedAt } : {}),
      ingestedAt,
      body: p.body,
      summary: summary.sentences.join(' '),
      gist: summary.gist,
      lang,
      tags,
      fingerprint: time('fingerprint', () => encodeFingerprint(fp)),
      bandKeys: time('fingerprint', () => bandKeys(fp)),
      terms,
    };
  };
}

/** Parses one input and prepares each article; bad records become rejections, never exceptions. */
export function parseAndPrepare(
  prepare: Preparer,
  content: string,
  origin: string,
  ingestedAt: string,
  time: StageTimer = untimed,
): { prepared: Prepared[]; rejections: Rejection[] } {
  const prepared: Prepared[] = [];
  const rejections: Rejection[] = [];
  let parsed;
  try {
    parsed = time('parse and clean', () => parseInput(content, origin));
  } catch (err) {
    return { prepared, rejections: [{ origin, reason: `could not parse: ${(err as Error).message}` }] };
  }
  for (const r of parsed) {
    if (!r.ok) {
      rejections.push({ origin: r.origin, reason: r.reason });
      continue;
    }
    try {
      prepared.push(prepare(r.article, ingestedAt));
    } catch (err) {
      rejections.push({ origin: r.article.origin, reason: `failed to process: ${(err as Error).message}` });
    }
  }
  return { prepared, rejections };
}
