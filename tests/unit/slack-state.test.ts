// The Slack adapter's small in-memory state: pages behind "More" buttons and the admin lookup cache.
import { describe, expect, it } from 'vitest';
import { createAdminCheck, parseAdminList } from '../../adapters/slack/admin.js';
import { createPageStore } from '../../adapters/slack/pages.js';

const page = (text: string) => ({ text });

describe('createPageStore', () => {
  it('gives each later page once, then says it was already sent', () => {
    const s = createPageStore();
    s.put('k', [page('p0'), page('p1')], true);
    expect(s.take('k:1')).toEqual({ kind: 'page', page: page('p1'), ephemeral: true });
    expect(s.take('k:1')).toEqual({ kind: 'already-sent' });
    expect(s.take('k:0')).toEqual({ kind: 'already-sent' });
  });

  it('does not keep single-page replies', () => {
    const s = createPageStore();
    s.put('k', [page('only')], false);
    expect(s.size).toBe(0);
  });

  it('expires pages after the TTL and for unknown keys or pages', () => {
    let t = 0;
    const s = createPageStore({ ttlMs: 1000, now: () => t });
    s.put('k', [page('a'), page('b'), page('c')], false);
    expect(s.take('k:7')).toEqual({ kind: 'expired' });
    expect(s.take('other:1')).toEqual({ kind: 'expired' });
    t = 1001;
    expect(s.take('k:1')).toEqual({ kind: 'expired' });
    expect(s.size).toBe(0);
  });

  it('drops the oldest reply beyond its capacity', () => {
    const s = createPageStore({ max: 2 });
    for (const k of ['a', 'b', 'c']) s.put(k, [page('0'), page('1')], false);
    expect(s.size).toBe(2);
    expect(s.take('a:1')).toEqual({ kind: 'expired' });
    expect(s.take('c:1').kind).toBe('page');
  });
});

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
