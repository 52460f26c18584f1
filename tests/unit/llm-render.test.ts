// The overview and its [n] citations in every renderer: the paragraph opens a briefing / digest, and story numbers
// (across digest sections) are the numbers the citations use.
import { describe, expect, it } from 'vitest';
import { limitProblems } from '../../adapters/discord/limits.js';
import { briefingToDiscord, digestToDiscord } from '../../adapters/discord/render.js';
import { blockKitProblems, messageTexts } from '../../adapters/slack/limits.js';
import { briefingToBlockKit, digestToBlockKit } from '../../adapters/slack/render.js';
import { briefingToMarkdown, digestToMarkdown, digestToText } from '../../adapters/terminal/render.js';
import type { Briefing, Digest, Story } from '../../src/types.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const story = (n: number): Story => ({
  id: n,
  headline: `Headline ${n}`,
  summary: `Summary ${n}.`,
  url: `https://news.example/${n}`,
  publishedAt: '2026-11-30T08:00:00Z',
  sources: [{ name: `Source ${n}`, url: `https://news.example/${n}` }],
  articleCount: 1,
  firstSeen: '2026-11-30T08:00:00Z',
  lastSeen: '2026-11-30T08:00:00Z',
  tags: [],
});
const OVERVIEW = 'Ash closed airports [1][2]. Scientists expect calm [3].';
const digest: Digest = {
  title: 'Digest',
  window: { since: '2026-11-29T12:00:00Z', until: NOW.toISOString() },
  sections: [{ topic: 'volcano', stories: [story(1), story(2)] }, { topic: 'science', stories: [story(3)] }],
  overview: OVERVIEW,
};
const briefing: Briefing = { title: 'Briefing: volcano', query: 'volcano', window: digest.window, stories: [story(1), story(2), story(3)], overview: OVERVIEW };

describe('Discord', () => {
  it('opens a digest with the overview and numbers its stories across sections', () => {
    const [m] = digestToDiscord(digest, { now: NOW });
    expect(m?.embeds[0]?.description).toBe(`new since 29 Nov 2026, 12:00 UTC · 3 stories\n\nAsh closed airports \\[1\\]\\[2\\]. Scientists expect calm \\[3\\].`);
    expect(m?.embeds.slice(1).map((e) => e.title)).toEqual(['1. Headline 1', '2. Headline 2', '3. Headline 3']);
    expect(limitProblems(m!)).toEqual([]);
  });

  it('shows a briefing overview on the first page only', () => {
    expect(briefingToDiscord(briefing, { now: NOW })[0]?.embeds[0]?.description).toContain('Scientists expect calm');
    const page2 = briefingToDiscord({ ...briefing, stories: [story(4)] }, { now: NOW, first: 4 });
    expect(page2[0]?.embeds[0]?.description).not.toContain('Scientists');
  });

  it('keeps a maximal overview inside the embed limits', () => {
    const long = { ...digest, overview: `${'Words about ash [1]. '.repeat(60)}`.slice(0, 1200) };
    for (const m of digestToDiscord(long, { now: NOW })) expect(limitProblems(m)).toEqual([]);
  });
});

describe('Slack', () => {
  it('puts the digest overview in the intro and numbers stories across sections', () => {
    const [page] = digestToBlockKit(digest, { now: NOW });
    const text = messageTexts(page!).join('\n');
    expect(text).toContain(OVERVIEW);
    expect(text).toMatch(/\*1\. <https:\/\/news\.example\/1\|Headline 1>\*[\s\S]*\*3\. <https:\/\/news\.example\/3\|Headline 3>\*/);
    expect(blockKitProblems(page!)).toEqual([]);
  });

  it('shows the briefing overview as a readable section under the intro, not in the small grey context line', () => {
    const [page] = briefingToBlockKit(briefing, { now: NOW });
    expect(messageTexts(page!).join('\n')).toContain(OVERVIEW);
    const blocks = page!.blocks ?? [];
    expect(blocks[2]).toMatchObject({ type: 'section', text: { type: 'mrkdwn', text: OVERVIEW } });
    expect(JSON.stringify(blocks.filter((b) => b.type === 'context'))).not.toContain('Scientists');
    expect(blockKitProblems(page!)).toEqual([]);
  });
});

describe('terminal', () => {
  it('prints the digest overview and numbers stories across sections', () => {
    const out = digestToText(digest, { now: NOW });
    expect(out).toContain(`${OVERVIEW}\n\n[volcano]\n 1. Headline 1`);
    expect(out).toContain('[science]\n 3. Headline 3');
  });

  it('prints the overview in Markdown, with digest list numbers continuing across sections', () => {
    expect(briefingToMarkdown(briefing, { now: NOW })).toContain('Ash closed airports \\[1\\]\\[2\\]. Scientists expect calm \\[3\\].');
    const md = digestToMarkdown(digest, { now: NOW });
    expect(md).toContain('### science\n\n3. **[Headline 3]');
    expect(md).toContain('Scientists expect calm \\[3\\]');
  });
});
