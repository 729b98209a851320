import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';
import { SCHEDULED_JOBS } from '../core/jobs/schedule';
import { COMPATIBILITY_DATE } from '../core/contracts/health';

const local = unstable_readConfig({ config: 'wrangler.toml' });
const production = unstable_readConfig({ config: 'wrangler.toml', env: 'production' });

const bindingsOf = (config: typeof local) => ({
  durableObjects: config.durable_objects.bindings,
  r2: config.r2_buckets,
  producers: config.queues.producers,
  consumers: config.queues.consumers,
  crons: config.triggers.crons,
  varNames: Object.keys(config.vars).sort(),
});

describe('wrangler.toml', () => {
  it('triggers exactly the scheduled jobs the Worker knows, one expression each', () => {
    expect([...local.triggers.crons].sort()).toEqual(Object.values(SCHEDULED_JOBS).sort());
  });

  it('repeats every binding in [env.production]', () => {
    expect(bindingsOf(production)).toEqual(bindingsOf(local));
  });

  it('gives each work queue a dead-letter queue that is itself consumed', () => {
    const consumers = local.queues.consumers;
    for (const producer of local.queues.producers) {
      const consumer = consumers.find((c: { queue: string }) => c.queue === producer.queue);
      expect(consumer?.dead_letter_queue).toBe(`${producer.queue}-dlq`);
      expect(consumers.some((c: { queue: string }) => c.queue === `${producer.queue}-dlq`)).toBe(
        true,
      );
    }
  });

  it('uses the compatibility date the API reports', () => {
    expect(local.compatibility_date).toBe(COMPATIBILITY_DATE);
  });

  it('documents every secret the Worker reads in .dev.vars.example', () => {
    const documented = Object.keys(parse(readFileSync('.dev.vars.example', 'utf8')));
    expect(documented).toEqual(
      expect.arrayContaining([
        'TURSO_DATABASE_URL',
        'TURSO_AUTH_TOKEN',
        'SESSION_SECRET',
        'BOMBORA_CLIENT_SECRET',
        'UID2_CLIENT_SECRET',
        'TTD_AUTH_TOKEN',
      ]),
    );
  });
});
