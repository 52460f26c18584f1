import { describe, expect, it } from 'vitest';
import { checkCitations, citedNumbers } from '../../src/llm/citations.js';

describe('checkCitations', () => {
  it('accepts an overview whose every sentence cites stories in range', () => {
    expect(checkCitations('North Korea fired a missile [1]. The U.S. and Japan condemned it [2][3].', 3)).toEqual({ ok: true, cited: [1, 2, 3] });
  });

  it('reads grouped citations like [1, 2] and [3; 4]', () => {
    expect(citedNumbers('Prices rose [1, 2] while rates held [3; 4].')).toEqual([1, 2, 3, 4]);
  });

  it('rejects an index outside the briefing, naming it', () => {
    expect(checkCitations('Talks resumed [1] and stalled again [6].', 5)).toEqual({ ok: false, reason: 'citation_out_of_range', detail: 'cites [6] but there are 5 stories' });
    expect(checkCitations('Nothing before the first story [0].', 2)).toMatchObject({ ok: false, reason: 'citation_out_of_range' });
  });

  it('rejects an overview that cites nothing', () => {
    expect(checkCitations('A volcano erupted and flights were cancelled.', 3)).toMatchObject({ ok: false, reason: 'no_citation' });
  });

  it('rejects a sentence (a claim) without a citation', () => {
    expect(checkCitations('A volcano erupted [1]. Flights were cancelled.', 3)).toEqual({ ok: false, reason: 'uncited_claim', detail: 'sentence 2 cites no story' });
  });

  it('credits a citation written after the full stop to the sentence before it', () => {
    expect(checkCitations('Seoul protested. [1] Then Beijing replied [2].', 2)).toMatchObject({ ok: true });
    expect(checkCitations('Seoul protested. [1] Then Beijing replied.', 2)).toMatchObject({ ok: false, reason: 'uncited_claim' });
  });

  it('keeps "U.S." and "Dr." inside one sentence', () => {
    expect(checkCitations('Dr. Kim told U.S. envoys in Seoul that talks would go on [2].', 2)).toMatchObject({ ok: true, cited: [2] });
  });

  it('ignores bracketed words that are not story numbers', () => {
    expect(checkCitations('The minister [who resigned] spoke [1].', 1)).toEqual({ ok: true, cited: [1] });
  });
});
