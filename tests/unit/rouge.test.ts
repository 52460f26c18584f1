import { describe, expect, it } from 'vitest';
import { rougeLsum, rougeN, rougeTokens } from '../../bench/rouge.js';

describe('rougeTokens', () => {
  it('lowercases, splits on non-alphanumerics and stems tokens longer than 3 characters', () => {
    expect(rougeTokens("The U.S. army's RUNNING costs, 3.5%!")).toEqual(['the', 'u', 's', 'armi', 's', 'run', 'cost', '3', '5']);
  });
});

describe('rougeN', () => {
  it('scores identical texts 1', () => {
    expect(rougeN('the cat sat on the mat', 'the cat sat on the mat', 2).f).toBe(1);
  });

  it('counts clipped unigram overlap like rouge_score', () => {
    // Reference 9 tokens, candidate 8; shared: the ×2, quick, brown, dog, jump(s) = 6.
    const s = rougeN('The quick brown dog jumps on the log.', 'The quick brown fox jumps over the lazy dog', 1);
    expect(s.p).toBeCloseTo(6 / 8, 10);
    expect(s.r).toBeCloseTo(6 / 9, 10);
    expect(s.f).toBeCloseTo(0.7058823529, 8);
  });

  it('counts bigram overlap', () => {
    // Candidate bigrams: "the quick", "quick brown", "brown dog"; reference: "the quick", "quick brown", "brown fox".
    const s = rougeN('the quick brown dog', 'the quick brown fox', 2);
    expect(s.p).toBeCloseTo(2 / 3, 10);
    expect(s.r).toBeCloseTo(2 / 3, 10);
  });

  it('matches inflected forms through stemming', () => {
    expect(rougeN('officials were meeting', 'official meetings', 1).r).toBe(1);
  });

  it('scores 0 when either side is empty', () => {
    expect(rougeN('', 'the cat', 1).f).toBe(0);
    expect(rougeN('the cat', '', 1).f).toBe(0);
  });
});

describe('rougeLsum', () => {
  it('equals sentence-level ROUGE-L for one sentence on each side', () => {
    // LCS "the quick brown jump the" = 5 of 8 candidate and 9 reference tokens.
    const s = rougeLsum(['The quick brown dog jumps on the log.'], ['The quick brown fox jumps over the lazy dog']);
    expect(s.p).toBeCloseTo(5 / 8, 10);
    expect(s.r).toBeCloseTo(5 / 9, 10);
  });

  it('takes the union of LCS hits over candidate sentences (Lin 2004 example)', () => {
    // ref: w1 w2 w3 w4 w5; c1: w1 w2 w6 w7 w8; c2: w1 w3 w8 w9 w5 -> union LCS w1 w2 w3 w5 = 4 hits.
    const s = rougeLsum(['aa bb ff gg hh', 'aa cc hh ii ee'], ['aa bb cc dd ee']);
    expect(s.r).toBeCloseTo(4 / 5, 10);
    expect(s.p).toBeCloseTo(4 / 10, 10);
  });

  it('counts a reference token at most as often as it occurs', () => {
    const s = rougeLsum(['aa bb', 'aa bb'], ['aa bb']);
    expect(s.r).toBe(1);
    expect(s.p).toBeCloseTo(2 / 4, 10);
  });

  it('scores 0 for an empty candidate', () => {
    expect(rougeLsum([], ['aa bb']).f).toBe(0);
  });
});
