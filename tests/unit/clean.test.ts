import { describe, expect, it } from 'vitest';
import {
  captionOf,
  cleanArticle,
  decodeEntities,
  isBoilerplate,
  lineKey,
  parseByline,
  stripDateline,
} from '../../src/articles/clean.js';
import { stripSiteSuffix } from '../../src/articles/html.js';

const LEAD =
  'The regional water board approved a plan on Thursday to replace eleven kilometres of ageing pipes under the old ' +
  'town, a project engineers say will cut leaks by a third.';
const SECOND =
  'Work will start in the spring and close one lane of the river road at a time, the board said in a statement.';

const clean = (paragraphs: string[], extra: { author?: string; publishedAt?: string } = {}) =>
  cleanArticle({ title: 'Water board approves pipe plan', paragraphs, ...extra });

describe('cleanArticle', () => {
  it('drops lines equal to the title ignoring case, spaces and punctuation', () => {
    const r = clean(['WATER BOARD approves pipe plan!', LEAD, 'Water board  approves pipe-plan\nwater board approves pipe plan', SECOND]);
    expect(r.title).toBe('Water board approves pipe plan');
    expect(r.body).toBe(`${LEAD}\n\n${SECOND}`);
  });

  it('keeps the first of duplicated paragraphs and repeated lines', () => {
    const r = clean([LEAD, SECOND, LEAD, `${SECOND}`]);
    expect(r.body.split('\n\n')).toEqual([LEAD, SECOND]);
  });

  it('drops a cookie notice', () => {
    const r = clean([
      'We use cookies to give you the best experience. By continuing to use this site you accept our cookie policy.',
      LEAD,
    ]);
    expect(r.body).toBe(LEAD);
  });

  it('drops subscription and newsletter notices', () => {
    const r = clean([LEAD, 'Subscribe now for unlimited access.', 'Sign up for our newsletter', SECOND]);
    expect(r.body).toBe(`${LEAD}\n\n${SECOND}`);
  });

  it('drops a share bar made of share words', () => {
    const r = clean(['Share | Tweet | Email', LEAD, 'Facebook Twitter LinkedIn WhatsApp', SECOND, 'Share on Facebook']);
    expect(r.body).toBe(`${LEAD}\n\n${SECOND}`);
  });

  it.each([
    'Discuss This Article',
    'Share this article',
    'Share on Facebook',
    'Comments (12)',
    '12 comments',
    'Other reports by Iphone Fresh',
    'More from Globe Wire',
    'Related: Council delays vote on river road',
    'Read more',
    'READ MORE: Pipes burst in cold snap',
    'Click here to read the full report',
    'Advertisement',
    'Sign up for our newsletter',
    'Subscribe to the morning briefing',
    'We use cookies to personalise content and ads.',
    'All rights reserved.',
    '© 2017 Example Media Group',
    'Copyright 2019 The Daily Example. All rights reserved. This material may not be redistributed.',
    'Follow us on Twitter',
    'Image copyright Getty Images',
    'Getty Images',
    'Staff reporter',
    '5 min read',
  ])('treats "%s" as boilerplate', (line) => {
    expect(isBoilerplate(line)).toBe(true);
    expect(clean([line, LEAD]).body).toBe(LEAD);
  });

  it.each([
    'More than 200 households were left without water during the last repair.',
    'Read the statement carefully and you will see the board hedged its promise.',
    'Follow the money, one councillor said, and you will find the real reason for the delay.',
    'Economic impact',
  ])('keeps the prose line "%s"', (line) => {
    expect(isBoilerplate(line)).toBe(false);
  });

  it('takes "By Jane Doe" under the title as the author and drops it', () => {
    const r = clean(['By Jane Doe', LEAD]);
    expect(r.author).toBe('Jane Doe');
    expect(r.body).toBe(LEAD);
  });

  it.each([
    ['By Jane Doe', 'Jane Doe'],
    ['by Jane Doe and Omar Haddad', 'Jane Doe and Omar Haddad'],
    ['Jane Doe, Reuters', 'Jane Doe'],
    ['By JANE DOE | AP', 'Jane Doe'],
    ['By Mary O’Neil, Staff Writer', 'Mary O’Neil'],
    ['By Jean-Luc de la Fontaine', 'Jean-Luc de la Fontaine'],
  ])('reads the byline "%s" as %s', (line, name) => {
    expect(parseByline(line)).toBe(name);
  });

  it('does not read "By the end of the year …" as a byline', () => {
    expect(parseByline('By the end of the year the pipes will be replaced')).toBeUndefined();
    expect(parseByline('By Friday, officials had closed the road')).toBeUndefined();
  });

  it('takes a bare name line followed by a date line as author and date', () => {
    const r = clean(['Lena Ortiz\nMarch 3, 2020', LEAD]);
    expect(r.author).toBe('Lena Ortiz');
    expect(r.publishedAt).toBe('2020-03-03T00:00:00.000Z');
    expect(r.body).toBe(LEAD);
  });

  it('reads a combined "byline | date" line', () => {
    const r = clean(['By Lena Ortiz | Updated 21 Nov 2017 09:00 GMT', LEAD]);
    expect(r.author).toBe('Lena Ortiz');
    expect(r.publishedAt).toBe('2017-11-21T09:00:00.000Z');
  });

  it('prefers the published date to the updated one, and given metadata to found metadata', () => {
    const r = clean(['Updated: Nov 22, 2017', 'Published: Nov 21, 2017', LEAD]);
    expect(r.publishedAt).toBe('2017-11-21T00:00:00.000Z');
    const given = clean(['By Jane Doe', 'Nov 21, 2017', LEAD], { author: 'Sam Roe', publishedAt: '2020-01-01T00:00:00.000Z' });
    expect(given.author).toBe('Sam Roe');
    expect(given.publishedAt).toBe('2020-01-01T00:00:00.000Z');
    expect(given.body).toBe(LEAD);
  });

  it('keeps a two-word heading in the middle of the body', () => {
    const r = clean([LEAD, 'Rising Costs', SECOND]);
    expect(r.body).toBe(`${LEAD}\n\nRising Costs\n\n${SECOND}`);
    expect(r.author).toBeUndefined();
  });

  it('drops standalone date lines anywhere in the body', () => {
    const r = clean([LEAD, 'Nov. 21, 2017 10:30 AM EST', SECOND]);
    expect(r.body).toBe(`${LEAD}\n\n${SECOND}`);
  });

  it.each([
    'This photo, provided by the water board, shows a burst pipe under Mill Street.',
    'This undated image shows the old pumping station.',
    'Workers inspect a pipe on Mill Street on Nov. 20, 2017. (AP Photo/Jane Doe)',
    'Photo: Workers inspect a pipe on Mill Street.',
    'Pictured: the pumping station in 1950.',
    'Workers inspect a pipe on Mill Street (Photo: Jane Doe)',
    'In this Nov. 20, 2017 photo, workers inspect a pipe.',
  ])('moves the caption "%s" to captions', (line) => {
    const r = clean([LEAD, line, SECOND]);
    expect(r.captions).toEqual([line]);
    expect(r.body).toBe(`${LEAD}\n\n${SECOND}`);
  });

  it('strips the "Image caption" label from a caption', () => {
    expect(captionOf('Image caption Workers at the station')).toBe('Workers at the station');
  });

  it('keeps prose that merely mentions an image', () => {
    expect(captionOf('The image of the board was damaged by the leak scandal, analysts said.')).toBeUndefined();
    expect(captionOf('In this case, the photos showed nothing unusual.')).toBeUndefined();
  });

  it.each([
    ['SEOUL, South Korea (AP) — North Korea said on Monday it would hold talks.', 'North Korea said on Monday it would hold talks.'],
    ['WASHINGTON — The Senate passed the bill late on Tuesday night.', 'The Senate passed the bill late on Tuesday night.'],
    ['LONDON (Reuters) - British retail sales rose more than expected in May.', 'British retail sales rose more than expected in May.'],
    ['NEW YORK, Nov 21 (Reuters) - Wall Street opened higher on Tuesday morning.', 'Wall Street opened higher on Tuesday morning.'],
    ['(CNN) -- A powerful storm hit the coast on Sunday evening.', 'A powerful storm hit the coast on Sunday evening.'],
  ])('strips the dateline from "%s"', (para, expected) => {
    expect(stripDateline(para)).toBe(expected);
  });

  it('strips a dateline only from the first paragraph and keeps the sentence', () => {
    const r = clean([`WASHINGTON — ${LEAD}`, `LONDON — ${SECOND}`]);
    expect(r.body).toBe(`${LEAD}\n\nLONDON — ${SECOND}`);
  });

  it('keeps "US - China" at the start of a paragraph', () => {
    const p = 'US - China trade talks resumed in Geneva on Monday after a month-long pause.';
    expect(stripDateline(p)).toBe(p);
  });

  it('removes zero-width characters, normalizes spaces and keeps curly quotes', () => {
    const r = clean([`The\u200b board\u00a0said   “yes”\tto the plan. ${LEAD}`]);
    expect(r.body).toBe(`The board said “yes” to the plan. ${LEAD}`);
  });

  it('decodes HTML entities in text input, unless told the text is already decoded', () => {
    const p = `Smith &amp; Sons said it&#8217;s &ldquo;ready&rdquo;. ${LEAD}`;
    expect(clean([p]).body).toBe(`Smith & Sons said it’s “ready”. ${LEAD}`);
    expect(cleanArticle({ title: 'T', paragraphs: [p] }, { decodeEntities: false }).body).toBe(p);
    expect(decodeEntities('&lt;b&gt; &unknown; &#x1F600;')).toBe('<b> &unknown; 😀');
  });

  it('joins the lines of one paragraph with a space', () => {
    const r = clean(['The board said the work\nwould take two years.']);
    expect(r.body).toBe('The board said the work would take two years.');
  });

  it('compares lines by letters and digits only', () => {
    expect(lineKey('  Chinese envoy — wraps up!  ')).toBe('chinese envoy wraps up');
  });

  it('strips " | Site" suffixes from page titles', () => {
    expect(stripSiteSuffix('Library reopens after restoration | Riverside Courier')).toBe('Library reopens after restoration');
    expect(stripSiteSuffix('Library reopens after restoration - The Courier', 'The Courier')).toBe(
      'Library reopens after restoration',
    );
    expect(stripSiteSuffix('Tariffs will stay - for now')).toBe('Tariffs will stay - for now');
  });
});

describe('cleanArticle: datelines and line endings', () => {
  it('drops a dateline that sits alone on its line', () => {
    const r = cleanArticle({ title: 'T', paragraphs: ['WASHINGTON (AP) —', LEAD, 'LONDON, Nov 21 (Reuters)', SECOND] });
    expect(r.body).toBe(`${LEAD}\n\n${SECOND}`);
  });

  it('keeps a capitalized heading that has no dash or agency', () => {
    const r = cleanArticle({ title: 'T', paragraphs: [LEAD, 'THE ROAD AHEAD', SECOND] });
    expect(r.body).toBe(`${LEAD}\n\nTHE ROAD AHEAD\n\n${SECOND}`);
  });

  it('treats CRLF line breaks like LF', () => {
    const r = cleanArticle({ title: 'T', paragraphs: [`By Jane Doe\r\nNov 21, 2017\r\n${LEAD}`] });
    expect(r).toMatchObject({ author: 'Jane Doe', publishedAt: '2017-11-21T00:00:00.000Z', body: LEAD });
  });
});
