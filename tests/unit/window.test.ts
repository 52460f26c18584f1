import { describe, expect, it } from 'vitest';
import { formatAge, formatDay, formatMoment, parseSince } from '../../src/briefing/window.js';

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

describe('dates without a time, and moments with one', () => {
  const now = new Date('2026-12-03T20:00:00Z');
  it('keeps a date-only article date a date: never "20h ago" or the previous evening', () => {
    expect(formatAge('2026-12-03', now)).toBe('3 Dec 2026');
    expect(formatAge('2026-12-02', now)).toBe('2 Dec 2026');
    expect(formatAge('2026-12-03T17:00:00.000Z', now)).toBe('3h ago');
  });

  it('shows digest times with the hour and the zone', () => {
    expect(formatMoment('2026-12-03T08:00:00.000Z')).toBe('3 Dec 2026, 08:00 UTC');
    expect(formatMoment('2026-12-03T08:00:00.000Z', 'Asia/Seoul')).toBe('3 Dec 2026, 17:00 Asia/Seoul');
    expect(formatMoment('2026-12-03T08:00:00.000Z', 'America/New_York')).toBe('3 Dec 2026, 03:00 America/New_York');
  });
});
