// Sentence pair model: restatements score as the same report, unrelated or differently detailed sentences do not;
// symmetric, bounded, and safe on hostile input (empty, punctuation, numbers only, non-Latin scripts, huge texts).
import { describe, expect, it } from 'vitest';
import {
  PAIR_FEATURES, PAIR_MAX_TOKENS, PAIR_MODEL, pairFeatures, pairProbability, preparePair, sameReport,
} from '../../src/stories/pair.js';

describe('sameReport', () => {
  it('accepts restatements in other words and order', () => {
    expect(sameReport('The city council approved a budget of 4.2 million dollars on Tuesday.',
      'On Tuesday the city council approved the 4.2 million dollar budget.')).toBe(true);
    expect(sameReport('Harbor Freight said on Monday it would close its plant in Dunmore, cutting 300 jobs.',
      'Harbor Freight will close the Dunmore plant and cut 300 jobs, the company said Monday.')).toBe(true);
    expect(sameReport('The storm closed Naha airport and cancelled 212 flights.',
      'Naha airport was closed and 212 flights were cancelled, Japan Airlines said.')).toBe(true);
  });

  it('rejects unrelated sentences and the same subject with other details', () => {
    expect(sameReport('The ferry company raised fares by 5 percent for the summer season.',
      'Heavy rain flooded roads across the northern valley overnight.')).toBe(false);
    expect(sameReport('Shares of Northwind rose 3 percent after the earnings report.',
      'Shares of Northwind fell 8 percent after the earnings report was delayed by the auditors.')).toBe(false);
    expect(sameReport('The storm closed Naha airport and cancelled 212 flights.',
      'Governor Tamaki visited shelters in Nago and Itoman.')).toBe(false);
  });

  it('is symmetric, and its features are too', () => {
    const a = 'Police in Leeds arrested 12 fans after Saturday\'s match.';
    const b = 'Twelve fans were arrested by Leeds police after the match on Saturday, officers said.';
    expect(pairFeatures(a, b)).toEqual(pairFeatures(b, a));
    expect(pairProbability(a, b)).toBe(pairProbability(b, a));
    expect(pairFeatures(a, b)).toHaveLength(PAIR_FEATURES.length);
    expect(PAIR_MODEL.weights).toHaveLength(PAIR_FEATURES.length);
  });

  it('gives no words no match: empty strings, whitespace, punctuation', () => {
    for (const [a, b] of [['', ''], ['', 'Rain in the valley.'], ['   \n\t', '   '], ['!!! ...', '!!! ...'], ['—', '?']]) {
      expect(pairProbability(a as string, b as string)).toBe(0);
      expect(sameReport(a as string, b as string)).toBe(false);
    }
  });

  it('handles numbers only and non-Latin scripts', () => {
    expect(sameReport('2024 15 300', '2024 15 300')).toBe(true);
    expect(sameReport('2024 15 300', '1999 42 7')).toBe(false);
    expect(sameReport('東京で大きな地震があった。', '東京で大きな地震があった。')).toBe(true);
    expect(sameReport('東京で大きな地震があった。', '大阪の市長が辞任した。')).toBe(false);
    expect(sameReport('Мэр города подал в отставку в понедельник.', 'Мэр города подал в отставку в понедельник.')).toBe(true);
    expect(sameReport('Мэр города подал в отставку в понедельник.', 'Цены на хлеб выросли на десять процентов.')).toBe(false);
  });

  it('reads a bounded number of tokens and stays a finite probability on huge input', () => {
    const huge = 'storm '.repeat(50_000);
    expect(preparePair(huge).words).toHaveLength(PAIR_MAX_TOKENS);
    const p = pairProbability(huge, 'storm storm storm');
    expect(Number.isFinite(p)).toBe(true);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
    expect(pairFeatures(huge, huge).every(Number.isFinite)).toBe(true);
  });
});
