// User identifiers of Data API items: which fields exist, what a well-formed value looks like and
// which identifier an item with several is filed under (first valid wins, in ID_FIELDS order).

/** Priority order for first-valid-wins (UNCONFIRMED beyond "TDID before UID2"). */
export const ID_FIELDS = [
  'TDID',
  'DAID',
  'UID2',
  'UID2Token',
  'EUID',
  'EUIDToken',
  'RampID',
  'CoreID',
  'ID5',
  'NetID',
  'FirstID',
  'UtiqID',
  'MerkuryID',
  'IqviaPPID',
] as const;

export type IdField = (typeof ID_FIELDS)[number] | 'DataProviderUserId';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Raw UID2/EUID: 32 bytes in standard Base64 = 43 characters and one '=' pad. */
const RAW_UID2 = /^[A-Za-z0-9+/]{43}=$/;

export function isValidId(field: IdField, value: string): boolean {
  switch (field) {
    case 'TDID':
    case 'DAID':
      return GUID.test(value);
    case 'UID2':
    case 'EUID':
      // '*' is the SDK's "unmapped / opted out" sentinel, which TTD answers with "Invalid UID2".
      return RAW_UID2.test(value);
    default:
      return value.trim().length > 0;
  }
}

export interface ChosenId {
  idType: IdField;
  id: string;
}

export type IdChoice = { ok: true; chosen: ChosenId } | { ok: false; message: string };

/**
 * The identifier an item is filed under: the first present, well-formed one in `fields` order.
 * None well-formed → the message names the first malformed field (`Invalid UID2, item #2`, the
 * text of RudderStack's fixture), or says that no identifier was sent.
 */
export function chooseId(
  item: Record<string, unknown>,
  fields: readonly IdField[],
  itemNumber: number,
): IdChoice {
  let firstInvalid: IdField | undefined;
  for (const field of fields) {
    const value = item[field];
    if (typeof value !== 'string' || value === '') continue;
    if (isValidId(field, value)) return { ok: true, chosen: { idType: field, id: value } };
    firstInvalid ??= field;
  }
  return {
    ok: false,
    message: firstInvalid
      ? `Invalid ${firstInvalid}, item #${itemNumber}`
      : `Missing user id, item #${itemNumber}`,
  };
}

/** Every present identifier of a DSR item, each checked (DSR removes all of them). */
export function allIds(
  item: Record<string, unknown>,
  fields: readonly IdField[],
): { valid: ChosenId[]; invalid: IdField[] } {
  const valid: ChosenId[] = [];
  const invalid: IdField[] = [];
  for (const field of fields) {
    const value = item[field];
    if (typeof value !== 'string' || value === '') continue;
    if (isValidId(field, value)) valid.push({ idType: field, id: value });
    else invalid.push(field);
  }
  return { valid, invalid };
}
