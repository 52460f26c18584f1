// The CLI's `newsbrief feeds add|list|remove|poll|import|export`, run in-process (adapters/terminal/cli.ts main) on a
// temporary database, against the fake feed server; NEWSBRIEF_ALLOW_PRIVATE_FEEDS=1 lets it fetch from 127.0.0.1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../adapters/terminal/cli.js';
import { articleText, rssFeed, startFeedServer, type FakeFeedServer } from '../fakes/feeds.js';

let srv: FakeFeedServer;
let dir: string;
let db: string;

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main([...args, '--db', db], { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false, readStdin: () => '' });
  return { code, out, err };
}

beforeAll(async () => {
  srv = await startFeedServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-feeds-cli-'));
  db = path.join(dir, 'feeds.db');
  vi.stubEnv('NEWSBRIEF_ALLOW_PRIVATE_FEEDS', '1');
  vi.stubEnv('NEWSBRIEF_DB', '');
  srv.route('/a.xml', { body: rssFeed('Alpha Wire', [{ title: 'Bridge opens to traffic', guid: 'a1', content: articleText('the new bridge', 12) }]), etag: '"a1"' });
  srv.route('/b.xml', { body: rssFeed('Beta Wire', [{ title: 'Market hall renovated', guid: 'b1', content: articleText('the market hall', 12) }]) });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('newsbrief feeds', () => {
  it('adds a feed and prints its title and item count', async () => {
    const r = await cli('feeds', 'add', srv.url('/a.xml'), '--topics', 'korea', '--interval', '20');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe('Added feed #1 Alpha Wire: 1 item, 1 new article. Polled every 20 min; topics: korea.\n');
  });

  it('fails with the precise reason and exit code 1', async () => {
    const r = await cli('feeds', 'add', srv.url('/nope.xml'));
    expect(r.code).toBe(1);
    expect(r.err).toBe(`Could not add ${srv.url('/nope.xml')}: HTTP 404 Not Found\n`);
  });

  it('never fetches a cloud metadata address, even with NEWSBRIEF_ALLOW_PRIVATE_FEEDS=1: not directly, encoded or via a redirect', async () => {
    srv.route('/to-metadata.xml', { redirect: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
    srv.route('/to-metadata-v6.xml', { redirect: 'http://[fd00:ec2::254]/latest/meta-data/' });
    srv.route('/to-metadata-name.xml', { redirect: 'http://metadata.google.internal/computeMetadata/v1/' });
    const urls = [
      srv.url('/to-metadata.xml'), srv.url('/to-metadata-v6.xml'), srv.url('/to-metadata-name.xml'),
      'http://2852039166/latest/meta-data/', 'http://0xa9fea9fe/', 'http://0251.0376.0251.0376/', 'http://169.254.43518/',
      'http://[::ffff:169.254.169.254]/', 'http://[fd00:ec2:0::254]/', 'http://Metadata.Google.Internal./',
    ];
    for (const url of urls) {
      const r = await cli('feeds', 'add', url);
      expect(r.code, url).toBe(1);
      expect(r.err, url).toMatch(/^Could not add .*: cloud metadata address refused: .*\(refused always, even with NEWSBRIEF_ALLOW_PRIVATE_FEEDS=1\)\n$/);
    }
    // Loopback stays allowed with the switch on (the fake feed server itself).
    srv.route('/c.xml', { body: rssFeed('Gamma Wire', [{ title: 'Harbour crane replaced', guid: 'c1', content: articleText('the harbour crane', 12) }]) });
    expect((await cli('feeds', 'add', srv.url('/c.xml'))).code).toBe(0);
    expect((await cli('feeds', 'remove', srv.url('/c.xml'))).code).toBe(0);
  });

  it('imports an OPML file, reporting each feed', async () => {
    const opml = path.join(dir, 'subs.opml');
    writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
      <outline text="Beta" xmlUrl="${srv.url('/b.xml')}" category="korea,gardening"/>
      <outline text="Gone" xmlUrl="${srv.url('/gone.xml')}"/></body></opml>`);
    const r = await cli('feeds', 'import', opml);
    expect(r.code).toBe(0);
    expect(r.out).toBe('added: #2 Beta Wire: 1 item, 1 new article (unknown topics left out: gardening)\nImported 1 of 2 feeds.\n');
    expect(r.err).toBe(`failed: Could not add ${srv.url('/gone.xml')}: HTTP 404 Not Found\n`);
  });

  it('lists the feeds with their state', async () => {
    const r = await cli('feeds', 'list');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Feeds (2):');
    expect(r.out).toContain('#1 Alpha Wire — ' + srv.url('/a.xml'));
    expect(r.out).toContain('topics: korea · every 20 min · 1 article · last ok: just now');
  });

  it('polls every feed now', async () => {
    srv.route('/b.xml', { body: rssFeed('Beta Wire', [{ title: 'Market hall reopens', guid: 'b2', content: articleText('market traders', 12) }, { title: 'Market hall renovated', guid: 'b1', content: articleText('the market hall', 12) }]) });
    const r = await cli('feeds', 'poll');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`#1 ${srv.url('/a.xml')}: not-modified\n#2 ${srv.url('/b.xml')}: 1 new article\nPolled 2 feeds: 1 new article, 1 unchanged, 0 failed.\n`);
  });

  it('exports the feeds as OPML and removes one', async () => {
    const r = await cli('feeds', 'export');
    expect(r.out).toContain(`xmlUrl="${srv.url('/a.xml')}"`);
    expect(r.out).toContain('category="korea"');
    const rm = await cli('feeds', 'remove', '2');
    expect(rm.out).toBe('Removed feed #2 Beta Wire. Its 2 articles stay in the archive.\n');
    expect((await cli('feeds', 'list')).out).not.toContain('Beta Wire');
  });
});
