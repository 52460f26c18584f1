import { describe, expect, it } from 'vitest';
import { lastSlot, nextSlots, parseCron, slotsBetween } from '../../src/schedule/cron.js';
import { UserError } from '../../src/errors.js';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const between = (expr: string, tz: string, from: string, to: string) =>
  iso([...slotsBetween(parseCron(expr), tz, Date.parse(from), Date.parse(to))]);

describe('parseCron', () => {
  it('reads numbers, ranges, lists, steps and names', () => {
    const s = parseCron('*/15 8-10 1,15 jan-mar mon-fri');
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([8, 9, 10]);
    expect([...s.days]).toEqual([1, 15]);
    expect([...s.months]).toEqual([1, 2, 3]);
    expect([...s.weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect(s.dayOr).toBe(true);
  });

  it('treats day 7 as Sunday', () => {
    expect([...parseCron('0 8 * * 7').weekdays]).toEqual([0]);
  });

  it('names the field of a bad value', () => {
    expect(() => parseCron('0 25 * * *')).toThrow(/not a valid hour/);
    expect(() => parseCron('0 8 L * *')).toThrow(UserError);
    expect(() => parseCron('0 8 * *')).toThrow(/5-field/);
  });
});

describe('slots in a timezone', () => {
  it('runs a daily 08:00 Asia/Seoul digest at 23:00 UTC the day before', () => {
    expect(between('0 8 * * *', 'Asia/Seoul', '2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z')).toEqual([
      '2026-03-01T23:00:00.000Z', '2026-03-02T23:00:00.000Z',
    ]);
  });

  it('runs weekdays only on weekdays', () => {
    // 2026-12-05 is a Saturday.
    expect(nextSlots(parseCron('0 8 * * 1-5'), 'UTC', 3, new Date('2026-12-04T09:00:00Z')).map((d) => d.toISOString())).toEqual([
      '2026-12-07T08:00:00.000Z', '2026-12-08T08:00:00.000Z', '2026-12-09T08:00:00.000Z',
    ]);
  });

  it('matches either day field when both are restricted', () => {
    // The 1st of December 2026 is a Tuesday; Fridays are the 4th, 11th …
    expect(between('0 0 1 * 5', 'UTC', '2026-11-30T12:00:00Z', '2026-12-12T00:00:00Z')).toEqual([
      '2026-12-01T00:00:00.000Z', '2026-12-04T00:00:00.000Z', '2026-12-11T00:00:00.000Z',
    ]);
  });
});

describe('daylight saving in America/New_York', () => {
  // 2026: clocks go 02:00 EST -> 03:00 EDT on 8 March (07:00Z), and 02:00 EDT -> 01:00 EST on 1 November (06:00Z).
  it('keeps a daily 08:00 at 08:00 local across the March change (no skipped, no doubled day)', () => {
    expect(between('0 8 * * *', 'America/New_York', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual([
      '2026-03-07T13:00:00.000Z', '2026-03-08T12:00:00.000Z', '2026-03-09T12:00:00.000Z',
    ]);
  });

  it('runs a 02:30 digest once at 03:00 EDT on the day 02:30 does not exist', () => {
    expect(between('30 2 * * *', 'America/New_York', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual([
      '2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z',
    ]);
  });

  it('runs a 01:30 digest once on the November day 01:30 happens twice', () => {
    expect(between('30 1 * * *', 'America/New_York', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual([
      '2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('keeps a daily 08:00 at 08:00 local across the November change', () => {
    expect(between('0 8 * * *', 'America/New_York', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual([
      '2026-10-31T12:00:00.000Z', '2026-11-01T13:00:00.000Z', '2026-11-02T13:00:00.000Z',
    ]);
  });

  it('still runs an hourly digest every real hour through the repeated hour', () => {
    const slots = between('0 * * * *', 'America/New_York', '2026-11-01T03:30:00Z', '2026-11-01T08:30:00Z');
    expect(slots).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T08:00:00.000Z']);
  });

  it('gives the next three runs from any instant, even inside the repeated hour', () => {
    const from = new Date('2026-11-01T06:10:00Z'); // 01:10 EST, the second time round
    expect(iso(nextSlots(parseCron('30 1 * * *'), 'America/New_York', 2, from))).toEqual(['2026-11-02T06:30:00.000Z', '2026-11-03T06:30:00.000Z']);
  });
});

describe('lastSlot', () => {
  it('finds the latest slot within the lookback, or none', () => {
    const spec = parseCron('0 8 * * *');
    expect(lastSlot(spec, 'UTC', new Date('2026-12-01T09:00:00Z'), 3 * 3600_000)?.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(lastSlot(spec, 'UTC', new Date('2026-12-01T12:00:00Z'), 3 * 3600_000)).toBeUndefined();
  });

  it('scans a year of a once-a-year schedule quickly enough to be called per subscription', () => {
    expect(iso(nextSlots(parseCron('0 9 29 2 *'), 'Europe/Berlin', 1, new Date('2026-12-01T00:00:00Z')))).toEqual(['2028-02-29T08:00:00.000Z']);
  });
});
