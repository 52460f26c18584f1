// The Slack adapter's small in-memory state: the admin lookup cache ("More" buttons carry their own state: adapters/paging.ts).
import { describe, expect, it } from 'vitest';
import { createAdminCheck, parseAdminList } from '../../adapters/slack/admin.js';

describe('createAdminCheck', () => {
  it('asks once per user within the TTL and shares a lookup in flight', async () => {
    let calls = 0;
    let t = 0;
    const check = createAdminCheck({ lookup: async () => (++calls, true), ttlMs: 100, now: () => t });
    expect(await Promise.all([check('T', 'U1'), check('T', 'U1')])).toEqual([true, true]);
    expect(calls).toBe(1);
    t = 101;
    await check('T', 'U1');
    expect(calls).toBe(2);
  });

  it('never asks about listed admins', async () => {
    const check = createAdminCheck({ lookup: () => Promise.reject(new Error('not called')), admins: new Set(['U9']) });
    expect(await check('T', 'U9')).toBe(true);
  });

  it('does not cache a failed lookup', async () => {
    let fail = true;
    const check = createAdminCheck({ lookup: async () => (fail ? Promise.reject(new Error('ratelimited')) : false) });
    await expect(check('T', 'U1')).rejects.toThrow('ratelimited');
    fail = false;
    expect(await check('T', 'U1')).toBe(false);
  });

  it('parses NEWSBRIEF_SLACK_ADMINS and reports entries that are not user ids', () => {
    expect(parseAdminList(' U012AB3CD, W0456EF;bob ,, u123 ')).toEqual({ ids: new Set(['U012AB3CD', 'W0456EF']), invalid: ['bob', 'u123'] });
    expect(parseAdminList(undefined)).toEqual({ ids: new Set(), invalid: [] });
  });
});
