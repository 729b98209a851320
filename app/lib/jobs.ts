import type { Overview } from '../../core/contracts/overview';

export type JobSummary = Overview['jobs'][number];
export type JobRun = NonNullable<JobSummary['lastRun']>;

const JOB_LABELS: Record<string, string> = {
  'bombora-refresh': 'Bombora intent refresh',
  'uid2-refresh': 'UID2 identity refresh',
  'ttd-export': 'Trade Desk exports',
  retention: 'Data retention clean-up',
};

export function jobLabel(job: string): string {
  return JOB_LABELS[job] ?? job;
}

/**
 * Reads the simple cron shapes the product uses ("every N minutes", "every N hours", "daily at")
 * as text; anything else is shown as the expression itself.
 */
export function describeSchedule(cron: string): string {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.trim().split(/\s+/);
  if (dayOfMonth !== '*' || month !== '*' || dayOfWeek !== '*') return cron;
  const everyMinutes = minute?.match(/^\*\/(\d+)$/);
  if (everyMinutes && hour === '*') return `Every ${everyMinutes[1]} minutes`;
  const everyHours = hour?.match(/^\*\/(\d+)$/);
  if (minute === '0' && everyHours) return `Every ${everyHours[1]} hours`;
  if (minute && hour && /^\d+$/.test(minute) && /^\d+$/.test(hour)) {
    return `Daily at ${hour.padStart(2, '0')}:${minute.padStart(2, '0')} UTC`;
  }
  return cron;
}

/**
 * "2026-11-28 04:15 UTC". Formatted by hand rather than with Intl so the server and every browser
 * produce identical text (locale data differs between runtimes, which would break hydration).
 */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
