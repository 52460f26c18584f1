// The chat-adapter contract: ONE suite that every adapter (Slack, Discord) runs against its real client library and
// its loopback fake, so that a command means the same thing on both platforms.
//
// How to use it — in an adapter's e2e test file:
//   runAdapterContract('slack', harness);
// where `harness` implements AdapterHarness<R> and R is whatever one message the bot sent looks like on that
// platform (a Slack response_url body, a Discord interaction/webhook body …). The suite calls start() in beforeAll
// and stop() in afterAll, then drives everything through invoke() and render():
//   start()           start the fake platform, the core (a fresh temporary database) and the bot, connected.
//   core              the core App behind the bot: the suite ingests articles and breaks the store through it.
//   registeredCommands()  the command names the platform knows (Discord: the PUT commands body; Slack: the manifest).
//   invoke(cmd, sub, args, { admin, workspace })  one slash command typed by a member (or an admin) of a workspace
//                     ('a' by default; 'b' is another workspace), sent through the platform client; resolves with
//                     every message the bot sent in answer (pages / follow-ups), in order.
//   render(reply)     the adapter's pure renderer for a neutral Reply: every message it would send.
//   visibleText(r)    all text a user can read in the message (escaped markup is fine).
//   isPrivate(r)      only the invoking user sees it (Discord flag 64, Slack response_type ephemeral).
//   mentionsSafe(r)   nothing in the message can notify anyone (@everyone, @here, <!channel>, <@U…>, role pings).
//   limitProblems(r)  every platform limit the message breaks (empty when valid).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { Reply } from '../../commands/types.js';
import type { App } from '../../src/app.js';
import type { Briefing, Story } from '../../src/types.js';

export interface InvokeOptions {
  /** Run as a workspace admin (default false: an ordinary member). */
  admin?: boolean;
  /** Which workspace: 'a' (default) or 'b' — two separate guilds / teams. */
  workspace?: 'a' | 'b';
}

export interface AdapterHarness<R> {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly core: App;
  registeredCommands(): string[] | Promise<string[]>;
  invoke(command: string, sub: string | undefined, args: Record<string, string | number>, opts?: InvokeOptions): Promise<R[]>;
  render(reply: Reply): R[];
  visibleText(r: R): string;
  isPrivate(r: R): boolean;
  mentionsSafe(r: R): boolean;
  limitProblems(r: R): string[];
}

const SAMPLE_HEADLINE = 'Chinese envoy wraps up North Korea trip after meetings';
const HOSTILE = '<!channel> <!here> <!everyone> <@U024BE7LH> <#C024BE7LR> <@&123456789012345678> @everyone @here & more';

/** A briefing at every limit: 50 stories with huge headlines, summaries, source lists and tag lists. */
export function maximalBriefing(): Briefing {
  const long = (label: string, n: number) => `${label} ` + 'Lorem ipsum dolor sit amet & <b>bold</b> '.repeat(Math.ceil(n / 40)).slice(0, n);
  const stories: Story[] = Array.from({ length: 50 }, (_, i) => ({
    id: i + 1,
    headline: long(`Story ${String(i + 1).padStart(2, '0')}:`, 2000),
    summary: long('Summary', 6000),
    url: `https://news.example.com/${i}?q=${'x'.repeat(3000)}`,
    publishedAt: '2026-11-29T10:00:00Z',
    sources: Array.from({ length: 100 }, (_, j) => ({ name: long(`Source ${j}`, 200), url: `https://s${j}.example.com/` })),
    articleCount: 100,
    firstSeen: '2026-11-29T10:00:00Z',
    lastSeen: '2026-11-29T12:00:00Z',
    tags: Array.from({ length: 60 }, (_, j) => ({ kind: j % 2 ? 'place' : 'person', value: long(`Tag${j}`, 150) }) as const),
  }));
  return {
    title: long('Briefing:', 500),
    query: long('query', 500),
    window: { since: '2026-11-23T00:00:00Z', until: '2026-11-30T00:00:00Z' },
    note: long('Note', 5000),
    overview: long('Overview', 5000),
    stories,
  };
}

/** A small briefing whose every text field tries to notify someone. */
export function hostileBriefing(): Briefing {
  const story: Story = {
    id: 1,
    headline: `Headline ${HOSTILE}`,
    summary: `Summary ${HOSTILE}.`,
    url: 'https://news.example.com/a?x=<!channel>&y=|@here',
    publishedAt: '2026-11-29T10:00:00Z',
    sources: [{ name: `Source ${HOSTILE}` }],
    articleCount: 2,
    firstSeen: '2026-11-29T10:00:00Z',
    lastSeen: '2026-11-29T10:00:00Z',
    tags: [{ kind: 'person', value: `Tag ${HOSTILE}` }],
  };
  return { title: `Briefing: ${HOSTILE}`, query: HOSTILE, window: { since: null, until: '2026-11-30T00:00:00Z' }, note: `Note ${HOSTILE}`, stories: [story] };
}

/** Runs the contract against one adapter. */
export function runAdapterContract<R>(name: string, h: AdapterHarness<R>): void {
  const text = (rs: R[]) => rs.map((r) => h.visibleText(r)).join('\n');
  const valid = (rs: R[]) => {
    expect(rs.length).toBeGreaterThan(0);
    for (const r of rs) expect(h.limitProblems(r)).toEqual([]);
    return rs;
  };

  describe(`${name} adapter contract`, () => {
    beforeAll(async () => {
      await h.start();
      const sample = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'samples', 'sample-article.txt'), 'utf8');
      const r = await h.core.pipeline.ingestContent(sample, 'sample-article.txt');
      expect(r.rejections).toEqual([]);
    });
    afterAll(() => h.stop());

    it('registers exactly the commands in COMMANDS', async () => {
      expect([...(await h.registeredCommands())].sort()).toEqual([...COMMANDS.keys()].sort());
    });

    it('accepts every command and subcommand', async () => {
      for (const def of COMMANDS.values()) {
        for (const sub of def.subcommands?.map((s) => s.name) ?? [undefined]) {
          const rs = valid(await h.invoke(def.name, sub, {}, { admin: true }));
          expect(text(rs), `/${def.name} ${sub ?? ''}`).not.toMatch(/unknown command/i);
        }
      }
    });

    it('answers /brief korea publicly with the sample article headline', async () => {
      const rs = valid(await h.invoke('brief', undefined, { topic: 'korea' }));
      expect(text(rs)).toContain(SAMPLE_HEADLINE);
      expect(rs.every((r) => !h.isPrivate(r))).toBe(true);
    });

    it('keeps a maximal briefing within the platform limits without dropping a story', async () => {
      const rs = valid(h.render({ kind: 'briefing', briefing: maximalBriefing() }));
      const all = text(rs);
      for (let i = 1; i <= 50; i++) expect(all).toContain(`Story ${String(i).padStart(2, '0')}`);
    });

    it('shows a digest marked private only to the caller, and a scheduled one to the channel', () => {
      const [story] = hostileBriefing().stories;
      const digest = { title: 'Digest', window: { since: '2026-11-29T00:00:00Z', until: '2026-11-30T00:00:00Z' }, sections: [{ topic: 'korea', stories: story ? [story] : [] }] };
      const preview = valid(h.render({ kind: 'digest', digest, private: true }));
      expect(preview.every((r) => h.isPrivate(r))).toBe(true);
      const posted = valid(h.render({ kind: 'digest', digest }));
      expect(posted.some((r) => h.isPrivate(r))).toBe(false);
    });

    it('never pings from article or user text', async () => {
      for (const r of valid(h.render({ kind: 'briefing', briefing: hostileBriefing() }))) expect(h.mentionsSafe(r)).toBe(true);
      for (const r of valid(h.render({ kind: 'message', text: `Added topic **x**: ${HOSTILE}` }))) expect(h.mentionsSafe(r)).toBe(true);
      const article = { title: `Zorblatt exchange warns ${HOSTILE}`, body: `${'The zorblatt exchange said on Monday that trading would resume after a pause. '.repeat(4)}${HOSTILE}`, source: 'Wire & Co', url: 'https://wire.example.com/zorblatt', publishedAt: '2026-11-28T09:00:00Z' };
      expect((await h.core.pipeline.ingestContent(JSON.stringify(article), 'hostile.json')).rejections).toEqual([]);
      const rs = valid(await h.invoke('brief', undefined, { topic: 'zorblatt' }));
      expect(text(rs)).toMatch(/zorblatt/i);
      for (const r of rs) expect(h.mentionsSafe(r)).toBe(true);
    });

    it('answers a UserError privately with its message', async () => {
      const rs = valid(await h.invoke('brief', undefined, { topic: 'korea', since: '0h' }));
      expect(rs.every((r) => h.isPrivate(r))).toBe(true);
      expect(text(rs)).toMatch(/at least 1 hour/);
    });

    it('turns a thrown handler error into a private apology with an error id', async () => {
      const store = h.core.store;
      const search = store.articles.search;
      store.articles.search = () => {
        throw new Error('disk on fire');
      };
      try {
        const rs = valid(await h.invoke('brief', undefined, { topic: 'korea' }));
        expect(rs.every((r) => h.isPrivate(r))).toBe(true);
        expect(text(rs)).toMatch(/E-[0-9A-F]{6}/);
        expect(text(rs)).not.toContain('disk on fire');
      } finally {
        store.articles.search = search;
      }
    });

    it('refuses admin subcommands to members, naming the right needed, and allows them to admins', async () => {
      const args = { name: 'contract-topic', keywords: 'alpha beta, gamma' };
      const refused = valid(await h.invoke('topics', 'add', args, { admin: false }));
      expect(refused.every((r) => h.isPrivate(r))).toBe(true);
      expect(text(refused)).toMatch(/admin|Manage Server/i);
      expect(text(await h.invoke('topics', 'list', {}))).not.toContain('contract-topic');
      const allowed = valid(await h.invoke('topics', 'add', args, { admin: true }));
      expect(text(allowed)).toContain('contract-topic');
      expect(text(await h.invoke('topics', 'list', {}))).toContain('contract-topic');
    });

    it('keeps topics per workspace', async () => {
      await h.invoke('topics', 'add', { name: 'only-in-a', keywords: 'delta' }, { admin: true, workspace: 'a' });
      expect(text(await h.invoke('topics', 'list', {}, { workspace: 'a' }))).toContain('only-in-a');
      expect(text(await h.invoke('topics', 'list', {}, { workspace: 'b' }))).not.toContain('only-in-a');
    });
  });
}
