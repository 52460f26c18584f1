// The store-neutral part of `stories rebuild`: re-clusters the archive's articles in time order with the current
// assigner (the pipeline's steps: near-copy first, then the event assigner) over the store's story state, and works
// out what each store then writes. Story ids that digests recorded survive: the rebuilt cluster holding most of a
// recorded story's articles takes its id, every other old id becomes an alias of the cluster holding most of its
// articles, and each digest's ledger row is carried to the new id at the new size, so nothing is posted again.
// The SQLite (sqlite-rebuild.ts) and PostgreSQL (pg-rebuild.ts) stores read the archive and write the plan.
import { chooseStory } from '../stories/cluster.js';
import { StoryAssigner, representativeness, type AssignerOptions, type StoryState } from '../stories/assign.js';
import { bandKeys, decodeFingerprint, type Fingerprint } from '../stories/fingerprint.js';
import { articleTerms } from '../stories/terms.js';
import type { RebuildReport } from './types.js';

/** Near-copy candidates per article, as in the pipeline. */
const MAX_CANDIDATES = 20;
/** Articles looked at per band key (the newest), as in the store's candidate lookup. */
const BAND_POSTINGS = 50;

/** One stored article as the rebuild reads it. */
export interface RebuildArticle {
  id: number;
  title: string;
  body: string;
  fingerprint: Buffer;
  /** The instant the article is filed at (its publication time, else when it was stored). */
  sortAt: string;
  ingestedAt: string;
  storyId: number;
  /** Its person, place and organization tags. */
  entities: string[];
}

/** A digest ledger row: subscription `sub` posted `story` at `n` articles. */
export interface LedgerRow {
  sub: number;
  story: number;
  n: number;
  postedAt: string;
}

/** What the rebuild reads of the archive before it starts (the story state tables must be empty by then). */
export interface RebuildSource {
  /** Every article id in the order to file them (time, then id). */
  ids: number[];
  /** Reads one article; called for every id in order, twice (document frequencies, then filing). */
  article(id: number): Promise<RebuildArticle>;
  /** Existing aliases: alias id -> story id. */
  aliases: Map<number, number>;
  ledger: LedgerRow[];
  /** The largest id in use by stories, aliases, the ledger and articles' story ids. */
  maxId: number;
  storiesBefore: number;
}

/** A rebuilt story with its final id. */
export interface PlannedStory {
  id: number;
  /** The id its centroid and index rows carry in the story state (renamed to `id` when they differ). */
  label: number;
  headlineArticle: number;
  headlineScore: number;
  firstSeen: string;
  lastSeen: string;
  lastIngestedAt: string;
  /** Its articles with the story id each has now. */
  articles: { id: number; storyId: number }[];
}

export interface RebuildPlan {
  stories: PlannedStory[];
  /** Every alias after the rebuild: alias id -> story id. */
  aliases: Map<number, number>;
  /** Ledger rows to upsert (a row already there keeps the larger count). */
  ledger: LedgerRow[];
  report: RebuildReport;
}

/** Re-clusters `src` over `state` (which records centroids under labels above every id in use) and plans the writes. */
export async function planRebuild(src: RebuildSource, state: StoryState, opts: Partial<AssignerOptions> = {}): Promise<RebuildPlan> {
  const aliasOf = src.aliases;
  const resolveOld = (id: number): number => {
    let x = id;
    for (let i = 0; i < 32 && aliasOf.has(x) && aliasOf.get(x) !== x; i++) x = aliasOf.get(x) as number;
    return x;
  };
  const recorded = new Set(src.ledger.map((r) => resolveOld(r.story)));
  // Clusters get labels above every id in use, increasing in creation order (the assigner treats larger as newer).
  let nextLabel = src.maxId + 1;
  const termsOf = (a: RebuildArticle) => {
    const body = a.body.trim() === a.title.trim() ? '' : a.body.trim();
    return { body, terms: articleTerms({ title: a.title, body, entities: a.entities }) };
  };
  // Document frequencies over the whole archive first: the rebuild knows every article, so the earliest ones are
  // judged with the archive's IDF too (ingest learns it as it goes, and a small early archive gives noisy IDF).
  const counter = new StoryAssigner(state, opts);
  for (const id of src.ids) await state.addDocument(counter.salient(termsOf(await src.article(id)).terms).map(([t]) => t));
  const assigner = new StoryAssigner({ ...state, addDocument: async () => undefined }, opts);

  const labelOf = new Map<number, number>(); // article -> cluster label (merged labels resolved through `into`)
  const into = new Map<number, number>();
  const find = (l: number): number => {
    let x = l;
    while (into.has(x)) x = into.get(x) as number;
    return x;
  };
  const fps = new Map<number, Fingerprint>();
  const bands = new Map<number, number[]>();
  const oldStory = new Map<number, number>();
  const headline = new Map<number, { article: number; score: number }>();
  const members = new Map<number, RebuildArticle[]>();

  for (const id of src.ids) {
    const a = await src.article(id);
    oldStory.set(a.id, resolveOld(a.storyId));
    const fp = decodeFingerprint(a.fingerprint);
    const keys = bandKeys(fp);
    // Near-copy candidates among the articles already filed: most shared band keys, newest first on ties.
    const shared = new Map<number, number>();
    // Like the store's lookup: the 50 latest articles per key.
    for (const k of keys.slice(0, 200)) for (const other of (bands.get(k) ?? []).slice(-BAND_POSTINGS)) shared.set(other, (shared.get(other) ?? 0) + 1);
    const cands = [...shared].sort((x, y) => y[1] - x[1] || y[0] - x[0]).slice(0, MAX_CANDIDATES)
      .map(([other]) => ({ articleId: other, storyId: find(labelOf.get(other) as number), fp: fps.get(other) as Fingerprint }));
    const near = chooseStory(fp, cands);
    const { body, terms } = termsOf(a);
    const vec = await assigner.vector(terms);
    const time = Date.parse(a.sortAt);
    const at = Number.isNaN(time) ? Date.parse(a.ingestedAt) : time;
    const copyOf = near ? find(near.storyId) : null;
    const event = copyOf !== null && (await assigner.nearCopyJoins(copyOf, at)) ? { storyId: copyOf, merge: [] as number[] } : await assigner.decide(vec, at, body !== '');
    const label = event.storyId ?? nextLabel++;
    for (const m of event.merge) {
      if (m === label) continue;
      into.set(m, label);
      members.set(label, (members.get(label) ?? []).concat(members.get(m) ?? []));
      members.delete(m);
      const h = headline.get(m);
      const cur = headline.get(label);
      if (h && (!cur || h.score > cur.score)) headline.set(label, h);
      headline.delete(m);
    }
    labelOf.set(a.id, label);
    // Only what the plan needs is kept of each article (not its body).
    const kept: RebuildArticle = { ...a, title: '', body: '', entities: [] };
    const list = members.get(label);
    if (list) list.push(kept);
    else members.set(label, [kept]);
    const story = await assigner.record(terms, vec, label, at, event.merge);
    const score = representativeness(vec, story, body === '' ? 0 : body.split(/\s+/).length);
    const cur = headline.get(label);
    if (!cur || cur.score < score) headline.set(label, { article: a.id, score });
    fps.set(a.id, fp);
    for (const k of keys) {
      const list = bands.get(k);
      if (list) list.push(a.id);
      else bands.set(k, [a.id]);
    }
  }

  // Which id each cluster keeps: for each old story, the cluster holding most of its articles (ties: older cluster).
  const counts = new Map<number, Map<number, number>>(); // old story -> cluster -> articles
  for (const [article, label] of labelOf) {
    const old = oldStory.get(article) as number;
    const c = counts.get(old) ?? new Map<number, number>();
    c.set(find(label), (c.get(find(label)) ?? 0) + 1);
    counts.set(old, c);
  }
  const home = new Map<number, number>();
  for (const [old, c] of counts) home.set(old, [...c].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]?.[0] as number);
  // A cluster takes a recorded old id first, else the old id with most articles in it; the smallest wins ties.
  const claim = new Map<number, number>();
  const olds = [...home.keys()].sort((x, y) => Number(recorded.has(y)) - Number(recorded.has(x)) || (counts.get(y)?.get(home.get(y) as number) ?? 0) - (counts.get(x)?.get(home.get(x) as number) ?? 0) || x - y);
  for (const old of olds) if (!claim.has(home.get(old) as number)) claim.set(home.get(old) as number, old);
  const finalId = (label: number): number => claim.get(label) ?? label;

  const stories: PlannedStory[] = [];
  for (const [label, rows] of members) {
    const sorted = rows.map((r) => r.sortAt).sort();
    const ingested = rows.map((r) => r.ingestedAt).sort();
    const h = headline.get(label) as { article: number; score: number };
    stories.push({
      id: finalId(label), label, headlineArticle: h.article, headlineScore: h.score,
      firstSeen: sorted[0] as string, lastSeen: sorted[sorted.length - 1] as string, lastIngestedAt: ingested[ingested.length - 1] as string,
      articles: rows.map((r) => ({ id: r.id, storyId: r.storyId })),
    });
  }
  const live = new Set(stories.map((s) => s.id));
  // Later entries replace earlier ones for the same alias id.
  const aliases = new Map<number, number>();
  let merged = 0;
  for (const [old, label] of home) {
    const id = finalId(label);
    if (old !== id && !live.has(old)) {
      aliases.set(old, id);
      merged++;
    }
  }
  for (const [alias] of aliasOf) {
    const target = home.get(resolveOld(alias));
    if (target !== undefined && !live.has(alias) && alias !== finalId(target)) aliases.set(alias, finalId(target));
  }
  const resolveNew = (id: number): number => {
    const h = home.get(resolveOld(id));
    return h === undefined ? id : finalId(h);
  };
  // Each recorded story counts as posted at its new size: a cluster that gathered older articles is not "grown".
  const size = new Map(stories.map((s) => [s.id, s.articles.length]));
  const ledger = src.ledger.map((r) => {
    const id = resolveNew(r.story);
    return { sub: r.sub, story: id, n: Math.max(r.n, size.get(id) ?? 0), postedAt: r.postedAt };
  });
  const split = [...counts.values()].filter((c) => c.size > 1).length;
  return {
    stories,
    aliases,
    ledger,
    report: {
      articles: src.ids.length, storiesBefore: src.storiesBefore, storiesAfter: members.size, merged, split,
      recordedKept: [...recorded].filter((id) => live.has(resolveNew(id))).length,
    },
  };
}
