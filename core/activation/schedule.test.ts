import { describe, expect, it } from 'vitest';
import { describeSchedule, isTimeZone, nextRunAt, validateSchedule } from './schedule';

describe('export schedules', () => {
  it.each(['0 6 * * *', '0 6 * * 1', '30 */6 * * *', '*/15 * * * *', '0 9 1 * *'])(
    'accepts %s',
    (cron) => expect(validateSchedule(cron)).toBeNull(),
  );

  it.each([
    ['every day', 'five fields'],
    ['0 6 * * * *', 'five fields'],
    ['', 'five fields'],
    ['*/5 * * * *', 'at most every 15 minutes'],
    ['0,10 * * * *', 'at most every 15 minutes'],
    ['0 25 * * *', 'Not a valid schedule'],
    ['0 0 30 2 *', 'Not a valid schedule'],
  ])('refuses %j (%s)', (cron, message) => expect(validateSchedule(cron)).toContain(message));

  it('reads the schedule in the organisation’s time zone, across a DST change', () => {
    // 06:00 in London: 06:00 UTC in winter, 05:00 UTC in summer.
    const winter = Date.UTC(2026, 0, 10, 12);
    expect(new Date(nextRunAt('0 6 * * *', 'Europe/London', winter)).toISOString()).toBe(
      '2026-01-11T06:00:00.000Z',
    );
    const summer = Date.UTC(2026, 6, 10, 12);
    expect(new Date(nextRunAt('0 6 * * *', 'Europe/London', summer)).toISOString()).toBe(
      '2026-07-11T05:00:00.000Z',
    );
    expect(new Date(nextRunAt('0 6 * * 1', 'America/New_York', winter)).toISOString()).toBe(
      '2026-01-12T11:00:00.000Z',
    );
  });

  it('is strictly after the given instant', () => {
    const at = Date.UTC(2026, 0, 10, 6, 0);
    expect(nextRunAt('0 6 * * *', 'UTC', at)).toBe(Date.UTC(2026, 0, 11, 6, 0));
  });

  it('says the schedule in words, with the zone', () => {
    expect(describeSchedule('0 6 * * 1', 'Europe/London')).toBe(
      'At 06:00, only on Monday (Europe/London)',
    );
  });

  it('knows real time zones from made-up ones', () => {
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
