// Story timelines: time order, outlets (name, else registrable domain), and "new facts" = sentences with a name,
// number or quote no earlier article of the story had (a restatement that only adds a name is not new).
import { describe, expect, it } from 'vitest';
import { attributes, firstReportedBy } from '../../src/stories/origin.js';
import { buildTimeline, factsOf, outletOf, registrableDomain } from '../../src/stories/timeline.js';
import type { Article } from '../../src/types.js';

const art = (id: number, over: Partial<Article>): Article => ({
  id,
  title: `Title ${id}`,
  ingestedAt: '2026-09-14T00:00:00Z',
  body: '',
  summary: '',
  gist: '',
  lang: 'en',
  tags: [],
  storyId: 1,
  ...over,
});

describe('outlets', () => {
  it('uses the source name, else the registrable domain of the URL', () => {
    expect(outletOf('Harbor Daily', 'https://news.harbordaily.example/x')).toBe('Harbor Daily');
    expect(outletOf(undefined, 'https://news.harbordaily.example/x')).toBe('harbordaily.example');
    expect(outletOf(null, 'not a url')).toBeUndefined();
    expect(registrableDomain('www.bbc.co.uk')).toBe('bbc.co.uk');
    expect(registrableDomain('edition.cnn.com')).toBe('cnn.com');
    expect(registrableDomain('www.abc.net.au')).toBe('abc.net.au');
  });
});

describe('buildTimeline', () => {
  it('orders articles by time, lists each outlet once, and keeps only sentences with new names, numbers or quotes', () => {
    const t = buildTimeline(1, [
      art(3, { source: 'Island Times', publishedAt: '2026-09-15T01:00:00Z', body: 'Typhoon Haikui hit Okinawa. Power was back in 55,000 homes.' }),
      art(1, { source: 'Harbor Daily', publishedAt: '2026-09-14T03:10:00Z', body: 'Typhoon Haikui hit Okinawa on Monday. About 80,000 homes lost power.' }),
      art(2, { url: 'https://www.pacificwire.example/a', publishedAt: '2026-09-14T05:40:00Z', body: 'Typhoon Haikui hit Okinawa on Monday. "We ask residents to stay indoors," the governor said.' }),
      art(4, { source: 'Harbor Daily', publishedAt: '2026-09-15T02:00:00Z', body: 'About 80,000 homes lost power on Monday.' }),
    ]);
    expect(t.entries.map((e) => e.articleId)).toEqual([1, 2, 3, 4]);
    expect(t.outlets).toEqual(['Harbor Daily', 'pacificwire.example', 'Island Times']);
    expect(t.entries[0]?.newFacts).toEqual(['Typhoon Haikui hit Okinawa on Monday.', 'About 80,000 homes lost power.']);
    expect(t.entries[1]?.newFacts).toEqual(['"We ask residents to stay indoors," the governor said.']);
    expect(t.entries[2]?.newFacts).toEqual(['Power was back in 55,000 homes.']);
    expect(t.entries[3]?.newFacts).toEqual([]);
  });

  it('does not count a restatement that only adds a name (an attribution) as new; new numbers and other sentences count', () => {
    const t = buildTimeline(1, [
      art(1, { source: 'Harbor Daily', publishedAt: '2026-09-14T03:00:00Z', body: 'The storm closed Naha airport and cancelled 212 flights.' }),
      art(2, { source: 'Island Times', publishedAt: '2026-09-14T04:00:00Z',
        body: 'Naha airport was closed and 212 flights were cancelled, Japan Airlines said. Governor Tamaki visited shelters in Nago.' }),
      art(3, { source: 'Pacific Wire', publishedAt: '2026-09-14T05:00:00Z', body: 'The storm closed Naha airport and cancelled 340 flights.' }),
    ]);
    expect(t.entries[1]?.newFacts).toEqual(['Governor Tamaki visited shelters in Nago.']);
    expect(t.entries[2]?.newFacts).toEqual(['The storm closed Naha airport and cancelled 340 flights.']);
  });

  it('reads facts: names after the first word, numbers, quotes', () => {
    expect(factsOf('Governor Tamaki Denny said 212 flights were cancelled.')).toEqual(['n:tamaki', 'n:denny', '#:212']);
    expect(factsOf('He said "the storm has passed now".')).toEqual(['q:the storm has passed now']);
  });
});

describe('firstReportedBy', () => {
  const m = (outlet: string, at: string, text = 'The news.') => ({ outlet, at, text });
  it('credits the earliest outlet when it is ahead by a clear margin', () => {
    expect(firstReportedBy([m('A', '2026-09-14T01:00:00Z'), m('B', '2026-09-14T04:00:00Z'), m('C', '2026-09-14T05:00:00Z')])).toBe('A');
  });
  it('says nothing for a close race, or a single outlet', () => {
    expect(firstReportedBy([m('A', '2026-09-14T01:00:00Z'), m('B', '2026-09-14T01:30:00Z')])).toBeUndefined();
    expect(firstReportedBy([m('A', '2026-09-14T01:00:00Z'), m('A', '2026-09-14T09:00:00Z')])).toBeUndefined();
  });
  it('credits the outlet later reports attribute the news to, even when it was not first here', () => {
    const members = [
      m('B', '2026-09-14T01:00:00Z', 'The minister resigned, according to Yonhap.'),
      m('Yonhap', '2026-09-14T01:20:00Z'),
      m('C', '2026-09-14T02:00:00Z', 'The minister told Yonhap he would step down.'),
    ];
    expect(firstReportedBy(members)).toBe('Yonhap');
    expect(attributes('Yonhap reported on Monday that', 'Yonhap')).toBe(true);
    expect(attributes('Yonhapnews said', 'Yonhap')).toBe(false);
  });
  it('says nothing when reports credit different outlets', () => {
    expect(firstReportedBy([m('A', '2026-09-14T01:00:00Z', 'as B reported'), m('B', '2026-09-14T01:10:00Z', 'according to A')])).toBeUndefined();
  });
});
