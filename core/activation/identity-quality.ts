/*
 * How good a contact's identity is for activation: how many of its identifiers map to a UID2, and
 * how recently they were mapped. 0 when nothing maps (or the person opted out); up to 100 for an
 * email and a phone both mapped within the last 30 days.
 */

export interface ContactIdentity {
  /** Identifiers mapped to a UID2. */
  mapped: number;
  /** The newest mapping (ms), or null. */
  newestMappedAt: number | null;
  optedOut: boolean;
}

const DAY = 86_400_000;

export function identityQuality(identity: ContactIdentity, now: number): number {
  if (identity.optedOut || identity.mapped === 0 || identity.newestMappedAt === null) return 0;
  const base = identity.mapped >= 2 ? 100 : 70;
  const age = now - identity.newestMappedAt;
  const recency = age <= 30 * DAY ? 1 : age <= 90 * DAY ? 0.8 : 0.5;
  return Math.round(base * recency);
}

export type QualityBand = 'none' | 'low' | 'medium' | 'high';

export function qualityBand(score: number): QualityBand {
  if (score === 0) return 'none';
  if (score < 50) return 'low';
  if (score < 80) return 'medium';
  return 'high';
}
