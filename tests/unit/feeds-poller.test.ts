// Adding and polling feeds end to end over the fake feed server (private addresses allowed for it, as in tests and
// intranets): items flow through the ingest pipeline into /brief and the digest, conditional GETs, GUID dedup,
// first-seen dates, teaser pages, backoff, disabling after 3 days, hostile feeds — with an injected clock, no waiting.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/run.js';
import type { CommandContext, Reply } from '../../commands/types.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createFetcher } from '../../src/feeds/fetch.js';
import { feedProblemsLine, startFeedPoller, type FeedPoller } from '../../src/feeds/poller.js';
import { addFeed, backoffMs, setFetcher } from '../../src/feeds/service.js';
import { createLogger } from '../../src/log.js';
import type { Feed } from '../../src/store/types.js';
import { articleText, rssFeed, startFeedServer, type FakeFeedServer } from '../fakes/feeds.js';

const WS = 'cli:local';
let srv: FakeFeedServer;
let app: App;
let clock: Date;
let poller: FeedPoller;
let notices: { feed: Feed; text: string }[];
const minutes = (n: number) => n * 60_000;
const tick = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const ctx = (): CommandContext => ({ platform: 'cli', workspaceId: WS, channelId: WS, userId: 'cli:local', isAdmin: true, now: clock });
const text = (r: Reply) => (r.kind === 'briefing' ? JSON.stringify(r.briefing) : r.kind === 'digest' ? JSON.stringify(r.digest) : r.text);
const add = (path: string, o: { topics?: string[]; fetchPages?: boolean } = {}) =>
  addFeed(app, { workspaceId: WS, url: srv.url(path), topics: o.topics ?? [], intervalMinutes: 15, fetchPages: o.fetchPages ?? true, addedBy: 'discord:42' }, clock);

function testApp(): App {
  const file = FileConfigSchema.parse({ topics: [{ name: 'korea', keywords: ['north korea', 'pyongyang', 'seoul'] }] });
  const config: Config = {
    dbPath: ':memory:', configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent',
    feeds: { allowPrivate: true, userAgent: 'newsbrief-test', intervalMinutes: 15 },
  };
  return createApp({ config, dbPath: ':memory:', now: () => clock });
}

beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());
beforeEach(async () => {
  await poller?.stop();
  await app?.close();
  clock = new Date('2026-11-30T08:00:00Z');
  app = testApp();
  notices = [];
  poller = startFeedPoller(app, { logger: createLogger('silent'), now: () => clock, tickMs: 0, notify: async (feed, t) => void notices.push({ feed, text: t }) });
});

describe('adding a feed', () => {
  it('fetches it at once, stores its items through the pipeline, and /brief and the digest show them', async () => {
    srv.route('/korea.xml', {
      contentType: 'application/rss+xml',
      body: rssFeed('Peninsula Post', [
        { title: 'Seoul and Pyongyang reopen a hotline', link: 'https://peninsula.example/hotline', guid: 'h1', pubDate: 'Mon, 30 Nov 2026 06:00:00 GMT', content: `<p>${articleText('north korea hotline', 12)}</p>` },
        { title: 'Rice harvest sets a record in the south', link: 'https://peninsula.example/rice', guid: 'h2', pubDate: 'Mon, 30 Nov 2026 05:00:00 GMT', content: `<p>${articleText('the rice harvest', 12)}</p>` },
      ]),
    });
    const r = await add('/korea.xml');
    expect(r).toMatchObject({ created: true, itemCount: 2, ingest: { added: 2, rejected: [], pagesFetched: 0 } });
    expect(r.feed).toMatchObject({ title: 'Peninsula Post', articleCount: 2, lastOkAt: clock.toISOString(), nextPollAt: '2026-11-30T08:15:00.000Z', addedBy: 'discord:42' });
    const brief = await runCommand(app, ctx(), 'brief', undefined, { topic: 'korea' });
    expect(text(brief)).toContain('Seoul and Pyongyang reopen a hotline');
    const digest = await runCommand(app, ctx(), 'digest', 'preview', { since: '24h' });
    expect(text(digest)).toContain('Seoul and Pyongyang reopen a hotline');
  });

  it('files the articles of a feed with topics under those topics', async () => {
    srv.route('/topical.xml', { body: rssFeed('Topical', [{ title: 'Farm subsidies debated', link: 'https://t.example/1', guid: 't1', content: articleText('farm subsidies', 12) }]) });
    await add('/topical.xml', { topics: ['korea'] });
    const a = await app.store.articles.getArticle(1);
    expect(a?.tags).toContainEqual({ kind: 'topic', value: 'korea', score: 1 });
    expect(text(await runCommand(app, ctx(), 'brief', undefined, { topic: 'korea' }))).toContain('Farm subsidies debated');
  });

  it('stores an undated item at its first-seen time', async () => {
    srv.route('/undated.xml', { body: rssFeed('Undated', [{ title: 'Undated dispatch from the coast', guid: 'u1', content: articleText('coastal storms', 12) }]) });
    await add('/undated.xml');
    const a = await app.store.articles.getArticle(1);
    expect(a?.publishedAt).toBeUndefined();
    expect(a?.ingestedAt).toBe(clock.toISOString());
  });

  it('stores a headline-only item with its title as the body', async () => {
    srv.route('/headlines.xml', { body: rssFeed('Wire', [{ title: 'Quake of magnitude 6 hits the coast', guid: 'q1', description: '<a href="https://w.example/q1"><img src="x.jpg"></a>' }]) });
    const r = await add('/headlines.xml', { fetchPages: false });
    expect(r.ingest).toMatchObject({ added: 1, rejected: [] });
    expect(await app.store.articles.getArticle(1)).toMatchObject({ title: 'Quake of magnitude 6 hits the coast', body: 'Quake of magnitude 6 hits the coast', source: 'Wire' });
  });

  it('fetches the article page of a teaser item and extracts its main text', async () => {
    const page = `<!DOCTYPE html><html><head><title>Dam talks</title><meta property="og:site_name" content="River News"></head><body>
      <nav>Home | World | Sports</nav><article><h1>Dam talks resume</h1><p>${articleText('the dam dispute', 6)}</p><p>${articleText('river water rights', 6)}</p></article>
      <footer>Subscribe to our newsletter</footer></body></html>`;
    srv.route('/story/dam', { body: page, contentType: 'text/html; charset=utf-8' });
    srv.route('/teasers.xml', { body: rssFeed('River News', [{ title: 'Dam talks resume', link: srv.url('/story/dam'), guid: 'd1', description: 'Negotiators met again on Monday… Read more' }]) });
    const r = await add('/teasers.xml');
    expect(r.ingest).toMatchObject({ added: 1, pagesFetched: 1, pageErrors: [] });
    const a = await app.store.articles.getArticle(1);
    expect(a?.title).toBe('Dam talks resume');
    expect(a?.url).toBe(srv.url('/story/dam'));
    expect(a?.body).toContain('river water rights');
    expect(a?.body).not.toContain('Subscribe to our newsletter');
  });

  it('keeps the teaser and fetches no page when the feed has pages off', async () => {
    srv.route('/story/off', { body: '<html><body><p>never fetched</p></body></html>', contentType: 'text/html' });
    srv.route('/teasers-off.xml', { body: rssFeed('Off', [{ title: 'Short note on bridges', link: srv.url('/story/off'), guid: 'o1', description: 'The bridge reopens next week after repairs…' }]) });
    const r = await add('/teasers-off.xml', { fetchPages: false });
    expect(r.ingest).toMatchObject({ added: 1, pagesFetched: 0 });
    expect(srv.hits('/story/off')).toHaveLength(0);
    expect((await app.store.articles.getArticle(1))?.body).toContain('The bridge reopens next week');
  });

  it('answers with the precise reason when a feed cannot be added, and stores nothing', async () => {
    await expect(add('/nothing-here.xml')).rejects.toThrow(`Could not add ${srv.url('/nothing-here.xml')}: HTTP 404 Not Found`);
    srv.route('/page.html', { body: '<!doctype html><html><head><title>x</title></head><body>hello</body></html>', contentType: 'text/html' });
    await expect(add('/page.html')).rejects.toThrow(/: not a feed: the server sent an HTML page$/);
    expect(await app.store.feeds.listFeeds(WS)).toEqual([]);
  });

  it('follows the feed link of a site page', async () => {
    srv.route('/site', { body: `<!doctype html><html><head><link rel="alternate" type="application/atom+xml" href="/site/feed"></head><body></body></html>`, contentType: 'text/html' });
    srv.route('/site/feed', { body: rssFeed('Site Feed', [{ title: 'A post about roads', guid: 's1', content: articleText('road works', 12) }]) });
    const r = await add('/site');
    expect(r.feed.url).toBe(srv.url('/site/feed'));
  });
});

describe('polling', () => {
  it('polls only due feeds, uses conditional GET, and ingests only new GUIDs', async () => {
    let items = [{ title: 'Ferry service expands', link: 'https://f.example/1', guid: 'f1', content: articleText('ferry routes', 12) }];
    srv.route('/poll.xml', () => ({ body: rssFeed('Ferry Times', items), etag: `"${items.length}"` }));
    await add('/poll.xml');
    expect((await poller.pollNow()).polled).toBe(0); // not due yet
    tick(minutes(15));
    const s1 = await poller.pollNow();
    expect(s1).toMatchObject({ polled: 1, notModified: 1, added: 0 });
    expect(srv.hits('/poll.xml').at(-1)?.headers['if-none-match']).toBe('"1"');
    items = [{ title: 'Ferry fares fall in winter', link: 'https://f.example/2', guid: 'f2', content: articleText('ferry fares', 12) }, ...items.map((i) => ({ ...i, content: `${i.content} Edited.` }))];
    tick(minutes(15));
    const s2 = await poller.pollNow();
    expect(s2).toMatchObject({ polled: 1, ok: 1, added: 1 });
    expect((await app.store.feeds.listFeeds(WS))[0]).toMatchObject({ articleCount: 2, etag: '"2"' });
  });

  it('backs off exponentially, disables a feed failing for 3 days, tells who added it, and goes on with the others', async () => {
    let broken = false;
    srv.route('/flaky.xml', () => (broken ? { status: 500, body: 'oops' } : { body: rssFeed('Flaky', [{ title: 'Steady news', guid: 'k1', content: articleText('steady news', 12) }]) }));
    srv.route('/steady.xml', () => ({ body: rssFeed('Steady', [{ title: `Bulletin at ${clock.toISOString()}`, guid: clock.toISOString(), content: articleText('weather', 12) }]) }));
    const flaky = (await add('/flaky.xml')).feed;
    await add('/steady.xml');
    broken = true;
    const waits: number[] = [];
    let last: Feed | undefined;
    for (let i = 0; i < 40; i++) {
      const f = await app.store.feeds.getFeed(flaky.id) as Feed;
      if (f.disabledReason) break;
      clock = new Date(f.nextPollAt);
      const s = await poller.pollNow();
      expect(s.results.find((r) => r.feedId !== flaky.id)?.status ?? 'ok').not.toBe('failed');
      last = await app.store.feeds.getFeed(flaky.id);
      if (!last?.disabledReason) waits.push(Date.parse(last?.nextPollAt ?? '') - clock.getTime());
    }
    expect(waits.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6].map((n) => backoffMs(15, n)));
    expect(waits.slice(0, 5)).toEqual([minutes(15), minutes(30), minutes(60), minutes(120), minutes(240)]);
    expect(Math.max(...waits)).toBe(minutes(360));
    expect(last?.disabledReason).toMatch(/^failing since 2026-11-30 \(\d+ attempts\): HTTP 500 Internal Server Error$/);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.feed.addedBy).toBe('discord:42');
    expect(notices[0]?.text).toContain('was disabled');
    expect(await feedProblemsLine(app, WS)).toMatch(/^Feeds: 1 disabled \(Flaky: HTTP 500 Internal Server Error\)\./);
    const steady = (await app.store.feeds.listFeeds(WS)).find((f) => f.title === 'Steady');
    expect(steady?.articleCount).toBeGreaterThan(5);
    // A disabled feed is not polled any more.
    tick(minutes(600));
    expect((await poller.pollNow()).results.map((r) => r.feedId)).not.toContain(flaky.id);
  });

  it('waits at least as long as Retry-After says', async () => {
    let limited = false;
    srv.route('/limited.xml', () => (limited ? { status: 429, body: 'slow down', headers: { 'retry-after': '3600' } } : { body: rssFeed('L', [{ title: 'x', guid: '1' }]) }));
    const f = (await add('/limited.xml')).feed;
    limited = true;
    tick(minutes(15));
    await poller.pollNow();
    expect(await app.store.feeds.getFeed(f.id)).toMatchObject({ lastError: 'HTTP 429 Too Many Requests', failures: 1, nextPollAt: new Date(clock.getTime() + minutes(60)).toISOString() });
  });

  it('gives each hostile feed a clear error and still polls the good one', async () => {
    // 2 s: long enough that a starved machine (the suite beside other work) still reads and refuses the gzip bomb by
    // size, and still short against the drip feed (its body takes many seconds at 5 bytes a tenth of a second).
    setFetcher(app, createFetcher({ allowPrivate: true, userAgent: 't', timeoutMs: 2000, maxBytes: 512 * 1024, now: app.now }));
    const good = rssFeed('Good', [{ title: 'Good news at last', guid: 'g1', content: articleText('good news', 12) }]);
    srv.route('/h/good.xml', { body: good });
    for (const p of ['bomb', 'html', 'binary', 'drip', 'endless', 'utf8', 'gone', 'gzipbomb']) srv.route(`/h/${p}.xml`, { body: good });
    const hostile: Record<string, string> = {};
    for (const p of ['good', 'bomb', 'html', 'binary', 'drip', 'endless', 'utf8', 'gone', 'gzipbomb']) hostile[p] = String((await add(`/h/${p}.xml`)).feed.id);
    const ents = ['<!ENTITY a "aaaaaaaaaa">', ...Array.from({ length: 8 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i === 0 ? 'a' : 'b'.repeat(i)};`.repeat(10)}">`)];
    srv.route('/h/bomb.xml', { body: `<?xml version="1.0"?><!DOCTYPE rss [${ents.join('')}]><rss version="2.0"><channel><title>&bbbbbbbb;</title></channel></rss>` });
    srv.route('/h/html.xml', { body: '<!DOCTYPE html><html><body>Maintenance</body></html>', contentType: 'text/html' });
    srv.route('/h/binary.xml', { body: Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0]) });
    srv.route('/h/drip.xml', { body: good, drip: { chunk: 5, everyMs: 100 } });
    srv.route('/h/endless.xml', { endless: true });
    srv.route('/h/utf8.xml', { body: Buffer.concat([Buffer.from(good.slice(0, 200)), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(good.slice(200))]) });
    srv.route('/h/gone.xml', { status: 410, body: 'gone' });
    srv.route('/h/gzipbomb.xml', { body: Buffer.alloc(8 * 1024 * 1024, 0x20), encoding: 'gzip' });
    srv.route('/h/good.xml', { body: rssFeed('Good', [{ title: 'More good news arrives', guid: 'g2', content: articleText('better news', 12) }]) });
    tick(minutes(15));
    const s = await poller.pollNow();
    expect(s.polled).toBe(9);
    const errors = Object.fromEntries((await app.store.feeds.listFeeds(WS)).map((f) => [Object.keys(hostile).find((k) => hostile[k] === String(f.id)), f.lastError ?? 'ok']));
    expect(errors).toEqual({
      good: 'ok',
      bomb: 'refused: the XML declares entities in a DTD (entity-expansion / external-entity attack)',
      html: 'not a feed: the server sent an HTML page',
      binary: 'not a feed: binary content',
      drip: 'timed out after 2 s',
      endless: 'too large: more than 0.5 MB',
      utf8: expect.stringMatching(/^not a feed: invalid UTF-8 at byte 200 \(line \d+; declared UTF-8\)$/),
      gone: 'HTTP 410 Gone',
      gzipbomb: 'too large: more than 0.5 MB after decompression',
    });
    expect(s.added).toBe(1);
  });

  it('polls feeds of one host one request at a time', async () => {
    for (let i = 0; i < 4; i++) srv.route(`/polite${i}.xml`, { body: rssFeed(`P${i}`, [{ title: `t${i}`, guid: `p${i}` }]) });
    for (let i = 0; i < 4; i++) await add(`/polite${i}.xml`);
    for (let i = 0; i < 4; i++) srv.route(`/polite${i}.xml`, { body: rssFeed(`P${i}`, [{ title: `t${i}`, guid: `p${i}` }]), delayMs: 60 });
    const before = srv.requests.length;
    tick(minutes(15));
    const s = await poller.pollNow();
    expect(s.polled).toBe(4);
    expect(srv.requests.length - before).toBe(4);
    expect(srv.maxInFlight()).toBe(1);
  });
});
