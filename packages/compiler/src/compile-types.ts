/** Types shared by the pipeline's output stages. */

/** A file the pipeline wants written, relative to the output directory. Pure data: no I/O happened. */
export interface GeneratedFile {
  /** POSIX relative path inside the output directory (validated: no `..`, no absolute paths). */
  path: string;
  contents: string;
}

/** Output language. */
export type Language = 'typescript' | 'javascript';
/** Target SDK. */
export type Sdk =
  'analytics-next' | 'analytics-js' | 'analytics-node' | 'react-native' | 'rudderstack' | 'generic';
/** JavaScript output's module system: ES modules (`.js`) or CommonJS (`.cjs`). */
export type ModuleFormat = 'esm' | 'cjs';
/** `dev` ships precompiled validators; `prod` ships no validation code at all. */
export type Mode = 'dev' | 'prod';
