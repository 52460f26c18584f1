import { describe, expect, it } from 'vitest';
import { buildQuery, nearestTopics, normalizeTopicName, selectTopics, topicQuery } from '../../src/briefing/query.js';
import { ftsExpression } from '../../src/store/sqlite.js';
import { UserError } from '../../src/errors.js';

const topics = [
  { name: 'korea', keywords: ['north korea', 'south korea', 'pyongyang', "kim jong un"] },
  { name: 'us-politics', keywords: ['congress', 'white house'] },
];

// The neutral queries are checked as the SQLite store compiles them (FTS5), the one query language in use today.
describe('query building', () => {
  it('resolves a topic name to a phrase per keyword', () => {
    const q = buildQuery('Korea', topics);
    expect(q.topic?.name).toBe('korea');
    expect(ftsExpression(q.text)).toBe('"north korea" OR "south korea" OR "pyongyang" OR "kim jong un" OR "korea"');
  });

  it('resolves "US Politics" to the us-politics topic', () => {
    expect(buildQuery('US Politics', topics).topic?.name).toBe('us-politics');
    expect(normalizeTopicName('  US  politics ')).toBe('us-politics');
  });

  it('does not add a made-up slug name as a search word', () => {
    expect(ftsExpression(topicQuery(topics[1]!))).toBe('"congress" OR "white house"');
  });

  it('turns free text into quoted words that must all match', () => {
    const q = buildQuery('missile tests near Japan', topics);
    expect(q.topic).toBeUndefined();
    expect(ftsExpression(q.text)).toBe('"missile" "tests" "near" "japan"');
    expect(ftsExpression(q.loose!)).toBe('"missile" OR "tests" OR "near" OR "japan"');
  });

  it.each([
    ['"korea OR', '"korea"'],
    ['NEAR(', '"near"'],
    ['a AND b* OR c:d ^e', '"b" "c" "d" "e"'],
    ["kim's \"quote\" (x)", `"kim's" "quote" "x"`],
  ])('neutralizes FTS5 syntax in %j', (input, expected) => {
    expect(ftsExpression(buildQuery(input, topics).text)).toBe(expected);
  });

  it('rejects "*" with a message saying there are no words', () => {
    expect(() => buildQuery('*', topics)).toThrow(UserError);
    expect(() => buildQuery('*', topics)).toThrow(/no words to search/);
  });

  it('rejects an empty topic with an example', () => {
    expect(() => buildQuery('   ', topics)).toThrow(/brief korea/);
  });

  it('trims a 10,000-character topic to a few words instead of failing', () => {
    const q = buildQuery('sanctions '.repeat(500) + 'x'.repeat(5000), topics);
    expect(q.trimmed).toBe(true);
    expect(q.text.phrases.length).toBeLessThanOrEqual(8);
  });

  it('suggests the nearest topic names', () => {
    expect(nearestTopics('kroea', ['china', 'korea', 'climate'])[0]).toBe('korea');
    expect(nearestTopics('clim', ['china', 'korea', 'climate'])).toEqual(['climate']);
  });

  it('suggests nothing when no topic is close to what was typed', () => {
    expect(nearestTopics('quokka', ['china', 'korea', 'climate', 'economy', 'technology', 'japan'])).toEqual([]);
    expect(nearestTopics('zebrafish', ['china', 'korea', 'us-politics'])).toEqual([]);
  });

  it('refuses a query of only common words, saying so', () => {
    expect(() => buildQuery('a', topics)).toThrow(/"a" has only common words \(a\), nothing meaningful to search for/);
    expect(() => buildQuery('the of', topics)).toThrow(/only common words \(the, of\)/);
  });
});

describe('selectTopics', () => {
  const all = [{ name: 'north-korea' }, { name: 'climate' }, { name: 'tech' }];
  it('keeps the named topics in their order, however the names are written, and all of them for none', () => {
    expect(selectTopics(all, ['Tech', 'North Korea']).map((t) => t.name)).toEqual(['north-korea', 'tech']);
    expect(selectTopics(all, [])).toEqual(all);
    expect(selectTopics(all, ['sport'])).toEqual([]);
  });
});
