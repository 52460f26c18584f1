// /feeds argument handling and feed settings from the environment (no network: every case fails before a fetch).
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/run.js';
import type { CommandContext } from '../../commands/types.js';
import { createApp } from '../../src/app.js';
import { FileConfigSchema, loadConfig, type Config } from '../../src/config/config.js';
import { feedProblemsLine } from '../../src/feeds/poller.js';
import { normalizeFeedUrl } from '../../src/feeds/service.js';

const file = FileConfigSchema.parse({ topics: [{ name: 'korea', keywords: ['seoul'] }] });
const config: Config = { dbPath: ':memory:', configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent' };
const ctx: CommandContext = { platform: 'slack', workspaceId: 'slack:T1', channelId: 'slack:T1:C1', userId: 'slack:U1', isAdmin: true, adminRight: 'workspace admin rights', now: new Date('2026-11-30T00:00:00Z') };
const say = async (sub: string, args: Record<string, unknown>) => {
  const app = createApp({ config, dbPath: ':memory:' });
  try {
    const r = await runCommand(app, ctx, 'feeds', sub, args);
    return r.kind === 'message' || r.kind === 'error' ? r.text : r.kind;
  } finally {
    await app.close();
  }
};

describe('/feeds arguments', () => {
  it('normalizes what a user types into a feed URL', () => {
    expect(normalizeFeedUrl('https://news.example/feed.xml')).toBe('https://news.example/feed.xml');
    expect(normalizeFeedUrl(' news.example/rss#top ')).toBe('https://news.example/rss');
    expect(() => normalizeFeedUrl('javascript:alert(1)')).toThrow('Only http and https feeds can be added, not javascript.');
    expect(() => normalizeFeedUrl('https://user:pw@news.example/')).toThrow(/user name or password/);
    expect(() => normalizeFeedUrl('http://')).toThrow(/is not a URL/);
  });

  it('refuses intervals under 5 minutes or over a day, and unknown topics, before fetching anything', async () => {
    expect(await say('add', { url: 'https://news.example/feed', interval: 2 })).toBe('interval must be at least 5 minutes');
    expect(await say('add', { url: 'https://news.example/feed', interval: 5000 })).toBe('interval can be at most 1440 minutes (a day)');
    expect(await say('add', { url: 'https://news.example/feed', topics: 'korea, knitting' })).toBe('Unknown topic: knitting. `/topics list` shows them.');
    expect(await say('add', {})).toBe('Give the feed URL, e.g. url:https://example.com/feed.xml');
  });

  it('refuses /feeds to non-admins', async () => {
    const app = createApp({ config, dbPath: ':memory:' });
    const r = await runCommand(app, { ...ctx, isAdmin: false }, 'feeds', 'list', {});
    await app.close();
    expect(r).toEqual({ kind: 'message', private: true, problem: true, text: 'Only members with workspace admin rights can use /feeds list.' });
  });

  it('says when a workspace has no feeds, and has no problems line then', async () => {
    expect(await say('list', {})).toMatch(/^This workspace has no feeds\./);
    const app = createApp({ config, dbPath: ':memory:' });
    expect(await feedProblemsLine(app, 'slack:T1')).toBeUndefined();
    await app.close();
  });
});

describe('feed settings', () => {
  it('refuses private addresses unless NEWSBRIEF_ALLOW_PRIVATE_FEEDS=1', async () => {
    expect(loadConfig({}).feeds).toEqual({ allowPrivate: false, userAgent: expect.stringMatching(/^newsbrief\//), intervalMinutes: 15 });
    expect(loadConfig({ NEWSBRIEF_ALLOW_PRIVATE_FEEDS: '1', NEWSBRIEF_FEED_USER_AGENT: 'bot/2 (ops@example.com)', NEWSBRIEF_FEED_INTERVAL: '30' }).feeds)
      .toEqual({ allowPrivate: true, userAgent: 'bot/2 (ops@example.com)', intervalMinutes: 30 });
  });

  it('names a bad interval', async () => {
    expect(() => loadConfig({ NEWSBRIEF_FEED_INTERVAL: '2' })).toThrow(/NEWSBRIEF_FEED_INTERVAL: at least 5 minutes/);
  });
});
