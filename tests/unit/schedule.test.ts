import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import { assertNotTooFrequent, formatRun, nextRuns, parseSchedule, validateTimezone } from '../../src/schedule/schedule.js';

afterEach(() => vi.useRealTimers());

describe('digest schedules', () => {
  it.each([
    ['daily 08:00', '0 8 * * *'],
    ['weekdays 8:30', '30 8 * * 1-5'],
    ['every 6h', '0 */6 * * *'],
    ['hourly', '0 * * * *'],
    ['0 8 * * *', '0 8 * * *'],
  ])('turns %j into cron %j', (input, cron) => {
    expect(parseSchedule(input)).toBe(cron);
  });

  it.each([
    ['daily 25:00', /not a time of day/],
    ['every 5h', /divide 24/],
    ['61 * * * *', /Invalid cron expression.*minute/],
    ['tomorrow', /not a schedule/],
    ['', /Give a schedule/],
  ])('rejects %j with a message naming the problem', (input, msg) => {
    expect(() => parseSchedule(input)).toThrow(msg);
  });

  it('rejects unknown timezones and schedules more frequent than 15 minutes', () => {
    expect(() => validateTimezone('Mars/Olympus')).toThrow(UserError);
    expect(validateTimezone('Asia/Seoul')).toBe('Asia/Seoul');
    expect(() => assertNotTooFrequent('*/5 * * * *', 'UTC', new Date('2025-03-03T23:30:00Z'))).toThrow(/more often than every 15 minutes/);
    expect(() => assertNotTooFrequent('*/15 * * * *', 'UTC', new Date('2025-03-03T23:30:00Z'))).not.toThrow();
  });

  it('stores and shows the canonical spelling of a timezone typed in any case', () => {
    expect(validateTimezone('asia/seoul')).toBe('Asia/Seoul');
    expect(validateTimezone(' AMERICA/NEW_YORK ')).toBe('America/New_York');
    expect(validateTimezone('utc')).toBe('UTC');
    expect(validateTimezone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(validateTimezone('asia/kolkata')).toBe('Asia/Kolkata');
  });

  it('computes the next runs in the subscription timezone', () => {
    const runs = nextRuns('0 8 * * *', 'Asia/Seoul', 2, new Date('2025-03-03T23:30:00Z')); // 08:30 in Seoul
    expect(runs.map((d) => d.toISOString())).toEqual(['2025-03-04T23:00:00.000Z', '2025-03-05T23:00:00.000Z']);
    expect(formatRun(runs[0]!, 'Asia/Seoul')).toBe('Wed 5 Mar 08:00');
  });
});
