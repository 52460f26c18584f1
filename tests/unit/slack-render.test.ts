// The pure Slack renderers (adapters/slack/render.ts, mrkdwn.ts, limits.ts): Block Kit shape, escaping, limits, paging.
import { describe, expect, it } from 'vitest';
import { blockKitProblems, mentionsSafe, messageTexts, SLACK_LIMITS, type SlackBlock, type SlackMessage } from '../../adapters/slack/limits.js';
import { escapeText, fitEscaped, link, linkUrl, neutralToMrkdwn } from '../../adapters/slack/mrkdwn.js';
import { briefingToBlockKit, digestToBlockKit, FOLLOW_ACTION_ID, messageToSlack, noticeToSlack, MORE_ACTION_ID, replyToSlack, SOURCES_ACTION_ID, STORIES_PER_PAGE } from '../../adapters/slack/render.js';
import type { Briefing, Digest, Story } from '../../src/types.js';
import { hostileBriefing, maximalBriefing } from '../contract/suite.js';

const now = new Date('2026-11-30T00:00:00Z');

function story(i: number, over: Partial<Story> = {}): Story {
  return {
    id: i,
    headline: `Headline ${i}`,
    summary: `First sentence of story ${i}. Second sentence that is not shown.`,
    url: `https://news.example.com/${i}`,
    publishedAt: '2026-11-29T21:00:00Z',
    sources: [{ name: 'Harbor Times' }, { name: 'Pacific Ledger' }],
    articleCount: 2,
    firstSeen: '2026-11-29T21:00:00Z',
    lastSeen: '2026-11-29T22:00:00Z',
    tags: [
      { kind: 'topic', value: 'korea' },
      { kind: 'keyword', value: 'missile' },
      { kind: 'place', value: 'Seoul' },
    ],
    ...over,
  };
}

const briefing = (stories: Story[], over: Partial<Briefing> = {}): Briefing => ({
  title: 'Briefing: korea',
  query: 'korea',
  window: { since: '2026-11-23T00:00:00Z', until: '2026-11-30T00:00:00Z' },
  stories,
  ...over,
});

const sections = (m: SlackMessage) => (m.blocks ?? []).filter((b): b is Extract<SlackBlock, { type: 'section' }> => b.type === 'section');
const buttons = (m: SlackMessage) => (m.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.elements : []));

describe('briefingToBlockKit', () => {
  it('renders a header, a context line and one section per story with link, one sentence and meta', () => {
    const [page, ...rest] = briefingToBlockKit(briefing([story(1)]), { now });
    expect(rest).toEqual([]);
    expect(page).toEqual({
      text: 'Briefing: korea: 1 story',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Briefing: korea', emoji: false } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '23 Nov 2026 – 30 Nov 2026 · 1 story', verbatim: true }] },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: '*1. <https://news.example.com/1|Headline 1>*\nFirst sentence of story 1.\n2 sources: Harbor Times, Pacific Ledger · 3h ago · korea, Seoul',
          },
        },
        // The story's own actions block: its timeline, privately (slack/sources.ts).
        { type: 'actions', elements: [
          { type: 'button', action_id: SOURCES_ACTION_ID, text: { type: 'plain_text', text: 'Sources', emoji: false }, value: '1:0' },
          { type: 'button', action_id: FOLLOW_ACTION_ID, text: { type: 'plain_text', text: 'Follow', emoji: false }, value: '1' },
          // 👍 and 👎: a private acknowledgement and this workspace's ranking (slack/feedback.ts).
          { type: 'button', action_id: 'newsbrief_feedback_up', text: { type: 'plain_text', text: '👍', emoji: true }, value: '1' },
          { type: 'button', action_id: 'newsbrief_feedback_down', text: { type: 'plain_text', text: '👎', emoji: true }, value: '1' },
        ] },
      ],
    });
  });

  it('says "1 source" and leaves the headline unlinked when the story has no URL', () => {
    const [page] = briefingToBlockKit(briefing([story(1, { url: undefined, sources: [{ name: 'Wire' }], articleCount: 1 })]), { now });
    expect(sections(page as SlackMessage)[0]?.text.text).toMatch(/^\*1\. Headline 1\*\n.*\n1 source: Wire · /);
  });

  it('escapes &, < and > everywhere so <!channel> and <@U…> cannot notify', () => {
    const pages = briefingToBlockKit(hostileBriefing(), { now });
    const all = pages.flatMap(messageTexts).join('\n');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;@U024BE7LH&gt;');
    expect(all).not.toMatch(/<!|<@|<#/);
    expect(pages.every(mentionsSafe)).toBe(true);
  });

  it('shows the note when nothing matched', () => {
    const [page] = briefingToBlockKit(briefing([], { note: 'No stories match "quokka". Try: korea.' }), { now });
    expect(messageTexts(page as SlackMessage).join('\n')).toContain('No stories match "quokka". Try: korea.');
    expect(blockKitProblems(page as SlackMessage)).toEqual([]);
  });

  it(`splits after ${STORIES_PER_PAGE} stories into messages posted together, numbered on, without buttons between them`, () => {
    const pages = briefingToBlockKit(briefing(Array.from({ length: 23 }, (_, i) => story(i + 1))), { now });
    expect(pages.map((p) => sections(p).length)).toEqual([10, 10, 3]);
    for (const p of pages) expect(buttons(p).filter((b) => b.action_id === MORE_ACTION_ID)).toEqual([]);
    expect(messageTexts(pages[1] as SlackMessage).join('\n')).toContain('stories 11–20 of 23 (page 2 of 3)');
    expect(sections(pages[2] as SlackMessage)[0]?.text.text).toMatch(/^\*21\. /);
  });

  it('renders one page of a paged briefing numbered from `first`, ending with a More button carrying the paging state', () => {
    const [first] = briefingToBlockKit(briefing(Array.from({ length: 5 }, (_, i) => story(i + 1))), { now, more: 'nb:more|state' });
    expect(buttons(first as SlackMessage).filter((b) => b.action_id === MORE_ACTION_ID)).toEqual([
      { type: 'button', action_id: MORE_ACTION_ID, text: { type: 'plain_text', text: 'More stories', emoji: false }, value: 'nb:more|state' },
    ]);
    expect(messageTexts(first as SlackMessage).join('\n')).toContain('stories 1–5');
    const [next] = briefingToBlockKit(briefing(Array.from({ length: 3 }, (_, i) => story(i + 6))), { now, first: 6 });
    expect(sections(next as SlackMessage)[0]?.text.text).toMatch(/^\*6\. /);
    expect(messageTexts(next as SlackMessage).join('\n')).toMatch(/\(continued\)[\s\S]*stories 6–8/);
    expect(buttons(next as SlackMessage).filter((b) => b.action_id === MORE_ACTION_ID)).toEqual([]);
  });

  it('keeps a maximal briefing within every Slack limit on every page', () => {
    const pages = briefingToBlockKit(maximalBriefing(), { now, more: 'k'.repeat(2000) });
    expect(pages).toHaveLength(5);
    for (const p of pages) {
      expect(blockKitProblems(p)).toEqual([]);
      for (const s of sections(p)) expect(s.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    const header = pages[0]?.blocks?.[0];
    expect(header?.type === 'header' && header.text.text.length).toBe(SLACK_LIMITS.headerText);
  });
});

describe('digestToBlockKit', () => {
  const digest = (sections: Digest['sections']): Digest => ({ title: 'Daily digest', window: { since: '2026-11-29T00:00:00Z', until: '2026-11-30T00:00:00Z' }, sections });

  it('groups stories under their topic', () => {
    const [page] = digestToBlockKit(digest([{ topic: 'korea', stories: [story(1)] }, { topic: 'china', stories: [story(2)] }]), { now });
    expect(sections(page as SlackMessage).map((s) => s.text.text.split('\n')[0])).toEqual([
      '*korea*',
      '*1. <https://news.example.com/1|Headline 1>*',
      '*china*',
      '*2. <https://news.example.com/2|Headline 2>*',
    ]);
    // Each digest story has its Sources button, in the actions block right under it.
    const blocks = page?.blocks ?? [];
    const under = blocks.flatMap((b, i) => (b.type === 'section' && b.text.text.startsWith('*1.') || b.type === 'section' && b.text.text.startsWith('*2.') ? [blocks[i + 1]] : []));
    expect(under.map((b) => (b?.type === 'actions' ? b.elements.map((e) => [e.action_id, e.value]) : b))).toEqual([
      [[SOURCES_ACTION_ID, '1:0'], [FOLLOW_ACTION_ID, '1'], ['newsbrief_feedback_up', '1'], ['newsbrief_feedback_down', '1']],
      [[SOURCES_ACTION_ID, '2:0'], [FOLLOW_ACTION_ID, '2'], ['newsbrief_feedback_up', '2'], ['newsbrief_feedback_down', '2']],
    ]);
  });

  it('repeats the topic as "(continued)" when a page starts inside it', () => {
    const pages = digestToBlockKit(digest([{ topic: 'korea', stories: Array.from({ length: 12 }, (_, i) => story(i + 1)) }]), { now });
    expect(pages).toHaveLength(2);
    expect(sections(pages[1] as SlackMessage)[0]?.text.text).toBe('*korea* (continued)');
  });

  it('says once, with the time, that nothing is new when the digest is empty (no "0 stories")', () => {
    const [page] = digestToBlockKit(digest([]), { now });
    const text = messageTexts(page as SlackMessage).join('\n');
    expect(text).toMatch(/Nothing new since 29 Nov 2026, \d\d:\d\d UTC\./);
    expect(text.match(/Nothing new/g)).toHaveLength(1);
    expect(text).not.toContain('0 stories');
    const [noted] = digestToBlockKit({ ...digest([]), note: 'Nothing new since the last digest.', timezone: 'Asia/Seoul' }, { now });
    const notedText = messageTexts(noted as SlackMessage).join('\n');
    expect(notedText.match(/Nothing new/g)).toHaveLength(1);
    expect(notedText).toMatch(/New since 29 Nov 2026, \d\d:\d\d Asia\/Seoul/);
  });
});

describe('messages and replies', () => {
  it('turns **bold** into *bold* after escaping', () => {
    expect(neutralToMrkdwn('Added topic **a&b**: <x>')).toBe('Added topic *a&amp;b*: &lt;x&gt;');
  });

  it('cuts a very long message at a line within the text limit', () => {
    const m = messageToSlack(Array.from({ length: 500 }, (_, i) => `• topic ${i} — some & keywords`).join('\n'));
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    expect(m.text.endsWith('\n…')).toBe(true);
  });

  it('makes private messages and errors ephemeral, briefings public, digests public unless asked', () => {
    expect(replyToSlack({ kind: 'message', text: 'x', private: true }, { now }).ephemeral).toBe(true);
    expect(replyToSlack({ kind: 'message', text: 'x' }, { now }).ephemeral).toBe(false);
    expect(replyToSlack({ kind: 'error', text: 'x' }, { now }).ephemeral).toBe(true);
    expect(replyToSlack({ kind: 'briefing', briefing: briefing([]) }, { now }).ephemeral).toBe(false);
    const d: Digest = { title: 'd', window: { since: null, until: now.toISOString() }, sections: [] };
    expect(replyToSlack({ kind: 'digest', digest: d }, { now }).ephemeral).toBe(false);
    expect(replyToSlack({ kind: 'digest', digest: d, private: true }, { now }).ephemeral).toBe(true);
  });
});

describe('mrkdwn helpers', () => {
  it('escapes the three control characters and defuses bare broadcast words', () => {
    expect(escapeText('a & b < c > d @everyone @here @channel @hereford')).toBe('a &amp; b &lt; c &gt; d @\u2060everyone @\u2060here @\u2060channel @hereford');
  });

  it('fits escaped text to a maximum without splitting an entity or an emoji', () => {
    expect(fitEscaped('&&&&', 12)).toBe('&amp;&amp;…');
    expect(fitEscaped('ab😀cd', 4)).toBe('ab…');
    for (let max = 2; max < 60; max++) expect(fitEscaped('x&<y>@everyone & more text here'.repeat(2), max).length).toBeLessThanOrEqual(max);
  });

  it('links only plain http(s) URLs and encodes the characters that would end the link', () => {
    expect(linkUrl('https://x.example/a?b=1&c=|<>')).toBe('https://x.example/a?b=1&amp;c=%7C%3C%3E');
    expect(linkUrl('javascript:alert(1)')).toBeUndefined();
    expect(linkUrl('https://x.example/has space')).toBeUndefined();
    expect(linkUrl(`https://x.example/${'a'.repeat(2000)}`)).toBeUndefined();
    expect(link(undefined, 'label')).toBe('label');
  });

  it('reports every broken limit', () => {
    const bad: SlackMessage = {
      text: '',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
        { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b' }, value: 'v'.repeat(2001) }] },
        ...Array.from({ length: 48 }, () => ({ type: 'divider' }) as const),
      ],
    };
    expect(blockKitProblems(bad)).toEqual([
      'block count is 51 > 50',
      'block 0 header text is 151 > 150',
      'block 1 section text is 3001 > 3000',
      'block 2 button value is 2001 > 2000',
    ]);
  });
});

describe('noticeToSlack', () => {
  it('links the channel of a notice and escapes its text', () => {
    expect(noticeToSlack(['Digest #3 in ', { channel: 'slack:T1:C0NEWS' }, ' is paused: <!here> & `/digest resume id:3`.']).text).toBe(
      'Digest #3 in <#C0NEWS> is paused: &lt;!here&gt; &amp; `/digest resume id:3`.',
    );
  });

  it('renders a story update as its thread reply does, escaped', () => {
    const update = { headline: 'Port <!here> shut', sentences: [{ text: 'Crane fell & <@U1>.', outlet: 'Wire', url: 'https://a.example/2' }], more: 1 };
    expect(noticeToSlack([{ update }, '\nStory 7.']).text).toBe(
      '*Update — Port &lt;!here&gt; shut:*\n• Crane fell &amp; &lt;@U1&gt;. (<https://a.example/2|Wire>)\n…and 1 more new fact, in the next update.\nStory 7.',
    );
  });
});
