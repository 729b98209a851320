// Per-item processing of /data/advertiser and /data/thirdparty: each item is deserialised,
// filed under its first valid identifier and validated line by line. An item with any failed
// line changes nothing; a good item adds, refreshes or (TTL 0) removes its memberships.
import { z } from 'zod';
import { canonicalKeys, isObject } from './http';
import { chooseId, ID_FIELDS, type IdField } from './ids';
import type { OwnerKind, SimState } from './state';

export interface FailedLine {
  TDID: string | null;
  DataProviderUserId?: string | null;
  DataName: string | null;
  ErrorCode: string;
  Message: string;
  ItemNumber: string;
  DataNumber: string | null;
}

const FIRST_PARTY_DATA = [
  'Name',
  'TimestampUtc',
  'TtlInMinutes',
  'BaseBidCPM',
  'BaseBidCPMMetadata',
  'BidFactor',
] as const;
// BaseBidCPM is not in the 3P schema but is tolerated, to answer it with its own error code.
const THIRD_PARTY_DATA = [
  'Name',
  'TimestampUtc',
  'TtlInMinutes',
  'BaseBidCPM',
  'BaseBidCPMMetadata',
] as const;

/** TimestampUtc is UTC even without an offset (JS would read a bare date-time as local). */
function parseUtc(s: string): number {
  const bare = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(s);
  return Date.parse(bare ? `${s}Z` : s);
}

const NullableString = z.string().nullable().optional();
const NullableNumber = z.number().nullable().optional();

const DataSchema = z.object({
  Name: z.string().min(1),
  TimestampUtc: z
    .string()
    .refine((s) => !Number.isNaN(parseUtc(s)), 'not a date-time')
    .nullable()
    .optional(),
  TtlInMinutes: z.number().int().min(-2_147_483_648).max(2_147_483_647).nullable().optional(),
  BaseBidCPM: NullableNumber,
  BaseBidCPMMetadata: NullableString,
  BidFactor: NullableNumber,
});
type Data = z.infer<typeof DataSchema>;

export interface UploadInput {
  state: SimState;
  owner: { kind: OwnerKind; id: string };
  region: string;
  items: unknown[];
}

function itemFields(thirdParty: boolean): readonly string[] {
  return [
    ...ID_FIELDS,
    'CookieMappingPartnerId',
    'Data',
    ...(thirdParty ? ['DataProviderUserId'] : []),
  ];
}

/** Id priority: 3P's cookie-mapped DataProviderUserId comes after the shared id fields. */
function idOrder(thirdParty: boolean): IdField[] {
  return thirdParty ? [...ID_FIELDS, 'DataProviderUserId'] : [...ID_FIELDS];
}

type Parsed =
  | { ok: true; item: Record<string, unknown>; data: Data[] }
  | { ok: false; message: string; dataNumber: number | null };

function deserialise(raw: unknown, thirdParty: boolean, itemNumber: number): Parsed {
  const where = `item #${itemNumber}`;
  if (!isObject(raw))
    return { ok: false, message: `Item is not an object, ${where}`, dataNumber: null };
  const { values: item, unknown } = canonicalKeys(raw, itemFields(thirdParty));
  if (unknown.length > 0) {
    return { ok: false, message: `Unknown property '${unknown[0]}', ${where}`, dataNumber: null };
  }
  for (const field of [...idOrder(thirdParty), 'CookieMappingPartnerId']) {
    const v = item[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return { ok: false, message: `${field} must be a string, ${where}`, dataNumber: null };
    }
  }
  if (!Array.isArray(item.Data) || item.Data.length === 0) {
    return { ok: false, message: `Data is required, ${where}`, dataNumber: null };
  }
  const data: Data[] = [];
  for (const [j, rawData] of item.Data.entries()) {
    const at = `${where} data #${j + 1}`;
    if (!isObject(rawData))
      return { ok: false, message: `Data is not an object, ${at}`, dataNumber: j + 1 };
    const keyed = canonicalKeys(rawData, thirdParty ? THIRD_PARTY_DATA : FIRST_PARTY_DATA);
    if (keyed.unknown.length > 0) {
      return {
        ok: false,
        message: `Unknown property '${keyed.unknown[0]}', ${at}`,
        dataNumber: j + 1,
      };
    }
    const parsed = DataSchema.safeParse(keyed.values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'Data';
      return {
        ok: false,
        message: `${field}: ${issue?.message ?? 'invalid'}, ${at}`,
        dataNumber: j + 1,
      };
    }
    data.push(parsed.data);
  }
  return { ok: true, item, data };
}

/** Validates and applies every item; returns the FailedLines (empty = all good). */
export function processUpload(input: UploadInput): FailedLine[] {
  const { state, owner, region, items } = input;
  const config = state.config;
  const thirdParty = owner.kind === 'dataProvider';
  const failed: FailedLine[] = [];
  const now = state.now();
  let segmentCount = state.segmentsOf(owner.kind, owner.id).size;

  for (const [i, raw] of items.entries()) {
    const itemNumber = i + 1;
    const parsed = deserialise(raw, thirdParty, itemNumber);
    const rawItem = isObject(raw) ? canonicalKeys(raw, itemFields(thirdParty)).values : {};
    const line = (
      code: string,
      message: string,
      dataNumber: number | null,
      name: string | null,
    ): FailedLine => ({
      TDID: typeof rawItem.TDID === 'string' ? rawItem.TDID : null,
      ...(thirdParty
        ? {
            DataProviderUserId:
              typeof rawItem.DataProviderUserId === 'string' ? rawItem.DataProviderUserId : null,
          }
        : {}),
      DataName: name,
      ErrorCode: code,
      Message: message,
      ItemNumber: String(itemNumber),
      DataNumber: dataNumber === null ? null : String(dataNumber),
    });
    if (!parsed.ok) {
      failed.push(line('ItemDeserializationError', parsed.message, parsed.dataNumber, null));
      continue;
    }
    const choice = chooseId(parsed.item, idOrder(thirdParty), itemNumber);
    if (!choice.ok) {
      failed.push(line('MissingUserId', choice.message, null, null));
      continue;
    }

    const itemLines: FailedLine[] = [];
    const newNames = new Set<string>();
    const plan: { name: string; expiresAt: number | null }[] = [];
    for (const [j, d] of parsed.data.entries()) {
      const dataNumber = j + 1;
      const at = `item #${itemNumber} data #${dataNumber}`;
      const fail = (code: string, message: string): void => {
        itemLines.push(line(code, `${message}, ${at}`, dataNumber, d.Name));
      };
      const ttl = d.TtlInMinutes ?? config.defaultTtlMinutes;
      if (d.Name.length > config.maxNameLength) {
        fail('DataNameTooLong', `Name longer than ${config.maxNameLength} characters`);
        continue;
      }
      if (ttl < 0 || ttl > config.maxTtlMinutes) {
        fail('InvalidTtlInMinutes', `TtlInMinutes must be between 0 and ${config.maxTtlMinutes}`);
        continue;
      }
      if (thirdParty && d.BaseBidCPM !== undefined && d.BaseBidCPM !== null) {
        fail(
          'UnauthorisedThirdPartyDataWithBaseBidCPM',
          'BaseBidCPM is not allowed on third-party data',
        );
        continue;
      }
      if (!thirdParty && d.BaseBidCPM != null && !(d.BaseBidCPM >= 0)) {
        fail('InvalidBaseBidCPM', 'BaseBidCPM must not be negative');
        continue;
      }
      if (
        d.BaseBidCPMMetadata != null &&
        d.BaseBidCPMMetadata.length > config.maxBaseBidCpmMetadataLength
      ) {
        fail(
          'BaseBidCPMMetadataTooLong',
          `BaseBidCPMMetadata longer than ${config.maxBaseBidCpmMetadataLength} characters`,
        );
        continue;
      }
      if (d.BidFactor != null && !(d.BidFactor > 0 && d.BidFactor <= config.maxBidFactor)) {
        fail(
          'InvalidBidFactor',
          `BidFactor must be greater than 0 and at most ${config.maxBidFactor}`,
        );
        continue;
      }
      const exists = state.findSegment(owner.kind, owner.id, d.Name) !== undefined;
      // Removing (TTL 0) from a segment that does not exist creates nothing.
      if (!exists && ttl > 0 && !newNames.has(d.Name)) {
        if (segmentCount + newNames.size >= config.maxSegmentsPerOwner) {
          fail(
            'TargetingDataCreationLimitExceeded',
            `Segment limit of ${config.maxSegmentsPerOwner} reached`,
          );
          continue;
        }
        newNames.add(d.Name);
      }
      const from = d.TimestampUtc ? parseUtc(d.TimestampUtc) : now;
      plan.push({ name: d.Name, expiresAt: ttl === 0 ? null : from + ttl * 60_000 });
    }
    if (itemLines.length > 0) {
      failed.push(...itemLines);
      continue;
    }
    for (const step of plan) {
      let segment = state.findSegment(owner.kind, owner.id, step.name);
      if (!segment) {
        if (step.expiresAt === null) continue;
        segment = state.createSegment(owner.kind, owner.id, step.name, region);
        segmentCount += 1;
      }
      state.upsertMember(segment, choice.chosen, step.expiresAt, region);
    }
  }
  return failed;
}
