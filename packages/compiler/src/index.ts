/** Public API of @platen/compiler. */
export type * from './plan/types.js';
export type * from './ir/types.js';
export type * from './naming/types.js';
export type * from './diagnostics/types.js';
export type * from './compile-types.js';
export { runCli } from './cli/run.js';
export { PLATEN_VERSION } from './version.js';
