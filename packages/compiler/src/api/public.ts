/**
 * `@platen/compiler/api`: the Tracking Plan API as one subpath, for code outside the compiler that speaks
 * it — chiefly `@platen/registry`, the server side of the same contract. It holds the API client, the wire
 * shapes (ApiRule, ApiTrackingPlan, ApiErrorItem, ApiPagination, PLAN_TYPES, RuleRevision…), and the
 * plan pieces a server needs to check rules the way the compiler does (RULE_TYPES, Json, checkMetaSchema).
 * The shapes are defined once, in `./types.ts`; the client and the registry both import them from here.
 */
export * from './index.js';
export { RULE_TYPES, type RuleType, type Json } from '../plan/types.js';
export { checkMetaSchema, type MetaProblem } from '../plan/meta-schema.js';
export { ruleSchemaErrors, type RuleSchemaError } from './schema-errors.js';
export { MAX_DEPTH, MAX_JSON_DEPTH, tooDeepAt } from '../depth.js';
export { loneSurrogate } from '../plan/unicode.js';
export {
  compileRuleValidator,
  loadRuleValidatorFallback,
  type RuleValidatorModule,
} from '../validators/rule-module.js';
export { payloadPointer } from '../validators/prepare.js';
export {
  checkMonitor,
  checkMonitorConfig,
  checkTarget,
  DEFAULT_ALERT_SETTINGS,
  MONITOR_KINDS,
  type AlertSettings,
  type AlertTarget,
  type Monitor,
  type MonitorConfig,
  type MonitorIssue,
  type MonitorKind,
} from '../config/monitors.js';
