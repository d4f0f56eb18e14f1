/** Platen's version, stamped into generated code and manifests. Kept equal to package.json (tested). */
export const PLATEN_VERSION = '0.1.0';
