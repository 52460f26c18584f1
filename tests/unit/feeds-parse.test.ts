// Feed parsing: formats, encodings, CDATA and entities, relative links, dates, GUIDs, and hostile documents.
import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeedBody, parseFeedText, type ParsedFeed } from '../../src/feeds/parse.js';
import { rssFeed } from '../fakes/feeds.js';

const URL_ = 'https://news.example/feeds/main.xml';
const NOW = new Date('2026-11-30T12:00:00Z');
const parse = (xml: string | Buffer, contentType?: string): ParsedFeed =>
  parseFeedBody(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml, contentType, URL_, NOW);
function reason(xml: string | Buffer, contentType?: string): string {
  try {
    parse(xml, contentType);
  } catch (err) {
    if (err instanceof FeedParseError) return err.message;
    throw err;
  }
  throw new Error('expected a FeedParseError');
}

describe('feed formats', () => {
  it('reads RSS 2.0 with CDATA content, entities and an RFC 822 date', () => {
    const f = parse(rssFeed('Harbor &amp; Hill', [
      { title: 'Port reopens &amp; ships return', link: 'https://news.example/a', guid: 'a-1', pubDate: 'Mon, 30 Nov 2026 08:00:00 +0900', content: '<p>Ships <b>returned</b> &amp; cranes moved.</p>' },
    ]));
    expect(f.format).toBe('rss');
    expect(f.title).toBe('Harbor & Hill');
    expect(f.items).toEqual([
      { guid: 'a-1', title: 'Port reopens & ships return', link: 'https://news.example/a', content: '<p>Ships <b>returned</b> &amp; cranes moved.</p>', publishedAt: '2026-11-29T23:00:00.000Z' },
    ]);
  });

  it('reads RSS 0.91 and RSS 1.0 (RDF) items', () => {
    const rss091 = `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>https://old.example/</link><description>d</description>
<item><title>Classic item</title><link>https://old.example/1</link><description>Short text.</description></item></channel></rss>`;
    expect(parse(rss091).items).toEqual([{ guid: 'https://old.example/1', title: 'Classic item', link: 'https://old.example/1', content: 'Short text.' }]);
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF News</title><link>https://rdf.example/</link><description>d</description></channel>
<item rdf:about="https://rdf.example/1"><title>RDF item</title><link>https://rdf.example/1</link><description>Body</description><dc:date>2026-11-29T10:00:00Z</dc:date><dc:creator>Mina Park</dc:creator></item></rdf:RDF>`;
    const f = parse(rdf);
    expect(f.format).toBe('rdf');
    expect(f.items).toEqual([{ guid: 'https://rdf.example/1', title: 'RDF item', link: 'https://rdf.example/1', content: 'Body', author: 'Mina Park', publishedAt: '2026-11-29T10:00:00.000Z' }]);
  });

  it('reads Atom with an HTML title, alternate link, content over summary, and xml:base', () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/blog/">
<title type="html">Atom &lt;b&gt;Blog&lt;/b&gt;</title><link rel="alternate" href="https://atom.example/"/><id>urn:x</id><updated>2026-11-30T00:00:00Z</updated>
<entry><id>tag:atom.example,2026:1</id><title type="html">Q&amp;amp;A &lt;em&gt;day&lt;/em&gt;</title>
<link rel="enclosure" href="/a.mp3"/><link rel="alternate" type="text/html" href="posts/1"/>
<published>2026-11-28T09:30:00+01:00</published><updated>2026-11-29T00:00:00Z</updated>
<author><name>Jo Lee</name></author><summary>Short</summary><content type="html">&lt;p&gt;Long text&lt;/p&gt;</content></entry></feed>`;
    const f = parse(atom);
    expect(f).toMatchObject({ format: 'atom', title: 'Atom Blog', link: 'https://atom.example/' });
    expect(f.items[0]).toEqual({
      guid: 'tag:atom.example,2026:1', title: 'Q&A day', link: 'https://atom.example/blog/posts/1', content: '<p>Long text</p>', author: 'Jo Lee', publishedAt: '2026-11-28T08:30:00.000Z',
    });
  });

  it('reads JSON Feed 1.1', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1', title: 'JSON News', home_page_url: 'https://json.example/',
      items: [{ id: '42', url: '/posts/42', title: 'Hello', content_html: '<p>Hi</p>', date_published: '2026-11-29T10:00:00Z', authors: [{ name: 'Ana' }] }],
    });
    const f = parse(json, 'application/feed+json');
    expect(f).toMatchObject({ format: 'json', title: 'JSON News' });
    expect(f.items).toEqual([{ guid: '42', title: 'Hello', link: 'https://news.example/posts/42', content: '<p>Hi</p>', author: 'Ana', publishedAt: '2026-11-29T10:00:00.000Z' }]);
  });

  it('resolves relative item links against the feed URL', () => {
    const f = parse(rssFeed('Rel', [{ title: 'R', link: '/stories/7', guid: 'r7' }], { link: '/' }));
    expect(f.items[0]?.link).toBe('https://news.example/stories/7');
  });

  it('leaves out missing, unreadable and far-future dates (first-seen time is used instead)', () => {
    const f = parse(rssFeed('D', [
      { title: 'none', guid: '1' },
      { title: 'junk', guid: '2', pubDate: 'sometime soon' },
      { title: 'future', guid: '3', pubDate: 'Fri, 01 Jan 2100 00:00:00 GMT' },
    ]));
    expect(f.items.map((i) => i.publishedAt)).toEqual([undefined, undefined, undefined]);
  });

  it('keeps the first of duplicate GUIDs and falls back to link, then a content hash', () => {
    const f = parse(rssFeed('G', [
      { title: 'first', guid: 'same' },
      { title: 'second', guid: 'same' },
      { title: 'linked', link: 'https://news.example/l' },
      { title: 'bare', description: 'only text' },
    ]));
    expect(f.items.map((i) => [i.guid.replace(/^sha1:[0-9a-f]{40}$/, 'sha1:…'), i.title])).toEqual([
      ['same', 'first'], ['https://news.example/l', 'linked'], ['sha1:…', 'bare'],
    ]);
  });

  it('tolerates whitespace before the XML declaration', () => {
    expect(parse(`\n\n${rssFeed('W', [{ title: 't', guid: 'g' }])}`).items).toHaveLength(1);
  });
});

describe('feed encodings', () => {
  it('decodes a declared ISO-8859-1 feed', () => {
    const xml = rssFeed('Jornal', [{ title: 'Ação e reação', guid: 'p1', description: 'Notícias' }], { encoding: 'ISO-8859-1' });
    expect(parse(Buffer.from(xml, 'latin1')).items[0]).toMatchObject({ title: 'Ação e reação', content: 'Notícias' });
  });

  it('decodes a declared windows-1251 feed', () => {
    const bytes = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>', 'latin1'),
      Buffer.from([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]), // "Новости"
      Buffer.from('</title><link>https://ru.example/</link><description>d</description><item><title>x</title><guid>1</guid></item></channel></rss>', 'latin1'),
    ]);
    expect(parse(bytes).title).toBe('Новости');
  });

  it('uses the HTTP charset when the document declares none, and a BOM over both', () => {
    const xml = rssFeed('C', [{ title: 'Café', guid: '1' }]).replace(' encoding="UTF-8"', '');
    expect(parse(Buffer.from(xml, 'latin1'), 'text/xml; charset=ISO-8859-1').items[0]?.title).toBe('Café');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rssFeed('B', [{ title: 'Ünïcode', guid: '1' }]).replace('UTF-8', 'ISO-8859-1'))]);
    expect(parse(bom).items[0]?.title).toBe('Ünïcode');
  });

  it('rejects invalid UTF-8 with the byte and line', () => {
    const xml = Buffer.from(rssFeed('Bad', [{ title: 'Caf\u00e9', guid: '1' }]).replace(' encoding="UTF-8"', ''), 'latin1');
    expect(reason(xml)).toMatch(/^not a feed: invalid UTF-8 at byte \d+ \(line \d+; no encoding declared, so UTF-8\)$/);
  });
});

describe('hostile and broken documents', () => {
  it('rejects a billion-laughs entity bomb quickly, before any parsing', () => {
    const ents = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [${ents.join('')}]><rss version="2.0"><channel><title>&lol9;</title></channel></rss>`;
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    expect(reason(bomb)).toBe('refused: the XML declares entities in a DTD (entity-expansion / external-entity attack)');
    expect(performance.now() - t0).toBeLessThan(50);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('rejects an external entity (XXE)', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>`;
    expect(reason(xxe)).toMatch(/^refused: the XML declares entities/);
  });

  it('rejects an HTML page, naming the feed it links to', () => {
    const html = `<!DOCTYPE html><html><head><title>Site</title><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>hi</body></html>`;
    let err: FeedParseError | undefined;
    try {
      parseFeedText(html, 'https://site.example/news/', NOW);
    } catch (e) {
      err = e as FeedParseError;
    }
    expect(err?.message).toBe('not a feed: the server sent an HTML page (it links to a feed at https://site.example/rss.xml)');
    expect(err?.discovered).toBe('https://site.example/rss.xml');
    expect(reason('<html><body>Moved</body></html>')).toBe('not a feed: the server sent an HTML page');
  });

  it('rejects binary content', () => {
    expect(reason(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]))).toBe('not a feed: binary content');
  });

  it('rejects XML that is not well-formed, with the line', () => {
    const broken = rssFeed('B', [{ title: 'ok', guid: '1' }]).replace('<link>https://news.example/</link>', '<link>https://news.example/?a=1&b=2</link>');
    expect(reason(broken)).toBe("not well-formed XML at line 3: char '&' is not expected.");
  });

  it('rejects XML and JSON that are not feeds', () => {
    expect(reason('<?xml version="1.0"?><sitemap><url>x</url></sitemap>')).toMatch(/^not a feed: XML whose root element <sitemap> is not rss, feed or rdf:RDF/);
    expect(reason('{"hello": "world"}')).toBe('not a feed: JSON that is not a JSON Feed');
    expect(reason('plain words')).toBe('not a feed: the response is neither XML nor JSON');
    expect(reason('')).toBe('not a feed: the response is empty');
  });
});
