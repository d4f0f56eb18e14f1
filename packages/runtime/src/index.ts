/**
 * @platen/runtime: the small runtime that Platen-generated analytics clients import. It validates
 * payloads with precompiled validators, reports violations, stamps context and calls the SDK.
 */
export type {
  AjvError,
  AnalyticsLike,
  CallType,
  EventRef,
  OnViolation,
  PlatenState,
  Validator,
  Violation,
  ViolationError,
  ViolationHandler,
} from './types.js';
export { formatViolation, toViolationErrors } from './messages.js';
export { PlatenViolationError, send } from './send.js';
