// The cached half of `npm run bench:audience`: each suite definition sized through the Worker's
// engine runner (worker/services/audience-engine.ts) as an estimate request does — load the
// organisation's catalog, lists and intent week, validate, look the size up — once to fill the
// size cache, then again with the isolate's in-memory cache cleared, so every timed call is a
// Turso size-cache hit (what a request landing on another isolate sees).
import type { Definition } from '../../core/audience/definition';
import { createDb } from '../../worker/db/client';
import { TenantDb } from '../../worker/db/tenant-db';
import { createLogger } from '../../worker/lib/log';
import { clearEngineCaches, sizeOf } from '../../worker/services/audience-engine';

export interface CachedRun {
  /** Milliseconds per cached call (every suite definition, `repeats` times). */
  samples: number[];
  /** Definitions the runner refused (they must be none: the suite is valid). */
  invalid: string[];
}

export async function measureCached(
  url: string,
  orgId: string,
  suite: ReadonlyArray<{ name: string; definition: Definition }>,
  now: number,
  repeats = 3,
): Promise<CachedRun> {
  const tenant = new TenantDb(createDb({ url }), orgId);
  const deps = { now: () => now, log: createLogger({}, { level: 'error', sink: () => {} }) };
  const samples: number[] = [];
  const invalid: string[] = [];
  for (const { name, definition } of suite) {
    const first = await sizeOf(deps, tenant, definition);
    if (!first.valid) {
      invalid.push(`${name}: ${first.issues.map((i) => i.message).join('; ')}`);
      continue;
    }
    for (let i = 0; i < repeats; i++) {
      clearEngineCaches();
      const started = performance.now();
      const result = await sizeOf(deps, tenant, definition);
      samples.push(performance.now() - started);
      if (!result.cached) throw new Error(`${name} was not served from the size cache`);
    }
  }
  return { samples, invalid };
}
