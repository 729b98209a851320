import { CronExpressionParser } from 'cron-parser';
import cronstrue from 'cronstrue';

/*
 * Export schedules: five-field cron expressions read in the organisation's time zone. The
 * `ttd-export` cron fires every 15 minutes and runs what is due, so a schedule may not ask for
 * more often than that.
 */

export const MIN_SCHEDULE_GAP_MINUTES = 15;

/** A problem with the expression in words, or null when it is a valid schedule. */
export function validateSchedule(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 || !fields[0])
    return 'Use five fields: minute, hour, day of month, month, day of week (e.g. "0 6 * * 1")';
  let times: number[];
  try {
    const expression = CronExpressionParser.parse(fields.join(' '), {
      currentDate: new Date(Date.UTC(2026, 0, 1)),
      tz: 'UTC',
    });
    times = Array.from({ length: 6 }, () => expression.next().getTime());
  } catch (error) {
    return `Not a valid schedule: ${error instanceof Error ? error.message : String(error)}`;
  }
  for (let i = 1; i < times.length; i++)
    if (times[i]! - times[i - 1]! < MIN_SCHEDULE_GAP_MINUTES * 60_000)
      return `Run at most every ${MIN_SCHEDULE_GAP_MINUTES} minutes`;
  return null;
}

/** Whether the runtime knows the IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first run strictly after `after` (ms), in `timeZone`. */
export function nextRunAt(cron: string, timeZone: string, after: number): number {
  const expression = CronExpressionParser.parse(cron.trim(), {
    currentDate: new Date(after),
    tz: timeZone,
  });
  return expression.next().getTime();
}

/** "At 06:00, only on Monday (Europe/London)". */
export function describeSchedule(cron: string, timeZone: string): string {
  try {
    return `${cronstrue.toString(cron.trim(), { use24HourTimeFormat: true, verbose: false })} (${timeZone})`;
  } catch {
    return cron;
  }
}
