// The near-copy part of the Store contract (run by store.contract.test.ts for every store): band-key candidates, kept
// for the newest articles only (the near-copy horizon), and an updated article's keys replaced.
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';
import type { NewArticle } from '../../src/store/types.js';
import { bandKeys, encodeFingerprint, fingerprint } from '../../src/stories/fingerprint.js';

/**
 * Registers the near-copy tests; `current` gives the current test's fresh store, `make` another one with options,
 * `article` a new article with defaults.
 */
export function nearCopyContract(
  current: () => Store,
  make: (opts: { nearCopyHorizon?: number }) => Promise<{ store: Store }>,
  article: (over: Partial<NewArticle> & { title: string }) => NewArticle,
): void {
  it('offers near-copy candidates by shared band keys, with their story', async () => {
    const first = await current().articles.insertArticle(article({ title: 'Missile launch reported', bandKeys: [7, 8] }), null);
    await current().articles.insertArticle(article({ title: 'Missile launch confirmed', bandKeys: [8, 9] }), first.storyId);
    const c = await current().articles.storyCandidates([9, 8], 10);
    expect(c.map((x) => x.storyId)).toEqual([first.storyId, first.storyId]);
    expect(Buffer.from(c[0]!.fingerprint)).toEqual(Buffer.from([1, 2, 3]));
  });

  it('an updated article is offered as a near-copy by its new text only, not by its old band keys', async () => {
    const para = (w: string) => Array.from({ length: 12 }, (_, i) => `${w} inspectors counted ${i + 3} cracked girders on the ${w} span`).join('. ');
    const text = (title: string, body: string) => {
      const fp = fingerprint({ title, body });
      return { title, body, fingerprint: encodeFingerprint(fp), bandKeys: bandKeys(fp) };
    };
    const before = text('River bridge closed after inspection', para('river'));
    const after = text('Harbor tunnel reopens to traffic', para('harbor'));
    expect(before.bandKeys.length).toBeGreaterThan(0);
    const ids = await current().articles.insertArticle(article({ ...before, url: 'https://a.example/b' }), null);
    expect((await current().articles.storyCandidates(before.bandKeys, 10)).map((c) => c.articleId)).toEqual([ids.articleId]);
    await current().articles.updateArticle(ids.articleId, article({ ...after, url: 'https://a.example/b', contentHash: 'v2' }));
    const stale = before.bandKeys.filter((k) => !after.bandKeys.includes(k));
    expect(stale.length).toBeGreaterThan(0);
    expect(await current().articles.storyCandidates(stale, 10)).toEqual([]);
    expect((await current().articles.storyCandidates(after.bandKeys, 10)).map((c) => c.articleId)).toEqual([ids.articleId]);
  });

  it('offers near-copy candidates among the newest articles only (the near-copy horizon)', async () => {
    const small = (await make({ nearCopyHorizon: 3 })).store;
    try {
      const ids: number[] = [];
      for (const t of ['One', 'Two', 'Three', 'Four', 'Five']) {
        ids.push((await small.articles.insertArticle(article({ title: `Dam report ${t}`, bandKeys: [41, 42] }), null)).articleId);
      }
      // The newest three keep their keys; the two older ones are still stored and found, only not as near-copies.
      expect((await small.articles.storyCandidates([41], 10)).map((c) => c.articleId).sort((a, b) => a - b)).toEqual(ids.slice(2));
      expect((await small.articles.getArticle(ids[0]!))?.title).toBe('Dam report One');
      // An update of an article beyond the horizon does not bring it back once a newer article arrives.
      await small.articles.updateArticle(ids[0]!, article({ title: 'Dam report One, updated', contentHash: 'v2', bandKeys: [41] }));
      await small.articles.insertArticle(article({ title: 'Dam report Six', bandKeys: [43] }), null);
      expect((await small.articles.storyCandidates([41], 10)).map((c) => c.articleId).sort((a, b) => a - b)).toEqual(ids.slice(3));
    } finally {
      await small.close();
    }
  });
}
