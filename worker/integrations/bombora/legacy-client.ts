import { LegacyCreateSchema, LegacyEnvelopeSchema } from '../../../core/contracts/bombora-wire';
import { BomboraApiError } from './errors';
import {
  DEFAULT_RETRY,
  isRetryableStatus,
  retryLater,
  withRetries,
  type Attempt,
  type HttpDeps,
  type RetryPolicy,
} from '../http';

export interface LegacyCredentials {
  username: string;
  password: string;
}

export interface SurgeReportRequest {
  Topics: number[];
  ScoreThreshold: number;
  Domains?: string[];
}

/** Bombora allows 60 calls a minute to each legacy endpoint (§3.1). */
export const LEGACY_CALLS_PER_MINUTE = 60;

/**
 * The legacy Company Surge API (sentry.bombora.com): HTTP Basic, create a report, poll until it is
 * ready, download it as JSON lines. Kept for partners still on it.
 */
export class BomboraLegacyClient {
  private readonly authorization: string;

  constructor(
    private readonly baseUrl: string,
    credentials: LegacyCredentials,
    private readonly deps: HttpDeps,
    private readonly policy: RetryPolicy = { ...DEFAULT_RETRY, service: 'Bombora' },
  ) {
    this.authorization = `Basic ${btoa(`${credentials.username}:${credentials.password}`)}`;
  }

  async createReport(request: SurgeReportRequest): Promise<number> {
    const endpoint = 'POST /v4/Surge/Create';
    const body = JSON.stringify({ ...request, OutputFormat: 'json' });
    const value = await withRetries(
      this.deps,
      this.policy,
      endpoint,
      () => this.request('/v4/Surge/Create', { method: 'POST', body }),
      (r) => this.json(r, endpoint),
    );
    const created = LegacyCreateSchema.safeParse(value);
    if (!created.success) throw new BomboraApiError(502, `Bombora ${endpoint}: unexpected answer`);
    if (!created.data.Success)
      throw new BomboraApiError(400, `Bombora refused the report: ${created.data.Message ?? ''}`);
    return created.data.Id;
  }

  /** The report file as a stream of JSON lines, or null while Bombora is still generating it. */
  async tryGetResult(id: number): Promise<ReadableStream<Uint8Array> | null> {
    const endpoint = 'GET /v2/Surge/TryGetResult';
    return withRetries(
      this.deps,
      this.policy,
      endpoint,
      () => this.request(`/v2/Surge/TryGetResult?id=${id}`, { method: 'GET' }),
      async (response): Promise<Attempt<ReadableStream<Uint8Array> | null>> => {
        const type = response.headers.get('content-type') ?? '';
        if (response.ok && !type.includes('application/json'))
          return { done: true, value: response.body };
        const value = await this.json(response, endpoint);
        if (!value.done) return value;
        const envelope = LegacyEnvelopeSchema.safeParse(value.value);
        if (envelope.success && !envelope.data.Success) return { done: true, value: null };
        throw new BomboraApiError(502, `Bombora ${endpoint}: unexpected answer`);
      },
    );
  }

  /** Checks the credentials with a cheap call. */
  async verify(): Promise<void> {
    const endpoint = 'GET /v2/cmp/GetMyTopics';
    await withRetries(
      this.deps,
      this.policy,
      endpoint,
      () => this.request('/v2/cmp/GetMyTopics', { method: 'GET' }),
      (r) => this.json(r, endpoint),
    );
  }

  private request(path: string, init: RequestInit): Request {
    return new Request(`${this.baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: this.authorization,
        referer: 'bombora.com',
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  }

  private async json(response: Response, endpoint: string): Promise<Attempt<unknown>> {
    if (response.ok) return { done: true, value: await response.json() };
    if (isRetryableStatus(response.status)) return retryLater(response);
    const text = await response.text();
    if (response.status === 401)
      throw new BomboraApiError(401, 'Bombora refused the username and password');
    throw new BomboraApiError(
      response.status,
      `Bombora ${endpoint}: ${response.status} ${text.slice(0, 200)}`,
    );
  }
}
