/** `@platen/registry`: a self-hosted, Segment-compatible tracking-plan API server backed by SQLite (what `platen registry` runs). */
export {
  startRegistry,
  DEFAULT_MAX_BODY,
  type RegistryOptions,
  type RunningRegistry,
} from './server.js';
export {
  openRegistryDb,
  createToken,
  hashToken,
  tokenScope,
  SCHEMA_VERSION,
  DB_FILE_MODE,
  type RegistryDb,
  type TokenScope,
} from './db.js';
export { FaultQueue, FAULTS_ENV } from './faults.js';
export { DEFAULT_AUTH_FAILURES, DEFAULT_AUTH_WINDOW_MS, RATE_WINDOW_MS } from './limits.js';
export { REVISION_HEADER } from './routes.js';
export { RegistryStore, DEFAULT_MAX_PLAN_BYTES, PlanTooLargeError } from './store.js';
export { PAGE_BYTES } from './pagination.js';
export {
  createSource,
  listSources,
  sourceByWriteKey,
  SourceError,
  type SourceRow,
} from './monitor/sources.js';
export {
  readVolumes,
  readViolations,
  readSamples,
  monitorReport,
  exportViolations,
  deleteBefore,
  csvField,
  EXPORT_COLUMNS,
  type SampleRow,
} from './monitor/queries.js';
export { openReadConnection } from './monitor/reader.js';
export { bucketOf, parseDuration, type Clock } from './monitor/clock.js';
export { resolveMonitorOptions, type ResolvedMonitorOptions } from './monitor/ingest.js';
export { classOf } from './monitor/classify.js';
export {
  CALL_TYPES,
  VIOLATION_CLASSES,
  type MessageType,
  type ViolationClass,
  type ViolationCounts,
  type MessageViolation,
  type MonitorOptions,
  type ClosedInterval,
  type IntervalListener,
  type RunningMonitor,
  type MonitorQuery,
  type VolumeRow,
  type ViolationRow,
  type ReportRow,
  type ExportRow,
} from './monitor/types.js';
export {
  startAlerts,
  Deliverer,
  backoffMs,
  stepMonitor,
  genericBody,
  slackBody,
  sign,
  verifySignature,
  SIGNATURE_HEADER,
  DELIVERY_HEADER,
  MESSAGE_HEADER,
  SIGNATURE_TOLERANCE_S,
  applyConfig,
  listMonitors,
  listTargets,
  putMonitor,
  putTarget,
  putSettings,
  getSettings,
  listAnomalies,
  listIncidents,
  type AlertOptions,
  type Timers,
  type AnomalyRow,
  type IncidentListing,
} from './alerts/index.js';
export * from './anomaly/index.js';
