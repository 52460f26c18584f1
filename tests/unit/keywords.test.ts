import { describe, expect, it } from 'vitest';
import { tokenizeArticle } from '../../src/tags/article.js';
import { Interner } from '../../src/tags/intern.js';
import { extractKeywords } from '../../src/tags/keywords.js';
import { scanWords, type Scanned } from '../../src/tags/scan.js';
import { createTagger, MAX_TAGS } from '../../src/tags/tagger.js';
import { STOPWORDS } from '../../src/text/tokens.js';

// A small article written for these tests.
const ARTICLE = {
  title: 'Harbor town opens solar panel factory',
  body: [
    'The harbor town of Millbrook opened a solar panel factory on Tuesday, officials said.',
    'The factory will make 40,000 solar panels a year and employ 300 people, the mayor said.',
    'Solar panel prices have fallen sharply, and the factory expects to sell most of its output to farms.',
    'Local fishermen said the harbor needed new jobs after a poor season.',
    'The solar panel maker plans a second factory next year if demand holds.',
  ].join('\n\n'),
};

const vals = (tags: { value: string }[]): string[] => tags.map((t) => t.value);

describe('extractKeywords', () => {
  const tags = extractKeywords(ARTICLE);

  it('puts the repeated phrase "solar panel" and "factory" at the top', () => {
    expect(vals(tags).slice(0, 2)).toEqual(expect.arrayContaining(['solar panel', 'factory']));
  });

  it('returns lowercase keyword tags without stopwords, numbers or duplicates', () => {
    expect(tags.length).toBeGreaterThan(3);
    expect(tags.length).toBeLessThanOrEqual(8);
    for (const t of tags) {
      expect(t.kind).toBe('keyword');
      expect(t.value).toBe(t.value.toLowerCase());
      expect(STOPWORDS.has(t.value)).toBe(false);
      expect(t.value).not.toMatch(/\d/);
    }
    expect(new Set(vals(tags)).size).toBe(tags.length);
  });

  it('ranks very common news words ("said", "people", "year") below topical words', () => {
    expect(vals(tags)).not.toContain('said');
    expect(vals(tags)).not.toContain('people');
    // Every candidate, so the ranks of both kinds of word can be compared.
    const all = vals(extractKeywords(ARTICLE, { max: 100 }));
    expect(all).not.toContain('said');
    expect(all).not.toContain('year');
    expect(all).toEqual(expect.arrayContaining(['people', 'harbor town', 'millbrook', 'fishermen']));
    for (const topical of ['harbor town', 'millbrook', 'fishermen']) expect(all.indexOf('people')).toBeGreaterThan(all.indexOf(topical));
  });

  it('folds plural and singular ("solar panels" / "solar panel") into the more frequent form', () => {
    expect(vals(tags)).not.toContain('solar panels');
  });

  it('does not return both "north korea" and "korea" when "korea" only appears inside "north korea"', () => {
    const kw = vals(
      extractKeywords({
        title: 'North Korea tests rocket',
        body: 'North Korea fired a rocket. Officials in North Korea said the rocket flew far. North Korea is isolated.',
      }),
    );
    expect(kw).toContain('north korea');
    expect(kw).not.toContain('korea');
    expect(kw).not.toContain('north');
  });

  it('keeps both a phrase and its word when the word often stands alone', () => {
    const kw = vals(
      extractKeywords({
        title: 'Korea talks',
        body: 'North Korea met Korea experts. Korea was calm. Korea trade grew. Korea rested. North Korea waited.',
      }),
    );
    expect(kw).toEqual(expect.arrayContaining(['north korea', 'korea']));
  });

  it('does not cross punctuation to form a phrase', () => {
    const kw = vals(extractKeywords({ title: '', body: 'Bring harbor. Fish harbor. Bring fish; harbor fish. Bring, harbor.' }));
    expect(kw).not.toContain('harbor fish bring');
  });

  it('uses the idf when given: a frequent but corpus-common word drops below a rarer one', () => {
    const idf = (term: string): number | undefined => ({ factory: 0.1, harbor: 5, millbrook: 6 })[term] ?? 1;
    const kw = vals(extractKeywords(ARTICLE, { idf }));
    expect(kw.indexOf('harbor')).toBeLessThan(kw.indexOf('factory') === -1 ? Infinity : kw.indexOf('factory'));
  });

  it('respects max', () => {
    expect(extractKeywords(ARTICLE, { max: 3 })).toHaveLength(3);
  });

  it('is deterministic', () => {
    expect(extractKeywords(ARTICLE)).toEqual(extractKeywords({ ...ARTICLE }));
  });
});

describe('createTagger', () => {
  const tagger = createTagger({
    topics: [
      { name: 'energy', keywords: ['solar', 'wind power'] },
      { name: 'korea', keywords: ['korea', 'pyongyang'] },
    ],
  });
  const sentences = [
    'Mayor Anna Lindqvist opened the Millbrook solar plant in Norway on Tuesday.',
    'The plant was built by Nordic Sun Energy Group, Lindqvist said.',
    'Solar output will reach Oslo by spring.',
  ];
  const tags = tagger.tag({ title: 'Solar plant opens', body: sentences.join(' '), sentences });

  it('orders tags: topics, people, places, orgs, keywords', () => {
    const order = ['topic', 'person', 'place', 'org', 'keyword'];
    const ranks = tags.map((t) => order.indexOf(t.kind));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(tags.length).toBeLessThanOrEqual(MAX_TAGS);
  });

  it('combines the topic, the person, the places, the organization and keywords', () => {
    expect(tags.filter((t) => t.kind === 'topic').map((t) => t.value)).toEqual(['energy']);
    expect(tags).toContainEqual({ kind: 'person', value: 'Anna Lindqvist', score: 2 });
    expect(tags.filter((t) => t.kind === 'place').map((t) => t.value)).toEqual(['Norway', 'Oslo']);
    expect(tags.filter((t) => t.kind === 'org').map((t) => t.value)).toEqual(['Nordic Sun Energy Group']);
    expect(tags.some((t) => t.kind === 'keyword' && t.value === 'plant')).toBe(true);
  });

  it('does not repeat as a keyword a value already tagged as topic or entity', () => {
    const entityValues = new Set(tags.filter((t) => t.kind !== 'keyword').map((t) => t.value.toLowerCase()));
    for (const t of tags.filter((k) => k.kind === 'keyword')) expect(entityValues.has(t.value)).toBe(false);
  });
});

describe('scanWords and the article tokenizer', () => {
  const plain = (sc: Scanned): unknown => [sc.words.map((w) => w.text), sc.flags, sc.starts];

  it('derives exactly the word scan of a body from its sentence tokens (hyphens, possessives, acronyms)', () => {
    const body = [
      "Kim Jong-un's envoy met U.S. officials. The U.S.'s allies and the E.U. agreed.",
      "Co-operation on rock-'n'-roll exports rose; O\u2019Neill\u2019s firm (a Pyongyang-based unit) grew.",
      'Prices rose 4.9% in 2015 - the largest since 1992.',
    ].join('\n\n');
    const sentences = body.split(/(?<=[.!?])\s+/);
    expect(tokenizeArticle(body, sentences)).not.toBeNull();
    // The article tokenizer left its derived scan in the cache; a trailing space changes no word.
    expect(plain(scanWords(body))).toEqual(plain(scanWords(body + ' ')));
  });

  it('scans "S&P" and "U.S.A" the ordinary way (where the two tokenizers split differently)', () => {
    const body = 'The S&P 500 rose. The U.S.A team won.';
    expect(tokenizeArticle(body, ['The S&P 500 rose.', 'The U.S.A team won.'])).not.toBeNull();
    expect(scanWords(body).words.map((w) => w.text)).toEqual(['The', 'S&P', '500', 'rose', 'The', 'US', 'A', 'team', 'won']);
  });
});

describe('Interner', () => {
  it('returns one entry per distinct text, whatever string it is cut from', () => {
    let made = 0;
    const it8 = new Interner((text: string) => ({ text, n: made++ }), 4);
    const a = it8.get('xx korea yy', 3, 8);
    expect(it8.get('korea', 0, 5)).toBe(a);
    expect(it8.get('Korea', 0, 5)).not.toBe(a);
    expect(it8.get('a longer word than eight', 2, 24).text).toBe('longer word than eight');
    expect(it8.get('longer word than eight', 0, 22)).toBe(it8.get('a longer word than eight', 2, 24));
    // Filling far past its size keeps results exact (older tables are dropped, entries rebuilt on demand).
    for (let i = 0; i < 200; i++) expect(it8.get(`w${i}`, 0, String(i).length + 1).text).toBe(`w${i}`);
    expect(it8.get('korea', 0, 5).text).toBe('korea');
  });
});
