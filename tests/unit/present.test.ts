// adapters/present.ts: the wording every renderer shares (Discord, Slack and the terminal say the same thing).
import { describe, expect, it } from 'vitest';
import { apology, displayTags, sourcesLine, windowLabel } from '../../adapters/present.js';
import { briefingToText } from '../../adapters/terminal/render.js';
import { briefingToBlockKit } from '../../adapters/slack/render.js';
import { storyEmbed } from '../../adapters/discord/render.js';
import type { Briefing, Story } from '../../src/types.js';

const now = new Date('2026-11-30T12:00:00Z');
const story = (over: Partial<Story> = {}): Story => ({
  id: 1,
  headline: 'Harbor reopens',
  summary: 'The harbor reopened on Monday.',
  sources: [{ name: 'Wire' }],
  articleCount: 1,
  firstSeen: '2026-11-30T09:00:00Z',
  lastSeen: '2026-11-30T09:00:00Z',
  tags: [{ kind: 'topic', value: 'china' }, { kind: 'place', value: 'China' }, { kind: 'keyword', value: 'harbor' }, { kind: 'person', value: 'Li Wei' }],
  ...over,
});

describe('presentation shared by the renderers', () => {
  it('names one source the same way as several', () => {
    expect(sourcesLine(story())).toBe('1 source: Wire');
    expect(sourcesLine(story({ sources: [], articleCount: 1 }))).toBe('1 source');
    expect(sourcesLine(story({ sources: [{ name: 'A' }, { name: 'B' }], articleCount: 2, firstReportedBy: 'A' }))).toBe('2 sources: A, B · first reported by A');
    expect(sourcesLine(story({ firstReportedBy: 'Wire' }))).toBe('1 source: Wire');
  });

  it('shows each tag name once, capitalized, without bare keywords', () => {
    expect(displayTags(story().tags)).toEqual(['China', 'Li Wei']);
  });

  it('labels a window by its days, or all time', () => {
    expect(windowLabel({ since: null, until: now.toISOString() })).toBe('all time');
    expect(windowLabel({ since: '2026-11-23T00:00:00Z', until: now.toISOString() })).toMatch(/^23 Nov 2026 – 30 Nov 2026$/);
  });

  it('gives an apology that carries the error id', () => {
    expect(apology('E-ABC123', 'running /brief')).toMatch(/^Sorry, something went wrong while running \/brief \(error E-ABC123\)\./);
  });

  it('is what the terminal, Slack and Discord renderers show for a single-source story', () => {
    const b: Briefing = { title: 'Briefing: china', query: 'china', window: { since: null, until: now.toISOString() }, stories: [story()] };
    expect(briefingToText(b, { now })).toContain('1 source: Wire · ');
    expect(JSON.stringify(briefingToBlockKit(b, { now }))).toContain('1 source: Wire · ');
    expect(storyEmbed(story(), now, 1).footer?.text).toMatch(/^1 source · .* · China · Li Wei$/);
  });
});
