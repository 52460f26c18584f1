// Digest filters, mutes and "why not posted" through a real adapter (the same suite on every platform, with the
// harness of suite.ts): bad input refused with its reason and nothing saved, a filtered digest posted, its left-out
// stories explained privately, a user's mutes applied to their own /brief only, workspace mutes for admins only and
// applied to everyone there, a muted or denied outlet never seen in a story another outlet reported too (its line,
// link and headline gone, the other outlet's article speaking for it), and nothing leaking to the other workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterHarness } from './suite.js';

const STORIES = [
  { title: 'Typhoon Mawar lashes Korea coast with record rain', source: 'Harbor Times', body: 'Typhoon Mawar brought record rain to the south coast of Korea, flooding fishing ports and cutting power to thousands of homes. Rescue crews evacuated villages near the river mouth overnight.' },
  { title: 'Earthquake rattles Korea mountain towns', source: 'Seoul Daily', body: 'A moderate earthquake shook mountain towns in eastern Korea before dawn, cracking old walls and toppling shelves. Seismologists recorded three aftershocks within the following hour.' },
  { title: 'Celebrity footballer opens Korea sports academy', source: 'Harbor Times', body: 'A celebrity footballer opened a sports academy for teenagers in Korea, promising scholarships for talented players. Fans queued for autographs outside the new training ground.' },
  { title: 'Korea lottery winner buys island castle', source: 'Tabloid Daily', body: 'A lottery winner from Korea bought a ruined castle on a tiny island, the tabloid reported. Neighbours said helicopters had been landing on the lawn every weekend since spring.' },
];
/** One Korea story two outlets reported, Tabloid Daily first (its article is the story's headline), then Harbor Times. */
const FERRY_BODY = 'A passenger ferry capsized off Jeju island in Korea on Tuesday night and coast guard divers pulled dozens of passengers from the freezing water. Officials said the ferry was overloaded with cargo when it tipped over in strong winds near the harbour entrance.';
const FERRY = [
  { title: 'Ferry horror off Korea: dozens plucked from freezing sea', source: 'Tabloid Daily', url: 'https://tabloid.example/ferry-horror', body: FERRY_BODY },
  { title: 'Coast guard rescues dozens after Korea ferry capsizes off Jeju', source: 'Harbor Times', url: 'https://harbor.example/ferry', body: FERRY_BODY },
];
const TABLOID = /Tabloid Daily|tabloid\.example|Ferry horror/;

/** Runs the filters, mutes and explain suite against one adapter. */
export function runFiltersContract<R>(name: string, h: AdapterHarness<R>): void {
  const text = (rs: R[]) => rs.map((r) => h.visibleText(r)).join('\n');
  const privately = (rs: R[]) => {
    expect(rs.length).toBeGreaterThan(0);
    for (const r of rs) expect(h.limitProblems(r)).toEqual([]);
    expect(rs.every((r) => h.isPrivate(r))).toBe(true);
    return text(rs);
  };
  const headlines = (t: string) => STORIES.filter((s) => t.includes(s.title)).map((s) => s.title.split(' ')[0]);

  describe(`${name}: digest filters, mutes and explain`, () => {
    beforeAll(async () => {
      await h.start();
      const at = new Date(h.core.now().getTime() - 3_600_000).toISOString();
      for (const [i, s] of STORIES.entries()) {
        const r = await h.core.pipeline.ingestContent(JSON.stringify({ ...s, url: `https://news${i}.example.com/${i}`, publishedAt: at }), `story-${i}.json`);
        expect(r.rejections).toEqual([]);
      }
      for (const [i, s] of FERRY.entries()) {
        const r = await h.core.pipeline.ingestContent(JSON.stringify({ ...s, publishedAt: at }), `ferry-${i}.json`);
        expect(r.rejections).toEqual([]);
      }
    });
    afterAll(() => h.stop());

    it('refuses bad filters with the reason and saves nothing', async () => {
      expect(privately(await h.invoke('digest', 'set', { schedule: 'daily 08:00', include: 'typhoon OR (earthquake' }, { admin: true })))
        .toContain('include: unbalanced parentheses: the "(" at character 12 is never closed');
      expect(privately(await h.invoke('digest', 'set', { schedule: 'daily 08:00', sources: 'Harbor Times, Nowhere Gazette' }, { admin: true })))
        .toContain('sources: unknown source: "nowhere gazette"');
      const many = Array.from({ length: 25 }, (_, i) => `w${i}x`).join(' OR ');
      expect(privately(await h.invoke('digest', 'set', { schedule: 'daily 08:00', exclude: many }, { admin: true }))).toContain('exclude is too complex: more than 20 terms');
      expect(privately(await h.invoke('digest', 'status', {}))).toContain('This channel has no digest');
    });

    it('sets a filtered digest, changes its filters later (admins only) and posts only what passes', async () => {
      const set = text(await h.invoke('digest', 'set', { schedule: 'daily 08:00', topics: 'korea', exclude: 'sports, celebrity' }, { admin: true }));
      expect(set).toContain('Filters: exclude: sports, celebrity');
      expect(privately(await h.invoke('digest', 'filter', { deny_sources: 'Tabloid Daily' }))).toMatch(/Manage Server|admin/i);
      expect(privately(await h.invoke('digest', 'filter', { deny_sources: 'Tabloid Daily' }, { admin: true })))
        .toContain('filters are now: exclude: sports, celebrity · deny_sources: tabloid daily');
      expect(privately(await h.invoke('digest', 'status', {}))).toContain('filters: exclude: sports, celebrity · deny_sources: tabloid daily');
      // The digest was set before these stories arrived: move its watermark back so that they are new to it.
      const sub = (await h.core.store.digests.activeSubscriptions()).at(-1);
      await h.core.store.digests.setWatermark(sub!.id, '2000-01-01T00:00:00.000Z');
      const replies = await h.invoke('digest', 'now', {}, { admin: true });
      const posted = text(replies);
      expect(headlines(posted)).toEqual(['Typhoon', 'Earthquake']);
      // The ferry story Harbor Times reported too is posted, told by Harbor Times: the denied outlet is nowhere in it.
      expect(posted).toContain(FERRY[1]!.title);
      expect(JSON.stringify(replies)).not.toMatch(TABLOID);
    });

    it('explains privately what the run left out and why, and one story by its words', async () => {
      const all = privately(await h.invoke('digest', 'explain', {}));
      expect(all).toMatch(/posted 3, left out 2/);
      expect(all).toMatch(/Celebrity footballer opens Korea sports academy \(#\d+\) — filtered: exclude matched "(sports|celebrity)"/);
      expect(all).toMatch(/Korea lottery winner buys island castle \(#\d+\) — filtered: source deny list: only tabloid daily reported it/);
      expect(privately(await h.invoke('digest', 'explain', { story: 'lottery' }))).toContain('"Korea lottery winner buys island castle"');
      expect(privately(await h.invoke('digest', 'explain', {}, { workspace: 'b' }))).toContain('A digest of all topics now');
    });

    it("applies a user's mutes to their own /brief only, and the workspace's (admins only) to everyone's", async () => {
      expect(privately(await h.invoke('mute', 'add', { kind: 'word', value: 'typhoon' }))).toContain('Muted word "typhoon" in your /brief replies');
      const mine = text(await h.invoke('brief', undefined, { topic: 'korea', limit: 10 }));
      expect(headlines(mine)).not.toContain('Typhoon');
      expect(mine).toContain('1 story left out by mutes');
      expect(headlines(text(await h.invoke('brief', undefined, { topic: 'korea', limit: 10 }, { admin: true })))).toContain('Typhoon');

      expect(privately(await h.invoke('mute', 'add', { kind: 'source', value: 'Seoul Daily', scope: 'workspace' }))).toMatch(/can mute for the whole workspace/);
      expect(privately(await h.invoke('mute', 'add', { kind: 'source', value: 'Nowhere Gazette' }))).toContain('Unknown source "nowhere gazette"');
      expect(privately(await h.invoke('mute', 'add', { kind: 'source', value: 'Seoul Daily', scope: 'workspace' }, { admin: true }))).toContain('Muted source "seoul daily" in everything');
      expect(headlines(text(await h.invoke('brief', undefined, { topic: 'korea', limit: 10 }, { admin: true })))).not.toContain('Earthquake');
      expect(privately(await h.invoke('mute', 'list', {}))).toMatch(/Yours \(1\/50\): word "typhoon"[\s\S]*This workspace's \(1\/100\)[^\n]*source "seoul daily"/);

      // The other workspace sees none of it.
      expect(privately(await h.invoke('mute', 'list', {}, { workspace: 'b' }))).toMatch(/You have muted nothing[\s\S]*This workspace has muted nothing/);
      expect(headlines(text(await h.invoke('brief', undefined, { topic: 'korea', limit: 10 }, { workspace: 'b' })))).toEqual(expect.arrayContaining(['Typhoon', 'Earthquake']));

      // A source muted by a user: the story another outlet reported too is shown to them, told by that outlet.
      const before = await h.invoke('brief', undefined, { topic: 'korea', limit: 10 });
      expect(text(before)).toContain(FERRY[0]!.title);
      expect(privately(await h.invoke('mute', 'add', { kind: 'source', value: 'Tabloid Daily' }))).toContain('Muted source "tabloid daily"');
      const muted = await h.invoke('brief', undefined, { topic: 'korea', limit: 10 });
      expect(text(muted)).toContain(FERRY[1]!.title);
      expect(JSON.stringify(muted)).not.toMatch(TABLOID);
      expect(text(await h.invoke('brief', undefined, { topic: 'korea', limit: 10 }, { admin: true }))).toContain(FERRY[0]!.title);
      expect(privately(await h.invoke('mute', 'remove', { kind: 'source', value: 'Tabloid Daily' }))).toContain('Unmuted source');

      expect(privately(await h.invoke('mute', 'remove', { kind: 'word', value: 'typhoon' }))).toContain('Unmuted word "typhoon"');
      expect(headlines(text(await h.invoke('brief', undefined, { topic: 'korea', limit: 10 })))).toContain('Typhoon');
    });
  });
}
