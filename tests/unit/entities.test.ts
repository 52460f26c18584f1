import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tokenizeArticle } from '../../src/tags/article.js';
import { entitiesOfArticle, extractEntities, extractMentions, linkMentions } from '../../src/tags/entities.js';
import type { Tag } from '../../src/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The sample article's body: header (title, byline, date), repeated titles and footer lines removed. */
function sampleSentences(): string[] {
  const lines = readFileSync(path.join(ROOT, 'samples', 'sample-article.txt'), 'utf8').split('\n');
  const title = (lines[0] ?? '').trim();
  const body = lines
    .slice(4)
    .map((l) => l.trim())
    .filter((l) => l !== title && !l.startsWith('Other reports by') && l !== 'Discuss This Article')
    .join('\n');
  return body.split(/(?<=[.!?])\s+/).filter((s) => s.trim() !== '');
}

const values = (tags: Tag[], kind: Tag['kind']): string[] => tags.filter((t) => t.kind === kind).map((t) => t.value);
/** Confident mentions only (weak lone-word guesses are left to linkMentions). */
const mentions = (s: string): string[] =>
  extractMentions(s)
    .filter((m) => !m.weak)
    .map((m) => `${m.kind}:${m.text}`);

describe('extractEntities on the sample article', () => {
  const tags = extractEntities(sampleSentences());

  it('finds the people Kim Jong Un, Xi Jinping and Song Tao (and Choe Ryong-hae, Park Taewoo)', () => {
    expect(values(tags, 'person')).toEqual(
      expect.arrayContaining(['Kim Jong Un', 'Xi Jinping', 'Song Tao', 'Choe Ryong-hae', 'Park Taewoo']),
    );
  });

  it('finds the places North Korea, China and Pyongyang, with North Korea most mentioned', () => {
    const places = values(tags, 'place');
    expect(places).toEqual(expect.arrayContaining(['North Korea', 'China', 'Pyongyang', 'Beijing', 'United States']));
    expect(places[0]).toBe('North Korea');
  });

  it('finds the organizations National Intelligence Service and Xinhua News Agency', () => {
    expect(values(tags, 'org')).toEqual(
      expect.arrayContaining(['National Intelligence Service', 'Xinhua News Agency', 'United Nations']),
    );
  });

  it('does not tag demonyms, titles, months or sentence-initial words', () => {
    const all = tags.map((t) => t.value);
    for (const bad of ['Chinese', 'North Korean', 'North Koreans', 'President', 'November', 'Friday', 'Monday',
      'Following', 'Since', 'Song', 'The', 'R']) {
      expect(all).not.toContain(bad);
    }
  });

  it('gives people, then places, then orgs, each most-mentioned first', () => {
    const kinds = tags.map((t) => t.kind);
    expect(kinds.indexOf('place')).toBeGreaterThan(kinds.lastIndexOf('person'));
    expect(kinds.indexOf('org')).toBeGreaterThan(kinds.lastIndexOf('place'));
    const scores = tags.filter((t) => t.kind === 'place').map((t) => t.score ?? 0);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});

describe('extractEntities: deduplication and canonical forms', () => {
  it('folds a later "Kim" into "Kim Jong Un"', () => {
    const tags = extractEntities(['Kim Jong Un visited a farm.', 'Officials said Kim smiled.']);
    expect(tags.filter((t) => t.kind === 'person')).toEqual([{ kind: 'person', value: 'Kim Jong Un', score: 2 }]);
  });

  it('folds "Mr Choe" into "Choe Ryong-hae"', () => {
    const tags = extractEntities(["Mr Choe's comments came late.", 'He met Choe Ryong-hae in the capital.']);
    expect(values(tags, 'person')).toEqual(['Choe Ryong-hae']);
    expect(tags.find((t) => t.value === 'Choe Ryong-hae')?.score).toBe(2);
  });

  it('folds a surname into the full Western name ("Trump" -> "Donald Trump")', () => {
    const tags = extractEntities(['Donald Trump spoke on Monday.', 'Later Mr. Trump left.']);
    expect(values(tags, 'person')).toEqual(['Donald Trump']);
  });

  it('strips possessives: "Korea\'s" is the place "South Korea"', () => {
    expect(values(extractEntities(["South Korea's spy agency spoke."]), 'place')).toEqual(['South Korea']);
  });

  it('maps "U.S.", "US" and "USA" to the place "United States"', () => {
    const tags = extractEntities(['The U.S. acted.', 'US officials agreed.', 'Parts of the continental USA.']);
    expect(tags.filter((t) => t.kind === 'place')).toEqual([{ kind: 'place', value: 'United States', score: 3 }]);
  });

  it('folds an acronym into the spelled-out organization ("NIS")', () => {
    const tags = extractEntities(['The National Intelligence Service briefed lawmakers.', 'The NIS also said more.']);
    expect(tags.filter((t) => t.kind === 'org')).toEqual([
      { kind: 'org', value: 'National Intelligence Service', score: 2 },
    ]);
  });

  it('drops a lone unknown capitalized word that links to no full name', () => {
    expect(extractEntities(['Officials met Brantley on a cold day.'])).toEqual([]);
  });
});

describe('extractMentions', () => {
  it('returns character offsets without the possessive', () => {
    const s = "Beijing sent Song Tao to Pyongyang's talks.";
    const ms = extractMentions(s);
    expect(ms.map((m) => [m.kind, s.slice(m.start, m.end)])).toEqual([
      ['place', 'Beijing'],
      ['person', 'Song Tao'],
      ['place', 'Pyongyang'],
    ]);
  });

  it('takes the name after a title, and the place before it ("U.S. President Donald Trump")', () => {
    expect(mentions('U.S. President Donald Trump spoke.')).toEqual(['place:U.S.', 'person:Donald Trump']);
    expect(mentions('He met Chinese President Xi Jinping.')).toEqual(['person:Xi Jinping']);
    expect(mentions('Bank of Japan Governor Haruhiko Kuroda spoke.')).toEqual([
      'org:Bank of Japan',
      'person:Haruhiko Kuroda',
    ]);
  });

  it('recognises East Asian names by structure: family name then given name', () => {
    expect(mentions('Talks with Li Keqiang and Moon Jae-in ended.')).toEqual(['person:Li Keqiang', 'person:Moon Jae-in']);
  });

  it('types organizations by head word, including "University of ..."', () => {
    expect(mentions('A professor at Hankuk University of Foreign Studies said so.')).toEqual([
      'org:Hankuk University of Foreign Studies',
    ]);
    expect(mentions('Shares of Acme Widgets Corp fell.')).toEqual(['org:Acme Widgets Corp']);
  });

  it('treats unknown all-caps 2-5 letter tokens as organizations, but not common acronyms like "CEO"', () => {
    expect(mentions('The KBX said the CEO and the GDP figures were fine.')).toEqual(['org:KBX']);
  });

  it('does not turn "Chinese" or "North Korean" into places', () => {
    expect(mentions('A North Korean official and a Chinese envoy met.')).toEqual([]);
  });

  it('reads a dateline as a place ("SEOUL, Nov 21")', () => {
    expect(mentions('SEOUL, Nov 21 (Reuters) - Officials met.')).toEqual(['place:SEOUL', 'org:Reuters']);
  });

  it('finds only gazetteer places and known organizations in an all-caps headline', () => {
    expect(mentions('JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .')).toEqual(['place:JAPAN', 'place:CHINA']);
  });

  it('splits runs on "and" unless the whole is a known name', () => {
    expect(mentions('Envoys from China and Russia met.')).toEqual(['place:China', 'place:Russia']);
    expect(mentions('He flew to Trinidad and Tobago.')).toEqual(['place:Trinidad and Tobago']);
  });
});

describe('linkMentions', () => {
  it('marks a lone unknown capitalized word as a weak person guess', () => {
    expect(extractMentions('Officials met Brantley.')).toEqual([
      { start: 14, end: 22, kind: 'person', text: 'Brantley', weak: true },
    ]);
  });

  it('resolves a weak lone word to a person when it is part of a full name, and drops it otherwise', () => {
    const linked = linkMentions([
      extractMentions('Bill Clinton arrived.'),
      extractMentions('Officials said Clinton and Brantley met.'),
    ]);
    expect(linked.map((ms) => ms.map((m) => `${m.kind}:${m.text}`))).toEqual([['person:Bill Clinton'], ['person:Clinton']]);
  });
});

describe('entitiesOfArticle (the body tokenized once for all its sentences)', () => {
  const tricky = [
    'U.S. President Donald Trump met Kim Jong-un in Singapore.',
    "Shares of AT&T and S&P 500 futures fell; the U.S.A's envoy, Choe Ryong-hae, said so.",
    'Anti-U.S. protests spread to Seoul\u2019s suburbs, Mr. Park\u2019s aides said.',
    "SEOUL, Nov 21 (Reuters) - NORTH KOREA FIRES MISSILES OVER JAPAN.",
    'Bill Clinton arrived. Officials said Clinton and Brantley met at the White House.',
  ];

  it('finds exactly the entities of extractEntities on its sentences', () => {
    for (const text of [tricky.join(' '), tricky.join('\n\n'), sampleSentences().join(' ')]) {
      const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => s.trim() !== '');
      const art = tokenizeArticle(text, sentences);
      expect(art).not.toBeNull();
      if (art) expect(entitiesOfArticle(art)).toEqual(extractEntities(sentences));
    }
  });

  it('gives up (null) when a sentence is not found in the body with white space around it', () => {
    expect(tokenizeArticle('Kim met Moon.', ['Kim met Moon!'])).toBeNull();
    expect(tokenizeArticle('Kim met Moon.Then left.', ['Kim met Moon.', 'Then left.'])).toBeNull();
  });
});
