/** `output/`: everything that touches an output directory. Only the CLI uses the writing parts. */
export { unsafePathReason } from './paths.js';
export {
  MANIFEST_FILE,
  MANIFEST_MARKER,
  manifestOf,
  parseManifest,
  serializeManifest,
} from './manifest.js';
export { readValidatorModules, scanOutput, type OutputScan, type ScannedEntry } from './scan.js';
export {
  folderStamps,
  OutputRefusal,
  recoverOutput,
  refusalOf,
  swapPaths,
  writeOutput,
  type InPlace,
  type WriteResult,
} from './write.js';
export { checkOutput, isFresh, type OutputDiff } from './check.js';
