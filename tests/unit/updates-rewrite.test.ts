// The LLM rewrite of a story update: the check every rewritten sentence must pass (one sentence, cited, citations in
// range, no number or name the cited articles lack), and how a checked sentence is renumbered and rendered.
import { describe, expect, it } from 'vitest';
import type { LlmService, SentenceCheck } from '../../src/llm/service.js';
import type { StoryDelta } from '../../src/updates/delta.js';
import { checkRewrite, renderUpdate, rewriteDelta, rewriteMessages, rewriteSources, sourceText } from '../../src/updates/rewrite.js';

const SOURCES = [
  'Typhoon Haikui: update 1\nGovernor Denny Tamaki visited shelters in Nago.\nTwo people were hurt in Itoman.',
  'Typhoon Haikui: update 2\nPower was back in 55,000 homes by Wednesday.\nThe storm moved toward Taiwan with winds of 160 km/h.',
];

describe('checkRewrite', () => {
  it('accepts one sentence whose numbers and names are all in the articles it cites', () => {
    expect(checkRewrite('Governor Denny Tamaki visited shelters in Nago [1] as power returned to 55,000 homes and the storm turned toward Taiwan [2].', SOURCES))
      .toEqual({ ok: true, cited: [1, 2] });
    expect(checkRewrite('The storm headed for Taiwan at 160 km/h while 55000 homes had power again [2].', SOURCES)).toMatchObject({ ok: true });
  });

  it('rejects a number none of the cited articles has', () => {
    expect(checkRewrite('Power was back in 60,000 homes [2].', SOURCES)).toEqual({ ok: false, reason: 'invented_number', detail: '60000 is in none of the cited articles' });
    expect(checkRewrite('Three people were hurt in Itoman, 2 of them badly [1].', SOURCES)).toMatchObject({ ok: false, reason: 'invented_number' });
  });

  it('rejects a number that is only in an article it does not cite', () => {
    expect(checkRewrite('Tamaki visited Nago as 55,000 homes got power back [1].', SOURCES)).toMatchObject({ ok: false, reason: 'invented_number' });
  });

  it('rejects an invented name, place or entity', () => {
    expect(checkRewrite('Tamaki and Kishida visited shelters in Nago [1].', SOURCES)).toEqual({ ok: false, reason: 'invented_name', detail: 'Kishida is in none of the cited articles' });
    expect(checkRewrite('Governor Denny Tamaki visited shelters in Naha [1].', SOURCES)).toMatchObject({ ok: false, reason: 'invented_name', detail: 'Naha is in none of the cited articles' });
    expect(checkRewrite('Kishida visited shelters in Nago [1].', SOURCES)).toMatchObject({ ok: false, reason: 'invented_name' });
    // Every word is known, but the articles name no "Nago Tamaki".
    expect(checkRewrite('Governor Nago Tamaki visited shelters [1].', SOURCES)).toMatchObject({ ok: false, reason: 'invented_name' });
  });

  it('lets a common word open the sentence', () => {
    expect(checkRewrite('The storm moved toward Taiwan [2].', SOURCES)).toMatchObject({ ok: true });
    expect(checkRewrite('After the storm, Tamaki visited Nago [1].', SOURCES)).toMatchObject({ ok: true });
  });

  it('rejects a rewrite without a citation', () => {
    expect(checkRewrite('Governor Denny Tamaki visited shelters in Nago.', SOURCES)).toEqual({ ok: false, reason: 'no_citation', detail: 'the rewrite cites no article' });
  });

  it('rejects a citation outside the sources', () => {
    expect(checkRewrite('Tamaki visited Nago [1][3].', SOURCES)).toEqual({ ok: false, reason: 'citation_out_of_range', detail: 'cites [3] of 2 articles' });
    expect(checkRewrite('Tamaki visited Nago [0].', SOURCES)).toMatchObject({ ok: false, reason: 'citation_out_of_range' });
  });

  it('rejects two sentences, however they are cited', () => {
    expect(checkRewrite('Tamaki visited Nago [1]. The storm moved toward Taiwan [2].', SOURCES)).toEqual({ ok: false, reason: 'not_one_sentence', detail: '2 sentences' });
    expect(checkRewrite('Tamaki visited Nago. [1] Two people were hurt [1].', SOURCES)).toMatchObject({ ok: false, reason: 'not_one_sentence' });
  });
});

const delta: StoryDelta = {
  storyId: 7,
  headline: 'Typhoon Haikui hits Okinawa',
  sentences: [
    { text: 'Governor Denny Tamaki visited shelters in Nago.', key: 'a', articleId: 11, title: 'Typhoon Haikui: update 1', url: 'https://news.example/a', outlet: 'Island Times', at: '2026-12-01T09:00:00Z' },
    { text: 'Two people were hurt in Itoman.', key: 'b', articleId: 11, title: 'Typhoon Haikui: update 1', url: 'https://news.example/a', outlet: 'Island Times', at: '2026-12-01T09:00:00Z' },
    { text: 'Power was back in 55,000 homes by Wednesday.', key: 'c', articleId: 12, title: 'Typhoon Haikui: update 2', url: 'https://news.example/b', outlet: 'Pacific Wire', at: '2026-12-01T10:00:00Z' },
  ],
  more: 0,
  articleIds: [11, 12],
  pending: [],
};

/** An LLM that answers `answer` and applies the real check, as the service does. */
const llmSaying = (answer: string, asked: string[] = []): LlmService =>
  ({
    citedSentence: (_key: string, messages: { content: string }[], check: (t: string) => SentenceCheck) => {
      asked.push(messages.map((m) => m.content).join('\n'));
      const c = check(answer);
      return Promise.resolve(c.ok ? { ok: true, text: answer, cached: false } : c);
    },
  }) as unknown as LlmService;

describe('rewriteDelta and renderUpdate', () => {
  it('numbers the delta\'s articles in order and sends their titles and new sentences only', () => {
    const sources = rewriteSources(delta);
    expect(sources.map((s) => [s.articleId, s.sentences.length])).toEqual([[11, 2], [12, 1]]);
    expect(sourceText(sources[0]!)).toBe(SOURCES[0]);
    const [, user] = rewriteMessages(delta.headline, sources);
    expect(user?.content).toContain('[2] Typhoon Haikui: update 2 | Power was back in 55,000 homes by Wednesday.');
  });

  it('posts a checked sentence with its citations renumbered in order of use and mapped to their links', async () => {
    const post = await renderUpdate(llmSaying('Power returned to 55,000 homes [2] after Tamaki visited Nago [1, 2].'), delta, 'https://news.example/story');
    expect(post).toEqual({
      headline: delta.headline, url: 'https://news.example/story', more: 0,
      sentences: [{
        text: 'Power returned to 55,000 homes [1] after Tamaki visited Nago [2][1].', url: 'https://news.example/b', outlet: 'Pacific Wire',
        cites: [{ url: 'https://news.example/b', outlet: 'Pacific Wire' }, { url: 'https://news.example/a', outlet: 'Island Times' }],
      }],
    });
  });

  it('posts the offline delta when the sentence fails its check, without an LLM, or for a single new sentence', async () => {
    const offline = await renderUpdate(undefined, delta);
    expect(offline.sentences.map((s) => s.text)).toEqual(delta.sentences.map((s) => s.text));
    expect(await renderUpdate(llmSaying('Power returned to 65,000 homes [2].'), delta)).toEqual(offline);
    expect(await renderUpdate(llmSaying('Power returned [2]. Tamaki visited Nago [1].'), delta)).toEqual(offline);
    const asked: string[] = [];
    expect(await rewriteDelta(llmSaying('Tamaki visited Nago [1].', asked), { ...delta, sentences: delta.sentences.slice(0, 1) })).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
