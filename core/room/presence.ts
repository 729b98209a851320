/*
 * Small pieces of a room's presence and flow control: a stable colour per person and a token
 * bucket for per-connection rate limits.
 */

/** Colours with at least 4.5:1 contrast against white text and a light canvas (WCAG AA). */
export const PEER_COLORS = [
  '#1d4ed8',
  '#b91c1c',
  '#047857',
  '#7e22ce',
  '#b45309',
  '#0e7490',
  '#be185d',
  '#4d7c0f',
] as const;

/** The same person always gets the same colour (FNV-1a of their actor id). */
export function colorFor(actor: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < actor.length; i++) {
    hash ^= actor.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PEER_COLORS[hash % PEER_COLORS.length]!;
}

/** `capacity` messages at once, refilled at `perSecond`; counts what it had to drop. */
export class TokenBucket {
  private tokens: number;
  private at: number | null = null;
  dropped = 0;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {
    this.tokens = capacity;
  }

  take(now: number): boolean {
    if (this.at !== null)
      this.tokens = Math.min(
        this.capacity,
        this.tokens + ((now - this.at) / 1000) * this.perSecond,
      );
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.dropped += 1;
    return false;
  }
}
