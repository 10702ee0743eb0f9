/**
 * Failover times over many runs: per-run measures read off a Trace, and their distributions.
 * Pure (no Node or DOM API): the CLI's thread pool and the app's workers both use it.
 */
export { distribution, quantile, type Distribution, type HistogramBin } from './distribution';
export { failoverKeys, failoverTimes, type FailoverTimes } from './failover-times';
export { seedsFrom, summarizeRuns, type FailoverDistribution, type RunsReport } from './summary';
export { describeTakeover, rangeText } from './describe';
export {
  compareWithRecording,
  describeComparison,
  placementText,
  recordedFailovers,
  type Placement,
  type RecordedFailover,
  type RecordingComparison,
} from './recording';
