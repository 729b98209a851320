import { TtdResponseSchema, type TtdFailedLine } from '../../../core/contracts/ttd-wire';
import {
  DEFAULT_RETRY,
  isRetryableStatus,
  retryLater,
  withRetries,
  type HttpDeps,
  type RetryPolicy,
} from '../http';

export type TtdAuth =
  | { mode: 'token'; token: string }
  | { mode: 'signature'; secretKey: string; dataProviderId?: string; dataProviderSecret?: string };

/** TTD refused the request and a retry will not change it (auth, a malformed or oversized body). */
export class TtdApiError extends Error {
  override name = 'TtdApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface TtdSendResult {
  failedLines: TtdFailedLine[];
  bytes: number;
}

const TTD_RETRY: RetryPolicy = { ...DEFAULT_RETRY, service: 'The Trade Desk' };

/** `https://{region}-data.adsrvr.org` (or the simulator's `http://127.0.0.1:8793/{region}`). */
export function ttdDataUrl(template: string, region: string): string {
  return template.replace('{region}', region).replace(/\/+$/, '');
}

/** Base64 HMAC-SHA1 of the exact body bytes: the legacy `TtdSignature` (external-apis.md §2.2). */
export async function ttdSignature(secret: string, body: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, body));
  return btoa(String.fromCharCode(...mac));
}

/**
 * The Trade Desk Data API for one advertiser: first-party segment uploads and data-subject
 * requests. Bodies are serialised once and sent (and signed) as those exact bytes.
 */
export class TtdClient {
  constructor(
    private readonly baseUrl: string,
    private readonly auth: TtdAuth,
    private readonly deps: HttpDeps,
    private readonly policy: RetryPolicy = TTD_RETRY,
  ) {}

  /** POST /data/advertiser with a body built by `ttd-batch` (already JSON). */
  sendAdvertiserData(json: string): Promise<TtdSendResult> {
    return this.post('/data/advertiser', json);
  }

  /** POST /data/deletion-optout/advertiser. */
  deletionOptout(
    advertiserId: string,
    requestType: 'Deletion' | 'OptOut',
    uid2s: string[],
  ): Promise<TtdSendResult> {
    return this.post(
      '/data/deletion-optout/advertiser',
      JSON.stringify({
        AdvertiserId: advertiserId,
        RequestType: requestType,
        Items: uid2s.map((uid2) => ({ UID2: uid2 })),
      }),
    );
  }

  private async post(path: string, json: string): Promise<TtdSendResult> {
    const body = new TextEncoder().encode(json);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.auth.mode === 'token') headers['TTD-Auth'] = this.auth.token;
    else {
      headers.TtdSignature = await ttdSignature(this.auth.secretKey, body);
      if (this.auth.dataProviderSecret)
        headers['TtdSignature-dp'] = await ttdSignature(this.auth.dataProviderSecret, body);
    }
    return withRetries(
      this.deps,
      this.policy,
      `POST ${path}`,
      () => new Request(`${this.baseUrl}${path}`, { method: 'POST', headers, body }),
      async (response) => {
        if (response.ok) {
          const text = await response.text();
          const parsed = TtdResponseSchema.safeParse(text.trim() ? JSON.parse(text) : {});
          if (!parsed.success)
            throw new TtdApiError(200, `The Trade Desk answered ${path} in an unexpected shape`);
          return {
            done: true,
            value: { failedLines: parsed.data.FailedLines ?? [], bytes: body.length },
          };
        }
        if (isRetryableStatus(response.status)) return retryLater(response);
        throw await refusal(response, path);
      },
    );
  }
}

async function refusal(response: Response, path: string): Promise<TtdApiError> {
  const text = (await response.text().catch(() => '')).slice(0, 500);
  let detail = text;
  try {
    const body = JSON.parse(text) as { Message?: unknown; FailedLines?: TtdFailedLine[] };
    if (typeof body.Message === 'string') detail = body.Message;
    else if (body.FailedLines?.[0])
      detail = `${body.FailedLines[0].ErrorCode}: ${body.FailedLines[0].Message ?? ''}`;
  } catch {
    // Some TTD errors are plain text (401, 403, 413).
  }
  const what =
    response.status === 401
      ? 'The Trade Desk refused the credentials (check the token or the advertiser secret)'
      : response.status === 413
        ? 'The Trade Desk refused the request as too large'
        : `The Trade Desk refused ${path} (${response.status})`;
  return new TtdApiError(response.status, detail ? `${what}: ${detail}` : what);
}
