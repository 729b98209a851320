/**
 * Delay before the next delivery of a failed queue message: exponential in the attempts so far
 * (5 s, 10 s, 20 s, …), capped so a message is never parked for longer than the cap.
 */
export function retryDelaySeconds(attempts: number, baseSeconds = 5, maxSeconds = 15 * 60): number {
  const exponent = Math.max(0, attempts);
  return Math.min(maxSeconds, baseSeconds * 2 ** exponent);
}
