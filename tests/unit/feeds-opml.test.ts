// OPML import/export: nested folders become topics, duplicates collapse, export round-trips, entity bombs are refused.
import { describe, expect, it } from 'vitest';
import { buildOpml, parseOpmlFeeds } from '../../src/feeds/opml.js';
import { FeedParseError } from '../../src/feeds/parse.js';

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="Asia">
    <outline text="Korea Wire" title="Korea Wire" type="rss" xmlUrl="https://korea.example/rss" htmlUrl="https://korea.example/" category="korea"/>
    <outline text="Tokyo Desk" type="rss" xmlUrl="https://tokyo.example/atom.xml"/>
  </outline>
  <outline text="Loose &amp; Fancy" type="rss" xmlUrl="https://loose.example/feed?a=1&amp;b=2"/>
  <outline text="Again" type="rss" xmlUrl="https://korea.example/rss"/>
</body></opml>`;

describe('OPML', () => {
  it('lists every feed once, with folder names and categories as topics', () => {
    expect(parseOpmlFeeds(OPML)).toEqual([
      { url: 'https://korea.example/rss', title: 'Korea Wire', siteUrl: 'https://korea.example/', topics: ['Asia', 'korea'] },
      { url: 'https://tokyo.example/atom.xml', title: 'Tokyo Desk', topics: ['Asia'] },
      { url: 'https://loose.example/feed?a=1&b=2', title: 'Loose & Fancy', topics: [] },
    ]);
  });

  it('exports feeds that import back unchanged', () => {
    const feeds = [
      { url: 'https://a.example/feed?x=1&y=2', title: 'A & B <news>', siteUrl: 'https://a.example/', topics: ['korea', 'china'] },
      { url: 'https://c.example/rss', topics: [] },
    ];
    const xml = buildOpml(feeds, 'newsbrief feeds', new Date('2026-11-30T00:00:00Z'));
    expect(xml).toContain('<title>newsbrief feeds</title>');
    expect(parseOpmlFeeds(xml)).toEqual([feeds[0], { url: 'https://c.example/rss', title: 'https://c.example/rss', topics: [] }]);
  });

  it('refuses an OPML file with entity declarations', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>`;
    expect(() => parseOpmlFeeds(bomb)).toThrow(FeedParseError);
    expect(() => parseOpmlFeeds(bomb)).toThrow(/declares entities/);
  });
});
