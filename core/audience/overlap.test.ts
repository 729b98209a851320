import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlapReport, priorityCounts } from './overlap';

/** Random people, each in a random set of k audiences; the regions and the sets they make. */
const memberships = fc.integer({ min: 2, max: 5 }).chain((k) =>
  fc.array(fc.integer({ min: 0, max: (1 << k) - 1 }), { maxLength: 200 }).map((people) => {
    const regions = new Map<number, number>();
    for (const mask of people) if (mask) regions.set(mask, (regions.get(mask) ?? 0) + 1);
    const sets = Array.from(
      { length: k },
      (_, i) => new Set(people.flatMap((mask, person) => (mask & (1 << i) ? [person] : []))),
    );
    return { k, people, regions, sets };
  }),
);

const regionsOf = (entries: Array<[number, number]>) => new Map(entries);

describe('overlapReport', () => {
  // Two audiences: 10 only in A, 5 in both, 20 only in B.
  const two = overlapReport(
    2,
    regionsOf([
      [1, 10],
      [3, 5],
      [2, 20],
    ]),
  );

  it('sizes each audience as the sum of the regions containing it', () => {
    expect(two.sizes).toEqual([15, 25]);
  });

  it('counts the union once per person', () => {
    expect(two.union).toBe(35);
  });

  it('lists every exclusive region with its members, zeros included', () => {
    const none = overlapReport(3, new Map());
    expect(none.regions).toHaveLength(7);
    expect(none.regions[4]).toEqual({ mask: 5, members: [0, 2], exclusive: 0 });
  });

  it('reports the pairwise intersection, union and Jaccard index', () => {
    expect(two.pairs).toEqual([{ a: 0, b: 1, intersection: 5, union: 35, jaccard: 5 / 35 }]);
  });

  it('gives a Jaccard index of 0 to two empty audiences', () => {
    expect(overlapReport(2, new Map()).pairs[0]!.jaccard).toBe(0);
  });

  it('refuses fewer than 2 or more than 5 audiences', () => {
    expect(() => overlapReport(1, new Map())).toThrow(RangeError);
    expect(() => overlapReport(6, new Map())).toThrow(RangeError);
  });

  it('counts, for every subset, the people in all of its audiences (by brute force)', () => {
    fc.assert(
      fc.property(memberships, ({ k, regions, sets }) => {
        for (const { members, size } of overlapReport(k, regions).intersections) {
          const inAll = [...sets[members[0]!]!].filter((p) =>
            members.every((i) => sets[i]!.has(p)),
          );
          expect(size).toBe(inAll.length);
        }
      }),
    );
  });

  it('sums the exclusive regions to the union, which is the size of the union of the sets', () => {
    fc.assert(
      fc.property(memberships, ({ k, regions, sets }) => {
        const report = overlapReport(k, regions);
        const union = new Set(sets.flatMap((s) => [...s])).size;
        expect(report.regions.reduce((sum, r) => sum + r.exclusive, 0)).toBe(report.union);
        expect(report.union).toBe(union);
      }),
    );
  });

  it('sizes each audience as its set (the regions containing it)', () => {
    fc.assert(
      fc.property(memberships, ({ k, regions, sets }) => {
        expect(overlapReport(k, regions).sizes).toEqual(sets.map((s) => s.size));
      }),
    );
  });

  it('agrees with inclusion–exclusion over the intersections', () => {
    fc.assert(
      fc.property(memberships, ({ k, regions }) => {
        const report = overlapReport(k, regions);
        const alternating = report.intersections.reduce(
          (sum, { members, size }) => sum + (members.length % 2 ? size : -size),
          0,
        );
        expect(alternating).toBe(report.union);
      }),
    );
  });

  it('never has an intersection smaller than its exclusive region', () => {
    fc.assert(
      fc.property(memberships, ({ k, regions }) => {
        const report = overlapReport(k, regions);
        report.intersections.forEach(({ size }, i) =>
          expect(size).toBeGreaterThanOrEqual(report.regions[i]!.exclusive),
        );
      }),
    );
  });

  it('keeps every Jaccard index between 0 and 1', () => {
    fc.assert(
      fc.property(memberships, ({ k, regions }) => {
        for (const { jaccard } of overlapReport(k, regions).pairs) {
          expect(jaccard).toBeGreaterThanOrEqual(0);
          expect(jaccard).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('priorityCounts', () => {
  it('gives a person in several audiences to the one with the lowest index', () => {
    expect(
      priorityCounts(
        3,
        regionsOf([
          [0b110, 4],
          [0b111, 2],
          [0b100, 1],
        ]),
      ),
    ).toEqual([2, 4, 1]);
  });

  it('assigns everyone in the union exactly once (by brute force)', () => {
    fc.assert(
      fc.property(memberships, ({ k, people, regions, sets }) => {
        const counts = priorityCounts(k, regions);
        const expected = sets.map(() => 0);
        people.forEach((_, person) => {
          const first = sets.findIndex((set) => set.has(person));
          if (first >= 0) expected[first]!++;
        });
        expect(counts).toEqual(expected);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(overlapReport(k, regions).union);
      }),
    );
  });
});
