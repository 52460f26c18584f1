// The preferences part of the Store contract (run by store.contract.test.ts for every store): digest filters, mutes
// and the last run's explanation, each kept to its workspace: another workspace or platform never reads or writes them.
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';
import type { NewArticle } from '../../src/store/types.js';

const subscription = (s: Store, workspaceId: string, channel: string) =>
  s.digests.addSubscription({ workspaceId, channelId: `${workspaceId}:${channel}`, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: false });

/** Registers the preference tests; `store` gives the current test's fresh store. */
export function preferencesContract(store: () => Store): void {
  it('keeps a digest\'s filters to its workspace, replaces them and removes them when empty', async () => {
    const s = store();
    const a = await subscription(s, 'discord:1', 'c');
    const b = await subscription(s, 'slack:T1', 'c');
    await s.preferences.setDigestFilters('discord:1', a.id, { include: 'typhoon OR earthquake', denySources: ['tabloid daily'], minSources: 2 });
    expect(await s.preferences.getDigestFilters('discord:1', a.id)).toEqual({ include: 'typhoon OR earthquake', denySources: ['tabloid daily'], minSources: 2 });
    // Another workspace (another platform here) neither sees nor writes them, nor writes its own onto a foreign subscription.
    expect(await s.preferences.getDigestFilters('slack:T1', a.id)).toBeUndefined();
    await s.preferences.setDigestFilters('slack:T1', a.id, { exclude: 'sports' });
    await s.preferences.setDigestFilters('discord:1', b.id, { exclude: 'sports' });
    expect(await s.preferences.getDigestFilters('discord:1', a.id)).toMatchObject({ include: 'typhoon OR earthquake' });
    expect(await s.preferences.getDigestFilters('discord:1', b.id)).toBeUndefined();
    expect(await s.preferences.getDigestFilters('slack:T1', b.id)).toBeUndefined();
    await s.preferences.setDigestFilters('discord:1', a.id, { exclude: 'sports' });
    expect(await s.preferences.getDigestFilters('discord:1', a.id)).toEqual({ exclude: 'sports' });
    await s.preferences.setDigestFilters('discord:1', a.id, { allowSources: [] });
    expect(await s.preferences.getDigestFilters('discord:1', a.id)).toBeUndefined();
    // Removing the subscription removes its filters.
    await s.preferences.setDigestFilters('discord:1', a.id, { exclude: 'sports' });
    await s.digests.removeSubscriptions(a.channelId, a.id);
    expect(await s.preferences.getDigestFilters('discord:1', a.id)).toBeUndefined();
  });

  it('keeps user and workspace mutes apart, once each, per workspace', async () => {
    const s = store();
    expect(await s.preferences.addMute({ workspaceId: 'discord:1', userId: 'discord:u1', kind: 'word', value: 'celebrity', createdBy: 'discord:u1' })).toBe(true);
    expect(await s.preferences.addMute({ workspaceId: 'discord:1', userId: 'discord:u1', kind: 'word', value: 'celebrity' })).toBe(false);
    expect(await s.preferences.addMute({ workspaceId: 'discord:1', kind: 'source', value: 'tabloid daily', createdBy: 'discord:admin' })).toBe(true);
    expect(await s.preferences.addMute({ workspaceId: 'discord:1', userId: 'discord:u2', kind: 'word', value: 'football' })).toBe(true);
    expect(await s.preferences.addMute({ workspaceId: 'slack:T1', userId: 'discord:u1', kind: 'word', value: 'weather' })).toBe(true);

    const mine = await s.preferences.listMutes('discord:1', 'discord:u1');
    expect(mine).toEqual([expect.objectContaining({ workspaceId: 'discord:1', userId: 'discord:u1', kind: 'word', value: 'celebrity', createdBy: 'discord:u1' })]);
    expect(Date.parse(mine[0]!.createdAt)).toBeGreaterThan(0);
    expect((await s.preferences.listMutes('discord:1', null)).map((m) => [m.kind, m.value, m.userId])).toEqual([['source', 'tabloid daily', undefined]]);
    expect((await s.preferences.mutesFor('discord:1', 'discord:u1')).map((m) => m.value)).toEqual(['celebrity', 'tabloid daily']);
    expect((await s.preferences.mutesFor('discord:1')).map((m) => m.value)).toEqual(['tabloid daily']);
    expect((await s.preferences.mutesFor('slack:T1', 'discord:u1')).map((m) => m.value)).toEqual(['weather']);

    expect(await s.preferences.removeMute('slack:T1', 'discord:u1', 'word', 'celebrity')).toBe(false);
    expect(await s.preferences.removeMute('discord:1', null, 'word', 'celebrity')).toBe(false);
    expect(await s.preferences.removeMute('discord:1', 'discord:u1', 'word', 'celebrity')).toBe(true);
    expect(await s.preferences.listMutes('discord:1', 'discord:u1')).toEqual([]);
  });

  it('keeps the last explanation of a subscription, replaced by the next run, in its workspace only', async () => {
    const s = store();
    const a = await subscription(s, 'discord:1', 'c');
    const run = (at: string, storyId: number) => ({
      at, since: '2026-12-01T00:00:00.000Z', until: at, posted: [1],
      leftOut: [{ storyId, headline: 'Celebrity news', topic: 'korea', reason: 'filtered' as const, detail: 'exclude matched "celebrity"' }],
    });
    await s.preferences.saveExplanation('discord:1', a.id, run('2026-12-01T08:00:00.000Z', 7));
    await s.preferences.saveExplanation('discord:1', a.id, run('2026-12-02T08:00:00.000Z', 8));
    expect(await s.preferences.lastExplanation('discord:1', a.id)).toEqual(run('2026-12-02T08:00:00.000Z', 8));
    await s.preferences.saveExplanation('slack:T1', a.id, run('2026-12-03T08:00:00.000Z', 9));
    expect(await s.preferences.lastExplanation('slack:T1', a.id)).toBeUndefined();
    expect((await s.preferences.lastExplanation('discord:1', a.id))?.leftOut[0]?.storyId).toBe(8);
  });

  it('knows the sources articles name, whatever their case, and hosts of their links', async () => {
    const s = store();
    const art = (title: string, source: string | undefined, url: string): NewArticle => ({
      contentHash: title, title, url, ...(source ? { source } : {}), ingestedAt: '2026-11-30T00:00:00.000Z', publishedAt: '2026-11-30T00:00:00.000Z',
      body: `${title}.`, summary: title, gist: title, lang: 'en', tags: [], fingerprint: Buffer.from([1]), bandKeys: [],
    });
    await s.articles.insertArticle(art('One', 'Harbor Times', 'https://harbor.example/1'), null);
    await s.articles.insertArticle(art('Two', undefined, 'https://news.site_x.example/2'), null);
    const known = await s.preferences.knownSources(['harbor times', 'HARBOR TIMES', 'news.site_x.example', 'news.sitexx.example', 'nobody', '%']);
    expect([...known]).toEqual([['harbor times', 'Harbor Times'], ['news.site_x.example', 'news.site_x.example']]);
  });
}

