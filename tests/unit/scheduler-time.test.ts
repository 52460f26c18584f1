// The scheduler and time: daylight-saving changes, node-cron driving the ticks under fake timers, and two real
// scheduler processes on one database.
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { closeApps, dbFile, useSchedulerHarness, makeApp, wallClock, memoryPoster, ingest, subscribe, scheduler, SLOT, at } from './scheduler-harness.js';

useSchedulerHarness();

describe('scheduler: daylight saving', () => {
  it('posts a daily 08:00 New York digest once a day through the March and November changes', async () => {
    for (const [from, expected] of [
      ['2026-03-07T00:00:00Z', ['2026-03-07T13:00:00.000Z', '2026-03-08T12:00:00.000Z', '2026-03-09T12:00:00.000Z']],
      ['2026-10-31T00:00:00Z', ['2026-10-31T12:00:00.000Z', '2026-11-01T13:00:00.000Z', '2026-11-02T13:00:00.000Z']],
    ] as const) {
      const app = makeApp();
      await subscribe(app, { cron: '0 8 * * *', timezone: 'America/New_York', postEmpty: true, channelId: `discord:1:${from}`, createdAt: '2026-01-01T00:00:00.000Z' });
      const poster = memoryPoster();
      const s = scheduler(app, poster);
      const start = Date.parse(from);
      await s.tick(new Date(start));
      for (let t = start + 5 * 60_000; t <= start + 3 * 86_400_000; t += 5 * 60_000) await s.tick(new Date(t));
      expect(poster.sent.map((x) => x.nonce)).toHaveLength(3);
      const subId = (await app.store.digests.listSubscriptions(`discord:1:${from}`))[0]?.id ?? 0;
      const runs: (string | undefined)[] = [];
      for (const slot of expected) runs.push((await app.store.digests.getRun(subId, slot))?.status);
      expect(runs).toEqual(['posted', 'posted', 'posted']);
      await app.store.digests.removeSubscriptions(`discord:1:${from}`);
    }
  });

  it('posts a 01:30 digest once on the November day 01:30 happens twice', async () => {
    const app = makeApp();
    await subscribe(app, { cron: '30 1 * * *', timezone: 'America/New_York', postEmpty: true, createdAt: '2026-01-01T00:00:00.000Z' });
    const poster = memoryPoster();
    const s = scheduler(app, poster);
    const start = Date.parse('2026-11-01T04:00:00Z');
    await s.tick(new Date(start));
    for (let t = start + 60_000; t <= Date.parse('2026-11-01T09:00:00Z'); t += 60_000) await s.tick(new Date(t));
    expect(poster.sent).toHaveLength(1);
  });
});

describe('scheduler: node-cron drives the ticks', () => {
  it('posts at 08:00 Seoul time when fake timers reach it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(at(SLOT, -65_000)); // 07:58:55 KST
    const app = makeApp(wallClock); // node-cron and the app read the same (faked) machine clock
    await ingest(app, 'Korea talks resume in Seoul');
    await subscribe(app, { lastWatermark: '2026-11-29T00:00:00.000Z' });
    const poster = memoryPoster();
    const s = scheduler(app, poster);
    await s.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(poster.sent).toHaveLength(0);
    expect(await s.status()).toMatchObject({ running: true, alive: true });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(poster.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(poster.sent).toHaveLength(1);
    await s.stop();
    expect((await s.status()).running).toBe(false);
  });
});

describe('scheduler: two processes on one database', () => {
  it('posts each slot once when two scheduler processes tick at the same moment', async () => {
    const { spawn } = await import('node:child_process');
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const N = 300;
    await app.store.transaction(async (tx) => {
      for (let i = 0; i < N; i++) await subscribe({ store: tx }, { channelId: `discord:1:${1000 + i}`, postEmpty: true });
    });
    await closeApps();
    const script = path.resolve(import.meta.dirname, '..', 'fixtures', 'scheduler-process.mjs');
    const startAt = String(Date.now() + 2000);
    const run = (owner: string) =>
      new Promise<{ posted: string[]; tally: { posted: number } }>((resolve, reject) => {
        const child = spawn(process.execPath, [script, dbFile(), at(SLOT, 1000).toISOString(), owner, startAt], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += String(c)));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { posted: string[]; tally: { posted: number } }) : reject(new Error(`exit ${code}`))));
      });
    const [a, b] = await Promise.all([run('process-A'), run('process-B')]);
    const all = [...a.posted, ...b.posted];
    expect(all).toHaveLength(N);
    expect(new Set(all).size).toBe(N);
    expect(a.tally.posted + b.tally.posted).toBe(N);
  });
});
