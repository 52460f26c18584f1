// The ingest pipeline: prepare (prepare.ts: NLP, in-process or in worker threads) then commit, where the store
// decides: exact duplicate / update (same URL, new text) / join an existing story / new story.
import { decodeFingerprint } from '../stories/fingerprint.js';
import type { Clock } from '../clock.js';
import { chooseStory } from '../stories/cluster.js';
import { StoryAssigner, representativeness } from '../stories/assign.js';
import type { AssignerOptions } from '../stories/assign.js';
import type { ArticleStore, StoryStore, Transactor } from '../store/ports.js';
import type { ParsedArticle, TopicDef } from '../types.js';
import { contentHash, createPreparer, isSpace, parseAndPrepare, termsOf, type Prepared, type Rejection } from './prepare.js';

export type { Prepared, Rejection };
export { contentHash };

export type IngestStatus = 'added' | 'joined' | 'updated' | 'duplicate';

export interface IngestOutcome {
  origin: string;
  status: IngestStatus;
  articleId: number;
  storyId: number;
}

/** body.split(/\s+/).length of a trimmed body (0 when empty), without the array. */
function wordCount(body: string): number {
  if (body === '') return 0;
  let n = 1;
  for (let i = 0; i < body.length; i++) {
    if (isSpace(body.charCodeAt(i))) {
      n++;
      while (i + 1 < body.length && isSpace(body.charCodeAt(i + 1))) i++;
    }
  }
  return n;
}

/** Candidates fetched per new article for the near-duplicate decision. */
const MAX_CANDIDATES = 20;

export interface Pipeline {
  /** Parses and stores one input (file content or stdin); never rejects for bad input. */
  ingestContent(content: string, origin: string): Promise<{ outcomes: IngestOutcome[]; rejections: Rejection[] }>;
  /** Stores one already parsed article. */
  ingestParsed(article: ParsedArticle): Promise<IngestOutcome>;
  /** Stores articles prepared elsewhere (worker threads), in one transaction; a failing article is a rejection. */
  commitPrepared(prepared: Prepared[]): Promise<{ outcomes: IngestOutcome[]; rejections: Rejection[] }>;
  /** The topics articles are tagged with (for worker threads). */
  readonly topics: TopicDef[];
  now(): Date;
}

/** What the pipeline stores into: articles and stories, written in one transaction per batch. */
export interface IngestStore extends Transactor {
  articles: Pick<ArticleStore, 'findExisting'>;
}

/** The ports a commit writes through (those of the batch's transaction). */
type CommitPorts = { articles: ArticleStore; stories: StoryStore };

/** Creates the pipeline over a store. `topics` tag articles at ingest (the config's default topics). */
export function createPipeline(
  store: IngestStore,
  opts: { topics: TopicDef[]; now: Clock; stories?: Partial<AssignerOptions> },
): Pipeline {
  const prepare = createPreparer(opts.topics);
  const now = opts.now;

  const commit = async (tx: CommitPorts, p: Prepared): Promise<IngestOutcome> => {
    const existing = await tx.articles.findExisting(p.contentHash, p.url);
    if (existing && existing.contentHash === p.contentHash) {
      return { origin: p.origin, status: 'duplicate', articleId: existing.id, storyId: existing.storyId };
    }
    // Structured clone turns Buffers into Uint8Arrays; SQLite binds Buffers.
    const article = { ...p, fingerprint: Buffer.from(p.fingerprint.buffer, p.fingerprint.byteOffset, p.fingerprint.byteLength) };
    if (existing) {
      await tx.articles.updateArticle(existing.id, article);
      return { origin: p.origin, status: 'updated', articleId: existing.id, storyId: existing.storyId };
    }
    const fp = decodeFingerprint(article.fingerprint);
    const candidates = (await tx.articles.storyCandidates(article.bandKeys, MAX_CANDIDATES)).map((c) => ({
      articleId: c.articleId,
      storyId: c.storyId,
      fp: decodeFingerprint(c.fingerprint),
    }));
    // A near-copy joins its copy's story; otherwise the event assigner compares the article with nearby stories.
    const copy = chooseStory(fp, candidates);
    const terms = p.terms ?? termsOf(p.title, p.body, p.tags);
    const assigner = new StoryAssigner(tx.stories.state, opts.stories);
    const vec = await assigner.vector(terms);
    // The event's time is the date the outlet gave (even one after our clock: it still separates events); else ingest time.
    const at = Date.parse(p.publishedAt ?? p.ingestedAt);
    const time = Number.isNaN(at) ? Date.parse(p.ingestedAt) : at;
    // A feed item without text is stored with its headline as body: it is judged as a headline.
    const body = p.body.trim() === p.title.trim() ? '' : p.body.trim();
    // A near-copy dated far from its copy's story (a re-publication, a recurring template) is judged as a new article.
    const near = copy ? await tx.stories.resolveStory(copy.storyId) : null;
    const event = near !== null && (await assigner.nearCopyJoins(near, time)) ? { storyId: near, merge: [] as number[] } : await assigner.decide(vec, time, body !== '');
    const ids = await tx.articles.insertArticle(article, event.storyId);
    if (event.merge.length > 0) await tx.stories.mergeStories(ids.storyId, event.merge, p.ingestedAt);
    const story = await assigner.record(terms, vec, ids.storyId, time, event.merge);
    const bodyWords = wordCount(body);
    await tx.stories.offerHeadline(ids.storyId, ids.articleId, representativeness(vec, story, bodyWords));
    return { origin: p.origin, status: event.storyId !== null ? 'joined' : 'added', ...ids };
  };

  const commitPrepared = async (prepared: Prepared[]) => {
    // Fast path: the whole batch in one transaction. If any article fails, undo the batch and redo it with a
    // savepoint per article, so only the failing one is lost (a savepoint per article costs ~0.1 ms).
    try {
      const outcomes = await store.transaction(async (tx) => {
        const out: IngestOutcome[] = [];
        for (const p of prepared) out.push(await commit(tx, p));
        return out;
      });
      return { outcomes, rejections: [] as Rejection[] };
    } catch {
      const outcomes: IngestOutcome[] = [];
      const rejections: Rejection[] = [];
      await store.transaction(async (tx) => {
        for (const p of prepared) {
          try {
            outcomes.push(await tx.transaction((part) => commit(part, p)));
          } catch (err) {
            rejections.push({ origin: p.origin, reason: `failed to store: ${(err as Error).message}` });
          }
        }
      });
      return { outcomes, rejections };
    }
  };

  return {
    topics: opts.topics,
    now,
    commitPrepared,
    async ingestParsed(p) {
      // Skip the NLP for an exact duplicate.
      const hash = contentHash(p.title, p.body);
      const existing = await store.articles.findExisting(hash, p.url);
      if (existing && existing.contentHash === hash) {
        return { origin: p.origin, status: 'duplicate', articleId: existing.id, storyId: existing.storyId };
      }
      const prepared = prepare(p, now().toISOString());
      return store.transaction((tx) => commit(tx, prepared));
    },
    async ingestContent(content, origin) {
      const { prepared, rejections } = parseAndPrepare(prepare, content, origin, now().toISOString());
      const r = await commitPrepared(prepared);
      return { outcomes: r.outcomes, rejections: [...rejections, ...r.rejections] };
    },
  };
}
