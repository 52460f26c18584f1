// `stories rebuild`: re-clusters every stored article in time order with the current assigner (the pipeline's steps:
// near-copy first, then the event assigner), inside the store's transaction. Story ids that digests recorded survive: the rebuilt
// cluster holding most of a recorded story's articles takes its id, every other old id becomes an alias of the
// cluster holding most of its articles (links, buttons and the ledger keep resolving), and each digest's ledger row
// is carried to the new id at the new size, so nothing is posted again.
import type Database from 'better-sqlite3';
import { chooseStory } from '../stories/cluster.js';
import { StoryAssigner, representativeness, type AssignerOptions } from '../stories/assign.js';
import { bandKeys, decodeFingerprint, type Fingerprint } from '../stories/fingerprint.js';
import { articleTerms } from '../stories/terms.js';
import { forgetStoryCache, sqliteStoryState } from './sqlite-stories.js';
import { asyncPort, direct } from './gate.js';
import type { StoryState } from '../stories/assign.js';
import type { RebuildReport } from './types.js';

/** Near-copy candidates per article, as in the pipeline. */
const MAX_CANDIDATES = 20;
/** Articles looked at per band key (the newest), as in the store's candidate lookup. */
const BAND_POSTINGS = 50;

interface Row {
  id: number;
  title: string;
  body: string;
  fingerprint: Buffer;
  sort_at: string;
  ingested_at: string;
  story_id: number;
}

/** Re-clusters the archive in place (see the file comment); `at` stamps new aliases. Run it inside a transaction. */
export async function rebuildStories(db: Database.Database, at: string, opts: Partial<AssignerOptions> = {}): Promise<RebuildReport> {
  // The story tables are rewritten below, partly by direct SQL: no cached read of them may outlive the rebuild.
  forgetStoryCache(db);
  try {
    return await rebuild(db, at, opts);
  } finally {
    forgetStoryCache(db);
  }
}

async function rebuild(db: Database.Database, at: string, opts: Partial<AssignerOptions>): Promise<RebuildReport> {
  {
    const aliasOf = new Map((db.prepare('SELECT alias_id, story_id FROM story_aliases').all() as { alias_id: number; story_id: number }[]).map((r) => [r.alias_id, r.story_id]));
    const resolveOld = (id: number): number => {
      let x = id;
      for (let i = 0; i < 32 && aliasOf.has(x) && aliasOf.get(x) !== x; i++) x = aliasOf.get(x) as number;
      return x;
    };
    const storiesBefore = db.prepare('SELECT count(*) FROM stories').pluck().get() as number;
    const ledger = db.prepare('SELECT subscription_id AS sub, story_id AS story, article_count AS n, posted_at AS postedAt FROM digest_stories').all() as { sub: number; story: number; n: number; postedAt: string }[];
    const recorded = new Set(ledger.map((r) => resolveOld(r.story)));
    const maxId = db.prepare(`SELECT max(m) FROM (SELECT max(id) AS m FROM stories UNION ALL SELECT max(alias_id) FROM story_aliases
      UNION ALL SELECT max(story_id) FROM digest_stories UNION ALL SELECT max(story_id) FROM articles)`).pluck().get() as number | null;
    // Clusters get labels above every id in use, increasing in creation order (the assigner treats larger as newer).
    let nextLabel = (maxId ?? 0) + 1;

    for (const t of ['story_term_df', 'story_centroids', 'story_index']) db.exec(`DELETE FROM ${t}`);
    const ids = db.prepare('SELECT id FROM articles ORDER BY coalesce(published_at, sort_at), id').pluck().all() as number[];
    const get = db.prepare('SELECT id, title, body, fingerprint, coalesce(published_at, sort_at) AS sort_at, ingested_at, story_id FROM articles WHERE id = ?');
    const tagsOf = db.prepare("SELECT value FROM article_tags WHERE article_id = ? AND kind IN ('person', 'place', 'org')").pluck();
    const termsOf = (a: Row) => {
      const body = a.body.trim() === a.title.trim() ? '' : a.body.trim();
      return { body, terms: articleTerms({ title: a.title, body, entities: tagsOf.all(a.id) as string[] }) };
    };
    // Document frequencies over the whole archive first: the rebuild knows every article, so the earliest ones are
    // judged with the archive's IDF too (ingest learns it as it goes, and a small early archive gives noisy IDF).
    const state = asyncPort<StoryState>(sqliteStoryState(db), direct);
    const counter = new StoryAssigner(state, opts);
    for (const id of ids) await state.addDocument(counter.salient(termsOf(get.get(id) as Row).terms).map(([t]) => t));
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
    const members = new Map<number, Row[]>();

    for (const id of ids) {
      const a = get.get(id) as Row;
      oldStory.set(a.id, resolveOld(a.story_id));
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
      const time = Date.parse(a.sort_at);
      const at = Number.isNaN(time) ? Date.parse(a.ingested_at) : time;
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
      const list = members.get(label);
      if (list) list.push(a);
      else members.set(label, [a]);
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

    // Write the result: stories, articles' story ids, centroids and index under their final ids, aliases, ledger.
    db.exec('DELETE FROM stories');
    const insertStory = db.prepare(`INSERT INTO stories (id, headline_article_id, first_seen, last_seen, last_ingested_at, article_count, headline_score)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const moveArticle = db.prepare('UPDATE articles SET story_id = ? WHERE id = ?');
    const renameCentroid = db.prepare('UPDATE story_centroids SET story_id = ? WHERE story_id = ?');
    // story_index is keyed (term, story_id): an index on story_id for the renames, dropped again below.
    db.exec('CREATE INDEX story_index_rebuild ON story_index(story_id)');
    const renameIndex = db.prepare('UPDATE story_index SET story_id = ? WHERE story_id = ?');
    for (const [label, rows] of members) {
      const id = finalId(label);
      const sorted = rows.map((r) => r.sort_at).sort();
      const ingested = rows.map((r) => r.ingested_at).sort();
      const h = headline.get(label) as { article: number; score: number };
      insertStory.run(id, h.article, sorted[0], sorted[sorted.length - 1], ingested[ingested.length - 1], rows.length, h.score);
      for (const r of rows) if (r.story_id !== id) moveArticle.run(id, r.id);
      if (id !== label) {
        renameCentroid.run(id, label);
        renameIndex.run(id, label);
      }
    }
    db.exec('DROP INDEX story_index_rebuild');
    const live = new Set([...members.keys()].map(finalId));
    db.exec('DELETE FROM story_aliases');
    const addAlias = db.prepare('INSERT OR REPLACE INTO story_aliases (alias_id, story_id, merged_at) VALUES (?, ?, ?)');
    let merged = 0;
    for (const [old, label] of home) {
      const id = finalId(label);
      if (old !== id && !live.has(old)) {
        addAlias.run(old, id, at);
        merged++;
      }
    }
    for (const [alias] of aliasOf) {
      const target = home.get(resolveOld(alias));
      if (target !== undefined && !live.has(alias) && alias !== finalId(target)) addAlias.run(alias, finalId(target), at);
    }
    const resolveNew = (id: number): number => {
      const h = home.get(resolveOld(id));
      return h === undefined ? id : finalId(h);
    };
    // Each recorded story counts as posted at its new size: a cluster that gathered older articles is not "grown".
    const carry = db.prepare(`INSERT INTO digest_stories (subscription_id, story_id, article_count, posted_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (subscription_id, story_id) DO UPDATE SET article_count = max(article_count, excluded.article_count)`);
    const size = new Map([...members].map(([label, rows]) => [finalId(label), rows.length]));
    for (const r of ledger) {
      const id = resolveNew(r.story);
      carry.run(r.sub, id, Math.max(r.n, size.get(id) ?? 0), r.postedAt);
    }
    const split = [...counts.values()].filter((c) => c.size > 1).length;
    return { articles: ids.length, storiesBefore, storiesAfter: members.size, merged, split, recordedKept: [...recorded].filter((id) => live.has(resolveNew(id))).length };
  }
}
