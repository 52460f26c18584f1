// The coordination part of the Store contract (run by store.contract.test.ts for every store): what several
// newsbrief instances on one database rely on. The instances table judges liveness by the database's clock only.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';

/** Registers the coordination tests; `store` gives the current test's fresh store. */
export function coordinationContract(store: () => Store): void {
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
}
