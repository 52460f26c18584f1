// The scheduler's guarantees with in-memory posters: once per slot (restarts, two processes, crashes), missed-slot
// grace, nothing new, no repeats, isolation, retry/fatal classification and pausing; a dead instance's claims taken
// over between ticks. Time (DST, node-cron, two processes): scheduler-time.test.ts.
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { runCommand } from '../../commands/run.js';
import type { CommandContext } from '../../commands/types.js';
import { DeliveryError } from '../../src/schedule/delivery.js';
import type { SchedulerOptions } from '../../src/schedule/scheduler.js';
import { useSchedulerHarness, makeApp, memoryPoster, ingest, subscribe, scheduler, SLOT, at, clock, dbFile } from './scheduler-harness.js';

useSchedulerHarness();

describe('scheduler: once per slot', () => {
  it('posts a daily 08:00 Asia/Seoul digest once, at 23:00 UTC, with the new stories', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app);
    const poster = memoryPoster();
    const s = scheduler(app, poster);
    expect(await s.tick(at(SLOT, -60_000))).toEqual({ posted: 0, nothingNew: 0, failed: 0, skipped: 0 });
    expect(await s.tick(at(SLOT, 500))).toEqual({ posted: 1, nothingNew: 0, failed: 0, skipped: 0 });
    expect(await s.tick(at(SLOT, 60_500))).toEqual({ posted: 0, nothingNew: 0, failed: 0, skipped: 0 });
    expect(poster.sent).toHaveLength(1);
    const c = poster.sent[0]?.content;
    expect(c?.kind === 'digest' && c.digest.sections[0]?.stories[0]?.headline).toBe('Korea talks resume in Seoul');
    expect(await app.store.digests.getRun(sub.id, SLOT)).toMatchObject({ status: 'posted', messageRef: 'discord:discord:1:100:1' });
  });

  it('never posts a slot twice across a restart', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    await subscribe(app);
    const poster = memoryPoster();
    await scheduler(app, poster).tick(at(SLOT, 1000));
    // A new process starts five minutes later and catches up on the last day.
    await scheduler(makeApp(), poster).tick(at(SLOT, 5 * 60_000));
    expect(poster.sent).toHaveLength(1);
  });

  it('lets only one of two schedulers on one database post a slot', async () => {
    const a = makeApp();
    const b = makeApp();
    await ingest(a, 'Korea talks resume in Seoul');
    for (let i = 0; i < 20; i++) await subscribe(a, { channelId: `discord:1:${200 + i}` });
    const pa = memoryPoster();
    const pb = memoryPoster();
    const [ta, tb] = await Promise.all([scheduler(a, pa, { owner: 'A' }).tick(at(SLOT, 100)), scheduler(b, pb, { owner: 'B' }).tick(at(SLOT, 100))]);
    expect(ta.posted + tb.posted).toBe(20);
    expect(pa.sent.length + pb.sent.length).toBe(20);
    expect(new Set([...pa.sent, ...pb.sent].map((x) => x.channelId)).size).toBe(20);
  });

  it('re-posts a slot whose process died after claiming it, with the same nonce', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app);
    // The dead process claimed the slot at 23:00:01 and never finished.
    expect(await app.store.digests.claimSlot(sub.id, SLOT, 'dead', at(SLOT, 1000).toISOString(), 1000)).toBe(true);
    const poster = memoryPoster();
    const s = scheduler(app, poster);
    expect((await s.tick(at(SLOT, 2 * 60_000))).posted).toBe(0); // the claim is still fresh: maybe it is alive
    expect((await s.tick(at(SLOT, 4 * 60_000 + 2000))).posted).toBe(1); // 3 minutes without a heartbeat: taken over
    expect(poster.sent.map((x) => x.nonce)).toEqual([expect.stringMatching(/^nb[0-9a-z]+\.[0-9a-z]+$/)]);
    expect(await app.store.digests.getRun(sub.id, SLOT)).toMatchObject({ status: 'posted', attempts: 2 });
  });
});

describe('scheduler: claims of a live process', () => {
  it('keeps its queued claims fresh every tick, so another process never takes them over', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app);
    let release: () => void = () => undefined;
    const slow = memoryPoster();
    const post = slow.post.bind(slow);
    slow.post = async (...a) => {
      await new Promise<void>((r) => (release = r));
      return post(...a);
    };
    const a = scheduler(app, slow, { owner: 'A' });
    const running = a.tick(at(SLOT, 100)); // claimed, posting hangs for 10 minutes
    await vi.waitFor(async () => expect((await app.store.digests.getRun(sub.id, SLOT))?.status).toBe('claimed'));
    const other = memoryPoster();
    const b = scheduler(makeApp(), other, { owner: 'B' });
    await b.tick(at(SLOT, 1000));
    for (let m = 1; m <= 10; m++) {
      await a.tick(at(SLOT, m * 60_000)); // A's heartbeat renews its claim with its clock
      await b.tick(at(SLOT, m * 60_000 + 30_000));
    }
    expect(other.sent).toEqual([]);
    release();
    expect((await running).posted).toBe(1);
    expect(await app.store.digests.getRun(sub.id, SLOT)).toMatchObject({ status: 'posted', attempts: 1 });
  });
});

describe('scheduler: a dead instance\'s claims', () => {
  it('once started, takes them over between ticks (its sweep), as soon as the instance stops heartbeating', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app);
    await app.store.instances.registerInstance({ id: 'dead', host: 'h', pid: 1, roles: ['scheduler'] });
    clock.now = at(SLOT, 1000);
    await app.store.digests.enqueueSlots([{ subscriptionId: sub.id, slot: SLOT, platform: 'discord' }], clock.now.toISOString());
    expect(await app.store.digests.claimDue('dead', ['discord'], 1, clock.now.toISOString(), 3 * 60_000, at(SLOT, -3600_000).toISOString())).toHaveLength(1);
    const poster = memoryPoster();
    const s = scheduler(app, poster, { owner: 'heir', deadOwnerMs: 20_000, sweepMs: 20 });
    await s.start(); // its catch-up tick: 'dead' is live, its claim stays
    expect(poster.sent).toEqual([]);
    // The instances table's clock (the database's) moves on: 'dead' last beat long ago. No tick comes in between.
    const db = new Database(dbFile());
    db.prepare(`UPDATE instances SET heartbeat_at = '2026-01-01T00:00:00.000Z' WHERE id = 'dead'`).run();
    db.close();
    await vi.waitFor(() => expect(poster.sent).toHaveLength(1), { timeout: 30_000 });
    await s.stop();
    expect(await app.store.digests.getRun(sub.id, SLOT)).toMatchObject({ status: 'posted', owner: 'heir', attempts: 2 });
  });

  it('a process whose claim was taken over while it composed (frozen past the dead-after time) does not post it', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app);
    const poster = memoryPoster();
    const enhance: SchedulerOptions['enhance'] = async (d) => {
      // Meanwhile another instance took the claim over (here: stale by the lease clock, ten minutes on).
      expect(await app.store.digests.claimDue('B', ['discord'], 5, at(SLOT, 10 * 60_000).toISOString(), 3 * 60_000, at(SLOT, -3600_000).toISOString())).toHaveLength(1);
      return d;
    };
    // Dead-after 0: it asks before every post whether the claim is still its own (by default only once 10 s passed).
    const tally = await scheduler(app, poster, { owner: 'A', enhance, deadOwnerMs: 0 }).tick(at(SLOT, 100));
    expect(tally).toEqual({ posted: 0, nothingNew: 0, failed: 0, skipped: 0 });
    expect(poster.calls).toBe(0);
    expect(await app.store.digests.getRun(sub.id, SLOT)).toMatchObject({ status: 'claimed', owner: 'B', attempts: 2 });
  });
});

describe('scheduler: missed slots', () => {
  it('posts a slot missed while down once on start, within the grace window', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app);
    const poster = memoryPoster();
    expect((await scheduler(app, poster).tick(at(SLOT, 90 * 60_000))).posted).toBe(1);
    expect((await app.store.digests.getRun(sub.id, SLOT))?.status).toBe('posted');
  });

  it('records older missed slots as skipped instead of flooding the channel', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app, { cron: '0 */6 * * *', timezone: 'UTC' });
    const poster = memoryPoster();
    // Down from before 00:00 until 19:30: slots 00:00, 06:00, 12:00 are too old; 18:00 is within 2 h.
    const tally = await scheduler(app, poster).tick(new Date('2026-12-01T19:30:00Z'));
    expect(tally.posted).toBe(1);
    expect(poster.sent).toHaveLength(1);
    expect((await app.store.digests.getRun(sub.id, '2026-12-01T18:00:00.000Z'))?.status).toBe('posted');
    for (const h of ['00', '06', '12']) {
      expect(await app.store.digests.getRun(sub.id, `2026-12-01T${h}:00:00.000Z`)).toMatchObject({ status: 'skipped', error: expect.stringContaining('not running') });
    }
  });

  it('skips the only missed slot when it is past the grace window', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app);
    const poster = memoryPoster();
    await scheduler(app, poster, { graceMs: 30 * 60_000 }).tick(at(SLOT, 45 * 60_000));
    expect(poster.sent).toEqual([]);
    expect(await app.store.digests.getRun(sub.id, SLOT)).toMatchObject({ status: 'skipped', error: expect.stringContaining('0.5 h grace window') });
  });
});

describe('scheduler: what a digest holds', () => {
  it('posts nothing and records "nothing new" when nothing is new', async () => {
    const app = makeApp();
    const sub = await subscribe(app);
    const poster = memoryPoster();
    expect(await scheduler(app, poster).tick(at(SLOT, 100))).toMatchObject({ posted: 0, nothingNew: 1 });
    expect(poster.sent).toEqual([]);
    expect((await app.store.digests.getRun(sub.id, SLOT))?.status).toBe('nothing_new');
  });

  it('posts a one-line note when the subscription asks for one', async () => {
    const app = makeApp();
    await subscribe(app, { postEmpty: true });
    const poster = memoryPoster();
    await scheduler(app, poster).tick(at(SLOT, 100));
    expect(poster.sent[0]?.content).toEqual({ kind: 'text', text: expect.stringMatching(/^Nothing new for this digest since /) });
  });

  it.each(['digest', 'thread'] as const)('does not repeat a posted story; with updates:%s, brings it back as an update once it grew notably (digest) or never (thread)', async (updates) => {
    const clock = { now: new Date('2026-11-30T10:00:00Z') };
    const app = makeApp(clock);
    await ingest(app, 'Korea talks resume in Seoul');
    await subscribe(app, { updates });
    const poster = memoryPoster();
    const s = scheduler(app, poster);
    await s.tick(at(SLOT, 100));
    // Next day: one more copy of the same story (not notable) and a new story.
    clock.now = new Date('2026-12-01T10:00:00Z');
    await ingest(app, 'Korea talks resume in Seoul, officials say');
    await ingest(app, 'Korean exports rise for a third month', 'South Korea said exports of memory chips and cars rose for a third straight month in November, led by shipments to the United States. Economists in Seoul expect growth to slow next year as global demand cools.');
    await s.tick(at(SLOT, 86_400_000 + 100));
    const second = poster.sent[1]?.content;
    const heads = second?.kind === 'digest' ? second.digest.sections.flatMap((x) => x.stories.map((st) => [st.headline, st.update === true])) : [];
    expect(heads).toEqual([['Korean exports rise for a third month', false]]);
    // Day three: the first story gains two more reports -> an update.
    clock.now = new Date('2026-12-02T10:00:00Z');
    await ingest(app, 'Korea talks resume in Seoul as delegations arrive');
    await ingest(app, 'Korea talks resume in Seoul amid hopes');
    await s.tick(at(SLOT, 2 * 86_400_000 + 100));
    const third = poster.sent[2]?.content;
    const stories = third?.kind === 'digest' ? third.digest.sections.flatMap((x) => x.stories) : [];
    // updates:thread: the grown story's news goes to the first digest's thread (tests/e2e/story-updates.test.ts).
    expect(stories.map((st) => [st.articleCount, st.update])).toEqual(updates === 'digest' ? [[4, true]] : []);
  });
});

describe('scheduler: LLM overview', () => {
  it('posts the enhanced digest, and the plain one when enhancing fails', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    await subscribe(app, { channelId: 'discord:1:301' });
    await subscribe(app, { channelId: 'discord:1:302' });
    const poster = memoryPoster();
    let n = 0;
    const enhance = async (d: Parameters<NonNullable<SchedulerOptions['enhance']>>[0]) => {
      if (++n === 2) throw new Error('LLM down');
      return { ...d, overview: 'Talks resumed in Seoul [1].' };
    };
    expect((await scheduler(app, poster, { enhance }).tick(at(SLOT, 100))).posted).toBe(2);
    const overviews = poster.sent.map((x) => (x.content.kind === 'digest' ? x.content.digest.overview : 'text'));
    expect(overviews.sort()).toEqual(['Talks resumed in Seoul [1].', undefined].sort());
  });
});

describe('scheduler: isolation and failures', () => {
  it('keeps posting other subscriptions when one fails, and returns the tally', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    await subscribe(app, { channelId: 'discord:1:101' });
    await subscribe(app, { channelId: 'discord:1:102' });
    await subscribe(app, { channelId: 'discord:1:103' });
    const poster = memoryPoster((ch) => (ch === 'discord:1:102' ? new Error('socket hang up') : undefined));
    const tally = await scheduler(app, poster, { retry: { attempts: 2 } }).tick(at(SLOT, 100));
    expect(tally).toEqual({ posted: 2, nothingNew: 0, failed: 1, skipped: 0 });
    expect(poster.sent.map((x) => x.channelId).sort()).toEqual(['discord:1:101', 'discord:1:103']);
  });

  it('retries a rate-limited post after the time the platform asked for', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    await subscribe(app);
    const waits: number[] = [];
    const poster = memoryPoster((_ch, n) => (n <= 2 ? new DeliveryError('rate limited', 'retryable', '429', 7_000) : undefined));
    const tally = await scheduler(app, poster, { sleep: async (ms) => void waits.push(ms) }).tick(at(SLOT, 100));
    expect(tally.posted).toBe(1);
    expect(waits).toEqual([7_000, 7_000]);
    expect(new Set(poster.sent.map((x) => x.nonce)).size).toBe(1);
  });

  it('records a fatal failure with its reason, shown by /digest status, and pauses after three in a row with a DM', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app);
    const poster = memoryPoster(() => new DeliveryError('the channel no longer exists (Discord: Unknown Channel)', 'fatal', '10003'));
    const s = scheduler(app, poster);
    const ctx: CommandContext = { platform: 'discord', workspaceId: 'discord:1', channelId: 'discord:1:100', userId: 'discord:42', isAdmin: true, now: at(SLOT, 3600_000) };
    await s.tick(at(SLOT, 100));
    expect(poster.calls).toBe(1); // fatal: not retried
    const status = await runCommand(app, ctx, 'digest', 'status', {});
    expect(status.kind === 'message' && status.text).toContain('failed (the channel no longer exists (Discord: Unknown Channel))');
    await s.tick(at(SLOT, 86_400_000 + 100));
    expect((await app.store.digests.getSubscription(sub.id))?.pausedReason).toBeUndefined();
    await s.tick(at(SLOT, 2 * 86_400_000 + 100));
    expect((await app.store.digests.getSubscription(sub.id))?.pausedReason).toMatch(/^3 deliveries in a row failed: the channel no longer exists/);
    expect(poster.dms).toEqual([{ to: 'discord:42', text: expect.stringContaining(`/digest resume id:${sub.id}`) }]);
    await s.tick(at(SLOT, 3 * 86_400_000 + 100));
    expect(poster.calls).toBe(3); // paused: no more attempts
    const paused = await runCommand(app, { ...ctx, now: at(SLOT, 3 * 86_400_000) }, 'digest', 'status', {});
    expect(paused.kind === 'message' && paused.text).toMatch(/next: paused .*\n.*paused: 3 deliveries in a row failed/s);
    const resumed = await runCommand(app, ctx, 'digest', 'resume', {});
    expect(resumed.kind === 'message' && resumed.text).toContain(`Digest #${sub.id} is running again`);
    expect(await app.store.digests.getSubscription(sub.id)).toMatchObject({ consecutiveFailures: 0 });
  });

  it('resets the fatal count after a success', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app, { postEmpty: true });
    const poster = memoryPoster((_c, n) => (n === 1 ? new DeliveryError('no access', 'fatal', '50001') : undefined));
    const s = scheduler(app, poster);
    await s.tick(at(SLOT, 100));
    expect((await app.store.digests.getSubscription(sub.id))?.consecutiveFailures).toBe(1);
    await s.tick(at(SLOT, 86_400_000 + 100));
    expect(await app.store.digests.getSubscription(sub.id)).toMatchObject({ consecutiveFailures: 0 });
    expect((await app.store.digests.getSubscription(sub.id))?.lastError).toBeUndefined();
  });

  it('gives back a claim when stopped during a retry wait, so the slot is due again on restart', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app);
    let release: () => void = () => undefined;
    const poster = memoryPoster(() => new DeliveryError('Discord answered 503', 'retryable', '503'));
    const s = scheduler(app, poster, { sleep: () => new Promise<void>((r) => (release = r)) });
    const running = s.tick(at(SLOT, 100));
    await vi.waitFor(() => expect(poster.calls).toBe(1));
    await s.stop();
    release();
    expect(await running).toMatchObject({ posted: 0, failed: 0 });
    expect(await app.store.digests.getRun(sub.id, SLOT)).toMatchObject({ status: 'due' }); // any instance may take it now
    const again = memoryPoster();
    expect((await scheduler(app, again).tick(at(SLOT, 60_000))).posted).toBe(1);
  });

  it('records a posted slot and its stories together: when recording fails, the slot is posted again with its nonce, never left without its watermark', async () => {
    const app = makeApp();
    await ingest(app, 'Korea talks resume in Seoul');
    const sub = await subscribe(app);
    let failures = 1;
    // The database fails once while recording the stories the digest posted (in a transaction, nested ones too).
    type Tx = Parameters<Parameters<typeof app.store.transaction>[0]>[0];
    const failing = (tx: Tx): Tx => ({
      ...tx,
      digests: { ...tx.digests, setWatermark: (id, w) => (failures-- > 0 ? Promise.reject(new Error('connection lost')) : tx.digests.setWatermark(id, w)) },
      transaction: (fn) => tx.transaction((inner) => fn(failing(inner))),
    });
    const store = { ...app.store, transaction: <T>(fn: (tx: Tx) => Promise<T>) => app.store.transaction((tx) => fn(failing(tx))) };
    const poster = memoryPoster();
    expect((await scheduler({ ...app, store }, poster).tick(at(SLOT, 100))).posted).toBe(1);
    expect(poster.sent.map((x) => x.nonce)).toEqual([poster.sent[0]?.nonce, poster.sent[0]?.nonce]); // the platform drops the repeat
    expect(await app.store.digests.getRun(sub.id, SLOT)).toMatchObject({ status: 'posted' });
    expect((await app.store.digests.getSubscription(sub.id))?.lastWatermark).toBe(at(SLOT, 100).toISOString());
    // The next day's digest does not repeat the story.
    expect(await scheduler(app, poster).tick(at(SLOT, 86_400_000 + 100))).toMatchObject({ posted: 0, nothingNew: 1 });
  });
});
