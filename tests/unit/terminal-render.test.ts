import { describe, expect, it } from 'vitest';
import { sourcesLine } from '../../adapters/present.js';
import { briefingToMarkdown, briefingToText, digestToText, safe, wrap } from '../../adapters/terminal/render.js';
import type { Briefing, Story } from '../../src/types.js';

const now = new Date('2026-11-30T12:00:00Z');
const story: Story = {
  id: 7,
  headline: 'North Korea test-fires missile',
  summary: 'North Korea fired a long-range ballistic missile into the sea on Tuesday, officials in Seoul said.',
  url: 'https://harbortimes.example/a',
  publishedAt: '2026-11-29T09:00:00Z',
  sources: [{ name: 'Harbor Times', url: 'https://harbortimes.example/a' }, { name: 'Pacific Ledger' }],
  articleCount: 3,
  firstSeen: '2026-11-29T09:00:00Z',
  lastSeen: '2026-11-29T10:00:00Z',
  tags: [{ kind: 'topic', value: 'korea' }, { kind: 'person', value: 'Kim Jong Un' }, { kind: 'keyword', value: 'missile' }],
};
const briefing: Briefing = {
  title: 'Briefing: korea',
  query: 'korea',
  window: { since: '2026-11-23T12:00:00.000Z', until: '2026-11-30T12:00:00.000Z' },
  stories: [story],
};

describe('terminal renderer', () => {
  it('renders a briefing as readable text', () => {
    expect(briefingToText(briefing, { now, width: 80 })).toBe(
      [
        'Briefing: korea — 23 Nov 2026 – 30 Nov 2026 · 1 story',
        '=====================================================',
        '',
        ' 1. North Korea test-fires missile',
        '    North Korea fired a long-range ballistic missile into the sea on Tuesday,',
        '    officials in Seoul said.',
        '    2 sources: Harbor Times, Pacific Ledger · 1d ago · korea, Kim Jong Un',
        '    https://harbortimes.example/a',
        '',
      ].join('\n'),
    );
  });

  it('renders Markdown with a linked, escaped headline', () => {
    const md = briefingToMarkdown({ ...briefing, stories: [{ ...story, headline: 'A *bold* [claim]' }] }, { now });
    expect(md).toContain('1. **[A \\*bold\\* \\[claim\\]](https://harbortimes.example/a)**');
  });

  it('strips terminal escape sequences from article text', () => {
    expect(safe('Headline\u001b[2J\u001b[31m red\u0007')).toBe('Headline red');
  });

  it('says how many sources carry a story', () => {
    expect(sourcesLine({ ...story, sources: [], articleCount: 1 })).toBe('1 source');
    expect(sourcesLine({ ...story, sources: [{ name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'D' }], articleCount: 4 })).toBe('4 sources: A, B, C, +1');
  });

  it('wraps with a hanging indent', () => {
    expect(wrap('aaa bbb ccc', 9, '  ')).toBe('  aaa bbb\n  ccc');
  });

  it('renders an empty digest with its note', () => {
    const out = digestToText({ title: 'Digest', window: { since: '2026-11-29T00:00:00Z', until: now.toISOString() }, sections: [], note: 'Nothing new since 29 Nov 2026.' }, { now });
    expect(out).toContain('Nothing new since 29 Nov 2026.');
  });
});
