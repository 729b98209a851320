/*
 * Building /data/advertiser bodies under a byte and item limit. The body is assembled as text so
 * its exact size is known while it grows (and so the bytes signed are the bytes sent).
 */

export interface SegmentItem {
  uid2: string;
  segmentName: string;
  /** 0 removes the UID2 from the segment. */
  ttlMinutes: number;
}

export interface BatchLimits {
  maxBytes: number;
  maxItems: number;
}

export interface AdvertiserBatch {
  json: string;
  items: SegmentItem[];
}

const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).length;

function itemJson(item: SegmentItem): string {
  return `{"UID2":${JSON.stringify(item.uid2)},"Data":[{"Name":${JSON.stringify(item.segmentName)},"TTLInMinutes":${item.ttlMinutes}}]}`;
}

/**
 * Splits `items` into request bodies of at most `maxItems` items and `maxBytes` bytes each, in
 * order. An item that cannot fit in an empty body is a configuration error and throws.
 */
export function advertiserBatches(
  advertiserId: string,
  items: readonly SegmentItem[],
  limits: BatchLimits,
): AdvertiserBatch[] {
  const head = `{"AdvertiserId":${JSON.stringify(advertiserId)},"Items":[`;
  const tail = ']}';
  const frame = byteLength(head) + byteLength(tail);
  const batches: AdvertiserBatch[] = [];
  let parts: string[] = [];
  let batchItems: SegmentItem[] = [];
  let size = frame;
  const flush = () => {
    if (!parts.length) return;
    batches.push({ json: head + parts.join(',') + tail, items: batchItems });
    parts = [];
    batchItems = [];
    size = frame;
  };
  for (const item of items) {
    const json = itemJson(item);
    const bytes = byteLength(json) + (parts.length ? 1 : 0);
    if (frame + byteLength(json) > limits.maxBytes)
      throw new RangeError(`One item does not fit in a ${limits.maxBytes}-byte request`);
    if (size + bytes > limits.maxBytes || parts.length >= limits.maxItems) flush();
    size += byteLength(json) + (parts.length ? 1 : 0);
    parts.push(json);
    batchItems.push(item);
  }
  flush();
  return batches;
}
