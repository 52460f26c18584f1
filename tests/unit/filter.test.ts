// The filter language: what expressions mean against a story's text, and the specific refusal of every bad input;
// how a story looks without the outlets a reader muted or a digest denies (the speaking article, the sources left).
import { describe, expect, it } from 'vitest';
import { FILTER_LIMITS, matchedTerm, matches, parseFilter, parseTerm, storyText } from '../../src/briefing/filter.js';
import { speakingArticle, withoutOutlets } from '../../src/briefing/muted-outlets.js';
import { compileScreen } from '../../src/briefing/screen.js';
import { UserError } from '../../src/errors.js';
import type { Article, Story } from '../../src/types.js';

const story = (headline: string, summary = '', tags: string[] = []) =>
  storyText({ headline, summary, tags: tags.map((value) => ({ kind: 'topic' as const, value, score: 1 })) });

const quake = story('Earthquake shakes northern Japan', 'A magnitude 6 quake hit Hokkaido; no tsunami warning.', ['japan']);
const typhoon = story('Typhoon Hinnamnor nears Busan', 'South Korea braces for heavy rain.', ['korea']);
const football = story('Celebrity footballer signs with Busan club', 'Sports pages talk of little else.', ['sports']);

const test = (expr: string, s = quake) => matches(parseFilter(expr).expr, s);
const refusal = (expr: string, label = 'include'): string => {
  try {
    parseFilter(expr, label);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error(`"${expr}" was accepted`);
};

describe('filter expressions', () => {
  it('matches words, stems and any of OR or comma-separated terms', () => {
    expect(test('earthquake')).toBe(true);
    expect(test('earthquakes')).toBe(true);
    expect(test('typhoon OR earthquake')).toBe(true);
    expect(test('typhoon OR earthquake', football)).toBe(false);
    expect(test('sports, celebrity', football)).toBe(true);
    expect(test('sports, celebrity', typhoon)).toBe(false);
  });

  it('needs every juxtaposed or AND-joined term, and NOT leaves a term out', () => {
    expect(test('earthquake japan')).toBe(true);
    expect(test('earthquake AND korea')).toBe(false);
    expect(test('busan NOT sports', typhoon)).toBe(true);
    expect(test('busan NOT sports', football)).toBe(false);
    expect(test('NOT busan', quake)).toBe(true);
  });

  it('matches a quoted phrase only as consecutive words of one field', () => {
    expect(test('"northern japan"')).toBe(true);
    expect(test('"japan northern"')).toBe(false);
    expect(test('"south korea"', typhoon)).toBe(true);
    expect(test('“heavy rain”', typhoon)).toBe(true);
  });

  it('reads tags, and parentheses group', () => {
    expect(test('japan', quake)).toBe(true);
    expect(test('(typhoon OR earthquake) NOT (sports OR celebrity)', typhoon)).toBe(true);
    expect(test('(typhoon OR earthquake) NOT (sports OR celebrity)', football)).toBe(false);
  });

  it('names the term that made an exclude match', () => {
    expect(matchedTerm(parseFilter('sports, celebrity').expr, football)).toBe('sports');
    expect(matchedTerm(parseFilter('NOT sports').expr, typhoon)).toBeUndefined();
  });

  it('treats lowercase operators and symbols as words, never as syntax', () => {
    expect(refusal('typhoon or earthquake')).toBe('include: "or" is a common word; write OR in capitals to use it as an operator.');
    expect(test('"typhoon or earthquake"')).toBe(false);
    expect(test('earthquake*')).toBe(true);
    expect(test('^earthquake$ [japan]')).toBe(true);
    expect(refusal('.*')).toBe('include: .* has no letters or digits to match.');
  });
});

describe('bad filter input', () => {
  it('refuses an unbalanced quote and says where it opened', () => {
    expect(refusal('typhoon "north korea')).toBe('include: the quote opened at character 9 ("north korea) is never closed. Close it, or remove it.');
  });

  it('refuses unbalanced parentheses either way', () => {
    expect(refusal('(typhoon OR quake')).toMatch(/unbalanced parentheses: the "\(" at character 1 is never closed/);
    expect(refusal('typhoon) OR quake')).toMatch(/unbalanced parentheses: the "\)" at character 8 has no "\(" before it/);
  });

  it('refuses too long, too many terms and too deep, naming the cap', () => {
    expect(refusal('a'.repeat(20) + ' x'.repeat(200))).toMatch(`too long: 420 characters, at most ${FILTER_LIMITS.chars}`);
    const many = Array.from({ length: 21 }, (_, i) => `word${i}`).join(' OR ');
    expect(refusal(many)).toMatch(`too complex: more than ${FILTER_LIMITS.terms} terms`);
    expect(refusal('((((quake))))')).toMatch(`parentheses nested more than ${FILTER_LIMITS.depth} deep`);
    expect(refusal('NOT '.repeat(70) + 'quake')).toMatch('too complex');
    expect(refusal('"one two three four five six seven"')).toMatch(`has 7 words; at most ${FILTER_LIMITS.phraseWords}`);
  });

  it('refuses dangling operators, empty input, symbol-only terms and stop words', () => {
    expect(refusal('typhoon OR')).toMatch('OR (or a comma) needs a word after it, not the end');
    expect(refusal('sports,,celebrity')).toMatch('OR (or a comma) needs a word after it, not OR');
    expect(refusal('NOT')).toMatch('NOT needs a word after it');
    expect(refusal('AND quake')).toMatch('AND needs a word on both sides');
    expect(refusal('OR quake')).toMatch('expected a word before OR');
    expect(refusal('   ')).toMatch('include is empty');
    expect(refusal('quake ***')).toMatch('*** has no letters or digits');
    expect(refusal('"the"')).toMatch('too common a word');
    expect(refusal('()')).toMatch('expected a word before ")"');
  });

  it('stays fast and bounded on hostile input (no backtracking, no recursion without a cap)', () => {
    const inputs = [
      '('.repeat(5000), '"'.repeat(5001), 'a'.repeat(300), 'x OR '.repeat(60) + 'x', '((a OR b) '.repeat(30),
      'NOT '.repeat(74) + 'x', '\u0000\u202e evil \ud800', ')'.repeat(299),
    ];
    for (const input of inputs) {
      try {
        const p = parseFilter(input, 'exclude');
        expect(p.terms).toBeLessThanOrEqual(FILTER_LIMITS.terms);
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        expect((err as Error).message.startsWith('exclude')).toBe(true);
      }
    }
  });
});

describe('single terms (mutes)', () => {
  it('takes one word or phrase, quoted or not', () => {
    expect(parseTerm('Celebrity').words).toEqual(['celebr']);
    expect(parseTerm('"heavy rain"').text).toBe('heavy rain');
    expect(parseTerm('heavy OR rain').text).toBe('heavy or rain');
  });

  it('refuses an empty or symbol-only word', () => {
    expect(() => parseTerm('  ', 'word')).toThrow('word is empty');
    expect(() => parseTerm('!!!', 'word')).toThrow('has no letters or digits');
  });
});

describe('muted and denied outlets in a story others reported too', () => {
  const article = (id: number, source: string, title: string, gist: string, url?: string): Article => ({
    id, source, title, gist, summary: gist, body: gist, lang: 'en', ingestedAt: `2026-11-0${id}T00:00:00Z`, publishedAt: `2026-11-0${id}T00:00:00Z`,
    tags: [{ kind: 'topic', value: source === 'Tabloid Daily' ? 'gossip' : 'korea', score: 1 }], storyId: 7, ...(url ? { url } : {}),
  });
  const articles = [
    article(1, 'Tabloid Daily', 'Ferry horror: dozens plucked from sea off Jeju', 'Dozens of ferry passengers were rescued off Jeju.', 'https://tabloid.example/ferry'),
    article(2, 'Island Times', 'Island bakery wins national prize', 'A bakery won a prize.', 'https://island.example/bakery'),
    article(3, 'Harbor Times', 'Coast guard rescues dozens after Jeju ferry capsizes', 'The coast guard rescued dozens of passengers after a ferry capsized off Jeju.', 'https://harbor.example/ferry'),
  ];
  const story: Story = {
    id: 7, headline: articles[0]!.title, summary: articles[0]!.gist, url: 'https://tabloid.example/ferry', publishedAt: '2026-11-01T00:00:00Z',
    sources: articles.map((a) => ({ name: a.source!, url: a.url! })), articleCount: 3, firstSeen: '2026-11-01T00:00:00Z', lastSeen: '2026-11-03T00:00:00Z',
    tags: articles[0]!.tags, firstReportedBy: 'Tabloid Daily', lang: 'en',
  };
  const hidesOf = (mutes: string[], deny: string[] = []) =>
    compileScreen({ mutes: mutes.map((value, i) => ({ id: i + 1, workspaceId: 'w', userId: 'u', kind: 'source' as const, value, createdAt: '' })), filters: { denySources: deny } })?.hides;

  it('lets the visible article that tells the same news speak (the earliest on a tie), none when all are hidden', () => {
    const hides = hidesOf(['tabloid daily'])!;
    expect(speakingArticle(story, articles, hides)?.id).toBe(3);
    expect(speakingArticle({ headline: 'nothing alike', summary: '' }, articles, hides)?.id).toBe(2);
    expect(speakingArticle(story, articles, hidesOf(['tabloid daily', 'island times', 'harbor times'])!)).toBeUndefined();
  });

  it("takes the muted outlet's line, link, credit and headline out, by name or by its link's host, and denied ones too", () => {
    for (const hides of [hidesOf(['Tabloid Daily']), hidesOf(['tabloid.example']), hidesOf([], ['tabloid daily'])]) {
      const shown = withoutOutlets(story, articles, hides!);
      expect(shown.sources.map((s) => s.name)).toEqual(['Island Times', 'Harbor Times']);
      expect(shown).toMatchObject({ headline: articles[2]!.title, summary: articles[2]!.gist, url: 'https://harbor.example/ferry', tags: articles[2]!.tags, articleCount: 3 });
      expect(shown.firstReportedBy).toBeUndefined();
      expect(JSON.stringify(shown)).not.toMatch(/tabloid|Ferry horror/i);
    }
  });

  it('keeps the headline of a visible outlet, and a story only hidden outlets reported as it is (the screen drops it)', () => {
    const shown = withoutOutlets(story, articles, hidesOf(['Island Times'])!);
    expect(shown).toMatchObject({ headline: story.headline, url: story.url, firstReportedBy: 'Tabloid Daily' });
    expect(shown.sources.map((s) => s.name)).toEqual(['Tabloid Daily', 'Harbor Times']);
    const all = hidesOf(['tabloid daily', 'island times', 'harbor times'])!;
    expect(withoutOutlets(story, articles, all)).toBe(story);
    expect(compileScreen({ filters: { denySources: ['tabloid daily'] } })?.({ ...story, sources: [story.sources[0]!] })?.reason).toBe('filtered');
    expect(compileScreen({ filters: { exclude: 'sports' } })?.hides).toBeUndefined();
  });

  it('gives a headline without a link of its own a visible link, never the muted one', () => {
    const noLink = articles.map((a, i) => (i === 2 ? { ...a, url: undefined } : a)) as Article[];
    const shown = withoutOutlets(story, noLink, hidesOf(['tabloid daily'])!);
    expect(shown.headline).toBe(articles[2]!.title);
    expect(shown.url).toBe('https://island.example/bakery');
  });
});
