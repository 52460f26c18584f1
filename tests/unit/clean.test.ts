import { describe, expect, it } from 'vitest';
import { cleanAuthor, matchByline, parseByline } from '../../src/articles/byline.js';
import { cleanArticle } from '../../src/articles/clean.js';
import {
  captionOf,
  decodeEntities,
  isBoilerplate,
  isMasthead,
  isNavBar,
  lineKey,
  stripDateline,
  stripSiteSuffix,
} from '../../src/articles/lines.js';

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
    expect(r.publishedAt).toBe('2020-03-03');
    expect(r.body).toBe(LEAD);
  });

  it('reads a combined "byline | date" line', () => {
    const r = clean(['By Lena Ortiz | Updated 21 Nov 2017 09:00 GMT', LEAD]);
    expect(r.author).toBe('Lena Ortiz');
    expect(r.publishedAt).toBe('2017-11-21T09:00:00.000Z');
  });

  it('prefers the published date to the updated one, and given metadata to found metadata', () => {
    const r = clean(['Updated: Nov 22, 2017', 'Published: Nov 21, 2017', LEAD]);
    expect(r.publishedAt).toBe('2017-11-21');
    const given = clean(['By Jane Doe', 'Nov 21, 2017', LEAD], { author: 'Sam Roe', publishedAt: '2020-01-01' });
    expect(given.author).toBe('Sam Roe');
    expect(given.publishedAt).toBe('2020-01-01');
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
    expect(r).toMatchObject({ author: 'Jane Doe', publishedAt: '2017-11-21', body: LEAD });
  });
});

describe('page furniture', () => {
  it.each([
    'Share this article f X in ✉',
    'Facebook Twitter WhatsApp Email',
    'Sort by: Newest | Oldest',
    '[ Enter your email ] [ Sign up ]',
    'Get the top Asia stories delivered to your inbox every morning.',
    'This story was first published by Bytefront and is republished here under a content-sharing agreement.',
    'Reporting by Jane Doe; Editing by Sam Roe',
    '3 hours ago',
    'Log in to join the discussion.',
    'Tags: water, pipes, Mill Street',
    'Privacy Policy',
    'Accept all',
    'This article is available to subscribers only.',
    'Please enable JavaScript to view the comments.',
  ])('treats "%s" as boilerplate', (line) => {
    expect(isBoilerplate(line)).toBe(true);
    expect(clean([LEAD, line, SECOND]).body).toBe(`${LEAD}\n\n${SECOND}`);
  });

  it.each([
    'The report was published on Tuesday by the ministry and found leaks in every district.',
    'Editing by hand took weeks, the engineer said.',
    'In this case the share of old pipes was higher than the board had thought.',
    'Get ready for a wet spring, forecasters said on Monday.',
    'For subscribers, the change means higher fees.',
    'Privacy',
  ])('keeps the prose line "%s"', (line) => {
    expect(isBoilerplate(line)).toBe(false);
    expect(clean([LEAD, line]).body).toBe(`${LEAD}\n\n${line}`);
  });

  it.each([
    'Home | World | Asia | Politics | Business | Video',
    'Health | Science | Wellness | Opinion | Podcasts',
    'Privacy Policy | Terms of Use | Contact Us',
    'Home › Markets › Commodities',
    'News · Sport · Weather',
    'Home World Politics Business Video',
    'Home | World',
    'News/Sport/Weather/Travel',
  ])('reads "%s" as a navigation bar and drops it from the body', (line) => {
    expect(isNavBar(line)).toBe(true);
    expect(clean([LEAD, line, SECOND]).body).toBe(`${LEAD}\n\n${SECOND}`);
  });

  it.each([
    'Kim Jong Un tours vast new greenhouse farm, orders more vegetables for Pyongyang',
    'Live | Kim meets Xi in Beijing',
    'By Jane Doe | Nov 21, 2017',
    'Politics, business and sport dominated the first day of the session.',
    'World Cup Final Tickets',
    'Prices rose 3 percent in May / June, the board said.',
    '11/21/2017',
    'The 24/7 helpline',
  ])('does not read "%s" as a navigation bar', (line) => {
    expect(isNavBar(line)).toBe(false);
  });

  it('reads short all-caps lines as mastheads, not headlines with digits or long ones', () => {
    expect(isMasthead('WARD ROUND NEWS')).toBe(true);
    expect(isMasthead('THE COASTAL HERALD')).toBe(true);
    expect(isMasthead('Ward Round News')).toBe(false);
    expect(isMasthead('G7 LEADERS MEET')).toBe(false);
    expect(isMasthead('NORTH KOREA FIRES LONG RANGE MISSILE INTO THE SEA')).toBe(false);
  });
});

describe('bylines and authors', () => {
  it.each([
    ['By Min Seo-jun | Asia Correspondent', 'Min Seo-jun'],
    ['Written by Dr. Amara Nwosu, Health Editor', 'Amara Nwosu'],
    ['By Liam Chen, Shanghai', 'Liam Chen'],
    ['By Priya Raman, Markets Reporter', 'Priya Raman'],
    ['By Park Min-ji · Harbor Times', 'Park Min-ji'],
    ['By Jane Doe, Omar Haddad and Li Wei', 'Jane Doe, Omar Haddad and Li Wei'],
    ['By Jane Doe, New York', 'Jane Doe'],
    ['Reported by Prof. Tomas Lindgren for The Coastal Herald', 'Tomas Lindgren'],
    ['By Daniel West', 'Daniel West'],
  ])('reads the byline "%s" as %s', (line, name) => {
    expect(parseByline(line)).toBe(name);
  });

  it('gives no author for role-only or agency-only bylines, but keeps the outlet', () => {
    expect(matchByline('By Staff Reporter')).toEqual({});
    expect(matchByline('By Reuters')).toEqual({ outlet: 'Reuters' });
    expect(matchByline('By Park Min-ji · Harbor Times')).toEqual({ name: 'Park Min-ji', outlet: 'Harbor Times' });
  });

  it('does not read a name followed by a place as a byline without "By"', () => {
    expect(parseByline('Kim Jong Un, North Korea')).toBeUndefined();
    expect(parseByline('Jane Doe')).toBeUndefined();
  });

  it.each([
    ['Dr. Amara Nwosu', 'Amara Nwosu'],
    ['Jane Doe, Health Editor', 'Jane Doe'],
    ['By JANE DOE', 'Jane Doe'],
    ['Jane Doe, Omar Haddad', 'Jane Doe and Omar Haddad'],
    ['Reuters', 'Reuters'],
    ['Staff', undefined],
    ['Staff Writer', undefined],
    ['https://example.com/authors/jane', undefined],
  ])('cleans the metadata author "%s" to %s', (raw, name) => {
    expect(cleanAuthor(raw)).toBe(name);
  });

  it('takes a bare name with an honorific above a date line without the honorific', () => {
    const r = clean(['Dr. Lena Ortiz\nMarch 3, 2020', LEAD]);
    expect(r.author).toBe('Lena Ortiz');
    expect(r.body).toBe(LEAD);
  });

  it('does not take a masthead next to a date line for the author, and drops it above the body', () => {
    const r = clean(['THE COASTAL HERALD\nMarch 3, 2020', LEAD]);
    expect(r.author).toBeUndefined();
    expect(r.publishedAt).toBe('2020-03-03');
    expect(r.body).toBe(LEAD);
  });

  it('returns the outlet of a byline as the source', () => {
    expect(clean(['By Park Min-ji · Harbor Times', LEAD]).source).toBe('Harbor Times');
    expect(clean(['By Liam Chen, Shanghai', LEAD]).source).toBeUndefined();
  });
});

describe('date lines in the header', () => {
  it.each([
    ['November 18, 2026 | Updated 14:32 KST', '2026-11-18'],
    ['Published: 20 November 2026', '2026-11-20'],
    ['Published November 25, 2026 11:05 a.m. ET | Updated 12:40 p.m. ET', '2026-11-25T16:05:00.000Z'],
    ['Nov 21, 2017 - 10:30 AM EST', '2017-11-21T15:30:00.000Z'],
    ['Updated Nov 22, 2017 | Published Nov 21, 2017', '2017-11-21'],
  ])('reads "%s" as published at %s and drops it', (line, iso) => {
    const r = clean([line, LEAD]);
    expect(r.publishedAt).toBe(iso);
    expect(r.body).toBe(LEAD);
  });

  it.each([
    ['By Jane Doe, November 18, 2026', 'Jane Doe', '2026-11-18'],
    ['Tomasz Wrona, Bytefront | Saturday, November 21, 2026', 'Tomasz Wrona', '2026-11-21'],
    ['Jane Doe | Reuters | 21 Nov 2017', 'Jane Doe', '2017-11-21'],
    ['Jane Doe on 21 Nov 2017', 'Jane Doe', '2017-11-21'],
  ])('reads the byline and date of "%s"', (line, author, iso) => {
    const r = clean([line, LEAD]);
    expect(r).toMatchObject({ author, publishedAt: iso, body: LEAD });
  });

  it('drops an "Updated" time line without taking it as the date', () => {
    const r = clean(['Updated 12:40 p.m. ET', LEAD]);
    expect(r.publishedAt).toBeUndefined();
    expect(r.body).toBe(LEAD);
  });

  it('keeps a prose line that names a person and a date', () => {
    const p = 'Kim Jong Un, 40, said on Nov 18, 2026 that the farm would double its output.';
    expect(clean([LEAD, p]).body).toBe(`${LEAD}\n\n${p}`);
  });
});
