// Data API authentication, in two steps: a TTD-Auth token must be known at all before the body
// is read (else 401, or 400 when configured), and must belong to the principal named in the
// body (else 403). Legacy TtdSignature requests are checked against the exact received bytes.
import type { IncomingHttpHeaders } from 'node:http';
import type { TtdSimConfig } from './config';
import { serverError, text, type Reply } from './http';
import { signatureMatches } from './signature';

export type PrincipalKind = 'advertiser' | 'dataProvider' | 'merchant';

export type AuthMode = 'token' | 'signature' | 'none';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function allTokens(config: TtdSimConfig): Set<string> {
  return new Set([
    ...config.advertisers.flatMap((a) => a.authTokens),
    ...config.dataProviders.flatMap((d) => d.authTokens ?? []),
    ...config.merchants.flatMap((m) => m.authTokens),
  ]);
}

function unauthenticated(config: TtdSimConfig, message: string): Reply {
  // TTD's SDK integration tests see 400 + a ServerResponse body for a bad token; the swagger
  // documents 401 with a plain-text body. Both are selectable.
  return config.auth.invalidTokenStatus === 400 ? serverError(400, message) : text(401, message);
}

/** Step 1, before the body is parsed: which mode, and is a token known to anyone at all. */
export function authenticate(
  config: TtdSimConfig,
  headers: IncomingHttpHeaders,
): { ok: true; mode: AuthMode; token?: string } | { ok: false; mode: AuthMode; reply: Reply } {
  const token = header(headers, 'ttd-auth');
  if (token !== undefined && config.auth.token) {
    if (!allTokens(config).has(token.trim())) {
      return { ok: false, mode: 'token', reply: unauthenticated(config, 'Invalid TTD-Auth token') };
    }
    return { ok: true, mode: 'token', token: token.trim() };
  }
  if (config.auth.signature && header(headers, 'ttdsignature') !== undefined) {
    return { ok: true, mode: 'signature' };
  }
  return {
    ok: false,
    mode: 'none',
    reply: unauthenticated(config, 'Missing TTD-Auth header'),
  };
}

export interface Principal {
  kind: PrincipalKind;
  id: string;
  /** Data provider sending on an advertiser's behalf (first-party and advertiser DSR only). */
  onBehalfOf?: string | null;
}

/** Step 2, once the body names its principal: is it configured, and may this caller act for it. */
export function authorize(
  config: TtdSimConfig,
  headers: IncomingHttpHeaders,
  body: Uint8Array,
  auth: { mode: AuthMode; token?: string },
  principal: Principal,
): Reply | null {
  const advertiser =
    principal.kind === 'advertiser'
      ? config.advertisers.find((a) => a.advertiserId === principal.id)
      : undefined;
  const provider =
    principal.kind === 'dataProvider'
      ? config.dataProviders.find((d) => d.dataProviderId === principal.id)
      : undefined;
  const merchant =
    principal.kind === 'merchant'
      ? config.merchants.find((m) => String(m.merchantId) === principal.id)
      : undefined;
  const label = { advertiser: 'Advertiser', dataProvider: 'DataProvider', merchant: 'Merchant' }[
    principal.kind
  ];
  if (!advertiser && !provider && !merchant) {
    return serverError(400, `${label} '${principal.id}' is not configured for data upload`);
  }
  const onBehalf = principal.onBehalfOf
    ? config.dataProviders.find((d) => d.dataProviderId === principal.onBehalfOf)
    : undefined;
  if (principal.onBehalfOf && !onBehalf) {
    return serverError(400, `DataProvider '${principal.onBehalfOf}' is not configured`);
  }

  if (auth.mode === 'token') {
    const tokens = advertiser?.authTokens ?? provider?.authTokens ?? merchant?.authTokens ?? [];
    if (!auth.token || !tokens.includes(auth.token)) {
      return text(403, `Token does not have permission for ${label} '${principal.id}'`);
    }
    return null;
  }

  const secret = advertiser?.secretKey ?? provider?.secretKey ?? null;
  if (!secret || !signatureMatches(secret, body, header(headers, 'ttdsignature'))) {
    return text(401, 'Invalid TtdSignature');
  }
  if (onBehalf) {
    const dpSecret = onBehalf.secretKey ?? null;
    if (!dpSecret || !signatureMatches(dpSecret, body, header(headers, 'ttdsignature-dp'))) {
      return text(401, 'Invalid TtdSignature-dp');
    }
  }
  return null;
}
