// The CPU-heavy half of ingest, with no store access so it can run in worker threads: parse, language, sentences,
// summary, tags, fingerprint. The result is a plain object (structured-clone safe).
import { createHash } from 'node:crypto';
import { parseInput } from '../articles/parse.js';
import { bandKeys, encodeFingerprint, fingerprint } from '../stories/fingerprint.js';
import type { NewArticle } from '../store/types.js';
import { summarizeExtractive } from '../summarize/extractive.js';
import { createTagger } from '../tags/tagger.js';
import { detectLanguage } from '../text/lang.js';
import { splitParagraphSentences } from '../text/sentences.js';
import type { ParsedArticle, TopicDef } from '../types.js';

/** An article ready for the store, with where it came from. */
export interface Prepared extends NewArticle {
  origin: string;
}

export interface Rejection {
  origin: string;
  reason: string;
}

/** Same text, same hash: titles and bodies compared after case and whitespace folding. */
export function contentHash(title: string, body: string): string {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha1').update(norm(title)).update('\n').update(norm(body)).digest('hex');
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
