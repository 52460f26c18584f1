// The feed fetcher against the fake feed server on 127.0.0.1: conditional GET, compression, redirects, limits and the
// SSRF guard (with only the fake server's own address exempted, so every other private address is refused as in
// production).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, FETCH_DEFAULTS, FetchError, type FetcherOptions } from '../../src/feeds/fetch.js';
import { blockedReason } from '../../src/feeds/net.js';
import { rssFeed, startFeedServer, type FakeFeedServer } from '../fakes/feeds.js';
import { systemClock } from '../../src/clock.js';

let srv: FakeFeedServer;
const FEED = rssFeed('Test News', [{ title: 'One', link: 'https://news.example/1', description: 'hello' }]);
const onlyFake = (a: string) => (a === '127.0.0.1' ? undefined : blockedReason(a));
const fetcher = (o: Partial<FetcherOptions> = {}) => createFetcher({ allowPrivate: false, userAgent: 'newsbrief-test/1', blocked: onlyFake, now: systemClock, ...o });
const get = (url: string, o: Partial<FetcherOptions> = {}, extra: { etag?: string; lastModified?: string } = {}) =>
  fetcher(o).fetch({ url, accept: 'application/rss+xml', ...extra });
async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error('expected the fetch to fail');
}

beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());

describe('feed fetcher', () => {
  it('uses the documented limits: 10 s, 5 MB, 5 redirects', () => {
    expect(FETCH_DEFAULTS).toEqual({ timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 });
  });

  it('fetches a feed with the configured User-Agent and asks for compression', async () => {
    srv.route('/plain.xml', { body: FEED, contentType: 'application/rss+xml; charset=utf-8' });
    const r = await get(srv.url('/plain.xml'));
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok') {
      expect(r.body.toString('utf8')).toBe(FEED);
      expect(r.contentType).toBe('application/rss+xml; charset=utf-8');
    }
    const req = srv.hits('/plain.xml')[0];
    expect(req?.headers['user-agent']).toBe('newsbrief-test/1');
    expect(req?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('sends If-None-Match / If-Modified-Since and reports 304 as not modified', async () => {
    srv.route('/cond.xml', { body: FEED, etag: '"v1"', lastModified: 'Mon, 30 Nov 2026 08:00:00 GMT' });
    const first = await get(srv.url('/cond.xml'));
    expect(first).toMatchObject({ kind: 'ok', etag: '"v1"', lastModified: 'Mon, 30 Nov 2026 08:00:00 GMT' });
    const second = await get(srv.url('/cond.xml'), {}, { etag: '"v1"', lastModified: 'Mon, 30 Nov 2026 08:00:00 GMT' });
    expect(second.kind).toBe('not-modified');
    expect(srv.hits('/cond.xml')[1]?.headers).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Mon, 30 Nov 2026 08:00:00 GMT' });
  });

  it.each(['gzip', 'deflate', 'br'] as const)('decompresses a %s response', async (encoding) => {
    srv.route(`/enc-${encoding}.xml`, { body: FEED, encoding });
    const r = await get(srv.url(`/enc-${encoding}.xml`));
    expect(r.kind === 'ok' && r.body.toString('utf8')).toBe(FEED);
  });

  it('follows up to 5 redirects and reports the final URL', async () => {
    for (let i = 1; i <= 5; i++) srv.route(`/hop${i}`, { redirect: i === 5 ? '/plain.xml' : `/hop${i + 1}`, status: i % 2 ? 301 : 307 });
    const r = await get(srv.url('/hop1'));
    expect(r).toMatchObject({ kind: 'ok', url: srv.url('/plain.xml') });
  });

  it('stops after 5 redirects', async () => {
    srv.route('/loop', { redirect: '/loop' });
    const e = await failure(get(srv.url('/loop')));
    expect(e.message).toBe('too many redirects (more than 5)');
  });

  it('says "HTTP 404 Not Found" for a missing feed and keeps Retry-After of a 503', async () => {
    expect((await failure(get(srv.url('/missing.xml')))).message).toBe('HTTP 404 Not Found');
    srv.route('/busy', { status: 503, body: 'later', headers: { 'retry-after': '120' } });
    const e = await failure(get(srv.url('/busy')));
    expect(e.message).toBe('HTTP 503 Service Unavailable');
    expect(e.extra).toEqual({ status: 503, retryAfterMs: 120_000 });
  });

  it('times out a slow-drip response within the total deadline', async () => {
    srv.route('/drip', { body: FEED, drip: { chunk: 10, everyMs: 100 } });
    const t0 = Date.now();
    const e = await failure(get(srv.url('/drip'), { timeoutMs: 400 }));
    expect(e.code).toBe('timeout');
    expect(e.message).toBe('timed out after 0.4 s');
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    srv.route('/huge', { body: 'x'.repeat(2000), contentType: 'application/rss+xml' });
    const e = await failure(get(srv.url('/huge'), { maxBytes: 1000 }));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/^too large: [\d.]+ MB \(the limit is [\d.]+ MB\)$/);
    expect(srv.hits('/huge')).toHaveLength(1);
  });

  it('cuts an endless response at the size cap', async () => {
    srv.route('/endless', { endless: true, contentType: 'application/rss+xml' });
    const e = await failure(get(srv.url('/endless'), { maxBytes: 256 * 1024 }));
    expect(e.code).toBe('too-large');
    expect(e.message).toBe('too large: more than 0.3 MB');
  });

  it('caps a gzip bomb on its decompressed size', async () => {
    srv.route('/bomb.gz', { body: Buffer.alloc(20 * 1024 * 1024, 0x20), encoding: 'gzip' });
    const e = await failure(get(srv.url('/bomb.gz'), { maxBytes: 1024 * 1024 }));
    expect(e.message).toBe('too large: more than 1 MB after decompression');
  });

  it('reports a connection closed without an answer', async () => {
    srv.route('/hangup', { hangUp: true });
    const e = await failure(get(srv.url('/hangup')));
    expect(e.message).toBe('connection reset by 127.0.0.1');
  });

  it('refuses non-http(s) URLs', async () => {
    expect((await failure(get('file:///etc/passwd'))).message).toBe('only http and https URLs can be fetched, not file');
    expect((await failure(get('gopher://example.com/')))).toMatchObject({ code: 'url' });
  });

  it('refuses loopback, private and link-local addresses, also as IP literals', async () => {
    const strict = { blocked: blockedReason };
    expect((await failure(get(srv.url('/plain.xml'), strict))).message).toBe('private address refused: 127.0.0.1 resolves to 127.0.0.1 (loopback)');
    expect((await failure(get('http://169.254.1.1/'))).message).toMatch(/169\.254\.1\.1 \(link-local\)/);
    expect((await failure(get('http://169.254.169.254/latest/meta-data/'))).message).toMatch(/^cloud metadata address refused: 169\.254\.169\.254 /);
    expect((await failure(get('http://[::ffff:127.0.0.2]/')))).toMatchObject({ code: 'private' });
    expect((await failure(get('http://[::1]:9/')))).toMatchObject({ code: 'private' });
    expect((await failure(get('http://0x7f.2/')))).toMatchObject({ code: 'private' }); // WHATWG URL: 127.0.0.2
  });

  it('refuses "localhost" through DNS', async () => {
    const e = await failure(get(`http://localhost:${new URL(srv.origin).port}/plain.xml`, { blocked: blockedReason }));
    expect(e.message).toMatch(/^private address refused: localhost resolves to (127\.0\.0\.1|::1) \(loopback\)$/);
  });

  it('refuses a redirect to a private address, and to a name with any private address', async () => {
    srv.route('/to-metadata', { redirect: 'http://169.254.169.254/latest/meta-data/' });
    expect((await failure(get(srv.url('/to-metadata'))))).toMatchObject({ code: 'private' });
    const port = new URL(srv.origin).port;
    srv.route('/to-mixed', { redirect: `http://mixed.test:${port}/plain.xml` });
    const resolver = async (host: string) =>
      host === 'mixed.test' ? [{ address: '127.0.0.1', family: 4 as const }, { address: '10.0.0.9', family: 4 as const }] : [];
    const e = await failure(get(srv.url('/to-mixed'), { resolver }));
    expect(e.message).toBe('private address refused: mixed.test resolves to 10.0.0.9 (private)');
    expect(srv.hits('/plain.xml').every((h) => h.headers.host !== `mixed.test:${port}`)).toBe(true);
  });

  it('fetches private addresses when NEWSBRIEF_ALLOW_PRIVATE_FEEDS is on', async () => {
    const r = await get(srv.url('/plain.xml'), { allowPrivate: true, blocked: blockedReason });
    expect(r.kind).toBe('ok');
  });

  it('names DNS failures', async () => {
    const e = await failure(get('http://nowhere.test/feed', { resolver: async () => [] }));
    expect(e.message).toBe('DNS: nowhere.test could not be resolved (ENOTFOUND)');
  });

  it('names TLS failures', async () => {
    // A plain-HTTP server spoken to over https fails the TLS handshake.
    const e = await failure(get(srv.url('/plain.xml').replace('http:', 'https:'), { allowPrivate: true }));
    expect(e.code).toBe('tls');
    expect(e.message).toBe('TLS: wrong version number (EPROTO)');
  });

  it('sends one request at a time to a host', async () => {
    srv.route('/slow-a', { body: FEED, delayMs: 80 });
    srv.route('/slow-b', { body: FEED, delayMs: 80 });
    const f = fetcher();
    const before = srv.maxInFlight();
    await Promise.all([1, 2, 3].flatMap(() => [f.fetch({ url: srv.url('/slow-a'), accept: '*/*' }), f.fetch({ url: srv.url('/slow-b'), accept: '*/*' })]));
    expect(before).toBe(1);
    expect(srv.maxInFlight()).toBe(1);
  });
});
