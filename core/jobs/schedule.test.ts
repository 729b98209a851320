import { describe, expect, it } from 'vitest';
import { jobForCron, runKeyFor, SCHEDULED_JOBS } from './schedule';

describe('jobForCron', () => {
  it('maps each configured expression to its job', () => {
    for (const [job, cron] of Object.entries(SCHEDULED_JOBS)) expect(jobForCron(cron)).toBe(job);
  });

  it('maps an unknown expression to nothing', () => {
    expect(jobForCron('* * * * *')).toBeUndefined();
  });
});

describe('runKeyFor', () => {
  it('gives the same key to two triggers within the same scheduled minute', () => {
    const t = Date.UTC(2026, 10, 28, 4, 15, 0);
    expect(runKeyFor('ttd-export', t)).toBe(runKeyFor('ttd-export', t + 59_999));
    expect(runKeyFor('ttd-export', t)).toBe('ttd-export@2026-11-28T04:15:00.000Z');
  });

  it('gives different keys to different minutes and different jobs', () => {
    const t = Date.UTC(2026, 10, 28, 4, 15, 0);
    expect(runKeyFor('ttd-export', t)).not.toBe(runKeyFor('ttd-export', t + 60_000));
    expect(runKeyFor('ttd-export', t)).not.toBe(runKeyFor('retention', t));
  });
});
