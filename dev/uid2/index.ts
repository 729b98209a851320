// Local simulator of the UID2 operator API (identity map v3/v2, buckets, opt-out status) with the
// v2 encryption envelope, deterministic raw UID2s and test hooks. See docs/simulators/uid2.md.
export {
  bearerKey,
  startUid2Simulator,
  type Uid2Simulator,
  type Uid2SimulatorOptions,
} from './server';
export {
  ConfigPatchSchema,
  DEFAULT_CLIENT,
  defaultConfig,
  mergeConfig,
  type DeepPartial,
  type FaultKind,
  type IdentityInput,
  type OptOutEntry,
  type PinnedMapping,
  type ScriptedFault,
  type Uid2Client,
  type Uid2Role,
  type Uid2SimConfig,
} from './config';
export {
  ENVELOPE_ERRORS,
  isStrictBase64,
  MIN_ENVELOPE_BYTES,
  openRequest,
  sealResponse,
} from './envelope';
export {
  formatLocalDateTime,
  MESSAGES,
  OPTOUT_EMAIL,
  OPTOUT_PHONE,
  parseLocalDateTime,
  type RotatedBucket,
  type RotateOptions,
  type V2Body,
  type V3Body,
  type V3Item,
} from './identity-map';
export {
  hashIdentifier,
  IDENTITY_KINDS,
  identityHash,
  isPhoneNormalized,
  normalizeEmail,
  normalizeHash,
  type IdentityKind,
} from './normalize';
export { rawUid, refreshAt } from './salts';
export type { Uid2Stats } from './state';
