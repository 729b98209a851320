// Data-subject requests (/data/deletion-optout/{advertiser,thirdparty,merchant}): every
// identifier of a good item is removed from every segment of the advertiser (or provider), and
// the request is recorded for /__sim/dsr. An item with no or a malformed identifier fails with
// InvalidUserId and removes nothing.
import { canonicalKeys, isObject } from './http';
import { allIds, ID_FIELDS, type ChosenId, type IdField } from './ids';
import type { DsrRecord, SimState } from './state';

export interface DsrFailedLine {
  AdvertiserId?: string;
  DataProviderId?: string;
  MerchantId?: number;
  TDID: string | null;
  ErrorCode: 'InvalidUserId' | 'ItemDeserializationError';
  Message: string;
  ItemNumber: string;
  DataNumber: string | null;
}

export interface DsrInput {
  state: SimState;
  endpoint: DsrRecord['endpoint'];
  region: string;
  requestType: DsrRecord['requestType'];
  advertiserId: string | null;
  dataProviderId: string | null;
  merchantId: number | null;
  brandId: string | null;
  dataLoadTraceId: string | null;
  items: unknown[];
}

export function processDsr(input: DsrInput): DsrFailedLine[] {
  const { state, endpoint } = input;
  const fields: IdField[] =
    endpoint === 'thirdparty' ? [...ID_FIELDS, 'DataProviderUserId'] : [...ID_FIELDS];
  const owner: Pick<DsrFailedLine, 'AdvertiserId' | 'DataProviderId' | 'MerchantId'> =
    endpoint === 'advertiser'
      ? { AdvertiserId: input.advertiserId ?? '' }
      : endpoint === 'thirdparty'
        ? { DataProviderId: input.dataProviderId ?? '' }
        : { MerchantId: input.merchantId ?? 0 };
  const failed: DsrFailedLine[] = [];
  const removed: ChosenId[] = [];
  for (const [i, raw] of input.items.entries()) {
    const itemNumber = i + 1;
    const item = isObject(raw) ? canonicalKeys(raw, fields) : null;
    const tdid = typeof item?.values.TDID === 'string' ? item.values.TDID : null;
    const line = (code: DsrFailedLine['ErrorCode'], message: string): DsrFailedLine => ({
      ...owner,
      TDID: tdid,
      ErrorCode: code,
      Message: `${message}, item #${itemNumber}`,
      ItemNumber: String(itemNumber),
      DataNumber: null,
    });
    if (!item || item.unknown.length > 0) {
      failed.push(
        line(
          'ItemDeserializationError',
          item ? `Unknown property '${item.unknown[0]}'` : 'Item is not an object',
        ),
      );
      continue;
    }
    const { valid, invalid } = allIds(item.values, fields);
    if (invalid.length > 0) {
      failed.push(line('InvalidUserId', `Invalid ${invalid[0]}`));
      continue;
    }
    if (valid.length === 0) {
      failed.push(line('InvalidUserId', 'Missing user id'));
      continue;
    }
    removed.push(...valid);
  }
  if (endpoint === 'advertiser' && input.advertiserId) {
    state.removeEverywhere('advertiser', input.advertiserId, removed);
  } else if (endpoint === 'thirdparty' && input.dataProviderId) {
    state.removeEverywhere('dataProvider', input.dataProviderId, removed);
  }
  state.dsr.push({
    id: state.dsr.length + 1,
    endpoint,
    region: input.region,
    requestType: input.requestType,
    advertiserId: input.advertiserId,
    dataProviderId: input.dataProviderId,
    merchantId: input.merchantId,
    brandId: input.brandId,
    dataLoadTraceId: input.dataLoadTraceId,
    ids: removed,
    receivedAt: new Date(state.now()).toISOString(),
  });
  return failed;
}
