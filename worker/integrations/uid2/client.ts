import type { z } from 'zod';
import {
  Uid2ErrorSchema,
  Uid2OptoutStatusSchema,
  Uid2V3ResponseSchema,
  type Uid2V3Response,
} from '../../../core/contracts/uid2-wire';
import {
  DEFAULT_RETRY,
  isRetryableStatus,
  retryLater,
  withRetries,
  type HttpDeps,
  type RetryPolicy,
} from '../http';
import { importClientSecret, openResponse, sealRequest, type SealedRequest } from './envelope';

export interface Uid2Credentials {
  apiKey: string;
  /** Base64 of the 32-byte AES-256 key. */
  clientSecret: string;
}

/** UID2 refused the request and a retry will not change that (credentials, a malformed request). */
export class Uid2ApiError extends Error {
  override name = 'Uid2ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The documented batch limits: ≤ 5,000 identifiers and ≤ 1 MiB per request. */
export const UID2_MAX_ITEMS = 5_000;
export const UID2_MAX_BODY_BYTES = 1 << 20;

export interface IdentityMapInput {
  email_hash?: string[];
  phone_hash?: string[];
}

const UID2_RETRY: RetryPolicy = { ...DEFAULT_RETRY, service: 'UID2', baseDelayMs: 200 };

/**
 * The UID2 operator, as an advertiser uses it: identity map (v3) and opt-out status, each request
 * sealed in the encryption envelope and sent as binary. One client per credential; its caller
 * sends batches one after another (the documented rule for identity map).
 */
export class Uid2Client {
  private key: Promise<CryptoKey> | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: Uid2Credentials,
    private readonly deps: HttpDeps & { now: () => number },
    private readonly policy: RetryPolicy = UID2_RETRY,
  ) {}

  /** POST /v3/identity/map: index-aligned answers for each hash array. */
  async identityMap(input: IdentityMapInput): Promise<Uid2V3Response['body']> {
    const items = (input.email_hash?.length ?? 0) + (input.phone_hash?.length ?? 0);
    if (items > UID2_MAX_ITEMS)
      throw new RangeError(`A UID2 batch holds at most ${UID2_MAX_ITEMS} identifiers (${items})`);
    const json = JSON.stringify({
      ...(input.email_hash?.length ? { email_hash: input.email_hash } : {}),
      ...(input.phone_hash?.length ? { phone_hash: input.phone_hash } : {}),
    });
    const parsed = await this.call('/v3/identity/map', json, Uid2V3ResponseSchema);
    const body = parsed.body;
    if (
      body.email_hash.length !== (input.email_hash?.length ?? 0) ||
      body.phone_hash.length !== (input.phone_hash?.length ?? 0)
    )
      throw new Uid2ApiError(200, 'UID2 answered a different number of identifiers than asked');
    return body;
  }

  /** POST /v2/optout/status: which of these raw UID2s opted out, and since when (ms). */
  async optoutStatus(uid2s: string[]): Promise<Map<string, number>> {
    const parsed = await this.call(
      '/v2/optout/status',
      JSON.stringify({ advertising_ids: uid2s }),
      Uid2OptoutStatusSchema,
    );
    return new Map(parsed.body.opted_out.map((o) => [o.advertising_id, o.opted_out_since]));
  }

  private async call<T extends z.ZodTypeAny>(
    path: string,
    json: string,
    schema: T,
  ): Promise<z.infer<T>> {
    if (json.length > UID2_MAX_BODY_BYTES - 64)
      throw new RangeError(`A UID2 request body must stay under 1 MiB (${json.length} bytes)`);
    const key = await (this.key ??= importClientSecret(this.credentials.clientSecret));
    let sealed: SealedRequest | undefined;
    const text = await withRetries(
      this.deps,
      this.policy,
      `POST ${path}`,
      () =>
        new Request(`${this.baseUrl}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.credentials.apiKey}`,
            'content-type': 'application/octet-stream',
          },
          // Sealed afresh below for every attempt: the timestamp must be current.
          body: sealed!.body,
        }),
      async (response) => {
        if (response.ok) {
          const bytes = new Uint8Array(await response.arrayBuffer());
          return { done: true, value: await openResponse(key, bytes, sealed!.nonce) };
        }
        if (isRetryableStatus(response.status)) return retryLater(response);
        throw await refusal(response, path);
      },
      async () => {
        sealed = await sealRequest(key, json, { now: this.deps.now() });
      },
    );
    let value: unknown;
    try {
      value = JSON.parse(text.json);
    } catch {
      throw new Uid2ApiError(200, `UID2 ${path} answered with a body that is not JSON`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new Uid2ApiError(
        200,
        `UID2 ${path} answered in an unexpected shape: ${parsed.error.issues[0]?.message}`,
      );
    return parsed.data as z.infer<T>;
  }
}

async function refusal(response: Response, path: string): Promise<Uid2ApiError> {
  const text = await response.text().catch(() => '');
  let message = text.slice(0, 300);
  try {
    const body = Uid2ErrorSchema.safeParse(JSON.parse(text));
    if (body.success) message = body.data.message ?? body.data.status;
  } catch {
    // Not JSON (a 413 from a proxy, say): keep the text.
  }
  const what =
    response.status === 401
      ? 'UID2 refused the API key (check the key and that it has the MAPPER role)'
      : `UID2 ${path} refused the request (${response.status})`;
  return new Uid2ApiError(response.status, message ? `${what}: ${message}` : what);
}
