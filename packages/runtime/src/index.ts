/** Platen runtime: skeleton until the typed-client issue fills it in. */
export const RUNTIME_VERSION = '0.1.0';
