/*
 * Segment names become first-party data names under the advertiser in The Trade Desk. TTD does
 * not publish its rules; it has a `DataNameTooLong` error, and integrators document a 256-character
 * maximum and refuse quotes, commas and carets (external-apis.md §2.7, UNCONFIRMED). We apply all of
 * them, and refuse what would be invisible or ambiguous in TTD's UI.
 */

export const SEGMENT_NAME_MAX = 256;

const FORBIDDEN = /['",^]/;
// C0/C1 controls, and characters that render as nothing or reorder text.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** What is wrong with `name` as a TTD segment name, or null. */
export function segmentNameProblem(name: string): string | null {
  if (!name.trim()) return 'Give the segment a name';
  if (name !== name.trim()) return 'No spaces at the start or end';
  if (name.length > SEGMENT_NAME_MAX) return `At most ${SEGMENT_NAME_MAX} characters`;
  if (FORBIDDEN.test(name)) return 'Quotes, commas and ^ are not allowed';
  if (INVISIBLE.test(name)) return 'Control and invisible characters are not allowed';
  if (name === '*') return '"*" is reserved';
  return null;
}

/** A valid segment name suggested from an audience name: "P360 – <name>", cleaned. */
export function suggestSegmentName(audienceName: string): string {
  const cleaned = audienceName
    .replace(/['",^]/g, '')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `P360 - ${cleaned || 'Audience'}`.slice(0, SEGMENT_NAME_MAX).trim();
}
