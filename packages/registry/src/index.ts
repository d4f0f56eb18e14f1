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
