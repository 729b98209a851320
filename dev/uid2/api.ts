// The encrypted operator endpoints: each takes the decrypted request JSON and returns either the
// JSON to seal into a 200 or a plain (never encrypted) error reply.
import type { Uid2Role } from './config';
import { clientError, type Reply } from './http';
import {
  buckets,
  countItems,
  mapV2,
  mapV3,
  MESSAGES,
  optOutStatus,
  readV3Request,
  type Outcome,
} from './identity-map';
import type { SimState } from './state';

export type ApiResult =
  { ok: true; json: string; items: number } | { ok: false; reply: Reply; items: number };

export interface ApiRoute {
  roles: Uid2Role[];
  run(state: SimState, payload: Record<string, unknown> | null): ApiResult;
}

function success<T>(outcome: Outcome<T>, items: number): ApiResult {
  if (!outcome.ok) return { ok: false, reply: clientError(outcome.message), items };
  return { ok: true, json: JSON.stringify({ body: outcome.body, status: 'success' }), items };
}

function strictLimit(state: SimState, items: number): ApiResult | null {
  const { strict, maxItemsPerRequest } = state.config;
  if (!strict || items <= maxItemsPerRequest) return null;
  return {
    ok: false,
    reply: clientError(MESSAGES.strictTooMany(items, maxItemsPerRequest)),
    items,
  };
}

const v3IdentityMap: ApiRoute = {
  roles: ['MAPPER'],
  run(state, payload) {
    const lists = readV3Request(payload);
    if (!lists.ok) return success(lists, 0);
    const items = countItems(lists.body);
    return (
      strictLimit(state, items) ?? success({ ok: true, body: mapV3(state, lists.body) }, items)
    );
  },
};

const v2IdentityMap: ApiRoute = {
  roles: ['MAPPER'],
  run(state, payload) {
    const outcome = mapV2(state, payload);
    if (!outcome.ok) return success(outcome, 0);
    const items = outcome.body.mapped.length + (outcome.body.unmapped?.length ?? 0);
    return strictLimit(state, items) ?? success(outcome, items);
  },
};

const v2Buckets: ApiRoute = {
  roles: ['MAPPER'],
  run: (state, payload) => success(buckets(state, payload), 0),
};

const v2OptOutStatus: ApiRoute = {
  roles: ['MAPPER', 'SHARER', 'ID_READER'],
  run(state, payload) {
    const ids = payload?.advertising_ids;
    return success(optOutStatus(state, payload), Array.isArray(ids) ? ids.length : 0);
  },
};

export const API_ROUTES: Record<string, ApiRoute> = {
  'POST /v3/identity/map': v3IdentityMap,
  'POST /v2/identity/map': v2IdentityMap,
  'POST /v2/identity/buckets': v2Buckets,
  'POST /v2/optout/status': v2OptOutStatus,
};
