// `newsbrief migrate sqlite-to-pg`, end to end: a SQLite database with articles, a digest that has posted (ledger,
// posted stories, watermark), topics and a feed is copied by the real CLI into a fresh PostgreSQL schema; every count
// matches, ids are kept and continue, and no slot the digest posted can be claimed or recorded again.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createPgStore } from '../../src/store/pg.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/ports.js';
import { pgTestsEnabled, pgTestUrl, reportSkippedPostgres } from '../support/postgres.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');
const NOW = new Date('2026-12-01T09:00:00.000Z');
const clock = () => NOW;
const SLOT = '2026-12-01T08:00:00.000Z';
const NEXT = '2026-12-02T08:00:00.000Z';

const migrate = (...args: string[]) =>
  spawnSync(process.execPath, [bin, 'migrate', 'sqlite-to-pg', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NEWSBRIEF_DATABASE_URL: '' } });

reportSkippedPostgres('newsbrief migrate sqlite-to-pg');

describe.runIf(pgTestsEnabled())('newsbrief migrate sqlite-to-pg', () => {
  let dir: string;
  let file: string;
  let url: string;
  let pg: Store;
  let subId = 0;
  let storyIds: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-migrate-'));
    file = path.join(dir, 'newsbrief.db');
    url = await pgTestUrl();
    const app = createApp({ dbPath: file, now: clock, llm: false });
    const r = await app.pipeline.ingestContent(JSON.stringify([
      { title: 'Harbor bridge opens to traffic', body: 'The harbor bridge opened to traffic on Monday after four years of work, the city said. Drivers crossed it in both directions within minutes, and officials said a toll would start next month once the cameras are tested.', source: 'Coast Courier', url: 'https://a.example/1', publishedAt: '2026-11-30T10:00:00Z' },
      { title: 'Ferry strike ends in Busan', body: 'Ferry workers in Busan ended their strike after a pay deal was reached late on Sunday. Services to the islands resume on Tuesday morning, the operator said, and tickets bought for cancelled crossings will be refunded in full.', source: 'Harbor Times', url: 'https://b.example/2', publishedAt: '2026-11-30T12:00:00Z' },
    ]), 'seed.json');
    expect(r.rejections).toEqual([]);
    storyIds = r.outcomes.map((o) => o.storyId as number);
    const s = app.store;
    await s.topics.saveTopic('discord:1', { name: 'harbour', keywords: ['harbor', 'ferry'] }, 'discord:u');
    await s.feeds.addFeed({ workspaceId: 'discord:1', url: 'https://feeds.example/a.xml', topics: ['harbour'], intervalMinutes: 15, fetchPages: true, nextPollAt: SLOT }, SLOT);
    const sub = await s.digests.addSubscription({ workspaceId: 'discord:1', channelId: 'discord:1:2', topics: ['harbour'], cron: '0 8 * * *', timezone: 'UTC', postEmpty: false, createdAt: '2026-11-01T00:00:00.000Z' });
    subId = sub.id;
    // The digest posted the 08:00 slot with both stories, and moved its watermark.
    expect(await s.digests.claimSlot(subId, SLOT, 'old-bot', SLOT, 3 * 60_000)).toBe(true);
    await s.transaction(async (tx) => {
      await tx.digests.finishRun(subId, SLOT, 'old-bot', { status: 'posted', messageRef: 'msg-1' }, SLOT);
      await tx.digests.markPosted(subId, storyIds.map((id) => ({ storyId: id, articleCount: 1 })), SLOT);
      await tx.digests.setWatermark(subId, SLOT);
    });
    await s.digests.enqueueSlots([{ subscriptionId: subId, slot: NEXT, platform: 'discord' }], SLOT);
    await app.close();
  }, 120_000);

  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses without a target, and copies everything with counts verified', () => {
    expect(migrate('--from', file).stderr).toMatch(/--to postgres:\/\//);
    const r = migrate('--from', file, '--to', url);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/counts verified/);
    expect(r.stdout).toMatch(/articles\s+2\n/);
    expect(r.stdout).toMatch(/digest_runs\s+2\n/);
    expect(r.stdout).toMatch(/digest_stories\s+2\n/);
  }, 120_000);

  it('keeps ids, the ledger and the watermark: the posted slot is never claimed or recorded again', async () => {
    pg = createPgStore(url, clock);
    const sqlite = createSqliteStore(file, clock);
    try {
      expect(await pg.stats()).toEqual(await sqlite.stats());
      expect(await pg.stories.getStories(storyIds)).toEqual(await sqlite.stories.getStories(storyIds));
      expect(await pg.digests.getSubscription(subId)).toEqual(await sqlite.digests.getSubscription(subId));
      expect(await pg.digests.getRun(subId, SLOT)).toMatchObject({ status: 'posted', messageRef: 'msg-1' });
      expect(await pg.digests.postedStories(subId, storyIds)).toEqual(new Map(storyIds.map((id) => [id, 1])));
      expect(await pg.topics.listTopics('discord:1')).toEqual(await sqlite.topics.listTopics('discord:1'));
      expect(await pg.feeds.listFeeds()).toEqual(await sqlite.feeds.listFeeds());
    } finally {
      await sqlite.close();
    }
    // The new instance's tick records the posted slot again: nothing new; no worker can claim it; the due one waits.
    expect(await pg.digests.enqueueSlots([{ subscriptionId: subId, slot: SLOT, platform: 'discord' }], NOW.toISOString())).toBe(0);
    expect(await pg.digests.claimSlot(subId, SLOT, 'new-bot', NOW.toISOString(), 3 * 60_000)).toBe(false);
    const claimed = await pg.digests.claimDue('new-bot', ['discord'], 10, '2026-12-02T08:00:30.000Z', 3 * 60_000, '2026-12-01T00:00:00.000Z');
    expect(claimed.map((c) => c.slot)).toEqual([NEXT]);
    // The identity sequences continue after the copied ids.
    const sub = await pg.digests.addSubscription({ workspaceId: 'discord:1', channelId: 'discord:1:3', topics: [], cron: '0 9 * * *', timezone: 'UTC', postEmpty: false });
    expect(sub.id).toBe(subId + 1);
    const a = await pg.articles.insertArticle({ contentHash: 'new', title: 'Glacier retreats', body: 'Glacier retreats.', summary: '', gist: '', lang: 'en', tags: [], ingestedAt: NOW.toISOString(), fingerprint: Buffer.from([1]), bandKeys: [] }, null);
    expect(a.articleId).toBe(3);
    expect(a.storyId).toBeGreaterThan(Math.max(...storyIds));
  });

  it('refuses to copy into a database that already holds data', () => {
    const r = migrate('--from', file, '--to', url);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/already holds/);
  }, 120_000);
});
