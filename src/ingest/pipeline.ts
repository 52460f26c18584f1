// The ingest pipeline: prepare (prepare.ts: NLP, in-process or in worker threads) then commit, where the store
// decides: exact duplicate / update (same URL, new text) / join an existing story / new story.
import { decodeFingerprint } from '../stories/fingerprint.js';
import type { Clock } from '../clock.js';
import { chooseStory } from '../stories/cluster.js';
import { StoryAssigner, representativeness } from '../stories/assign.js';
import type { AssignerOptions } from '../stories/assign.js';
import { articleTerms } from '../stories/terms.js';
import type { Store } from '../store/types.js';
import type { ParsedArticle, TopicDef } from '../types.js';
import { contentHash, createPreparer, parseAndPrepare, type Prepared, type Rejection } from './prepare.js';

export type { Prepared, Rejection };
export { contentHash };

export type IngestStatus = 'added' | 'joined' | 'updated' | 'duplicate';

export interface IngestOutcome {
  origin: string;
  status: IngestStatus;
  articleId: number;
  storyId: number;
}

/** Candidates fetched per new article for the near-duplicate decision. */
const MAX_CANDIDATES = 20;

export interface Pipeline {
  /** Parses and stores one input (file content or stdin); never throws for bad input. */
  ingestContent(content: string, origin: string): { outcomes: IngestOutcome[]; rejections: Rejection[] };
  /** Stores one already parsed article. */
  ingestParsed(article: ParsedArticle): IngestOutcome;
  /** Stores articles prepared elsewhere (worker threads), in one transaction; a failing article is a rejection. */
  commitPrepared(prepared: Prepared[]): { outcomes: IngestOutcome[]; rejections: Rejection[] };
  /** The topics articles are tagged with (for worker threads). */
  readonly topics: TopicDef[];
  now(): Date;
}

/** Creates the pipeline over a store. `topics` tag articles at ingest (the config's default topics). */
export function createPipeline(
  store: Store,
  opts: { topics: TopicDef[]; now: Clock; stories?: Partial<AssignerOptions> },
): Pipeline {
  const prepare = createPreparer(opts.topics);
  const now = opts.now;
  const assigner = new StoryAssigner(store.storyState, opts.stories);

  const commit = (p: Prepared): IngestOutcome => {
    const existing = store.findExisting(p.contentHash, p.url);
    if (existing && existing.contentHash === p.contentHash) {
      return { origin: p.origin, status: 'duplicate', articleId: existing.id, storyId: existing.storyId };
    }
    // Structured clone turns Buffers into Uint8Arrays; SQLite binds Buffers.
    const article = { ...p, fingerprint: Buffer.from(p.fingerprint.buffer, p.fingerprint.byteOffset, p.fingerprint.byteLength) };
    if (existing) {
      store.updateArticle(existing.id, article);
      return { origin: p.origin, status: 'updated', articleId: existing.id, storyId: existing.storyId };
    }
    const fp = decodeFingerprint(article.fingerprint);
    const candidates = store.storyCandidates(article.bandKeys, MAX_CANDIDATES).map((c) => ({
      articleId: c.articleId,
      storyId: c.storyId,
      fp: decodeFingerprint(c.fingerprint),
    }));
    // A near-copy joins its copy's story; otherwise the event assigner compares the article with nearby stories.
    const copy = chooseStory(fp, candidates);
    const entities = p.tags.filter((t) => t.kind === 'person' || t.kind === 'place' || t.kind === 'org').map((t) => t.value);
    const terms = articleTerms({ title: p.title, body: p.body.trim() === p.title.trim() ? '' : p.body, entities });
    const vec = assigner.vector(terms);
    // The event's time is the date the outlet gave (even one after our clock: it still separates events); else ingest time.
    const at = Date.parse(p.publishedAt ?? p.ingestedAt);
    const time = Number.isNaN(at) ? Date.parse(p.ingestedAt) : at;
    // A feed item without text is stored with its headline as body: it is judged as a headline.
    const body = p.body.trim() === p.title.trim() ? '' : p.body.trim();
    // A near-copy dated far from its copy's story (a re-publication, a recurring template) is judged as a new article.
    const near = copy ? store.resolveStory(copy.storyId) : null;
    const event = near !== null && assigner.nearCopyJoins(near, time) ? { storyId: near, merge: [] as number[] } : assigner.decide(vec, time, body !== '');
    const ids = store.insertArticle(article, event.storyId);
    if (event.merge.length > 0) store.mergeStories(ids.storyId, event.merge, p.ingestedAt);
    const story = assigner.record(terms, vec, ids.storyId, time, event.merge);
    const bodyWords = body === '' ? 0 : body.split(/\s+/).length;
    store.offerHeadline(ids.storyId, ids.articleId, representativeness(vec, story, bodyWords));
    return { origin: p.origin, status: event.storyId !== null ? 'joined' : 'added', ...ids };
  };

  const commitPrepared = (prepared: Prepared[]) => {
    // Fast path: the whole batch in one transaction. If any article fails, undo the batch and redo it with a
    // savepoint per article, so only the failing one is lost (a savepoint per article costs ~0.1 ms).
    try {
      return { outcomes: store.transaction(() => prepared.map(commit)), rejections: [] as Rejection[] };
    } catch {
      const outcomes: IngestOutcome[] = [];
      const rejections: Rejection[] = [];
      store.transaction(() => {
        for (const p of prepared) {
          try {
            outcomes.push(store.transaction(() => commit(p)));
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
    ingestParsed(p) {
      // Skip the NLP for an exact duplicate.
      const hash = contentHash(p.title, p.body);
      const existing = store.findExisting(hash, p.url);
      if (existing && existing.contentHash === hash) {
        return { origin: p.origin, status: 'duplicate', articleId: existing.id, storyId: existing.storyId };
      }
      return store.transaction(() => commit(prepare(p, now().toISOString())));
    },
    ingestContent(content, origin) {
      const { prepared, rejections } = parseAndPrepare(prepare, content, origin, now().toISOString());
      const r = commitPrepared(prepared);
      return { outcomes: r.outcomes, rejections: [...rejections, ...r.rejections] };
    },
  };
}
