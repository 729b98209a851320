// Local simulator of Bombora's public APIs: the legacy Company Surge API (sentry.bombora.com)
// and the current OAuth / Intent / Reference APIs (api.bombora.com), over one deterministic
// weekly dataset. See docs/simulators/bombora.md.
export {
  startBomboraSimulator,
  type BomboraSimulator,
  type BomboraSimulatorOptions,
} from './server';
export {
  defaultConfig,
  mergeConfig,
  type BomboraSimConfig,
  type DeepPartial,
  type FaultKind,
  type ScriptedFault,
} from './config';
export {
  addWeeks,
  canonicalDomain,
  companyName,
  datasetRows,
  expectedCounts,
  firmographics,
  INDUSTRIES,
  isPresent,
  messyDomain,
  mondayOf,
  REVENUE_BANDS,
  score,
  scoreLabel,
  scoreOf,
  SIZE_BANDS,
  SPECIAL_DOMAINS,
  universeFor,
  weekIndex,
  type DatasetRow,
  type Firmographics,
} from './dataset';
export { INTENT_ATTRIBUTES } from './intent-filters';
export { RATE_LIMIT_PHRASE } from './legacy-api';
export {
  DEFAULT_TAXONOMY,
  topicById,
  topicByName,
  type Category,
  type Taxonomy,
  type Theme,
  type Topic,
} from './taxonomy';
