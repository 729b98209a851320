import type { Db } from '../../db/client';
import { QuotaExceededError } from './errors';
import type { CallLimiter } from '../http';

export interface UsageLimits {
  /** Calls allowed per minute; per endpoint when `perEndpoint` (the legacy API's rule). */
  perMinute: number;
  perEndpoint: boolean;
  dailyQuota: number;
}

const dayWindow = (now: number) => `day:${new Date(now).toISOString().slice(0, 10)}`;
const minuteOf = (now: number) => Math.floor(now / 60_000);
const minuteWindow = (minute: number, endpoint: string) =>
  `min:${String(minute).padStart(10, '0')}:${endpoint}`;

/**
 * Bombora calls per organisation, counted in Turso so every Worker invocation (queue consumers run
 * in parallel) shares one budget: a per-minute rate and a daily quota. A call is counted only when
 * it is allowed — the conditional upsert refuses to count past the limit — so a refused call costs
 * nothing. The day rows are the organisation's recorded usage (shown in Integrations → Bombora).
 */
export function usageLimiter(
  db: Db,
  orgId: string,
  limits: UsageLimits,
  now: () => number,
): CallLimiter {
  const client = db.$client;
  return {
    async acquire(endpoint) {
      const at = now();
      const minute = minuteOf(at);
      const rate = await client.execute({
        sql: `INSERT INTO bombora_usage (org_id, window, calls) VALUES (?1, ?2, 1)
              ON CONFLICT (org_id, window) DO UPDATE SET calls = calls + 1 WHERE calls < ?3
              RETURNING calls`,
        args: [orgId, minuteWindow(minute, limits.perEndpoint ? endpoint : '*'), limits.perMinute],
      });
      if (rate.rows.length === 0) return (minute + 1) * 60_000 - at + 50;
      const day = await client.execute({
        sql: `INSERT INTO bombora_usage (org_id, window, calls) VALUES (?1, ?2, 1)
              ON CONFLICT (org_id, window) DO UPDATE SET calls = calls + 1 WHERE calls < ?3
              RETURNING calls`,
        args: [orgId, dayWindow(at), limits.dailyQuota],
      });
      if (day.rows.length === 0) throw new QuotaExceededError(limits.dailyQuota);
      return 0;
    },
  };
}

/** Calls made today (UTC). */
export async function callsToday(db: Db, orgId: string, now: number): Promise<number> {
  const result = await db.$client.execute({
    sql: 'SELECT calls FROM bombora_usage WHERE org_id = ? AND window = ?',
    args: [orgId, dayWindow(now)],
  });
  return Number(result.rows[0]?.calls ?? 0);
}

/** Per-minute rows older than an hour are of no further use. */
export function pruneUsageStatement(orgId: string, now: number) {
  return {
    sql: `DELETE FROM bombora_usage WHERE org_id = ? AND window >= 'min:' AND window < ?`,
    args: [orgId, minuteWindow(minuteOf(now) - 60, '')],
  };
}
