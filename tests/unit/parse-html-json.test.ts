// Article parsing (src/articles/parse.ts) of HTML pages and fragments, and of JSON and JSONL records.
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/articles/parse.js';
import { BODY, fixture, ok, only } from './parse-support.js';

describe('HTML', () => {
  const a = only(parseInput(fixture('page.html'), 'page.html'));

  it('takes the title without the site suffix, and author, date, url and source from metadata', () => {
    expect(a).toMatchObject({
      title: 'Library reopens after two-year restoration',
      author: 'Priya Natarajan',
      publishedAt: '2023-05-06T07:00:00.000Z',
      url: 'https://courier.example.com/2023/05/library-reopens',
      source: 'Riverside Courier',
    });
  });

  it('keeps the article paragraphs and nothing from nav, ads, scripts, styles, aside or footer', () => {
    const paras = a.body.split('\n\n');
    expect(paras).toHaveLength(4);
    expect(paras[0]?.startsWith('The Riverside public library opened its doors again')).toBe(true);
    for (const junk of ['Home', 'Advertisement', 'INJECTED', 'secretTrackingToken', 'font-family', 'Related stories',
      'Council debates', 'All rights reserved', 'Follow us', 'By Priya']) {
      expect(a.body).not.toContain(junk);
    }
  });

  it('moves figcaption and caption-class text to captions', () => {
    expect(a.captions).toEqual([
      'The restored reading room on opening day. (Photo: Tom Avery)',
      "A volunteer shelves returned books in the children's wing.",
    ]);
  });

  it('keeps its own og:url and site name when the canonical link points at the original (a syndicated copy)', () => {
    const b = only(parseInput(fixture('syndicated.html'), 'syndicated.html'));
    expect(b).toMatchObject({
      title: 'Ferry operator adds night crossings for the winter',
      url: 'https://gazette.example.org/travel/ferry-night-crossings',
      source: 'Valley Gazette',
      author: 'Hanna Berg',
      publishedAt: '2025-01-14T10:00:00.000Z',
    });
  });

  it('drops ads, share tools, newsletter boxes, related links, comments and the syndication note by class and text', () => {
    const b = only(parseInput(fixture('syndicated.html'), 'syndicated.html'));
    const paras = b.body.split('\n\n');
    expect(paras).toHaveLength(4);
    expect(paras[0]?.startsWith('The ferry operator serving the northern islands')).toBe(true);
    for (const junk of ['cookies', 'Advertisement', 'Related', 'Morning Tide', 'Stay informed', 'first published',
      'Comments', 'Log in', 'Share', 'Hanna Berg', 'Island Post |', 'Valley Gazette']) {
      expect(b.body).not.toContain(junk);
    }
  });

  it('uses the canonical link when the page has no og:url', () => {
    const page = `<html><head><link rel="canonical" href="https://port.example.com/dredging"></head><body><article><h1>Dredging</h1><p>${BODY}</p></article></body></html>`;
    expect(only(parseInput(page, 'c.html')).url).toBe('https://port.example.com/dredging');
  });

  it('reads an HTML fragment without <html> or <body>', () => {
    const frag = `<h1>Dredging to start in March</h1><p>${BODY}</p><p>${BODY.replace('March', 'April')}</p>`;
    const b = only(parseInput(frag, 'fragment.html'));
    expect(b.title).toBe('Dredging to start in March');
    expect(b.body.split('\n\n')).toHaveLength(2);
  });

  it('strips a " - Site" suffix from <title> and ignores link bars in a page without <article>', () => {
    const page = `<html><head><title>Dredging to start - Port News</title></head><body><div><a href="/">Port News</a> | <a href="/w">Weather</a></div>
      <div class="content"><div>${BODY}</div><div>${BODY.replace('March', 'May')}</div></div><div class="foot">Contact us</div></body></html>`;
    const b = only(parseInput(page, 'soup.html'));
    expect(b.title).toBe('Dredging to start');
    expect(b.body).toBe(`${BODY}\n\n${BODY.replace('March', 'May')}`);
  });

  it('derives a title from the lead when the page has none', () => {
    const b = only(parseInput(`<p>${BODY}</p>`, 'c.html'));
    expect(b.title.endsWith('…')).toBe(true);
    expect(b.body).toBe(BODY);
  });

  it('rejects a page over 5 MB before parsing it', () => {
    const huge = `<html><body>${'<p>word </p>'.repeat(500_000)}</body></html>`;
    expect(parseInput(huge, 'huge.html')).toEqual([
      { ok: false, origin: 'huge.html', reason: expect.stringMatching(/^too large: 5\.\d MB/) as unknown },
    ]);
  });
});

describe('JSON and JSONL', () => {
  const rec = { title: 'Dredging to start in March', body: BODY, url: 'https://port.example.com/dredging', source: 'Port News' };

  it('reads a single object as one article whose origin is the file', () => {
    const a = only(parseInput(JSON.stringify(rec), 'one.json'));
    expect(a).toMatchObject({ ...rec, origin: 'one.json', captions: [] });
  });

  it('reads an array and an { articles } container, one outcome per record with #n origins', () => {
    const arr = parseInput(JSON.stringify([rec, { ...rec, title: 'Second' }]), 'many.json');
    expect(arr.map((o) => ok(o).origin)).toEqual(['many.json#1', 'many.json#2']);
    const box = parseInput(JSON.stringify({ articles: [rec] }), 'box.json');
    expect(ok(box[0]).origin).toBe('box.json#1');
  });

  it('rejects bad records with specific reasons and still parses the others', () => {
    const out = parseInput(JSON.stringify([rec, { body: BODY }, { title: 'Empty', body: '  ' }, 'just text', rec]), 'mix.json');
    expect(out.map((o) => (o.ok ? 'ok' : `${o.origin}: ${o.reason}`))).toEqual([
      'ok',
      'mix.json#2: missing title',
      'mix.json#3: body is empty',
      'mix.json#4: not an article: expected an object',
      'ok',
    ]);
  });

  it('maps alternative field names, author objects and several date formats', () => {
    const base = { headline: 'Dredging to start in March', content: BODY };
    const cases: [Record<string, unknown>, string | undefined][] = [
      [{ published_at: '2024-03-01T10:00:00+01:00' }, '2024-03-01T09:00:00.000Z'],
      [{ pubDate: 'Fri, 01 Mar 2024 10:00:00 GMT' }, '2024-03-01T10:00:00.000Z'],
      [{ date: 1709287200000 }, '2024-03-01T10:00:00.000Z'],
      [{ published: 1709287200 }, '2024-03-01T10:00:00.000Z'],
      [{ date: 'not a date' }, undefined],
    ];
    for (const [extra, iso] of cases) {
      const a = only(parseInput(JSON.stringify({ ...base, ...extra, byline: { name: 'Omar Haddad' }, site: 'Port News' }), 'x.json'));
      expect(a.publishedAt).toBe(iso);
      expect(a.author).toBe('Omar Haddad');
      expect(a.source).toBe('Port News');
    }
  });

  it('extracts text and captions from an HTML content field', () => {
    const html = `<figure><img src="x.jpg"><figcaption>Dredgers in the channel.</figcaption></figure><p>${BODY}</p><p>Second &amp; last.</p>`;
    const a = only(parseInput(JSON.stringify({ title: 'Dredging', content: html }), 'x.json'));
    expect(a.body).toBe(`${BODY}\n\nSecond & last.`);
    expect(a.captions).toEqual(['Dredgers in the channel.']);
  });

  it('reads a body given as an array of paragraphs and WordPress-style { rendered } fields', () => {
    const arr = only(parseInput(JSON.stringify({ title: 'Dredging', content: [BODY, 'Second paragraph here.'] }), 'd.json'));
    expect(arr.body).toBe(`${BODY}\n\nSecond paragraph here.`);
    const wp = parseInput(JSON.stringify([{ title: { rendered: 'Dredging &amp; more' }, content: { rendered: `<p>${BODY}</p>` } }]), 'wp.json');
    expect(ok(wp[0])).toMatchObject({ title: 'Dredging & more', body: BODY, origin: 'wp.json#1' });
  });

  it('sniffs stdin content: Markdown, HTML and JSONL', () => {
    expect(only(parseInput(`# Dredging\n\n**${BODY}**`, 'stdin')).body).toBe(BODY);
    expect(only(parseInput(`<article><h1>Dredging</h1><p>${BODY}</p></article>`, 'stdin')).title).toBe('Dredging');
    const lines = parseInput(`{"title":"A","body":"${BODY}"}\n{"title":"B","body":"${BODY}"}`, 'stdin');
    expect(lines.map((o) => ok(o).origin)).toEqual(['stdin#1', 'stdin#2']);
  });

  it('reads JSONL with one broken line in the middle and keeps the other records', () => {
    const out = parseInput(fixture('records.jsonl'), 'records.jsonl');
    expect(out).toHaveLength(3);
    expect(ok(out[0])).toMatchObject({ title: 'Night trains return to the northern line', author: 'Omar Haddad', origin: 'records.jsonl#1' });
    expect(out[1]).toMatchObject({ ok: false, origin: 'records.jsonl#2' });
    expect(out[1]?.ok === false && out[1].reason).toMatch(/^invalid JSON at line 2: /);
    expect(ok(out[2])).toMatchObject({
      title: 'City tests quieter buses',
      author: 'Lena Ortiz',
      publishedAt: '2024-02-09T09:00:00.000Z',
      url: 'https://city.example.org/buses',
      source: 'City Hall',
    });
    expect(ok(out[2]).body.split('\n\n')).toHaveLength(2);
  });

  it('reports invalid JSON with its line number', () => {
    expect(parseInput('{\n  "title": "x",\n  "body": \n}', 'bad.json')).toEqual([
      { ok: false, origin: 'bad.json', reason: "invalid JSON at line 4: Unexpected token '}'" },
    ]);
    const long = `[\n${JSON.stringify(rec)},\n${JSON.stringify(rec)},\n{"title": "x" "body": "y"}\n]`;
    expect(parseInput(long, 'bad.json')[0]).toMatchObject({ reason: expect.stringMatching(/^invalid JSON at line 4: /) as unknown });
  });

  it('reads a .json file that is really JSON lines', () => {
    const out = parseInput(`${JSON.stringify(rec)}\n${JSON.stringify(rec)}\n`, 'lines.json');
    expect(out.map((o) => o.ok)).toEqual([true, true]);
  });
});
