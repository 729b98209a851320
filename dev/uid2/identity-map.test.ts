// /v3/identity/map, /v2/identity/map, /v2/identity/buckets and /v2/optout/status: shapes, exact
// 400s, deterministic raw UID2s and the operator's opt-out test identities.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sealRequest, startTestSim, type TestSim } from './test-support';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());
beforeEach(() => {
  t.sim.reset();
  t.clock.now = Date.parse('2026-11-25T12:00:00.000Z');
});

const USER_HASH = 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=';
const TOMORROW_S = Date.parse('2026-11-26T00:00:00.000Z') / 1000;

const sha = (s: string) => createHash('sha256').update(s).digest();

async function ok(path: string, payload: unknown): Promise<unknown> {
  const res = await t.call(path, payload);
  expect(res.status).toBe(200);
  return res.body;
}

async function bad(path: string, payload: unknown, message: string): Promise<void> {
  const res = await t.call(path, payload);
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ status: 'client_error', message });
}

/** The default-config raw UID2 of an identity hash, recomputed here from the formula. */
function uidOf(hash: Buffer): string {
  const seed = 'p360-local-uid2';
  const firstLevelSalt = sha(`${seed}:first-level-salt`).toString('base64');
  const first = sha(hash.toString('base64') + firstLevelSalt);
  const bucket = first.readUInt32BE(0) % 1024;
  const salt = sha(`${seed}:bucket-salt:${bucket}:0`).toString('base64');
  return sha(first.toString('base64') + salt).toString('base64');
}

describe('raw UID2 derivation', () => {
  it('is SHA256(b64(SHA256(b64(hash) ‖ firstLevelSalt)) ‖ bucketSalt), bucket from the first 4 bytes', async () => {
    const body = (await ok('/v3/identity/map', { email_hash: [USER_HASH] })) as {
      body: { email_hash: unknown[] };
    };
    const u = uidOf(Buffer.from(USER_HASH, 'base64'));
    expect(body.body.email_hash).toEqual([{ u, p: null, r: TOMORROW_S }]);
  });

  it('is stable across restarts and differs by seed', async () => {
    const a = t.sim.expected({ email: 'user@example.com' }).email[0];
    const other = await startTestSim();
    try {
      expect(other.sim.expected({ email: 'user@example.com' }).email[0]).toEqual(a);
      other.sim.configure({ salts: { seed: 'another-seed' } });
      expect(other.sim.expected({ email: 'user@example.com' }).email[0]).not.toEqual(a);
    } finally {
      await other.stop();
    }
  });
});

describe('POST /v3/identity/map', () => {
  it('answers index-aligned arrays for all four keys, in request order', async () => {
    const res = await ok('/v3/identity/map', {
      email: ['user@example.com', 'not an email', 'optout@example.com', 'USER@example.com'],
      phone_hash: [sha('+12345678901').toString('base64')],
    });
    const body = (res as { body: Record<string, unknown[]> }).body;
    expect(Object.keys(res as object)).toEqual(['body', 'status']);
    expect(Object.keys(body)).toEqual(['email', 'email_hash', 'phone', 'phone_hash']);
    expect(body.email).toEqual([
      { u: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/), p: null, r: TOMORROW_S },
      { e: 'invalid identifier' },
      { e: 'optout' },
      body.email?.[0],
    ]);
    expect(body.email_hash).toEqual([]);
    expect(body.phone).toEqual([]);
    expect(body.phone_hash).toHaveLength(1);
    expect((res as { status: string }).status).toBe('success');
  });

  it('maps the always-opted-out phone +00000000000 to optout', async () => {
    const res = (await ok('/v3/identity/map', {
      phone: ['+00000000000', '+00000000002'],
      email_hash: [sha('optout@example.com').toString('base64')],
    })) as { body: Record<string, unknown[]> };
    expect(res.body.phone?.[0]).toEqual({ e: 'optout' });
    expect(res.body.phone?.[1]).toHaveProperty('u');
    expect(res.body.email_hash).toEqual([{ e: 'optout' }]);
  });

  it('answers all four empty arrays for an empty list', async () => {
    expect(await ok('/v3/identity/map', { email: [] })).toEqual({
      body: { email: [], email_hash: [], phone: [], phone_hash: [] },
      status: 'success',
    });
  });

  const MISSING =
    'Required Parameter Missing: one or more of [email, email_hash, phone, phone_hash] must be specified';

  it('refuses {} and an envelope without JSON', async () => {
    await bad('/v3/identity/map', {}, MISSING);
    await bad('/v3/identity/map', { email: null }, MISSING);
  });

  it('refuses unknown keys, legacy extras, null elements and non-arrays', async () => {
    await bad('/v3/identity/map', { invalid_key: [] }, 'Incorrect request format');
    await bad(
      '/v3/identity/map',
      { email: ['a@b.com'], optout_check: 1 },
      'Incorrect request format',
    );
    await bad('/v3/identity/map', { email: [null] }, 'Incorrect request format');
    await bad('/v3/identity/map', { email: 'a@b.com' }, 'Incorrect request format');
    await bad('/v3/identity/map', { email: [{}] }, 'Incorrect request format');
  });

  it('treats a request without JSON inside the envelope as missing parameters', async () => {
    const res = await t.raw(
      '/v3/identity/map',
      sealRequest('', { ts: t.clock.now }).toString('base64'),
    );
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ status: 'client_error', message: MISSING });
  });
});

describe('POST /v2/identity/map', () => {
  it('answers mapped and unmapped with the identifier echoed and a bucket id', async () => {
    const res = (await ok('/v2/identity/map', {
      email_hash: [
        USER_HASH,
        'some@malformed@email@hash',
        sha('optout@example.com').toString('base64'),
      ],
      policy: 1,
      optout_check: 1,
    })) as { body: { mapped: unknown[]; unmapped: unknown[] }; status: string };
    const u = t.sim.expected({ email_hash: USER_HASH }).email_hash[0] as { u: string };
    expect(res).toEqual({
      body: {
        mapped: [
          {
            identifier: USER_HASH,
            advertising_id: u.u,
            bucket_id: expect.stringMatching(/^[A-Za-z0-9]{10}$/),
          },
        ],
        unmapped: [
          { identifier: 'some@malformed@email@hash', reason: 'invalid identifier' },
          { identifier: sha('optout@example.com').toString('base64'), reason: 'optout' },
        ],
      },
      status: 'success',
    });
  });

  it('omits unmapped when every identifier mapped, and echoes inputs verbatim', async () => {
    const res = (await ok('/v2/identity/map', { email: [' User@Example.com'] })) as {
      body: Record<string, unknown>;
    };
    expect(Object.keys(res.body)).toEqual(['mapped']);
    expect(res.body.mapped).toEqual([expect.objectContaining({ identifier: ' User@Example.com' })]);
  });

  it('answers {"mapped": []} for an empty list', async () => {
    expect(await ok('/v2/identity/map', { phone: [] })).toEqual({
      body: { mapped: [] },
      status: 'success',
    });
  });

  it('reports a null element as the identifier "null"', async () => {
    const res = (await ok('/v2/identity/map', { email: [null] })) as { body: unknown };
    expect(res.body).toEqual({
      mapped: [],
      unmapped: [{ identifier: 'null', reason: 'invalid identifier' }],
    });
  });

  const EXACTLY_ONE =
    'Required Parameter Missing: exactly one of [email, email_hash, phone, phone_hash] must be specified';

  it('refuses none or several identity types', async () => {
    await bad('/v2/identity/map', {}, EXACTLY_ONE);
    await bad('/v2/identity/map', { email: ['a@b.com'], phone: ['+12345678901'] }, EXACTLY_ONE);
  });

  it('refuses a non-array value', async () => {
    await bad('/v2/identity/map', { email_hash: USER_HASH }, 'email_hash must be an array');
  });
});

describe('POST /v2/identity/buckets', () => {
  it('lists every bucket modified since the timestamp, with millisecond precision', async () => {
    const res = (await ok('/v2/identity/buckets', { since_timestamp: '2024-06-01T13:00:00' })) as {
      body: { bucket_id: string; last_updated: string }[];
    };
    expect(res.body).toHaveLength(1024);
    expect(res.body[0]).toEqual({
      bucket_id: expect.stringMatching(/^[A-Za-z0-9]{10}$/),
      last_updated: '2025-01-01T00:00:00.000',
    });
    expect(new Set(res.body.map((b) => b.bucket_id)).size).toBe(1024);
  });

  it('lists only buckets rotated since', async () => {
    const rotated = t.sim.rotate({ identities: [{ email: 'user@example.com' }] }).rotated;
    const res = await ok('/v2/identity/buckets', { since_timestamp: '2026-11-25T11:59:59.5' });
    expect(res).toEqual({
      body: [{ bucket_id: rotated[0]?.bucket_id, last_updated: '2026-11-25T12:00:00.000' }],
      status: 'success',
    });
    expect(await ok('/v2/identity/buckets', { since_timestamp: '2026-11-25T12:00:01' })).toEqual({
      body: [],
      status: 'success',
    });
  });

  it('refuses a missing or unparsable since_timestamp', async () => {
    await bad('/v2/identity/buckets', {}, 'missing parameter since_timestamp');
    for (const since of ['2026-11-25', '2026-11-25T12:00:00Z', '2026-02-30T00:00:00', 'x', 1]) {
      await bad(
        '/v2/identity/buckets',
        { since_timestamp: since },
        'invalid date, must conform to ISO 8601',
      );
    }
  });
});

describe('POST /v2/optout/status', () => {
  it('returns only the opted-out advertising ids, with opted_out_since in ms', async () => {
    const [added] = t.sim.optOut({
      email: 'gone@example.com',
      optedOutSince: 1633643601000,
    }).opted_out;
    const kept = t.sim.expected({ email: 'kept@example.com' }).email[0] as { u: string };
    const res = await ok('/v2/optout/status', {
      advertising_ids: [kept.u, added?.advertising_id],
    });
    expect(res).toEqual({
      body: {
        opted_out: [{ advertising_id: added?.advertising_id, opted_out_since: 1633643601000 }],
      },
      status: 'success',
    });
  });

  it('knows the raw UID2s of the built-in opt-out identities', async () => {
    t.sim.configure({ builtInOptOutSince: 1700000000000 });
    const ids = [uidOf(sha('optout@example.com')), uidOf(sha('+00000000000'))];
    expect(await ok('/v2/optout/status', { advertising_ids: ids })).toEqual({
      body: {
        opted_out: ids.map((id) => ({ advertising_id: id, opted_out_since: 1700000000000 })),
      },
      status: 'success',
    });
  });

  it('refuses more than 5,000 ids and a missing list', async () => {
    const ids = Array.from({ length: 5001 }, () => USER_HASH);
    await bad('/v2/optout/status', { advertising_ids: ids }, 'Request payload is too large');
    await bad('/v2/optout/status', {}, 'Required Parameter Missing: advertising_ids');
    expect(await ok('/v2/optout/status', { advertising_ids: ids.slice(1) })).toEqual({
      body: { opted_out: [] },
      status: 'success',
    });
  });
});
