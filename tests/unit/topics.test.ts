import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileTopics } from '../../src/tags/topics.js';
import type { TopicDef } from '../../src/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const TOPICS: TopicDef[] = [
  { name: 'korea', keywords: ['korea', 'north korea', 'kim jong un', 'pyongyang', 'missile'] },
  { name: 'us', keywords: ['US', 'white house'] },
  { name: 'ai', keywords: ['AI', 'machine learning'] },
  { name: 'markets', keywords: ['s&p 500', 'stocks'] },
];
const matcher = compileTopics(TOPICS);
const names = (title: string, body: string): string[] => matcher.match({ title, body }).map((t) => t.value);
const score = (title: string, body: string, topic: string): number | undefined =>
  matcher.match({ title, body }).find((t) => t.value === topic)?.score;

describe('compileTopics', () => {
  it('matches "Korea" as a word but not inside "Koreana"', () => {
    expect(names('', 'Korea and Korea again.')).toContain('korea');
    expect(names('', 'The Koreana hotel and the Koreana bar.')).not.toContain('korea');
  });

  it('matches the all-caps "US" only when written in capitals ("US sanctions", not "let us")', () => {
    expect(names('', 'US sanctions bite. The US responds.')).toContain('us');
    expect(names('', 'Let us go. Tell us more, said us all.')).not.toContain('us');
  });

  it('matches "U.S." for the all-caps "US" keyword', () => {
    expect(score('', 'The U.S. said the U.S. would act.', 'us')).toBe(2);
  });

  it('matches the all-caps "AI" but not the word "ai" or "Ai" inside names', () => {
    expect(names('AI rules agreed', '')).toContain('ai');
    expect(names('', 'Ai Weiwei spoke. Ai Weiwei left.')).not.toContain('ai');
  });

  it('matches multi-word keywords across spaces and hyphens ("Kim Jong-un")', () => {
    expect(score('', 'Kim Jong Un spoke. Later Kim Jong-un left.', 'korea')).toBe(2);
  });

  it('does not match a multi-word keyword across punctuation', () => {
    expect(names('', 'He met Kim. Jong Un was not there. Kim, Jong and Un.')).not.toContain('korea');
  });

  it("tolerates possessives (\"North Korea's\") and simple plurals (\"missiles\")", () => {
    expect(score('', "North Korea's leader fired missiles.", 'korea')).toBe(2);
  });

  it('keeps ampersands inside keywords ("S&P 500")', () => {
    expect(score('', 'The S&P 500 rose as stocks rallied.', 'markets')).toBe(2);
  });

  it('counts a longer keyword once, not again for the shorter keyword inside it', () => {
    expect(score('', 'North Korea is far. North Korea is near.', 'korea')).toBe(2);
  });

  it('needs two body hits or one title hit: a single passing mention does not tag', () => {
    const long = 'Markets were calm today. '.repeat(40) + 'A note on Pyongyang.';
    expect(names('Quiet day', long)).not.toContain('korea');
    expect(names('Quiet day', long + ' Pyongyang again.')).toContain('korea');
    expect(names('Pyongyang talks', 'Nothing else.')).toContain('korea');
  });

  it('weighs a title hit 3 and a body hit 1, and ranks topics by score', () => {
    const tags = matcher.match({ title: 'White House reacts', body: 'Pyongyang fired a missile. Pyongyang again, and Pyongyang.' });
    expect(tags.map((t) => [t.value, t.score])).toEqual([
      ['korea', 4],
      ['us', 3],
    ]);
    expect(tags.every((t) => t.kind === 'topic')).toBe(true);
  });

  it('gives the same result on repeated calls (no state leaks between articles)', () => {
    const a = matcher.match({ title: 'Korea', body: 'Korea Korea' });
    matcher.match({ title: 'US', body: 'US US US' });
    expect(matcher.match({ title: 'Korea', body: 'Korea Korea' })).toEqual(a);
  });
});

describe('config/default.yaml', () => {
  const cfg = parse(readFileSync(path.join(ROOT, 'config', 'default.yaml'), 'utf8')) as {
    topics: TopicDef[];
    digest: Record<string, unknown>;
    briefing: Record<string, unknown>;
  };

  it('has 15-20 topics of 8-20 keywords each, including korea, china and ai', () => {
    expect(cfg.topics.length).toBeGreaterThanOrEqual(15);
    expect(cfg.topics.length).toBeLessThanOrEqual(20);
    for (const t of cfg.topics) {
      expect(t.keywords.length, t.name).toBeGreaterThanOrEqual(8);
      expect(t.keywords.length, t.name).toBeLessThanOrEqual(20);
    }
    expect(cfg.topics.map((t) => t.name)).toEqual(expect.arrayContaining(['korea', 'china', 'ai', 'us-politics']));
  });

  it('has the digest and briefing defaults', () => {
    expect(cfg.digest).toEqual({ cron: '0 8 * * *', timezone: 'UTC', since: '24h', maxStories: 8, graceMinutes: 120, updateMinutes: 60, updateHorizonHours: 48 });
    expect(cfg.briefing).toEqual({ defaultSince: '7d', defaultLimit: 5 });
  });

  it('tags the sample article korea and china, and not us-politics', () => {
    const text = readFileSync(path.join(ROOT, 'samples', 'sample-article.txt'), 'utf8');
    const [title = '', ...rest] = text.split('\n');
    const tags = compileTopics(cfg.topics).match({ title, body: rest.join('\n') });
    expect(tags.slice(0, 2).map((t) => t.value)).toEqual(['korea', 'china']);
    expect(tags.map((t) => t.value)).not.toContain('us-politics');
  });
});
