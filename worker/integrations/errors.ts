/**
 * The call should be tried again, but later than this invocation can wait: the queue re-delivers
 * the message after `delayMs` (rate limits, long Retry-After, exhausted quick retries).
 */
export class RetryLaterError extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}
