// The coordination part of the Store contract (run by store.contract.test.ts for every store): what several
// newsbrief instances on one database rely on (app installations, instances, digest claims, leases, pages, budgets).
// The instances table judges liveness by the database's clock only; claims and leases by the lease clock (SQLite: the
// `now` each call passes; PostgreSQL: the database's clock), so the tests pass app times for SQLite and call `elapse`
// where time passes for PostgreSQL.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';

/** Registers the coordination tests; `store` gives the current test's fresh store, `elapse` lets its lease clock move on. */
export function coordinationContract(store: () => Store, elapse: (ms: number) => Promise<void>): void {
  const STALE = 3 * 60_000;
  describe('app installations', () => {
    const T1 = '2026-12-01T12:00:00.000Z';
    const T2 = '2026-12-01T13:00:00.000Z';
    const inst = { id: 'p:T1', workspaceId: 'p:T1', data: '{"token":"secret-1"}', expiresAt: '2026-12-02T00:00:00.000Z' };

    it('saves, replaces (keeping when it was installed), lists and deletes installations', async () => {
      expect(await store().installations.saveInstallation(inst, T1)).toBe(true);
      expect(await store().installations.getInstallation('p:T1')).toEqual({ ...inst, installedAt: T1, updatedAt: T1 });
      expect(await store().installations.saveInstallation({ id: 'p:T1', workspaceId: 'p:T1', data: '{"token":"secret-2"}' }, T2)).toBe(false);
      expect(await store().installations.getInstallation('p:T1')).toEqual({ id: 'p:T1', workspaceId: 'p:T1', data: '{"token":"secret-2"}', installedAt: T1, updatedAt: T2 });
      await store().installations.saveInstallation({ id: 'p:org:E1', data: '{}' }, T1);
      expect((await store().installations.listInstallations()).map((i) => i.id)).toEqual(['p:T1', 'p:org:E1']);
      expect((await store().installations.listInstallations('p:T1')).map((i) => i.id)).toEqual(['p:T1']);
      expect((await store().installations.getInstallation('p:org:E1'))?.workspaceId).toBeUndefined();
      expect(await store().installations.deleteInstallation('p:T1')).toBe(true);
      expect(await store().installations.deleteInstallation('p:T1')).toBe(false);
      expect(await store().installations.getInstallation('p:T1')).toBeUndefined();
      expect(await store().installations.getInstallation('p:none')).toBeUndefined();
    });

    it('locks an installation for the rest of a transaction: two read-modify-writes never lose one another', async () => {
      await store().installations.saveInstallation({ ...inst, data: 'v1' }, T1);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const edit = (suffix: string, wait?: Promise<void>) =>
        store().transaction(async (tx) => {
          const row = await tx.installations.lockInstallation('p:T1');
          if (wait) await wait;
          await tx.installations.saveInstallation({ ...inst, data: `${row?.data ?? ''}+${suffix}` }, T2);
        });
      const first = edit('a', held);
      const second = edit('b');
      release();
      await Promise.all([first, second]);
      expect(['v1+a+b', 'v1+b+a']).toContain((await store().installations.getInstallation('p:T1'))?.data);
      expect(await store().transaction((tx) => tx.installations.lockInstallation('p:none'))).toBeUndefined();
    });
  });

  describe('instances', () => {
    it('registers an instance with the database clock, heartbeats it, lists it as live and forgets it', async () => {
      const s = store();
      const i = await s.instances.registerInstance({ id: 'host-a:12:abc', host: 'host-a', pid: 12, roles: ['scheduler', 'poller'] });
      expect(i).toMatchObject({ id: 'host-a:12:abc', host: 'host-a', pid: 12, roles: ['scheduler', 'poller'] });
      expect(Date.parse(i.startedAt)).toBeGreaterThan(0);
      expect(i.heartbeatAt).toBe(i.startedAt);
      await s.instances.registerInstance({ id: 'host-b:7:def', host: 'host-b', pid: 7, roles: ['http'] });
      expect(await s.instances.heartbeatInstance('host-a:12:abc')).toBe(true);
      const live = await s.instances.liveInstances(60);
      expect(live.map((x) => x.id).sort()).toEqual(['host-a:12:abc', 'host-b:7:def']);
      expect(live.find((x) => x.id === 'host-a:12:abc')!.heartbeatAt >= i.heartbeatAt).toBe(true);
      expect(await s.instances.pruneInstances(3600)).toBe(0);
      expect(await s.instances.removeInstance('host-b:7:def')).toBe(true);
      expect(await s.instances.removeInstance('host-b:7:def')).toBe(false);
      expect(await s.instances.heartbeatInstance('host-b:7:def')).toBe(false);
      expect((await s.instances.liveInstances(60)).map((x) => x.id)).toEqual(['host-a:12:abc']);
    });

    it('re-registering keeps the start and takes the new roles', async () => {
      const s = store();
      const first = await s.instances.registerInstance({ id: 'x', host: 'h', pid: 1, roles: ['http'] });
      const again = await s.instances.registerInstance({ id: 'x', host: 'h', pid: 1, roles: ['http', 'poller'] });
      expect(again).toMatchObject({ startedAt: first.startedAt, roles: ['http', 'poller'] });
    });
  });

  describe('digest slots across instances', () => {
    const T = (m: number) => new Date(Date.parse('2026-12-01T08:00:00.000Z') + m * 60_000).toISOString();
    const sub = async (channelId: string) =>
      (await store().digests.addSubscription({ workspaceId: 'discord:1', channelId, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: false, createdAt: T(-600) })).id;

    it('records due slots once however many instances record them; workers claim at most their limit, oldest first, never one slot twice', async () => {
      const s = store();
      const ids = [await sub('discord:1:1'), await sub('discord:1:2'), await sub('discord:1:3'), await sub('slack:T:4')];
      const due = ids.map((id, i) => ({ subscriptionId: id, slot: T(i === 0 ? -60 : 0), platform: i === 3 ? 'slack' : 'discord' }));
      expect(await s.digests.enqueueSlots(due, T(0))).toBe(4);
      expect(await s.digests.enqueueSlots(due, T(0))).toBe(0);
      expect(await s.digests.getRun(ids[0]!, T(-60))).toMatchObject({ status: 'due', attempts: 0 });
      const a = await s.digests.claimDue('a', ['discord'], 2, T(0), STALE, T(-120));
      expect(a.map((c) => [c.subscriptionId, c.slot, c.attempts])).toEqual([[ids[0], T(-60), 1], [ids[1], T(0), 1]]);
      const b = await s.digests.claimDue('b', ['discord'], 5, T(0), STALE, T(-120));
      expect(b.map((c) => c.subscriptionId)).toEqual([ids[2]]);
      expect(await s.digests.claimDue('c', ['discord'], 5, T(1), STALE, T(-120))).toEqual([]);
      expect((await s.digests.claimDue('c', ['slack', 'discord'], 5, T(1), STALE, T(-120))).map((c) => c.subscriptionId)).toEqual([ids[3]]);
      expect(await s.digests.getRun(ids[1]!, T(0))).toMatchObject({ status: 'claimed', owner: 'a' });
      // claimSlot on a recorded due slot claims it too (a command posting it now).
      await s.digests.enqueueSlots([{ subscriptionId: ids[1]!, slot: T(60), platform: 'discord' }], T(60));
      expect(await s.digests.claimSlot(ids[1]!, T(60), 'cmd', T(60), STALE)).toBe(true);
      expect(await s.digests.claimSlot(ids[1]!, T(60), 'other', T(60), STALE)).toBe(false);
    });

    it('takes over a stale claim with the next attempt, leaves a renewed one alone, and expires due slots past the grace', async () => {
      const s = store();
      const x = await sub('discord:1:1');
      const y = await sub('discord:1:2');
      await s.digests.enqueueSlots([{ subscriptionId: x, slot: T(0), platform: 'discord' }, { subscriptionId: y, slot: T(0), platform: 'discord' }], T(0));
      expect(await s.digests.claimDue('dead', ['discord'], 1, T(0), STALE, T(-120))).toHaveLength(1);
      expect(await s.digests.claimDue('alive', ['discord'], 1, T(0), STALE, T(-120))).toHaveLength(1);
      await elapse(2 * 60_000);
      expect(await s.digests.renewClaims('alive', T(2))).toBe(1);
      await elapse(2 * 60_000);
      // Four minutes on, 'dead' has not renewed: its claim is taken over (attempt 2), 'alive's is not.
      const taken = await s.digests.claimDue('heir', ['discord'], 5, T(4), STALE, T(-120));
      expect(taken).toEqual([{ subscriptionId: x, slot: T(0), attempts: 2 }]);
      expect(await s.digests.finishRun(x, T(0), 'dead', { status: 'posted' }, T(5))).toBe(false);
      expect(await s.digests.finishRun(x, T(0), 'heir', { status: 'posted', messageRef: 'm' }, T(5))).toBe(true);
      await s.digests.enqueueSlots([{ subscriptionId: x, slot: T(60), platform: 'discord' }], T(60));
      expect(await s.digests.expireDue(T(30), 'too old', T(200))).toBe(0);
      expect(await s.digests.expireDue(T(61), 'too old', T(200))).toBe(1);
      expect(await s.digests.getRun(x, T(60))).toMatchObject({ status: 'skipped', error: 'too old' });
      expect(await s.digests.claimDue('late', ['discord'], 5, T(200), STALE, T(1))).toEqual([]); // past the grace: never posted late
    });

    it('takes over at once the claims of an instance whose heartbeat is too old; never its own, nor a live or unregistered owner\'s', async () => {
      const s = store();
      const ids = [await sub('discord:1:1'), await sub('discord:1:2'), await sub('discord:1:3'), await sub('discord:1:4')];
      await s.digests.enqueueSlots(ids.map((id) => ({ subscriptionId: id, slot: T(0), platform: 'discord' })), T(0));
      for (const id of ['dead', 'heir']) await s.instances.registerInstance({ id, host: 'h', pid: 1, roles: ['scheduler'] });
      expect(await s.digests.claimDue('dead', ['discord'], 2, T(0), STALE, T(-120))).toHaveLength(2);
      expect(await s.digests.claimDue('command:u1', ['discord'], 1, T(0), STALE, T(-120))).toHaveLength(1); // no instance
      expect(await s.digests.claimDue('heir', ['discord'], 1, T(0), STALE, T(-120))).toHaveLength(1);
      // Every heartbeat is younger than a minute: nothing changes hands.
      expect(await s.digests.claimDue('other', ['discord'], 5, T(1), STALE, T(-120), 60_000)).toEqual([]);
      // Heartbeats are the instances table's clock (the database's, real time): 'dead' has not beaten for 30 ms.
      await sleep(30);
      const taken = await s.digests.claimDue('heir', ['discord'], 5, T(1), STALE, T(-120), 10);
      expect(taken.map((c) => [c.subscriptionId, c.attempts])).toEqual([[ids[0], 2], [ids[1], 2]]);
      const owners = await Promise.all(ids.map(async (id) => (await s.digests.getRun(id, T(0)))?.owner));
      expect(owners).toEqual(['heir', 'heir', 'command:u1', 'heir']);
      expect(await s.digests.finishRun(ids[0]!, T(0), 'dead', { status: 'posted' }, T(2))).toBe(false);
    });
  });

  describe('feed and host leases', () => {
    const T = (m: number) => new Date(Date.parse('2026-12-01T12:00:00.000Z') + m * 60_000).toISOString();
    const feed = (url: string, next: number) => ({ workspaceId: 'w', url, topics: [], intervalMinutes: 15, fetchPages: false, nextPollAt: T(next) });

    it('leases due feeds to one owner at a time, most overdue first, until released or the lease runs out', async () => {
      const s = store();
      const a = (await s.feeds.addFeed(feed('https://a.example/1.xml', -10), T(-20))).feed;
      const b = (await s.feeds.addFeed(feed('https://a.example/2.xml', -5), T(-20))).feed;
      const c = (await s.feeds.addFeed(feed('https://b.example/3.xml', 0), T(-20))).feed;
      await s.feeds.addFeed(feed('https://b.example/4.xml', 30), T(-20)); // not due
      const LEASE = 5 * 60_000;
      expect((await s.feeds.leaseDueFeeds('p1', T(0), LEASE, 2)).map((f) => f.id)).toEqual([a.id, b.id]);
      expect((await s.feeds.leaseDueFeeds('p2', T(0), LEASE, 10)).map((f) => f.id)).toEqual([c.id]);
      expect(await s.feeds.leaseDueFeeds('p3', T(1), LEASE, 10)).toEqual([]);
      // p1 polled a: the next poll moves on and the lease is given back; b's lease runs out unreleased (p1 died).
      await s.feeds.updateFeed(a.id, { nextPollAt: T(15), lastPolledAt: T(1) });
      expect(await s.feeds.releaseFeed(a.id, 'p2')).toBe(false);
      expect(await s.feeds.releaseFeed(a.id, 'p1')).toBe(true);
      expect(await s.feeds.leaseDueFeeds('p3', T(2), LEASE, 10)).toEqual([]);
      await elapse(5 * 60_000);
      expect((await s.feeds.leaseDueFeeds('p3', T(5), LEASE, 10)).map((f) => f.id)).toEqual([b.id, c.id]);
      await elapse(11 * 60_000);
      expect((await s.feeds.leaseDueFeeds('p4', T(16), LEASE, 10)).map((f) => f.id)).toEqual([b.id, c.id, a.id]); // p3's leases ran out too
    });

    it('lets one owner at a time hold a host, until it gives it back or its lease runs out', async () => {
      const s = store();
      const MIN = 60_000;
      expect(await s.feeds.leaseHost('a.example', 'p1', T(0), MIN)).toBe(true);
      expect(await s.feeds.leaseHost('a.example', 'p2', T(0), MIN)).toBe(false);
      expect(await s.feeds.leaseHost('b.example', 'p2', T(0), MIN)).toBe(true);
      expect(await s.feeds.leaseHost('a.example', 'p1', T(0), 2 * MIN)).toBe(true); // its own lease, extended
      expect(await s.feeds.releaseHost('a.example', 'p2')).toBe(false);
      expect(await s.feeds.releaseHost('a.example', 'p1')).toBe(true);
      expect(await s.feeds.leaseHost('a.example', 'p2', T(0), MIN)).toBe(true);
      expect(await s.feeds.leaseHost('a.example', 'p3', T(0), MIN)).toBe(false);
      await elapse(MIN);
      expect(await s.feeds.leaseHost('a.example', 'p3', T(1), MIN)).toBe(true); // p2's lease ran out
    });
  });

  describe('paging state', () => {
    it('keeps a page state until it expires, shared by every instance on the store', async () => {
      const s = store();
      await s.pages.putPage('k1', '{"offset":5}', '2026-12-08T12:00:00.000Z');
      await s.pages.putPage('k2', '{"offset":10}', '2026-12-01T12:00:00.000Z');
      expect(await s.pages.getPage('k1', '2026-12-01T12:30:00.000Z')).toBe('{"offset":5}');
      expect(await s.pages.getPage('k2', '2026-12-01T12:30:00.000Z')).toBeUndefined();
      expect(await s.pages.getPage('none', '2026-12-01T12:30:00.000Z')).toBeUndefined();
      expect(await s.pages.prunePages('2026-12-01T12:30:00.000Z')).toBe(1);
      expect(await s.pages.prunePages('2026-12-09T00:00:00.000Z')).toBe(1);
      expect(await s.pages.getPage('k1', '2026-12-01T12:30:00.000Z')).toBeUndefined();
    });

    it('lets one caller claim a key until its row expires', async () => {
      const s = store();
      expect(await s.pages.claimPage('click:a', '1', '2026-12-08T12:00:00.000Z', '2026-12-01T12:00:00.000Z')).toBe(true);
      expect(await s.pages.claimPage('click:a', '2', '2026-12-08T12:00:00.000Z', '2026-12-01T12:00:01.000Z')).toBe(false);
      expect(await s.pages.getPage('click:a', '2026-12-01T12:00:02.000Z')).toBe('1');
      expect(await s.pages.claimPage('click:b', '1', '2026-12-08T12:00:00.000Z', '2026-12-01T12:00:01.000Z')).toBe(true);
      expect(await s.pages.claimPage('click:a', '3', '2026-12-15T12:00:00.000Z', '2026-12-09T00:00:00.000Z')).toBe(true); // the first expired
      expect(await s.pages.getPage('click:a', '2026-12-09T00:00:00.000Z')).toBe('3');
    });
  });

  describe('rate budgets', () => {
    it('reserves send times at least one interval apart, per budget, several per round-trip, never before now', async () => {
      const s = store();
      const firsts: { at: number; nowMs: number }[] = [];
      for (const count of [1, 3, 2, 1]) firsts.push(await s.rates.reserveSlots('discord', 100, count, 5));
      expect(firsts[0]!.at).toBeGreaterThanOrEqual(firsts[0]!.nowMs + 5 - 1e-6); // the lead: not before now + 5 ms
      // A batch of `count` takes count intervals: the next first time is at least that far on.
      for (const [i, gap] of [[1, 100], [2, 300], [3, 200]] as const) expect(firsts[i]!.at - firsts[i - 1]!.at).toBeGreaterThanOrEqual(gap - 1e-6);
      expect(firsts[3]!.at).toBeGreaterThan(firsts[3]!.nowMs); // six intervals ahead of the first: in the future
      const other = await s.rates.reserveSlots('slack', 100, 1, 0);
      expect(other.at).toBeLessThan(firsts[3]!.at); // another budget is not behind this one's queue
    });
  });
}
