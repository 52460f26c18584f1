import { describe, expect, it } from 'vitest';
import { splitParagraphSentences, splitSentences } from '../../src/text/sentences.js';

describe('splitSentences (cased prose)', () => {
  it('splits at a period followed by a capitalized word', () => {
    expect(splitSentences('The board met on Monday. It approved the plan.')).toEqual([
      'The board met on Monday.',
      'It approved the plan.',
    ]);
  });

  it('keeps titles like Mr. and Dr. inside one sentence', () => {
    expect(splitSentences('Mr. Smith met Dr. Jones and Prof. Lee. They talked.')).toEqual([
      'Mr. Smith met Dr. Jones and Prof. Lee.',
      'They talked.',
    ]);
  });

  it('keeps "U.S." inside one sentence', () => {
    expect(splitSentences('The U.S. military said it would act. Officials agreed.')).toEqual([
      'The U.S. military said it would act.',
      'Officials agreed.',
    ]);
  });

  it('splits after "U.S." when a common sentence opener follows', () => {
    expect(splitSentences('He worked in the U.S. The end came soon.')).toEqual([
      'He worked in the U.S.',
      'The end came soon.',
    ]);
  });

  it('keeps a.m./p.m. inside a sentence and splits after them before an opener', () => {
    expect(splitSentences('They met at 3 p.m. on Friday. They met again at 10 a.m. The talks lasted hours.')).toEqual([
      'They met at 3 p.m. on Friday.',
      'They met again at 10 a.m.',
      'The talks lasted hours.',
    ]);
  });

  it('keeps initials such as "J. K. Rowling" and "George W. Bush" together', () => {
    expect(splitSentences('J. K. Rowling wrote it. George W. Bush read it.')).toEqual([
      'J. K. Rowling wrote it.',
      'George W. Bush read it.',
    ]);
  });

  it('does not split decimals, domains or URLs', () => {
    expect(splitSentences('Shares rose 3.5 percent on example.com/news.html today. Analysts were surprised.')).toEqual([
      'Shares rose 3.5 percent on example.com/news.html today.',
      'Analysts were surprised.',
    ]);
  });

  it('keeps "No. 1", "Nov. 21" and "e.g." inside their sentences', () => {
    expect(splitSentences('He was No. 1 on Nov. 21 in costs, e.g. rent, and food. Then he fell.')).toEqual([
      'He was No. 1 on Nov. 21 in costs, e.g. rent, and food.',
      'Then he fell.',
    ]);
  });

  it('keeps a closing quote or bracket with the sentence it closes', () => {
    expect(splitSentences('He said "we will win." Next came the vote. It was over (finally.) The crowd left.')).toEqual([
      'He said "we will win."',
      'Next came the vote.',
      'It was over (finally.)',
      'The crowd left.',
    ]);
  });

  it('keeps an ellipsis inside a sentence when the text goes on in lower case', () => {
    expect(splitSentences('She paused... and then left. Nobody followed.')).toEqual([
      'She paused... and then left.',
      'Nobody followed.',
    ]);
  });

  it('splits at question and exclamation marks', () => {
    expect(splitSentences('Really? Yes! It worked.')).toEqual(['Really?', 'Yes!', 'It worked.']);
  });

  it('treats every newline as a hard boundary', () => {
    expect(splitSentences('A heading without a period\nThe body starts here. It goes on.')).toEqual([
      'A heading without a period',
      'The body starts here.',
      'It goes on.',
    ]);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n \n')).toEqual([]);
  });
});

describe('splitSentences (lowercased PTB-tokenized text)', () => {
  it('treats a spaced " . " as a boundary before any word', () => {
    expect(splitSentences('the deal was signed . obama said it was good .')).toEqual([
      'the deal was signed .',
      'obama said it was good .',
    ]);
  });

  it("keeps a '' closing quote with the sentence before it", () => {
    expect(splitSentences("he said `` no . '' then he left .")).toEqual(["he said `` no . ''", 'then he left .']);
  });

  it('keeps the "( cnn )" dateline and `` quotes inside the first sentence', () => {
    expect(splitSentences("washington ( cnn ) the president says `` we agree , '' he said . his comments came sunday .")).toEqual([
      "washington ( cnn ) the president says `` we agree , '' he said .",
      'his comments came sunday .',
    ]);
  });

  it('does not split at attached abbreviations like "u.s." or "2 a.m." in lowercased text', () => {
    expect(splitSentences('the u.s. military struck at 2 a.m. friday . nobody was hurt .')).toEqual([
      'the u.s. military struck at 2 a.m. friday .',
      'nobody was hurt .',
    ]);
  });

  it('splits at spaced "!" and "?" tokens', () => {
    expect(splitSentences('lunch ! the fox races across the grass ? yes .')).toEqual([
      'lunch !',
      'the fox races across the grass ?',
      'yes .',
    ]);
  });
});

describe('splitParagraphSentences', () => {
  it('numbers paragraphs separated by blank lines or single newlines', () => {
    expect(splitParagraphSentences('A first paragraph. Two sentences.\n\nSecond paragraph here.\nThird one.')).toEqual([
      { text: 'A first paragraph.', paragraph: 0 },
      { text: 'Two sentences.', paragraph: 0 },
      { text: 'Second paragraph here.', paragraph: 1 },
      { text: 'Third one.', paragraph: 2 },
    ]);
  });
});
