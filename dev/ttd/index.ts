// Local simulator of The Trade Desk Data API (first-party, third-party and data-subject request
// uploads) on every regional data host. See docs/simulators/ttd.md.
export {
  splitRegion,
  startTtdSimulator,
  type MemberSummary,
  type SegmentSummary,
  type TtdSimulator,
  type TtdSimulatorOptions,
} from './server';
export {
  defaultConfig,
  KNOWN_REGIONS,
  mergeConfig,
  type DeepPartial,
  type FaultKind,
  type ScriptedFault,
  type TtdAdvertiser,
  type TtdDataProvider,
  type TtdMerchant,
  type TtdSimConfig,
} from './config';
export { ttdSignature } from './signature';
export { chooseId, ID_FIELDS, isValidId, type IdField } from './ids';
export type { DsrRecord, RequestRecord, TtdStats } from './state';
export type { FailedLine } from './upload';
export type { DsrFailedLine } from './dsr';
