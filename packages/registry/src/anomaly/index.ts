/** `@platen/registry/anomaly`: the pure anomaly detector, loadable without SQLite (what `platen anomalies` runs). */
export {
  alertScore,
  alertThreshold,
  createDetector,
  DETECTOR_STATE_VERSION,
  newResult,
  scoreSeries,
  step,
  stepInto,
  type DetectorOptions,
  type DetectorPoint,
  type DetectorResult,
  type DetectorState,
  type ScoredSeries,
} from './detector.js';
