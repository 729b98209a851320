import type { z } from 'zod';
import {
  BomboraErrorSchema,
  BomboraPageSchema,
  BomboraPageTokenSchema,
  BomboraTokenSchema,
  BomboraTopicsSchema,
  INTENT_ATTRIBUTES,
  type BomboraTopic,
} from '../../../core/contracts/bombora-wire';
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

export interface IntentCredentials {
  clientId: string;
  clientSecret: string;
}

export interface IntentPullRequest {
  /** Topic names, as the Intent API identifies them. */
  topics: string[];
  /** A filter predicate (e.g. only some domains); omitted when null. */
  filter?: unknown;
}

export interface IntentPage {
  data: unknown[];
  nextPageToken: string | null;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/*
 * Tokens are cached per isolate, keyed by host and credentials, and renewed a minute before they
 * expire (or at once when Bombora answers 401): a refresh of a hundred pages asks for one token,
 * not a hundred.
 */
const tokens = new Map<string, CachedToken>();
const TOKEN_MARGIN_MS = 60_000;

/** The current Bombora API (api.bombora.com): OAuth client credentials, Intent, Reference. */
export class BomboraIntentClient {
  private readonly cacheKey: string;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: IntentCredentials,
    private readonly deps: HttpDeps & { now: () => number },
    private readonly policy: RetryPolicy = { ...DEFAULT_RETRY, service: 'Bombora' },
  ) {
    this.cacheKey = `${baseUrl}\u0000${credentials.clientId}\u0000${credentials.clientSecret}`;
  }

  /** Starts a pull of the topics' current dataset: the first page's token. */
  async startPull(request: IntentPullRequest): Promise<string> {
    const body = JSON.stringify({
      topics: request.topics,
      attributes: INTENT_ATTRIBUTES,
      ...(request.filter ? { filter: request.filter } : {}),
    });
    const result = await this.authorized('POST /intent/v1/data', (token) =>
      this.request('/intent/v1/data', token, { method: 'POST', body }),
    );
    return parseJson(BomboraPageTokenSchema, result, 'POST /intent/v1/data').pageToken;
  }

  /** One page. Asking for the same token again returns the same page, so retries are safe. */
  async page(pageToken: string, limit: number): Promise<IntentPage> {
    const query = new URLSearchParams({ pageToken, limit: String(limit) });
    const result = await this.authorized('GET /intent/v1/data', (token) =>
      this.request(`/intent/v1/data?${query}`, token, { method: 'GET' }),
    );
    const page = parseJson(BomboraPageSchema, result, 'GET /intent/v1/data');
    return { data: page.data, nextPageToken: page.nextPageToken ?? null };
  }

  /** The whole taxonomy (Reference API). */
  async topics(): Promise<BomboraTopic[]> {
    const result = await this.authorized('GET /reference/v1/topics', (token) =>
      this.request('/reference/v1/topics', token, { method: 'GET' }),
    );
    return parseJson(BomboraTopicsSchema, result, 'GET /reference/v1/topics').topics;
  }

  /** Checks the credentials by asking for a token (used when they are saved). */
  async verify(): Promise<void> {
    tokens.delete(this.cacheKey);
    await this.token();
  }

  private request(path: string, token: string, init: RequestInit): Request {
    return new Request(`${this.baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  }

  /** Calls with a token; on 401 the token is renewed once and the call repeated. */
  private async authorized(endpoint: string, build: (token: string) => Request): Promise<unknown> {
    for (let renewed = 0; ; renewed++) {
      const token = await this.token();
      const outcome = await withRetries(
        this.deps,
        this.policy,
        endpoint,
        () => build(token),
        (r) => readJson(r, endpoint),
      );
      if (outcome !== UNAUTHORIZED) return outcome;
      tokens.delete(this.cacheKey);
      if (renewed > 0)
        throw new BomboraApiError(401, `Bombora refused a fresh token for ${endpoint}`);
    }
  }

  private async token(): Promise<string> {
    const cached = tokens.get(this.cacheKey);
    if (cached && cached.expiresAt - TOKEN_MARGIN_MS > this.deps.now()) return cached.token;
    const endpoint = 'POST /oauth/token';
    const body = JSON.stringify({
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    });
    const result = await withRetries(
      this.deps,
      this.policy,
      endpoint,
      () =>
        new Request(`${this.baseUrl}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body,
        }),
      (r) => readJson(r, endpoint),
    );
    if (result === UNAUTHORIZED)
      throw new BomboraApiError(401, 'Bombora refused the client id and secret');
    const token = parseJson(BomboraTokenSchema, result, endpoint);
    const entry = {
      token: token.access_token,
      expiresAt: this.deps.now() + token.expires_in * 1000,
    };
    tokens.set(this.cacheKey, entry);
    return entry.token;
  }
}

const UNAUTHORIZED = Symbol('unauthorized');

/** A response as a retry decision: JSON when OK, 401 passed up, other 4xx thrown with Bombora's message. */
async function readJson(
  response: Response,
  endpoint: string,
): Promise<Attempt<unknown | typeof UNAUTHORIZED>> {
  if (response.ok) return { done: true, value: await response.json() };
  if (isRetryableStatus(response.status)) return retryLater(response);
  const text = await response.text();
  if (response.status === 401) return { done: true, value: UNAUTHORIZED };
  throw new BomboraApiError(
    response.status,
    `Bombora ${endpoint}: ${errorMessage(text, response)}`,
  );
}

function errorMessage(text: string, response: Response): string {
  try {
    const parsed = BomboraErrorSchema.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.message) return `${response.status} ${parsed.data.message}`;
  } catch {
    // not JSON
  }
  return `${response.status} ${response.statusText || text.slice(0, 200)}`;
}

function parseJson<S extends z.ZodType>(schema: S, value: unknown, endpoint: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new BomboraApiError(502, `Bombora ${endpoint} answered in an unexpected shape`);
  return parsed.data;
}
