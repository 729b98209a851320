import { describe, expect, it } from 'vitest';
import { SEGMENT_NAME_MAX, segmentNameProblem, suggestSegmentName } from './segment-name';

describe('segment names', () => {
  it.each(['P360 - Enterprise buyers', 'Käufer (DACH) 2026', 'a'])('accepts %j', (name) =>
    expect(segmentNameProblem(name)).toBeNull(),
  );

  it.each([
    ['', 'Give the segment a name'],
    ['   ', 'Give the segment a name'],
    [' leading', 'No spaces'],
    ['Buyers, EMEA', 'Quotes, commas'],
    ["O'Neil fans", 'Quotes, commas'],
    ['a^b', 'Quotes, commas'],
    ['tab\there', 'Control and invisible'],
    ['zero\u200bwidth', 'Control and invisible'],
    ['*', 'reserved'],
    ['x'.repeat(SEGMENT_NAME_MAX + 1), `At most ${SEGMENT_NAME_MAX}`],
  ])('refuses %j', (name, problem) => expect(segmentNameProblem(name)).toContain(problem));

  it('suggests a valid name from any audience name', () => {
    for (const audience of ['Buyers, "EMEA"', '   ', 'x'.repeat(400), 'Über^Käufer'])
      expect(segmentNameProblem(suggestSegmentName(audience))).toBeNull();
    expect(suggestSegmentName('Buyers, "EMEA"')).toBe('P360 - Buyers EMEA');
  });
});
