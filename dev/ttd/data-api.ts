// The Data API endpoints. One pipeline for all five: size → authentication → JSON → request
// schema → principal (configured? caller allowed?) → rate limit → items. Item-level problems
// are FailedLines in a 200; request-level problems are 400 ServerResponse bodies.
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { authenticate, authorize, type AuthMode, type Principal } from './auth';
import { processDsr } from './dsr';
import { canonicalKeys, isObject, json, serverError, text, type Reply } from './http';
import type { SimState } from './state';
import { processUpload } from './upload';

export type EndpointKey =
  | 'advertiser'
  | 'thirdparty'
  | 'deletion-optout/advertiser'
  | 'deletion-optout/thirdparty'
  | 'deletion-optout/merchant';

interface EndpointSpec {
  fields: readonly string[];
  principal: 'AdvertiserId' | 'DataProviderId' | 'MerchantId';
  dsr: boolean;
}

export const ENDPOINTS: Record<EndpointKey, EndpointSpec> = {
  advertiser: {
    fields: ['AdvertiserId', 'DataProviderId', 'Items', 'DataLoadTraceId', 'DataOrigins'],
    principal: 'AdvertiserId',
    dsr: false,
  },
  thirdparty: {
    fields: ['DataProviderId', 'Items', 'DataLoadTraceId', 'IsUserIdAlreadyHashed', 'DataOrigins'],
    principal: 'DataProviderId',
    dsr: false,
  },
  'deletion-optout/advertiser': {
    fields: [
      'AdvertiserId',
      'DataProviderId',
      'Items',
      'DataLoadTraceId',
      'RequestType',
      'DataOrigins',
    ],
    principal: 'AdvertiserId',
    dsr: true,
  },
  'deletion-optout/thirdparty': {
    fields: ['DataProviderId', 'BrandId', 'Items', 'DataLoadTraceId', 'RequestType', 'DataOrigins'],
    principal: 'DataProviderId',
    dsr: true,
  },
  'deletion-optout/merchant': {
    fields: ['MerchantId', 'Items', 'DataLoadTraceId', 'RequestType', 'DataOrigins'],
    principal: 'MerchantId',
    dsr: true,
  },
};

export function endpointOf(path: string): EndpointKey | null {
  const key = path.replace(/^\/data\//i, '').toLowerCase();
  return path.toLowerCase().startsWith('/data/') && key in ENDPOINTS ? (key as EndpointKey) : null;
}

/** What the request log and stats learn about a request while it is handled. */
export interface RequestMeta {
  authMode: AuthMode;
  principal: string | null;
  items: number;
}

export interface DataRequest {
  state: SimState;
  endpoint: EndpointKey;
  region: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  meta: RequestMeta;
}

const OptionalString = z.string().nullable().optional();
const DataOriginsSchema = z
  .array(
    z.object({
      Id: z.string(),
      Type: z.enum(['Advertiser', 'DataProvider', 'Integration', 'Onboarder']),
    }),
  )
  .nullable()
  .optional();

const RequestSchema = z.object({
  AdvertiserId: OptionalString,
  DataProviderId: OptionalString,
  BrandId: OptionalString,
  MerchantId: z.number().int().nullable().optional(),
  DataLoadTraceId: OptionalString,
  IsUserIdAlreadyHashed: z.boolean().nullable().optional(),
  RequestType: z.string().nullable().optional(),
  Items: z.array(z.unknown()).nullable().optional(),
});

function normaliseOrigins(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((o) => (isObject(o) ? canonicalKeys(o, ['Id', 'Type']).values : o));
}

export function handleData(req: DataRequest): Reply {
  const { state, endpoint, headers, body, meta } = req;
  const config = state.config;
  const spec = ENDPOINTS[endpoint];
  if (body.length > config.maxBodyBytes) {
    return text(413, `Request body of ${body.length} bytes exceeds ${config.maxBodyBytes} bytes`);
  }
  const auth = authenticate(config, headers);
  meta.authMode = auth.mode;
  if (!auth.ok) return auth.reply;

  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return serverError(400, 'Request body is not valid JSON');
  }
  if (!isObject(parsed)) return serverError(400, 'Request body must be a JSON object');
  const { values, unknown } = canonicalKeys(parsed, spec.fields);
  if (Array.isArray(values.Items)) meta.items = values.Items.length;
  if (unknown.length > 0) return serverError(400, `Unknown property '${unknown[0]}'`);
  const origins = DataOriginsSchema.safeParse(normaliseOrigins(values.DataOrigins));
  if (!origins.success) return serverError(400, 'DataOrigins is malformed');
  const request = RequestSchema.safeParse(values);
  if (!request.success) {
    const issue = request.error.issues[0];
    return serverError(400, `${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  const r = request.data;

  const principalId =
    spec.principal === 'MerchantId'
      ? r.MerchantId == null
        ? null
        : String(r.MerchantId)
      : r[spec.principal];
  if (!principalId) return serverError(400, `${spec.principal} is required`);
  meta.principal = principalId;
  const principal: Principal = {
    kind:
      spec.principal === 'AdvertiserId'
        ? 'advertiser'
        : spec.principal === 'DataProviderId'
          ? 'dataProvider'
          : 'merchant',
    id: principalId,
    onBehalfOf: spec.principal === 'AdvertiserId' ? (r.DataProviderId ?? null) : null,
  };
  const denied = authorize(config, headers, body, auth, principal);
  if (denied) return denied;

  const wait = state.rateLimited(`${principal.kind}:${principal.id}`);
  if (wait !== null) {
    return serverError(429, 'Rate limit exceeded', { 'retry-after': String(wait) });
  }

  let requestType: 'OptOut' | 'Deletion' | null = null;
  if (spec.dsr) {
    const t = r.RequestType?.toLowerCase();
    requestType = t === 'optout' ? 'OptOut' : t === 'deletion' ? 'Deletion' : null;
    if (!requestType) return serverError(400, "RequestType must be 'OptOut' or 'Deletion'");
  }
  if (!r.Items || r.Items.length === 0) {
    return serverError(400, 'Items attribute must be a non-empty list.');
  }

  const failed =
    requestType === null
      ? processUpload({
          state,
          owner: {
            kind: principal.kind === 'advertiser' ? 'advertiser' : 'dataProvider',
            id: principalId,
          },
          region: req.region,
          items: r.Items,
        })
      : processDsr({
          state,
          endpoint: endpoint.replace('deletion-optout/', '') as
            'advertiser' | 'thirdparty' | 'merchant',
          region: req.region,
          requestType,
          advertiserId: r.AdvertiserId ?? null,
          dataProviderId: r.DataProviderId ?? null,
          merchantId: r.MerchantId ?? null,
          brandId: r.BrandId ?? null,
          dataLoadTraceId: r.DataLoadTraceId ?? null,
          items: r.Items,
        });
  return json(200, failed.length > 0 ? { FailedLines: failed } : {});
}
