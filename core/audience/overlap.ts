/*
 * Overlap of k = 2..5 audiences from the counts of their exclusive regions: `regions` maps a
 * bitmask (bit i set = in audience i) to how many people are in exactly those audiences. Region 0
 * (in none) is not counted. Everything else — sizes, the union, intersections, pairwise Jaccard,
 * priority assignment — follows from these 2^k − 1 numbers without another query.
 */

export const MIN_OVERLAP_AUDIENCES = 2;
export const MAX_OVERLAP_AUDIENCES = 5;

export interface OverlapReport {
  audiences: number;
  /** People in audience i. */
  sizes: number[];
  /** People in at least one. */
  union: number;
  /** Every exclusive region, zeros included (for Venn and UpSet charts), by mask. */
  regions: Array<{ mask: number; members: number[]; exclusive: number }>;
  /** Every non-empty subset of audiences: people in all of them (and maybe others). */
  intersections: Array<{ members: number[]; size: number }>;
  pairs: Array<{ a: number; b: number; intersection: number; union: number; jaccard: number }>;
}

function checkK(k: number) {
  if (!Number.isInteger(k) || k < MIN_OVERLAP_AUDIENCES || k > MAX_OVERLAP_AUDIENCES)
    throw new RangeError(
      `Overlap compares ${MIN_OVERLAP_AUDIENCES} to ${MAX_OVERLAP_AUDIENCES} audiences, not ${k}`,
    );
}

const membersOf = (mask: number, k: number) =>
  Array.from({ length: k }, (_, i) => i).filter((i) => mask & (1 << i));

export function overlapReport(k: number, regions: ReadonlyMap<number, number>): OverlapReport {
  checkK(k);
  const full = 1 << k;
  const exclusive = (mask: number) => regions.get(mask) ?? 0;
  // containing[s] = Σ exclusive(m) over every m ⊇ s: people in all of s (superset sums).
  const containing = Array.from({ length: full }, (_, m) => (m === 0 ? 0 : exclusive(m)));
  for (let bit = 0; bit < k; bit++)
    for (let m = 0; m < full; m++)
      if (!(m & (1 << bit))) containing[m]! += containing[m | (1 << bit)]!;
  const sizes = Array.from({ length: k }, (_, i) => containing[1 << i]!);
  let union = 0;
  for (let m = 1; m < full; m++) union += exclusive(m);
  const masks = Array.from({ length: full - 1 }, (_, i) => i + 1);
  const pairs: OverlapReport['pairs'] = [];
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      const intersection = containing[(1 << a) | (1 << b)]!;
      const pairUnion = sizes[a]! + sizes[b]! - intersection;
      pairs.push({
        a,
        b,
        intersection,
        union: pairUnion,
        jaccard: pairUnion === 0 ? 0 : intersection / pairUnion,
      });
    }
  return {
    audiences: k,
    sizes,
    union,
    regions: masks.map((mask) => ({
      mask,
      members: membersOf(mask, k),
      exclusive: exclusive(mask),
    })),
    intersections: masks.map((mask) => ({ members: membersOf(mask, k), size: containing[mask]! })),
    pairs,
  };
}

/**
 * How many people each audience gets when everyone goes to the first (lowest-index, highest
 * priority) audience they are in: audience i gets the regions whose lowest set bit is i.
 */
export function priorityCounts(k: number, regions: ReadonlyMap<number, number>): number[] {
  checkK(k);
  const counts = new Array<number>(k).fill(0);
  for (const [mask, count] of regions) {
    if (mask <= 0 || mask >= 1 << k) continue;
    const lowest = Math.log2(mask & -mask);
    counts[lowest]! += count;
  }
  return counts;
}
