import { describe, expect, it } from 'vitest';
import { porterStem } from '../../src/text/stem.js';

const cases: [string, string][] = [
  // Step 1a/1b (Porter 1980 examples)
  ['caresses', 'caress'], ['ponies', 'poni'], ['caress', 'caress'], ['cats', 'cat'], ['feed', 'feed'],
  ['agreed', 'agre'], ['plastered', 'plaster'], ['motoring', 'motor'], ['sing', 'sing'], ['conflated', 'conflat'],
  ['hopping', 'hop'], ['falling', 'fall'], ['hissing', 'hiss'], ['filing', 'file'], ['failing', 'fail'],
  // Step 2-5
  ['relational', 'relat'], ['conditional', 'condit'], ['generalizations', 'gener'], ['hopefulness', 'hope'],
  ['triplicate', 'triplic'], ['electrical', 'electr'], ['adjustment', 'adjust'], ['adoption', 'adopt'],
  ['effective', 'effect'], ['probate', 'probat'], ['controlling', 'control'],
];

// Departures that NLTK's default PorterStemmer makes (and rouge_score inherits).
const nltkCases: [string, string][] = [
  ['dying', 'die'], ['lying', 'lie'], ['skies', 'sky'], ['news', 'news'], ['proceed', 'proceed'],
  ['dies', 'die'], ['flies', 'fli'], ['spied', 'spi'], ['died', 'die'], ['happy', 'happi'], ['enjoy', 'enjoy'],
  ['fully', 'fulli'], ['geology', 'geolog'], ['radically', 'radic'], ['by', 'by'], ['is', 'is'],
];

describe('porterStem', () => {
  it.each(cases)('stems %s to %s as the Porter algorithm does', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it.each(nltkCases)("stems %s to %s as NLTK's default PorterStemmer does", (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('lowercases its input and returns the same stem from the cache', () => {
    expect(porterStem('Relational')).toBe('relat');
    expect(porterStem('relational')).toBe(porterStem('relational'));
  });

  it('leaves words of one or two letters alone', () => {
    expect(porterStem('as')).toBe('as');
    expect(porterStem('')).toBe('');
  });
});
