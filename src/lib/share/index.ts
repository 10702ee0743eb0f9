/** Share URLs and scenario JSON: the app state as data that can leave and re-enter the app safely. */
export * from './state';
export {
  encodeShareFragment,
  encodeShareValue,
  decodeShareFragment,
  decodeShareValue,
  findShareValue,
  readShareState,
  SHARE_PARAM,
} from './codec';
export { scenarioFromJson, scenarioToJson } from './scenario-json';
export { readScenario, SCENARIO_ACTIONS } from './read-scenario';
export { decodeEvidenceFragment, encodeEvidenceFragment, type SharedEvidence } from './evidence';
