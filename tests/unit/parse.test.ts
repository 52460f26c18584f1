// Article parsing (src/articles/parse.ts) of the sample article, plain text, Markdown and scraped text pages, the
// format sniffing, rejections, and parseDate. HTML and JSON inputs are in parse-html-json.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/articles/dates.js';
import { formatFromPath, parseInput, sniffFormat } from '../../src/articles/parse.js';
import { BODY, fixture, only, ROOT } from './parse-support.js';

describe('the sample article (samples/sample-article.txt)', () => {
  const a = only(parseInput(readFileSync(path.join(ROOT, 'samples', 'sample-article.txt'), 'utf8'), 'samples/sample-article.txt'));

  it('has the title once, the author and the date', () => {
    expect(a.title).toBe('Chinese envoy wraps up North Korea trip after meetings');
    expect(a.author).toBe('Lester Mason');
    expect(a.publishedAt?.startsWith('2017-11-21')).toBe(true);
  });

  it('keeps the repeated title, footer lines and the photo caption out of the body', () => {
    expect(a.body).not.toContain('Chinese envoy wraps up North Korea trip after meetings');
    expect(a.body).not.toContain('Other reports by Iphone Fresh');
    expect(a.body).not.toContain('Discuss This Article');
    expect(a.body).not.toContain('This photo, provided by');
    expect(a.body).not.toContain('Lester Mason');
    expect(a.body.startsWith('China has imposed its own banking restrictions')).toBe(true);
    expect(a.body.endsWith("confirm Kim's account of the briefing.")).toBe(true);
  });

  it('puts the "This photo, provided by The Associated Press …" paragraph in captions', () => {
    expect(a.captions).toHaveLength(1);
    expect(a.captions[0]?.startsWith('This photo, provided by The Associated Press')).toBe(true);
  });

  it('separates paragraphs with a blank line', () => {
    expect(a.body.split('\n\n')).toHaveLength(10);
  });
});

describe('formats', () => {
  it.each([
    ['a/b/story.txt', 'text'],
    ['story.TEXT', 'text'],
    ['notes.md', 'markdown'],
    ['notes.markdown', 'markdown'],
    ['page.html', 'html'],
    ['page.htm', 'html'],
    ['dump.json', 'json'],
    ['dump.jsonl', 'jsonl'],
    ['dump.ndjson', 'jsonl'],
    ['https://example.com/news/page.html?ref=rss#top', 'html'],
  ])('reads the format of "%s" as %s', (p, f) => {
    expect(formatFromPath(p)).toBe(f);
  });

  it('says nothing about unknown or missing extensions', () => {
    expect(formatFromPath('stdin')).toBeUndefined();
    expect(formatFromPath('archive.zip')).toBeUndefined();
  });

  it.each([
    ['<!DOCTYPE html><html><body><p>x</p></body></html>', 'html'],
    ['  <div class="story"><p>Text</p></div>', 'html'],
    ['{"title": "x", "body": "y"}', 'json'],
    ['[{"title": "x"}]', 'json'],
    ['{"title": "a"}\n{"title": "b"}\n', 'jsonl'],
    ['---\ntitle: x\n---\nBody', 'markdown'],
    ['# Heading\n\nBody', 'markdown'],
    ['Just a headline\n\nAnd a body.', 'text'],
    ['<3 this plain text', 'text'],
  ])('sniffs %j as %s', (content, f) => {
    expect(sniffFormat(content)).toBe(f);
  });
});

describe('plain text and Markdown', () => {
  it('cleans a scraped page: cookie and subscription notices, share bar, duplicates, byline, date, dateline', () => {
    const a = only(parseInput(fixture('scraped-junk.txt'), 'scraped-junk.txt'));
    expect(a.title).toBe('Harbor city council approves new ferry terminal');
    expect(a.author).toBe('Jane Doe');
    expect(a.publishedAt).toBe('2021-11-03T20:15:00.000Z');
    expect(a.captions).toEqual(['Pictured: The closed wooden pier on the east harbor in October.']);
    const paras = a.body.split('\n\n');
    expect(paras).toHaveLength(4);
    expect(paras[0]?.startsWith('The Portvale city council voted 7-2')).toBe(true);
    for (const junk of ['cookie', 'Subscribe', 'Share', 'Advertisement', 'Comments', 'Read more', 'rights reserved', 'Skip to']) {
      expect(a.body).not.toContain(junk);
    }
    expect(a.body.match(/wooden pier built in the 1950s/g)).toHaveLength(1);
  });

  it('reads Markdown front matter and strips formatting', () => {
    const a = only(parseInput(fixture('front-matter.md'), 'front-matter.md'));
    expect(a).toMatchObject({
      title: 'Orchard growers brace for a late frost',
      author: 'Sam Whitaker',
      publishedAt: '2022-04-12T11:30:00.000Z',
      url: 'https://example.org/news/orchard-frost',
      source: 'Valley Ledger',
    });
    expect(a.body).toContain('across the upper valley spent');
    expect(a.body).toContain('rely on wind machines that pull');
    expect(a.body).toContain('use overhead sprinklers that');
    expect(a.body).not.toMatch(/[*_#!\]]|https?:/);
    expect(a.body).not.toContain('Share this article');
    expect(a.body.split('\n\n')).toContain('What growers are doing');
    expect(a.body.split('\n\n')).toContain('Sprinklers run all night');
  });

  it('takes the first Markdown heading as the title without front matter', () => {
    const a = only(parseInput(`# Dredging to start in March\n\n${BODY}`, 'note.md'));
    expect(a.title).toBe('Dredging to start in March');
    expect(a.body).toBe(BODY);
  });

  it('uses the first sentence as the title when the first line is a whole paragraph', () => {
    const long = `${BODY} ${BODY} ${BODY}`;
    const a = only(parseInput(long, 'paste.txt'));
    expect(a.title.endsWith('…')).toBe(true);
    expect(BODY.startsWith(a.title.slice(0, -1))).toBe(true);
    expect(a.title.length).toBeLessThanOrEqual(121);
    const lead = only(parseInput(`Dredging starts in March. ${long}`, 'paste.txt'));
    expect(lead.title).toBe('Dredging starts in March.');
    expect(lead.body.startsWith('Dredging starts in March.')).toBe(true);
    expect(a.body).toBe(long);
  });

  it('reads CRLF text and text without blank lines (one paragraph per line)', () => {
    const second = BODY.replace('March', 'May');
    for (const text of [
      `Dredging to start\r\n\r\nBy Jane Doe\r\nNov 21, 2017\r\n\r\n${BODY}\r\n\r\n${second}\r\n`,
      `Dredging to start\nJane Doe\n21 November 2017\n${BODY}\n${second}\nShare this article`,
    ]) {
      const a = only(parseInput(text, 'a.txt'));
      expect(a).toMatchObject({ title: 'Dredging to start', author: 'Jane Doe', publishedAt: '2017-11-21' });
      expect(a.body).toBe(`${BODY}\n\n${second}`);
    }
  });

  it('skips page furniture when picking the title', () => {
    const a = only(parseInput(`Skip to main content\nMenu\nDredging to start in March\n\n${BODY}`, 'page.txt'));
    expect(a.title).toBe('Dredging to start in March');
  });
});

describe('scraped text pages: page furniture around the headline', () => {
  /** Lines of a body that must never appear: page furniture and metadata. */
  const expectNoJunk = (body: string, extra: string[] = []): void => {
    for (const junk of ['cookie', 'Share this', 'Comments (', 'Advertisement', 'Related:', 'newsletter', 'Follow us',
      '©', 'Sign up', 'Sort by', 'Privacy Policy', 'Facebook', 'inbox', ...extra]) {
      expect(body).not.toContain(junk);
    }
  };

  it('skips a cookie line and a "Home | Local | …" navigation bar, and takes the repeated headline', () => {
    const a = only(parseInput(fixture('scraped-nav.txt'), 'scraped-nav.txt'));
    expect(a.title).toBe('Tram line to the airport will open a year late, city admits');
    expect(a.body).not.toContain('Tram line to the airport will open a year late');
    expect(a.body).not.toContain('Home | Local');
    expectNoJunk(a.body, ['[', 'Terms of Use']);
    expect(a.body.startsWith('The new tram line linking the city centre')).toBe(true);
    expect(a.body.split('\n\n')).toHaveLength(4);
    expect(a.captions).toEqual(['Photo: A test tram waits at the unfinished airport terminus in February.']);
  });

  it('reads "By Name | Role" as the author and the first date of "March 4, 2025 | Updated 16:45 CET"', () => {
    const a = only(parseInput(fixture('scraped-nav.txt'), 'scraped-nav.txt'));
    expect(a.author).toBe('Ilse Brandt');
    expect(a.publishedAt).toBe('2025-03-04');
    expect(a.body).not.toMatch(/Ilse Brandt|Correspondent|Updated/);
  });

  it('skips an all-caps masthead, a section menu without separators and "Advertisement"', () => {
    const a = only(parseInput(fixture('scraped-masthead.txt'), 'scraped-masthead.txt'));
    expect(a.title).toBe('Volunteers count record number of nesting sea turtles on southern beaches');
    expect(a.body).not.toContain('COASTAL HERALD');
    expect(a.body).not.toContain('News Sport Weather');
    expect(a.body).not.toContain('Volunteers count record number');
    expectNoJunk(a.body, ['✉', 'Accept all']);
    expect(a.body.split('\n\n')).toHaveLength(4);
    expect(a.captions).toEqual(['This image, provided by the wildlife trust, shows hatchlings crossing the sand at dawn.']);
  });

  it('reads "Written by Prof. Name, Science Editor" as the bare name and "Published: 9 August 2024" as the date', () => {
    const a = only(parseInput(fixture('scraped-masthead.txt'), 'scraped-masthead.txt'));
    expect(a.author).toBe('Tomas Lindgren');
    expect(a.publishedAt).toBe('2024-08-09');
    expect(a.body).not.toMatch(/Lindgren|Science Editor|Published/);
  });

  it.each([
    ['scraped/2026-11-18-kim-jong-un-greenhouse-farm.txt', 'Kim Jong Un tours vast new greenhouse farm, orders more vegetables for Pyongyang', 'Min Seo-jun', '2026-11-18'],
    ['scraped/2026-11-20-early-flu-season-warning.txt', 'Flu season arrives early across Northern Hemisphere, health officials warn', 'Amara Nwosu', '2026-11-20'],
  ])('reads the demo page %s: headline, author, date and a clean body', (file, title, author, date) => {
    const a = only(parseInput(readFileSync(path.join(ROOT, 'samples', file), 'utf8'), file));
    expect(a).toMatchObject({ title, author, publishedAt: date });
    expect(a.body).not.toContain(title);
    expectNoJunk(a.body, ['Home |', 'Health |', 'WARD ROUND', 'Written by', 'Updated', 'Terms of Use', 'Podcasts']);
    expect(a.captions).toHaveLength(1);
    expect(a.body.split('\n\n').every((p) => p.split(' ').length >= 15)).toBe(true);
  });

  it('prefers a headline repeated before the body over an unknown tagline above it', () => {
    const text = `Harbour Notes\nSmall stories from a small port\nDredging to start in March\nDredging to start in March\n\n${BODY}`;
    const a = only(parseInput(text, 'page.txt'));
    expect(a.title).toBe('Dredging to start in March');
    expect(a.body).toBe(BODY);
  });

  it('does not take a repeated pull quote for the title when the first line is a headline', () => {
    const quote = '"We will not wait for high tide any more."';
    const a = only(parseInput(`Dredging to start in March\n\n${BODY}\n\n${quote}\n\n${quote}`, 'page.txt'));
    expect(a.title).toBe('Dredging to start in March');
  });

  it('treats several Title-Case section names without separators as a menu', () => {
    const a = only(parseInput(`Home World Politics Business Video\nDredging to start in March\n\n${BODY}`, 'page.txt'));
    expect(a.title).toBe('Dredging to start in March');
    expect(a.body).toBe(BODY);
  });

  it('uses an all-caps headline above a lead paragraph, but not a short all-caps masthead', () => {
    const long = `${BODY} ${BODY}`;
    const caps = only(parseInput(`DREDGING TO START IN MARCH\n${long}`, 'page.txt'));
    expect(caps.title).toBe('DREDGING TO START IN MARCH');
    expect(caps.body).toBe(long);
    const masthead = only(parseInput(`PORT NEWS\n${long}`, 'page.txt'));
    expect(masthead.title.endsWith('…')).toBe(true);
    expect(masthead.body).toBe(long);
  });

  it('keeps a one-sentence lead in the body and cuts the title from it when only a masthead is above', () => {
    const a = only(parseInput(`PORT NEWS\n\n${BODY}\n\n${BODY.replace('March', 'May')}`, 'page.txt'));
    expect(BODY.startsWith(a.title.replace(/…$/, ''))).toBe(true);
    expect(a.body).toBe(`${BODY}\n\n${BODY.replace('March', 'May')}`);
  });

  it('strips a " | Site" suffix from a text headline', () => {
    const a = only(parseInput(`Dredging to start in March | Port News\n\n${BODY}`, 'page.txt'));
    expect(a.title).toBe('Dredging to start in March');
  });

  it('reads "By Name, Month D, YYYY" and "Name · Outlet" bylines, and takes the outlet as the source', () => {
    const a = only(parseInput(`Dredging to start in March\nBy Jane Doe, November 18, 2026\n\n${BODY}`, 'a.txt'));
    expect(a).toMatchObject({ author: 'Jane Doe', publishedAt: '2026-11-18', body: BODY });
    expect(a.source).toBeUndefined();
    const b = only(parseInput(`# Dredging to start in March\n\n*By Park Min-ji · Harbor Times*\n\nNovember 21, 2026\n\n${BODY}`, 'b.md'));
    expect(b).toMatchObject({ author: 'Park Min-ji', source: 'Harbor Times', publishedAt: '2026-11-21', body: BODY });
  });

  it('drops honorifics from front-matter authors and gives no author for "Staff"', () => {
    const fm = (author: string): string => `---\ntitle: Dredging to start\nauthor: ${author}\n---\n\n${BODY}`;
    expect(only(parseInput(fm('Dr. Amara Nwosu'), 'a.md')).author).toBe('Amara Nwosu');
    expect(only(parseInput(fm('Staff'), 'a.md')).author).toBeUndefined();
    expect(only(parseInput(fm('Ana Kovač and Liam Chen'), 'a.md')).author).toBe('Ana Kovač and Liam Chen');
  });
});

describe('rejections', () => {
  it('rejects an empty or blank file', () => {
    expect(parseInput('', 'a.txt')).toEqual([{ ok: false, origin: 'a.txt', reason: 'empty file' }]);
    expect(parseInput(' \n\t\n', 'a.txt')).toEqual([{ ok: false, origin: 'a.txt', reason: 'empty file' }]);
  });

  it('rejects binary content with NUL bytes', () => {
    const [o] = parseInput(`PK\u0003\u0004\u0000\u0000binary${'\u0000'.repeat(20)}`, 'a.txt');
    expect(o).toMatchObject({ ok: false, reason: expect.stringMatching(/^binary content: 22 NUL bytes/) as unknown });
  });

  it('rejects text full of replacement characters (invalid UTF-8)', () => {
    const [o] = parseInput(`Title\n\n${'ab\uFFFDcd\uFFFD'.repeat(50)}`, 'a.txt');
    expect(o).toMatchObject({ ok: false, reason: expect.stringMatching(/^binary content: .*invalid UTF-8/) as unknown });
  });

  it('rejects a body that is too short after cleaning, saying how many words are left', () => {
    const text = 'A headline\n\nOnly nine words are left in this body, sadly.\n\nShare this article\nAdvertisement';
    expect(parseInput(text, 'short.txt')).toEqual([{ ok: false, origin: 'short.txt', reason: 'too short after cleaning: 9 words' }]);
  });

  it('rejects input with no title', () => {
    expect(parseInput('--- *** ---\n\n12345 678', 'x.txt')).toEqual([{ ok: false, origin: 'x.txt', reason: 'no title found' }]);
  });

  it('rejects an empty JSON array', () => {
    expect(parseInput('[]', 'none.json')).toEqual([{ ok: false, origin: 'none.json', reason: 'no articles in file' }]);
  });
});

describe('parseDate', () => {
  it.each([
    ['November 21, 2017', '2017-11-21'],
    ['21 Nov 2017', '2017-11-21'],
    ['2017-11-21', '2017-11-21'],
    ['Nov. 21, 2017 10:30 AM EST', '2017-11-21T15:30:00.000Z'],
    ['Published: November 21, 2017', '2017-11-21'],
    ['Updated Nov 21, 2017 at 10:30 a.m. PST', '2017-11-21T18:30:00.000Z'],
    ['Tue, 21 Nov 2017 10:30:00 +0000', '2017-11-21T10:30:00.000Z'],
    ['Tuesday 21 November 2017 09.15 GMT', '2017-11-21T09:15:00.000Z'],
    ['2017-11-21T10:30:00+09:00', '2017-11-21T01:30:00.000Z'],
    ['21 Nov 2017 10:30 KST', '2017-11-21T01:30:00.000Z'],
    ['Nov 21, 2017 2:00 PM EDT', '2017-11-21T18:00:00.000Z'],
    ['Sept. 5, 2017', '2017-09-05'],
    ['21st November 2017', '2017-11-21'],
    ['11/21/2017', '2017-11-21'],
    ['21/11/2017', '2017-11-21'],
    ['1511222400', '2017-11-21T00:00:00.000Z'],
    ['1511222400000', '2017-11-21T00:00:00.000Z'],
  ])('parses "%s" as %s', (s, iso) => {
    expect(parseDate(s)).toBe(iso);
  });

  it.each(['Lester Mason', 'Nov 21 meeting', '2017', 'March 2017', 'Feb 30, 2017', 'The May 1, 2018 vote', ''])(
    'does not take "%s" for a date',
    (s) => {
      expect(parseDate(s)).toBeUndefined();
    },
  );
});
