// The ingest pipeline for one parsed article: language, sentences, summary, tags, fingerprint; then the store
// decides duplicate / update / join an existing story / new story.
import { createHash } from 'node:crypto';
import { parseInput } from '../articles/parse.js';
import { bandKeys, decodeFingerprint, encodeFingerprint, fingerprint } from '../stories/fingerprint.js';
import { chooseStory } from '../stories/cluster.js';
import type { NewArticle, Store } from '../store/types.js';
import { summarizeExtractive } from '../summarize/extractive.js';
import { createTagger } from '../tags/tagger.js';
import { detectLanguage } from '../text/lang.js';
import { splitParagraphSentences } from '../text/sentences.js';
import type { ParsedArticle, TopicDef } from '../types.js';

export type IngestStatus = 'added' | 'joined' | 'updated' | 'duplicate';

export interface IngestOutcome {
  origin: string;
  status: IngestStatus;
  articleId: number;
  storyId: number;
}

export interface Rejection {
  origin: string;
  reason: string;
}

/** Candidates fetched per new article for the near-duplicate decision. */
const MAX_CANDIDATES = 50;

/** Same text, same hash: titles and bodies compared after case and whitespace folding. */
export function contentHash(title: string, body: string): string {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha1').update(norm(title)).update('\n').update(norm(body)).digest('hex');
}

export interface Pipeline {
  /** Parses one input (file content or stdin) into outcomes and rejections; never throws for bad input. */
  ingestContent(content: string, origin: string): { outcomes: IngestOutcome[]; rejections: Rejection[] };
  /** Stores one already parsed article. */
  ingestParsed(article: ParsedArticle): IngestOutcome;
}

/** Creates the pipeline over a store. `topics` tag articles at ingest (the config's default topics). */
export function createPipeline(store: Store, opts: { topics: TopicDef[]; now?: () => Date }): Pipeline {
  const tagger = createTagger({ topics: opts.topics });
  const now = opts.now ?? (() => new Date());

  const prepare = (p: ParsedArticle, hash: string): NewArticle & { fp: ReturnType<typeof fingerprint> } => {
    const lang = detectLanguage(p.body);
    const sentences = splitParagraphSentences(p.body);
    const summary = summarizeExtractive({ title: p.title, body: p.body, lang, sentences });
    const tags = tagger.tag({ title: p.title, body: p.body, sentences: sentences.map((s) => s.text) });
    if (lang !== 'en' && lang !== 'und') tags.push({ kind: 'keyword', value: `lang:${lang}` });
    const fp = fingerprint({ title: p.title, body: p.body });
    return {
      contentHash: hash,
      ...(p.url ? { url: p.url } : {}),
      ...(p.source ? { source: p.source } : {}),
      title: p.title,
      ...(p.author ? { author: p.author } : {}),
      ...(p.publishedAt ? { publishedAt: p.publishedAt } : {}),
      ingestedAt: now().toISOString(),
      body: p.body,
      summary: summary.sentences.join(' '),
      gist: summary.gist,
      lang,
      tags,
      fingerprint: encodeFingerprint(fp),
      bandKeys: bandKeys(fp),
      fp,
    };
  };

  const ingestParsed = (p: ParsedArticle): IngestOutcome => {
    const hash = contentHash(p.title, p.body);
    const existing = store.findExisting(hash, p.url);
    if (existing && existing.contentHash === hash) {
      return { origin: p.origin, status: 'duplicate', articleId: existing.id, storyId: existing.storyId };
    }
    const prepared = prepare(p, hash);
    if (existing) {
      store.updateArticle(existing.id, prepared);
      return { origin: p.origin, status: 'updated', articleId: existing.id, storyId: existing.storyId };
    }
    const candidates = store.storyCandidates(prepared.bandKeys, MAX_CANDIDATES).map((c) => ({
      articleId: c.articleId,
      storyId: c.storyId,
      fp: decodeFingerprint(c.fingerprint),
    }));
    const joined = chooseStory(prepared.fp, candidates);
    const ids = store.insertArticle(prepared, joined ? joined.storyId : null);
    return { origin: p.origin, status: joined ? 'joined' : 'added', ...ids };
  };

  return {
    ingestParsed,
    ingestContent(content, origin) {
      const outcomes: IngestOutcome[] = [];
      const rejections: Rejection[] = [];
      let parsed;
      try {
        parsed = parseInput(content, origin);
      } catch (err) {
        return { outcomes, rejections: [{ origin, reason: `could not parse: ${(err as Error).message}` }] };
      }
      store.transaction(() => {
        for (const r of parsed) {
          if (!r.ok) {
            rejections.push({ origin: r.origin, reason: r.reason });
            continue;
          }
          try {
            // A nested transaction is a savepoint: a failure undoes only this article.
            outcomes.push(store.transaction(() => ingestParsed(r.article)));
          } catch (err) {
            rejections.push({ origin: r.article.origin, reason: `failed to process: ${(err as Error).message}` });
          }
        }
      });
      return { outcomes, rejections };
    },
  };
}
