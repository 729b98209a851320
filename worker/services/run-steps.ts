import type { InStatement } from '@libsql/client';
import type { TenantDb } from '../db/tenant-db';

/*
 * What UID2 mapping runs and export runs share (ADR 0015): a run advances in numbered steps, each
 * committed with a compare-and-set on the run's `steps`, several per queue message, and the
 * message that ends a batch of steps sends the next one (`handed_off` records that it did).
 */

export interface SteppedRun {
  steps: number;
  handedOff: number;
}

/**
 * What a delivered step message should do: `run` it, `hand-off` again (its steps committed but the
 * follow-up message may not have been sent), or `ignore` it (a stale duplicate).
 */
export function deliveryOf(run: SteppedRun, step: number): 'run' | 'hand-off' | 'ignore' {
  if (run.steps === step) return 'run';
  if (run.steps === step + 1 && run.handedOff < run.steps) return 'hand-off';
  return 'ignore';
}

/**
 * `cas` (an UPDATE of the run that matches only while it is at the expected step) then `writes`, in
 * one write transaction. False, with nothing written, when another delivery got there first.
 */
export async function commitIfCurrent(
  tenant: TenantDb,
  cas: InStatement,
  writes: InStatement[],
): Promise<boolean> {
  const tx = await tenant.withScopedQuery(async (db) => db.$client.transaction('write'));
  try {
    const claimed = await tx.execute(cas);
    if (claimed.rowsAffected !== 1) {
      await tx.rollback();
      return false;
    }
    for (const write of writes) await tx.execute(write);
    await tx.commit();
    return true;
  } finally {
    tx.close();
  }
}

/**
 * Runs steps until one ends the run (`done`), loses a race (`lost`), or the message's budget is
 * spent; returns the run to hand off in the last case, else null.
 */
export async function runSteps<R>(
  run: R,
  step: (run: R) => Promise<R | 'lost' | 'done'>,
  budget: { steps: number; ms: number },
): Promise<R | null> {
  const started = Date.now();
  let current = run;
  for (let n = 0; n < budget.steps && Date.now() - started < budget.ms; n++) {
    const next = await step(current);
    if (next === 'lost' || next === 'done') return null;
    current = next;
  }
  return current;
}
