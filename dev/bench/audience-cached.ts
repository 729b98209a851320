// All-node sizes of `npm run bench:audience`, through the Worker's engine runner
// (worker/services/audience-engine.ts) as an estimate request runs them — load the organisation's
// catalog, lists and intent week, validate, look the size cache up, count, store, log. Cold: the
// organisation's size cache emptied and the isolate's in-memory cache cleared first. Cached: the
// same call again with only the in-memory cache cleared, so it is a Turso size-cache hit (what a
// request landing on another isolate sees).
import type { Definition } from '../../core/audience/definition';
import { createDb } from '../../worker/db/client';
import { audienceSizeCache } from '../../worker/db/schema';
import { TenantDb } from '../../worker/db/tenant-db';
import { createLogger } from '../../worker/lib/log';
import { clearEngineCaches, sizeOf } from '../../worker/services/audience-engine';

export interface RunnerTimes {
  /** Per definition: ms of each cold call, and its node count. */
  cold: Array<{ name: string; samples: number[]; nodes: number }>;
  /** Ms of each cached call (every definition, 3 times). */
  cached: number[];
}

export async function measureThroughRunner(
  url: string,
  orgId: string,
  suite: ReadonlyArray<{ name: string; definition: Definition }>,
  now: number,
  repeats: number,
  log: (line: string) => void,
): Promise<RunnerTimes> {
  const tenant = new TenantDb(createDb({ url }), orgId);
  const deps = { now: () => now, log: createLogger({}, { level: 'error', sink: () => {} }) };
  const times: RunnerTimes = { cold: [], cached: [] };
  const timedSize = async (definition: Definition) => {
    const started = performance.now();
    const result = await sizeOf(deps, tenant, definition);
    return { ms: performance.now() - started, result };
  };
  for (const { name, definition } of suite) {
    const samples: number[] = [];
    let nodes = 0;
    for (let i = 0; i < repeats; i++) {
      clearEngineCaches();
      await tenant.delete(audienceSizeCache, undefined);
      const { ms, result } = await timedSize(definition);
      if (!result.valid)
        throw new Error(`${name} is invalid: ${result.issues.map((x) => x.message).join('; ')}`);
      if (result.cached) throw new Error(`${name} was served from an emptied cache`);
      samples.push(ms);
      nodes = Object.keys(result.nodes).length;
    }
    for (let i = 0; i < 3; i++) {
      clearEngineCaches();
      const { ms, result } = await timedSize(definition);
      if (!result.cached) throw new Error(`${name} was not served from the size cache`);
      times.cached.push(ms);
    }
    times.cold.push({ name, samples, nodes });
    log(`  ${name.padEnd(40)} all nodes (${nodes}) ${Math.round(Math.min(...samples))} ms`);
  }
  return times;
}
