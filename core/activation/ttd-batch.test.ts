import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advertiserBatches, type SegmentItem } from './ttd-batch';

const uid2 = (i: number) => `${String(i).padStart(43, 'A')}=`;
const items = (n: number, ttl = 43_200): SegmentItem[] =>
  Array.from({ length: n }, (_, i) => ({ uid2: uid2(i), segmentName: 'Segment', ttlMinutes: ttl }));
const bytes = (text: string) => new TextEncoder().encode(text).length;

describe('advertiser batches', () => {
  it('writes the documented /data/advertiser shape', () => {
    const [batch] = advertiserBatches('adv1', items(1, 0), { maxBytes: 10_000, maxItems: 10 });
    expect(JSON.parse(batch!.json)).toEqual({
      AdvertiserId: 'adv1',
      Items: [{ UID2: uid2(0), Data: [{ Name: 'Segment', TTLInMinutes: 0 }] }],
    });
  });

  it('keeps every batch under the byte and item limits, in order, losing nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 200, max: 5_000 }),
        fc.integer({ min: 1, max: 50 }),
        (n, maxBytes, maxItems) => {
          const all = items(n);
          const batches = advertiserBatches('adv', all, { maxBytes, maxItems });
          for (const b of batches) {
            expect(bytes(b.json)).toBeLessThanOrEqual(maxBytes);
            expect(b.items.length).toBeLessThanOrEqual(maxItems);
            expect(JSON.parse(b.json).Items).toHaveLength(b.items.length);
          }
          expect(batches.flatMap((b) => b.items)).toEqual(all);
        },
      ),
    );
  });

  it('counts multi-byte segment names in bytes, not characters', () => {
    const wide = items(40).map((i) => ({ ...i, segmentName: 'Käufer 🚀'.repeat(5) }));
    for (const b of advertiserBatches('adv', wide, { maxBytes: 1_000, maxItems: 100 }))
      expect(bytes(b.json)).toBeLessThanOrEqual(1_000);
  });

  it('refuses a limit no single item fits in', () => {
    expect(() => advertiserBatches('adv', items(1), { maxBytes: 50, maxItems: 10 })).toThrow(
      RangeError,
    );
  });
});
