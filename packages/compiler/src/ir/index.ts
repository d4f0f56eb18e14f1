/** JSON Schema → IR. STUB: the IR work replaces this file's body; the signatures are the contract. */
import type { LoadedPlan } from '../plan/types.js';
import type { Ir } from './types.js';

/**
 * Normalizes every rule of a loaded plan into IR. Never throws for bad input and never mutates
 * `loaded`: problems become diagnostics (file, rule, pointer) in `Ir.diagnostics`.
 */
export function normalizePlan(loaded: LoadedPlan): Ir {
  void loaded;
  throw new Error('normalizePlan: not yet available');
}
