/** Bombora's guidance: 50 is average consumption; 60 and above is surging. */
export const DEFAULT_SURGE_THRESHOLD = 60;

/** A score as stored: a whole number in 0–100, and whether the vendor's value was outside it. */
export function normalizeScore(raw: number): { score: number; outOfRange: boolean } {
  const rounded = Math.round(raw);
  const score = Math.min(100, Math.max(0, rounded));
  return { score, outOfRange: score !== rounded };
}

export type ScoreLabel = 'Surging' | 'Above average' | 'Average' | 'Below average';

/**
 * Our own label, from the score and the organisation's threshold (the vendor's `scoreLabel` is not
 * documented, so it is not trusted): at or over the threshold is surging; 50 is average.
 */
export function scoreLabel(score: number, threshold = DEFAULT_SURGE_THRESHOLD): ScoreLabel {
  if (score >= threshold) return 'Surging';
  if (score > 55) return 'Above average';
  if (score >= 45) return 'Average';
  return 'Below average';
}

/**
 * Bombora's recommendation for a cluster's topic threshold: about a quarter of its topics, at
 * least one.
 */
export function recommendedMinTopics(topicCount: number): number {
  return Math.max(1, Math.round(topicCount / 4));
}
