// Near-duplicate fingerprints, story similarity and clustering, on small hand-written articles.
import { describe, expect, it } from 'vitest';
import {
  BANDS,
  MINHASH_SIZE,
  bandKeys,
  decodeFingerprint,
  encodeFingerprint,
  fingerprint,
  stem,
  titleTerms,
} from '../../src/stories/fingerprint.js';
import type { Fingerprint } from '../../src/stories/fingerprint.js';
import { SAME_STORY_THRESHOLD, sameStory, storySimilarity, titleSimilarity } from '../../src/stories/similarity.js';
import { StoryIndex, chooseStory } from '../../src/stories/cluster.js';

// --- Fixtures (written for these tests) ---------------------------------------------------------------------------

const P = {
  lede:
    'North Korea fired a ballistic missile over northern Japan early on Tuesday, prompting sirens and text alerts in ' +
    'Hokkaido as residents were told to take cover.',
  flight:
    'The missile flew for about fourteen minutes and travelled roughly 2,700 kilometres before falling into the ' +
    'Pacific Ocean east of Cape Erimo, according to the Japanese defence ministry.',
  tokyo:
    'Prime Minister Shinzo Abe called the launch an unprecedented and grave threat and said Tokyo would lodge a strong ' +
    'protest with Pyongyang through its embassy in Beijing.',
  seoul:
    'In Seoul, the Joint Chiefs of Staff said the rocket was launched from Sunan near the capital, the site of the city ' +
    'airport, and that South Korean forces had raised their alert level.',
  un:
    'The United Nations Security Council scheduled an emergency meeting for Tuesday afternoon in New York at the request ' +
    'of Washington and Tokyo, diplomats said.',
  kim:
    'Kim Jong Un has overseen more than a dozen launches this year as his government pushes to build a nuclear weapon ' +
    'that can reach the United States mainland.',
};

const original = {
  title: 'North Korea fires missile over Japan',
  body: [P.lede, P.flight, P.tokyo, P.seoul, P.un, P.kim].join('\n\n'),
};

const boilerplateCopy = {
  title: 'North Korea Fires Missile Over Japan | The Daily Courier',
  body: ['By Staff Reporter', original.body, 'Other reports by Staff Reporter', 'Discuss This Article'].join('\n\n'),
};

const lightRewrite = {
  title: "Pyongyang's missile flies over Hokkaido, Japan condemns launch",
  body: [
    'Japan woke to air raid sirens on Tuesday after a North Korean missile passed over Hokkaido before splashing down ' +
      'in the Pacific.',
    P.tokyo,
    P.flight,
    P.un,
    P.seoul,
    P.kim,
  ].join('\n\n'),
};

const envoyStory = {
  title: 'Kim Jong Un hosts Chinese envoy in Pyongyang as missile tensions linger',
  body: [
    'A senior Chinese diplomat wrapped up a four-day visit to North Korea on Monday after talks with officials of the ' +
      'ruling party, the first such trip in two years.',
    'State media in Pyongyang said the envoy and his hosts exchanged views on the Korean peninsula and on relations ' +
      'between the two neighbours, without giving details.',
    'Beijing has come under pressure from Washington to use its trade links to rein in the missile and nuclear ' +
      'programmes of Kim Jong Un, whose government has tested several rockets this year.',
    'Analysts said the visit could open a door to dialogue, although it was not clear whether the envoy met Kim in ' +
      'person during his stay.',
  ].join('\n\n'),
};

const sanctionsStory = {
  title: 'South Korea widens sanctions over North Korea missile programme',
  body: [
    'South Korea on Friday added eighteen companies and twelve individuals to its blacklist, saying they had helped ' +
      'North Korea earn foreign currency for its missile programme.',
    'The finance ministry in Seoul said the firms, several of them registered in Hong Kong and Singapore, shipped coal ' +
      'and oil in breach of United Nations resolutions.',
    'Officials said the measures were coordinated with Washington and Tokyo, which announced similar steps against ' +
      'shipping firms earlier in the week.',
    'Pyongyang has rejected the sanctions as an act of war and said Kim Jong Un would not give up his weapons.',
  ].join('\n\n'),
};

const football = {
  title: 'Late header sends United into the cup final',
  body: [
    'A header in the ninety-first minute from the substitute defender sent United into the cup final on Sunday after ' +
      'a tense semi-final that had looked destined for extra time.',
    'The visitors had dominated possession but struggled to create chances against a deep defence, and their ' +
      'goalkeeper made three fine saves in the second half.',
    'The manager praised the character of his squad and said the final would be the biggest match of the season.',
  ].join('\n\n'),
};

const fp = (a: { title: string; body: string }): Fingerprint => fingerprint(a);
const titleOnly = (title: string): Fingerprint => fingerprint({ title, body: '' });

// --- Tests --------------------------------------------------------------------------------------------------------

describe('fingerprint', () => {
  it('has a MinHash signature of MINHASH_SIZE values and counts distinct body shingles', () => {
    const f = fp(original);
    expect(f.minhash).toBeInstanceOf(Uint32Array);
    expect(f.minhash.length).toBe(MINHASH_SIZE);
    expect(f.shingles).toBeGreaterThan(50);
  });

  it('marks an empty body with zero shingles and an all-empty signature', () => {
    const f = titleOnly('Sbarro files for bankruptcy');
    expect(f.shingles).toBe(0);
    expect([...f.minhash].every((v) => v === 0xffffffff)).toBe(true);
  });

  it('ignores case and punctuation in the body', () => {
    const a = fp({ title: 't', body: "North Korea's missile flew over Japan, officials said on Tuesday in Tokyo." });
    const b = fp({ title: 't', body: "NORTH KOREA'S MISSILE -- flew over JAPAN!! Officials said on Tuesday, in Tokyo" });
    expect([...a.minhash]).toEqual([...b.minhash]);
    expect(a.shingles).toBe(b.shingles);
  });

  it('treats a possessive as the bare name in the body', () => {
    const a = fp({ title: 't', body: "Korea's leader met envoys from China and Russia in the capital on Monday." });
    const b = fp({ title: 't', body: 'Korea leader met envoys from China and Russia in the capital on Monday.' });
    expect([...a.minhash]).toEqual([...b.minhash]);
  });
});

describe('title terms', () => {
  it('folds plurals and -ing/-ed forms to one stem', () => {
    expect(stem('files')).toBe(stem('filing'));
    expect(stem('filed')).toBe(stem('files'));
    expect(stem('companies')).toBe(stem('company'));
  });

  it('drops possessives and stopwords, keeping unique terms', () => {
    const t = titleTerms("Korea's missile: what Korea wants from the talks");
    expect(t).toContain('korea');
    expect(t).not.toContain('the');
    expect(t.filter((x) => x === 'korea')).toHaveLength(1);
  });

  it('keeps the last whole word of a headline cut short with "..."', () => {
    expect(titleTerms('Mindy Kaling questions diversity on TV during South  ...')).toContain('south');
  });

  it('puts generic headline words after the distinctive ones', () => {
    const t = titleTerms('Video: watch Sbarro update bankruptcy plans');
    expect(t.slice(0, 2).sort()).toEqual(['bankruptcy', 'sbarro']);
  });
});

describe('encodeFingerprint / decodeFingerprint', () => {
  it('round-trips a full fingerprint exactly', () => {
    const f = fp(lightRewrite);
    const back = decodeFingerprint(encodeFingerprint(f));
    expect(back.shingles).toBe(f.shingles);
    expect([...back.minhash]).toEqual([...f.minhash]);
    expect(back.minhash).toBeInstanceOf(Uint32Array);
    expect(back.titleTokens).toEqual(f.titleTokens);
    expect(bandKeys(back)).toEqual(bandKeys(f));
  });

  it('round-trips an empty fingerprint and non-ASCII title terms', () => {
    const empty = fp({ title: '', body: '' });
    expect(decodeFingerprint(encodeFingerprint(empty))).toEqual(empty);
    const accented = titleOnly('Zürich café owner wins São Paulo prize');
    expect(decodeFingerprint(encodeFingerprint(accented)).titleTokens).toEqual(accented.titleTokens);
  });

  it('is compact (under 300 bytes for a typical article)', () => {
    expect(encodeFingerprint(fp(original)).length).toBeLessThan(300);
  });

  it('rejects a buffer it did not write', () => {
    expect(() => decodeFingerprint(Buffer.from('hello world'))).toThrow(RangeError);
    const good = encodeFingerprint(fp(original));
    expect(() => decodeFingerprint(good.subarray(0, good.length - 3))).toThrow(RangeError);
  });
});

describe('bandKeys', () => {
  it('is deterministic', () => {
    expect(bandKeys(fp(original))).toEqual(bandKeys(fp({ ...original })));
  });

  it('returns at most 40 safe non-negative integers', () => {
    for (const a of [original, lightRewrite, envoyStory, sanctionsStory, football]) {
      const keys = bandKeys(fp(a));
      expect(keys.length).toBeLessThanOrEqual(40);
      for (const k of keys) {
        expect(Number.isSafeInteger(k)).toBe(true);
        expect(k).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('has no body bands for an empty body, only title keys', () => {
    const keys = bandKeys(titleOnly('Sbarro files for bankruptcy protection'));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.length).toBeLessThan(BANDS);
  });

  it('makes a copy and a light rewrite candidates of the original', () => {
    const base = new Set(bandKeys(fp(original)));
    expect(bandKeys(fp(boilerplateCopy)).some((k) => base.has(k))).toBe(true);
    expect(bandKeys(fp(lightRewrite)).some((k) => base.has(k))).toBe(true);
  });

  it('makes two short headlines of the same news candidates', () => {
    const a = new Set(bandKeys(titleOnly('Sbarro files for bankruptcy protection again')));
    expect(bandKeys(titleOnly('Pizza chain Sbarro files for second bankruptcy')).some((k) => a.has(k))).toBe(true);
  });
});

describe('storySimilarity / sameStory', () => {
  it('scores an exact copy 1', () => {
    expect(storySimilarity(fp(original), fp(original))).toBe(1);
    expect(sameStory(fp(original), fp({ ...original }))).toBe(true);
  });

  it('joins a copy with a different byline, footer and site name', () => {
    expect(sameStory(fp(original), fp(boilerplateCopy))).toBe(true);
  });

  it('joins a light rewrite with a new lede, reordered paragraphs and a reworded title', () => {
    expect(sameStory(fp(original), fp(lightRewrite))).toBe(true);
    expect(sameStory(fp(boilerplateCopy), fp(lightRewrite))).toBe(true);
  });

  it('keeps different North Korea stories of the same week apart', () => {
    const stories = [original, envoyStory, sanctionsStory].map(fp);
    for (let i = 0; i < stories.length; i++) {
      for (let j = i + 1; j < stories.length; j++) {
        expect(sameStory(stories[i] as Fingerprint, stories[j] as Fingerprint)).toBe(false);
      }
    }
    expect(sameStory(fp(lightRewrite), fp(envoyStory))).toBe(false);
  });

  it('scores an unrelated story near 0', () => {
    expect(storySimilarity(fp(original), fp(football))).toBeLessThan(0.1);
  });

  it('keeps two different stories under the same recurring headline apart', () => {
    const a = fp({ title: 'Markets wrap: stocks close the day', body: original.body });
    const b = fp({ title: 'Markets wrap: stocks close the day', body: sanctionsStory.body });
    expect(sameStory(a, b)).toBe(false);
  });

  it('is symmetric and stays in [0, 1]', () => {
    const all = [original, boilerplateCopy, lightRewrite, envoyStory, sanctionsStory, football].map(fp);
    for (const a of all) {
      for (const b of all) {
        const s = storySimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(storySimilarity(b, a)).toBe(s);
      }
    }
  });

  it('joins a short-title-only pair of the same news', () => {
    expect(sameStory(titleOnly('Sbarro files for bankruptcy protection again'), titleOnly('Pizza chain Sbarro files for second bankruptcy'))).toBe(true);
  });

  it('keeps headlines of different North Korea stories apart with no bodies', () => {
    expect(sameStory(titleOnly(envoyStory.title), titleOnly(original.title))).toBe(false);
    expect(sameStory(titleOnly(envoyStory.title), titleOnly(sanctionsStory.title))).toBe(false);
  });

  it('keeps short titles that share only one name apart', () => {
    expect(sameStory(titleOnly('Apple releases iOS 7.1 with CarPlay'), titleOnly('Apple TV adds new channels'))).toBe(false);
  });

  it('judges a feed summary against the full article by its title', () => {
    const summary = fp({ title: original.title, body: P.lede });
    expect(sameStory(summary, fp(original))).toBe(true);
    expect(sameStory(summary, fp(envoyStory))).toBe(false);
  });

  it('weighs generic headline words less than names', () => {
    const names = titleSimilarity(titleTerms('Sbarro bankruptcy filing'), titleTerms('Sbarro bankruptcy court'));
    const filler = titleSimilarity(titleTerms('Watch video update today'), titleTerms('Watch video update now'));
    expect(names).toBeGreaterThan(filler);
  });

  it('uses one threshold, exported for the store', () => {
    expect(SAME_STORY_THRESHOLD).toBeGreaterThan(0);
    expect(SAME_STORY_THRESHOLD).toBeLessThan(1);
  });
});

describe('chooseStory', () => {
  it('returns null without candidates or when none is close enough', () => {
    expect(chooseStory(fp(original), [])).toBeNull();
    expect(chooseStory(fp(original), [{ articleId: 1, storyId: 10, fp: fp(football) }])).toBeNull();
  });

  it('picks the story of the best-matching candidate', () => {
    const choice = chooseStory(fp(boilerplateCopy), [
      { articleId: 1, storyId: 10, fp: fp(envoyStory) },
      { articleId: 2, storyId: 20, fp: fp(original) },
      { articleId: 3, storyId: 30, fp: fp(sanctionsStory) },
    ]);
    expect(choice?.storyId).toBe(20);
    expect(choice?.score).toBeGreaterThanOrEqual(SAME_STORY_THRESHOLD);
  });

  it('breaks ties toward the smaller story id whatever the candidate order', () => {
    const c = [
      { articleId: 1, storyId: 7, fp: fp(original) },
      { articleId: 2, storyId: 3, fp: fp(original) },
    ];
    expect(chooseStory(fp(original), c)?.storyId).toBe(3);
    expect(chooseStory(fp(original), [...c].reverse())?.storyId).toBe(3);
  });
});

describe('StoryIndex', () => {
  it('groups copies and rewrites into one story and keeps other stories apart', () => {
    const index = new StoryIndex();
    const s1 = index.add(1, fp(original));
    const s2 = index.add(2, fp(envoyStory));
    expect(index.add(3, fp(boilerplateCopy))).toBe(s1);
    expect(index.add(4, fp(lightRewrite))).toBe(s1);
    const s5 = index.add(5, fp(sanctionsStory));
    const s6 = index.add(6, fp(football));
    expect(new Set([s1, s2, s5, s6]).size).toBe(4);
    expect(index.clusters().get(s1)).toEqual([1, 3, 4]);
    expect(index.clusters().size).toBe(4);
    expect(index.storyOfArticle(4)).toBe(s1);
    expect(index.size).toBe(6);
  });

  it('clusters headlines with no bodies', () => {
    const index = new StoryIndex();
    const a = index.add(1, titleOnly('Sbarro files for bankruptcy protection again'));
    expect(index.add(2, titleOnly('Pizza chain Sbarro files for second bankruptcy'))).toBe(a);
    expect(index.add(3, titleOnly('Flappy Bird could return, creator says'))).not.toBe(a);
  });

  it('numbers new stories from 1 in order', () => {
    const index = new StoryIndex();
    expect(index.add(10, fp(original))).toBe(1);
    expect(index.add(11, fp(football))).toBe(2);
  });

  it('refuses the same article id twice', () => {
    const index = new StoryIndex();
    index.add(1, fp(original));
    expect(() => index.add(1, fp(original))).toThrow(RangeError);
  });

  it('gives the same clusters on every run', () => {
    const run = (): number[][] => {
      const index = new StoryIndex();
      [original, envoyStory, boilerplateCopy, lightRewrite, sanctionsStory].forEach((a, i) => index.add(i + 1, fp(a)));
      return [...index.clusters().values()];
    };
    expect(run()).toEqual(run());
  });
});
