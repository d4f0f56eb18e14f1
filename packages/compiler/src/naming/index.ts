/** Identifier assignment. STUB: the naming work replaces this file's body; the signatures are the contract. */
import type { Ir } from '../ir/types.js';
import type { Manifest, NamedIr } from './types.js';

/**
 * Assigns every identifier (functions, types, file stems) once, deterministically, over sorted input.
 * With `previous` (the last build's manifest) every rule it lists keeps its identifiers.
 */
export function assignNames(ir: Ir, previous?: Manifest): NamedIr {
  void ir;
  void previous;
  throw new Error('assignNames: not yet available');
}
