/** Monitors and alerts: what runs on every closed monitoring interval, and what it sends. */
export { startAlerts, type AlertOptions, type Alerts } from './service.js';
export { MonitorRunner } from './runner.js';
export { Deliverer, backoffMs, type DeliveryOptions, type Timers } from './deliver.js';
export { stepMonitor, GROUP_INTERVALS, type IncidentState, type Observation } from './incidents.js';
export {
  genericBody,
  slackBody,
  sign,
  verifySignature,
  SIGNATURE_HEADER,
  DELIVERY_HEADER,
  MESSAGE_HEADER,
  SIGNATURE_TOLERANCE_S,
} from './payloads.js';
export {
  applyConfig,
  listMonitors,
  listTargets,
  putMonitor,
  putTarget,
  putSettings,
  getSettings,
} from './store.js';
export { listAnomalies, listIncidents, type AnomalyRow, type IncidentListing } from './queries.js';
export { ALERTS_MIGRATION } from './schema.js';
