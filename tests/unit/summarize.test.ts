import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createExtractiveSummarizer, summarizeExtractive, summaryText } from '../../src/summarize/index.js';

// The user's scraped sample; the cleaner is another module's job, so the junk lines are dropped here by hand.
const SAMPLE = readFileSync(new URL('../../samples/sample-article.txt', import.meta.url), 'utf8');
const SAMPLE_LINES = SAMPLE.split('\n').map((l) => l.trim()).filter(Boolean);
const SAMPLE_TITLE = SAMPLE_LINES[0] as string;
const JUNK_LINE = (l: string): boolean =>
  l === SAMPLE_TITLE ||
  l === 'Lester Mason' ||
  l === 'November 21, 2017' ||
  l.startsWith('This photo, provided by') ||
  l.startsWith('Other reports by') ||
  l === 'Discuss This Article';
const CLEAN_BODY = SAMPLE_LINES.filter((l) => !JUNK_LINE(l)).join('\n\n');
const RAW_BODY = SAMPLE_LINES.slice(1).join('\n\n');

const LEAD =
  'The regional water board approved a plan on Thursday to replace eleven kilometres of ageing pipes under the old town.';
const P2 = 'Engineers say the project will cut leaks by about a third and save the city money within a decade.';
const P3 = 'Work will start in the spring and close one lane of the river road at a time, the board said.';
const P4 = 'Shop owners on the river road asked for night work so that deliveries can continue during the day.';
const P5 = 'The board will publish a timetable for each street before the first lane closes next year.';
const BODY = [LEAD, P2, P3, P4, P5].join('\n\n');

describe('summarizeExtractive', () => {
  it('gives the same summary for the same input every time', () => {
    const a = summarizeExtractive({ title: SAMPLE_TITLE, body: CLEAN_BODY });
    const b = summarizeExtractive({ title: SAMPLE_TITLE, body: CLEAN_BODY });
    expect(b).toEqual(a);
  });

  it('picks a real content sentence as the gist of the cleaned sample article', () => {
    const s = summarizeExtractive({ title: SAMPLE_TITLE, body: CLEAN_BODY });
    expect(s.gist.startsWith('China has imposed its own banking restrictions on North Koreans')).toBe(true);
    expect(s.sentences.length).toBe(3);
  });

  it('never picks the caption, byline, date, title or footer of the raw sample article', () => {
    const s = summarizeExtractive({ title: SAMPLE_TITLE, body: RAW_BODY });
    const picked = [s.gist, ...s.sentences];
    expect(s.sentences.length).toBe(3);
    for (const text of picked) {
      expect(text).not.toMatch(/This photo, provided by/);
      expect(text).not.toBe(SAMPLE_TITLE);
      expect(text).not.toMatch(/Lester Mason|November 21, 2017|Other reports by|Discuss This Article/);
    }
    expect(s.gist.startsWith('China has imposed')).toBe(true);
  });

  it('returns the summary sentences in document order', () => {
    const s = summarizeExtractive({ title: 'Water board approves pipe plan', body: BODY });
    const positions = s.sentences.map((t) => BODY.indexOf(t));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('does not pick two near-duplicate sentences', () => {
    const repeat = 'The regional water board approved on Thursday a plan to replace eleven kilometres of ageing pipes.';
    const s = summarizeExtractive({ title: 'Water board approves pipe plan', body: [LEAD, repeat, P2, P3, P4].join('\n\n') });
    expect(s.sentences).toContain(LEAD);
    expect(s.sentences).not.toContain(repeat);
    expect(s.sentences.length).toBe(3);
  });

  it('skips photo credits, boilerplate, all-caps lines and fragments', () => {
    const body = [
      'WATCH LIVE: BOARD MEETING STREAMED FROM THE TOWN HALL',
      'Photo: The old pipes under the market square, seen from a manhole last week.',
      'A worker inspects a pipe in the old town. (AP Photo/Jane Doe)',
      'Click here to subscribe to our daily newsletter about the town.',
      'By Staff',
      LEAD, P2, P3,
    ].join('\n\n');
    const s = summarizeExtractive({ title: 'Water board approves pipe plan', body });
    expect(s.sentences).toEqual([LEAD, P2, P3]);
    expect(s.gist).toBe(LEAD);
  });

  it('drops a leading agency dateline from the sentence it opens', () => {
    const s = summarizeExtractive({ title: '', body: `WASHINGTON (Reuters) - ${LEAD}\n\n${P2}` });
    expect(s.gist).toBe(LEAD);
  });

  it('honours maxSentences', () => {
    const s = summarizeExtractive({ title: 'Water board approves pipe plan', body: BODY }, { maxSentences: 1 });
    expect(s.sentences).toEqual([s.gist]);
  });

  it('uses pre-split sentences when they are given', () => {
    const sentences = [LEAD, P2, P3].map((text, paragraph) => ({ text, paragraph }));
    const s = summarizeExtractive({ title: 'Water board approves pipe plan', body: '', sentences });
    expect(s.sentences).toEqual([LEAD, P2, P3]);
  });

  it('falls back to the title as gist when the body has no usable sentence', () => {
    expect(summarizeExtractive({ title: 'Water board approves pipe plan', body: 'Too short.' })).toEqual({
      gist: 'Water board approves pipe plan',
      sentences: [],
    });
  });
});

describe('createExtractiveSummarizer', () => {
  it('resolves to what the synchronous summarizer returns', async () => {
    const summarizer = createExtractiveSummarizer();
    expect(summarizer.name).toBe('extractive');
    const input = { title: 'Water board approves pipe plan', body: BODY };
    const s = await summarizer.summarize(input);
    expect(s).toEqual(summarizeExtractive(input));
    expect(summaryText(s)).toBe(s.sentences.join(' '));
  });
});

describe('narrative openings', () => {
  const FEATURE = [
    'On a grey morning in March, Maria Lopez pushes her small boat off the gravel beach and rows out past the harbour wall, as her father did for forty years.',
    'She hauls up the long ropes by hand, and the water runs off the green fronds that hang from them like wet ribbons.',
    'Ten years ago the same ropes carried mussels and the boat came back full of cod; now the cod are gone from the bay and the ropes carry kelp.',
    'Across the northern coast, fishing towns are turning to seaweed farming as warming seas empty their nets.',
    'Twelve cooperatives have switched to kelp in three years, regional officials say, and more have applied for licences.',
    'Buyers in food and cosmetics pay steady prices for dried kelp, which grows fast in cold water and needs no feed.',
    'Lopez sells her harvest to a drying plant in the next town, where the ropes and the boat are washed each evening.',
  ].join('\n\n');
  const TITLE = 'Fishing towns turn to seaweed farming as catches fall';

  it('gives the sentence saying what a feature is about, not its scene-setting opening', () => {
    const s = summarizeExtractive({ title: TITLE, body: FEATURE });
    expect(s.gist).toBe('Across the northern coast, fishing towns are turning to seaweed farming as warming seas empty their nets.');
    expect(s.sentences).toContain(s.gist);
  });

  it('keeps the lead of an ordinary news story', () => {
    const news = `Fishing towns on the northern coast will get state grants to start seaweed farms, the fisheries minister announced on Monday.\n\n${FEATURE}`;
    expect(summarizeExtractive({ title: TITLE, body: news }).gist).toMatch(/^Fishing towns on the northern coast will get state grants/);
  });
});
