import { RetryLaterError } from './errors';

/*
 * What every call to an external API (Bombora, UID2, The Trade Desk) shares: a timeout, quick retries with exponential backoff and full
 * jitter for what a retry can fix (network errors, timeouts, 429, 5xx, a truncated body), Retry-After
 * honoured, and a limiter consulted before every attempt. A wait longer than this invocation should
 * spend becomes a RetryLaterError, which the queue consumer turns into a delayed re-delivery.
 */

export interface CallLimiter {
  /** Before each call to `endpoint`: how long to wait first (0 = go). Throws when the quota is spent. */
  acquire(endpoint: string): Promise<number>;
}

export interface HttpDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  limiter: CallLimiter;
  /** Counts every request sent (retries included), for the run's `api_calls`. */
  onCall?: (endpoint: string) => void;
}

export interface RetryPolicy {
  /** Names the service in errors ("Bombora", "UID2", "The Trade Desk"). */
  service: string;
  timeoutMs: number;
  /** Attempts within one invocation before handing the wait to the queue. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait this invocation does itself; longer waits become RetryLaterError. */
  maxInlineWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  service: 'the API',
  timeoutMs: 30_000,
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxInlineWaitMs: 15_000,
};

/** Full jitter: a uniform wait in [0, min(max, base × 2^attempt)]. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

/** Retry-After in ms (delta-seconds or an HTTP date), or null. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export type Attempt<T> =
  { done: true; value: T } | { done: false; retryAfterMs: number | null; reason: string };

/**
 * Runs `attempt` until it is done, retrying what it reports as retryable. `attempt` gets the
 * response (or throws for network errors and timeouts, which are retried too).
 */
export async function withRetries<T>(
  deps: HttpDeps,
  policy: RetryPolicy,
  endpoint: string,
  request: () => Request,
  attempt: (response: Response) => Promise<Attempt<T>>,
  /** Runs before each attempt (UID2 seals its envelope afresh: the timestamp must be current). */
  beforeAttempt?: () => Promise<void>,
): Promise<T> {
  let lastReason = 'no attempt made';
  for (let n = 0; n < policy.attempts; n++) {
    for (let wait = await deps.limiter.acquire(endpoint); wait > 0;) {
      await waitOrDefer(deps, policy, wait, 'our rate limit');
      wait = await deps.limiter.acquire(endpoint);
    }
    await beforeAttempt?.();
    deps.onCall?.(endpoint);
    let retryAfter: number | null = null;
    try {
      const response = await deps.fetch(request(), {
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const outcome = await attempt(response);
      if (outcome.done) return outcome.value;
      lastReason = outcome.reason;
      retryAfter = outcome.retryAfterMs;
    } catch (error) {
      if (!isTransient(error)) throw error;
      lastReason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    if (n === policy.attempts - 1) break;
    await waitOrDefer(deps, policy, retryAfter ?? backoffMs(n, policy, deps.random), lastReason);
  }
  throw new RetryLaterError(
    backoffMs(policy.attempts, policy, deps.random) + policy.maxInlineWaitMs,
    `${policy.service} ${endpoint} still failing after ${policy.attempts} attempts (${lastReason})`,
  );
}

async function waitOrDefer(deps: HttpDeps, policy: RetryPolicy, ms: number, reason: string) {
  if (ms <= 0) return;
  if (ms > policy.maxInlineWaitMs)
    throw new RetryLaterError(ms, `${policy.service} asked to wait (${reason})`);
  await deps.sleep(ms);
}

/** Network failures, timeouts and unreadable bodies: worth another try. Our own bugs are not. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'TimeoutError' ||
    error.name === 'AbortError' ||
    error.name === 'SyntaxError' ||
    error instanceof TypeError ||
    /network|socket|connection|terminated|reset|ECONN|EPIPE/i.test(error.message)
  );
}

/** Whether a status is worth retrying. */
export const isRetryableStatus = (status: number) => status === 429 || status >= 500;

/**
 * A retryable response as a retry decision: its body discarded, its Retry-After kept, and its
 * status line as the reason (e.g. the legacy API's "429 Too many API calls to this endpoint…").
 */
export async function retryLater(response: Response): Promise<Attempt<never>> {
  await response.body?.cancel();
  return {
    done: false,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    reason: `${response.status} ${response.statusText}`.trim(),
  };
}
