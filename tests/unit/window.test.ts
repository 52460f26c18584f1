import { describe, expect, it } from 'vitest';
import { formatAge, formatDay, parseSince } from '../../src/briefing/window.js';

const now = new Date('2026-11-30T12:00:00Z');

describe('time windows', () => {
  it('parses 24h, 7d, 2w and all', () => {
    expect(parseSince('24h', now).since).toBe('2026-11-29T12:00:00.000Z');
    expect(parseSince('7d', now).label).toBe('7 days');
    expect(parseSince('2w', now).since).toBe('2026-11-16T12:00:00.000Z');
    expect(parseSince('all', now).since).toBeNull();
  });

  it.each(['yesterday', '0h', '7', '-3d', '99999d'])('rejects %j with a message naming valid values', (v) => {
    expect(() => parseSince(v, now)).toThrow(/24h|at least|at most/);
  });

  it('formats days and ages', () => {
    expect(formatDay('2017-11-21T00:00:00Z')).toBe('21 Nov 2017');
    expect(formatAge('2026-11-30T09:00:00Z', now)).toBe('3h ago');
    expect(formatAge('2026-11-27T12:00:00Z', now)).toBe('3d ago');
    expect(formatAge('2017-11-21T00:00:00Z', now)).toBe('21 Nov 2017');
  });
});
