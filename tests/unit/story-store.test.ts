// Stories across outlets in the store: the pipeline groups independent reports, merges keep old ids working (aliases,
// digest ledger), and a database made by the previous schema (migrations 1-6) upgrades without re-posting anything.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/ingest/pipeline.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { NewArticle } from '../../src/store/types.js';
import type { Store } from '../../src/store/ports.js';

// After every sample's and fixture's date, so each article sorts at its own date.
const clock = (): Date => new Date('2026-12-03T00:00:00Z');

let store: Store | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await store?.close();
  store = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const topics = [{ name: 'korea', keywords: ['bank of korea', 'seoul'] }];
const REPORTS = readFileSync(new URL('../fixtures/events/reports.jsonl', import.meta.url), 'utf8').trim().split('\n');

/** Files the bundled sample corpus first: an archive of some size, so document frequencies mean something. */
async function background(p: ReturnType<typeof createPipeline>): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../../samples/articles');
  for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    if (/\.(txt|md|json|jsonl|html)$/.test(f)) await p.ingestContent(readFileSync(path.join(root, f), 'utf8'), f);
  }
}

function article(title: string): NewArticle {
  return {
    contentHash: title,
    ingestedAt: '2026-09-14T00:00:00.000Z',
    body: `${title}. Body.`,
    summary: `${title}.`,
    gist: `${title}.`,
    lang: 'en',
    tags: [],
    fingerprint: Buffer.from([1]),
    bandKeys: [],
    title,
  };
}

describe('stories across outlets in the store', () => {
  it('files independent reports of one event as one story with every outlet as a source, earliest first', async () => {
    store = createSqliteStore(':memory:', clock);
    const p = createPipeline(store, { topics, now: clock });
    await background(p);
    const sorted = [...REPORTS].sort((a, b) => (JSON.parse(a).publishedAt as string).localeCompare(JSON.parse(b).publishedAt));
    const r = await p.ingestContent(sorted.join('\n'), 'reports.jsonl');
    expect(r.rejections).toEqual([]);
    const byTitle = new Map(r.outcomes.map((o, i) => [JSON.parse(sorted[i] as string).title as string, o.storyId]));
    const hike = byTitle.get('Bank of Korea raises key rate to 3.75% to fight inflation') as number;
    const [story] = await store.stories.getStories([hike]);
    expect(story?.articleCount).toBe(3);
    expect(story?.sources.map((s) => s.name)).toEqual(['Seoul Ledger', 'Asia Markets Report', 'Financial Courier']);
    expect(byTitle.get('Bank of Korea holds rate at 3.5%, says inflation easing')).not.toBe(hike);
    const typhoon = byTitle.get('Typhoon Haikui slams into Okinawa, cutting power to 80,000 homes') as number;
    expect((await store.stories.getStories([typhoon]))[0]?.articleCount).toBe(3);
    for (const other of ['Typhoon Khanun floods southern Taiwan, thousands evacuated', 'How typhoons form, and why they are getting stronger',
      'Okinawa tourism rebounds as summer visitors hit record']) expect(byTitle.get(other)).not.toBe(typhoon);
  });

  it('merges into the older id: the other id keeps resolving, articles move, the digest ledger carries over', async () => {
    store = createSqliteStore(':memory:', clock);
    const a = await store.articles.insertArticle(article('First report'), null);
    const b = await store.articles.insertArticle(article('Second report'), null);
    const sub = await store.digests.addSubscription({ workspaceId: 'cli:local', channelId: 'cli:local:x', topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: false });
    await store.digests.markPosted(sub.id, [{ storyId: b.storyId, articleCount: 1 }], '2026-09-14T01:00:00.000Z');
    await store.stories.mergeStories(a.storyId, [b.storyId], '2026-09-14T02:00:00.000Z');
    expect(await store.stories.resolveStory(b.storyId)).toBe(a.storyId);
    expect((await store.articles.getArticle(b.articleId))?.storyId).toBe(a.storyId);
    const viaOld = await store.stories.getStories([b.storyId]);
    expect(viaOld.map((s) => [s.id, s.articleCount])).toEqual([[a.storyId, 2]]);
    // Asking for both ids gives the story once.
    expect(await store.stories.getStories([a.storyId, b.storyId])).toHaveLength(1);
    // The subscription posted the merged story: the survivor counts as posted at that size (no repeat as "new").
    expect(await store.digests.postedStories(sub.id, [a.storyId, b.storyId])).toEqual(new Map([[a.storyId, 1], [b.storyId, 1]]));
    // A later merge of the survivor re-points the alias chain.
    const c = await store.articles.insertArticle(article('Third report'), null);
    await store.stories.mergeStories(c.storyId < a.storyId ? c.storyId : a.storyId, [c.storyId < a.storyId ? a.storyId : c.storyId], '2026-09-14T03:00:00.000Z');
    expect(await store.stories.resolveStory(b.storyId)).toBe(await store.stories.resolveStory(a.storyId));
  });

  it('upgrades a database made by the previous schema: ledger intact, old stories keep their ids, nothing re-posted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nb-mig-'));
    dirs.push(dir);
    const file = path.join(dir, 'old.db');
    // The previous version: migrations 1-6 exactly as shipped, one story, a subscription that posted it.
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.id <= 6)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.id, m.name, '2026-11-30T00:00:00.000Z');
    }
    old.exec(`INSERT INTO stories (id, headline_article_id, first_seen, last_seen, last_ingested_at, article_count)
      VALUES (41, 1, '2026-09-14T03:10:00Z', '2026-09-14T03:10:00Z', '2026-09-14T04:00:00Z', 1)`);
    old.exec(`INSERT INTO articles (id, content_hash, url, source, title, published_at, sort_at, ingested_at, body, summary,
      gist, lang, story_id, fingerprint) VALUES (1, 'h1', 'https://old.example/1', 'Old Wire', 'Old story', '2026-09-14T03:10:00Z',
      '2026-09-14T03:10:00Z', '2026-09-14T04:00:00Z', 'Old body.', 'Old body.', 'Old body.', 'en', 41, x'00')`);
    old.exec(`INSERT INTO subscriptions (id, workspace_id, channel_id, topics, cron, timezone, created_at)
      VALUES (5, 'cli:local', 'cli:local:x', '[]', '0 8 * * *', 'UTC', '2026-09-01T00:00:00Z')`);
    old.exec(`INSERT INTO digest_stories VALUES (5, 41, 1, '2026-09-14T08:00:00Z')`);
    old.close();

    store = createSqliteStore(file, clock);
    const db = new Database(file, { readonly: true });
    const applied = (db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all() as number[]);
    db.close();
    expect(applied).toEqual(MIGRATIONS.map((m) => m.id));
    expect((await store.stories.getStories([41])).map((s) => s.id)).toEqual([41]);
    expect(await store.digests.postedStories(5, [41])).toEqual(new Map([[41, 1]]));
    // New articles cluster as usual after the upgrade.
    const p = createPipeline(store, { topics, now: clock });
    await background(p);
    const r = await p.ingestContent(REPORTS.slice(3, 6).join('\n'), 'hike.jsonl');
    expect(new Set(r.outcomes.map((o) => o.storyId)).size).toBe(1);
    expect(r.outcomes[0]?.storyId).not.toBe(41);
  });
});

describe('near-copies and time', () => {
  it('joins a copy dated within the window to its story and files one dated a month later as a story of its own', async () => {
    store = createSqliteStore(':memory:', clock);
    const p = createPipeline(store, { topics, now: clock });
    await background(p);
    const title = 'Central bank holds its key rate at 3.5% as inflation cools';
    const body = ['The central bank of Freedonia held its key interest rate at 3.5% on Thursday, saying inflation had cooled for a third month.',
      'Governor Anna Weber told reporters the board saw no need to move rates before the autumn, while food prices stayed high.',
      'Markets had expected the decision; the currency was little changed after the announcement and bond yields edged lower.'].join('\n\n');
    // Each copy carries its own footer, so none is an exact duplicate.
    const at = (url: string, publishedAt: string) =>
      p.ingestParsed({ title, body: `${body}\n\nFiled from ${url}.`, captions: [], origin: url, url, source: 'Rate Watch', publishedAt });
    const first = await at('https://ratewatch.example/a', '2026-07-02T09:00:00Z');
    const copy = await at('https://mirror.example/a', '2026-07-03T15:00:00Z');
    const later = await at('https://mirror.example/b', '2026-08-06T09:00:00Z');
    expect(copy.storyId).toBe(first.storyId);
    expect(later.status).toBe('added');
    expect(later.storyId).not.toBe(first.storyId);
    expect((await store.stories.getStories([first.storyId]))[0]?.articleCount).toBe(2);
  });
});

describe('story headline', () => {
  it('accepts a headline-only feed item, and a complete, central report takes the headline from it', async () => {
    store = createSqliteStore(':memory:', clock);
    const p = createPipeline(store, { topics, now: clock });
    await background(p);
    const teaser = 'Bank of Korea raises key rate to 3.75%';
    const first = await p.ingestParsed({ title: teaser, body: teaser, captions: [], origin: 'feed', source: 'Flash Wire', publishedAt: '2026-09-15T01:50:00Z' });
    expect(first.status).toBe('added');
    const r = await p.ingestContent(REPORTS.slice(3, 6).join('\n'), 'hike.jsonl');
    expect(r.outcomes.map((o) => o.storyId)).toEqual([first.storyId, first.storyId, first.storyId]);
    const [story] = await store.stories.getStories([first.storyId]);
    expect(story?.articleCount).toBe(4);
    expect(story?.headline).not.toBe(teaser);
    expect(story?.sources[0]?.name).toBe('Flash Wire');
  });
});
