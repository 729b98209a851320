import { describe, expect, it } from 'vitest';
import { normalizeScore, recommendedMinTopics, scoreLabel } from './scores';
import { isoWeekMonday, previousWeek } from './weeks';

describe('scores', () => {
  it.each([
    [0, 0, false],
    [59.6, 60, false],
    [100, 100, false],
    [-3, 0, true],
    [140, 100, true],
  ])('%d is stored as %d (out of range: %s)', (raw, score, outOfRange) =>
    expect(normalizeScore(raw)).toEqual({ score, outOfRange }),
  );

  it('labels against the organisation threshold (60 by default)', () => {
    expect(scoreLabel(60)).toBe('Surging');
    expect(scoreLabel(59)).toBe('Above average');
    expect(scoreLabel(65, 70)).toBe('Above average');
    expect(scoreLabel(70, 70)).toBe('Surging');
    expect(scoreLabel(50)).toBe('Average');
    expect(scoreLabel(20)).toBe('Below average');
  });

  it('recommends a topic threshold of about a quarter of a cluster, at least one', () => {
    expect(recommendedMinTopics(1)).toBe(1);
    expect(recommendedMinTopics(4)).toBe(1);
    expect(recommendedMinTopics(8)).toBe(2);
    expect(recommendedMinTopics(20)).toBe(5);
  });
});

describe('weeks', () => {
  it.each([
    ['2026-11-30T00:00:00Z', '2026-11-30'], // a Monday
    ['2026-11-29T23:59:59Z', '2026-11-23'], // Sunday belongs to the week before
    ['2026-12-03T12:00:00Z', '2026-11-30'],
    ['2027-01-01T00:00:00Z', '2026-12-28'], // across a year
  ])('%s is in the week of %s', (at, week) => expect(isoWeekMonday(Date.parse(at))).toBe(week));

  it('steps back a week', () => {
    expect(previousWeek('2026-11-30')).toBe('2026-11-23');
    expect(previousWeek('2026-01-05')).toBe('2025-12-29');
  });
});
