/**
 * `platen.config.json` / `platen.config.yml`: finding, parsing and validating it. Never throws for a
 * bad file: every problem is a diagnostic naming the file and the JSON pointer (with line/column).
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/types.js';
import { joinPointer } from '../diagnostics/pointer.js';
import { placeDiagnostics } from '../plan/positions.js';
import { parseSource } from '../plan/syntax.js';
import { checkMonitorConfig } from './monitors.js';
import { isTypewriterConfig, TYPEWRITER_FILES, typewriterOptions } from '../migrate/index.js';
import {
  FORMAT_CHOICES,
  OUTPUT_CHOICES,
  resolveOptions,
  type ApiSettings,
  type Options,
  type OptionsInput,
} from './options.js';

/** Config file names looked for in the working directory, in this order. */
export const CONFIG_FILES: readonly string[] = [
  'platen.config.json',
  'platen.config.yml',
  'platen.config.yaml',
];

/** The result of reading a config: options when it is valid, and every problem found. */
export interface ConfigResult {
  options?: Options;
  diagnostics: Diagnostic[];
}

const KNOWN_TOP = [
  '$schema',
  'plan',
  'format',
  'outputs',
  'prettier',
  'planId',
  'apiUrl',
  'tokenCommand',
  'monitors',
  'alerts',
];
const KNOWN_OUTPUT = ['path', 'language', 'sdk', 'mode', 'module'];

type Issue = [pointer: string, message: string];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function choice(
  issues: Issue[],
  value: unknown,
  pointer: string,
  name: string,
  choices: readonly string[],
): void {
  if (value !== undefined && (typeof value !== 'string' || !choices.includes(value))) {
    issues.push([
      pointer,
      `"${name}" must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got ${JSON.stringify(value)}.`,
    ]);
  }
}

function nonEmptyString(issues: Issue[], value: unknown, pointer: string, name: string): void {
  if (typeof value !== 'string' || value.trim() === '' || value.includes('\0')) {
    issues.push([pointer, `"${name}" must be a non-empty path.`]);
  }
}

// The keys `platen pull` and `platen build --pull` read; each is optional, and a flag overrides it.
function validateApi(issues: Issue[], value: Record<string, unknown>): void {
  for (const name of ['planId', 'tokenCommand'] as const) {
    const v = value[name];
    if (v !== undefined && (typeof v !== 'string' || v.trim() === '' || v.includes('\0'))) {
      issues.push([
        `/${name}`,
        name === 'planId'
          ? '"planId" must be a tracking plan id such as "tp_…".'
          : '"tokenCommand" must be a non-empty shell command that prints the API token.',
      ]);
    }
  }
  const url = value.apiUrl;
  if (url !== undefined && (typeof url !== 'string' || !isHttpUrl(url))) {
    issues.push([
      '/apiUrl',
      `"apiUrl" must be an http(s) URL such as "https://api.segmentapis.com", got ${JSON.stringify(url)}.`,
    ]);
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The config's API keys as {@link ApiSettings}, or undefined when it has none. */
function apiSettings(value: Record<string, unknown>, dir: string): ApiSettings | undefined {
  const picked = Object.fromEntries(
    (['planId', 'apiUrl', 'tokenCommand'] as const)
      .filter((k) => typeof value[k] === 'string')
      .map((k) => [k, value[k] as string]),
  );
  return Object.keys(picked).length === 0 ? undefined : { ...picked, dir };
}

/** Validates a parsed config value; paths are resolved against `dir` (the config file's folder). */
export function validateConfig(value: unknown, file: string, dir: string): ConfigResult {
  const issues: Issue[] = [];
  if (!isRecord(value)) {
    issues.push(['', 'The config must be an object with "plan" and "outputs".']);
  } else {
    for (const key of Object.keys(value)) {
      if (!KNOWN_TOP.includes(key)) issues.push([joinPointer('', key), `Unknown option "${key}".`]);
    }
    nonEmptyString(issues, value.plan, '/plan', 'plan');
    choice(issues, value.format, '/format', 'format', FORMAT_CHOICES);
    validateApi(issues, value);
    // Monitors run in the registry (`platen monitors apply`); a build only checks them.
    checkMonitorConfig(value.monitors, value.alerts, issues);
    if (value.prettier !== undefined && typeof value.prettier !== 'boolean') {
      issues.push(['/prettier', '"prettier" must be true or false.']);
    }
    if (!Array.isArray(value.outputs) || value.outputs.length === 0) {
      issues.push([
        '/outputs',
        '"outputs" must be a non-empty list of { path, language, sdk, mode }.',
      ]);
    } else {
      value.outputs.forEach((o: unknown, i) => validateOutput(issues, o, `/outputs/${i}`));
    }
  }
  const diagnostics: Diagnostic[] = issues.map(([pointer, message]) => ({
    code: 'invalid-config',
    severity: 'error',
    message,
    file,
    pointer,
  }));
  if (diagnostics.length > 0) return { diagnostics };
  const input = value as unknown as OptionsInput;
  const api = apiSettings(value as Record<string, unknown>, dir);
  const options = resolveOptions({
    plan: resolve(dir, input.plan),
    ...(input.format === undefined ? {} : { format: input.format }),
    outputs: input.outputs.map((o) => ({ ...o, path: resolve(dir, o.path) })),
    ...(input.prettier === undefined ? {} : { prettier: input.prettier }),
    ...(api === undefined ? {} : { api }),
  });
  return { options, diagnostics };
}

function validateOutput(issues: Issue[], output: unknown, pointer: string): void {
  if (!isRecord(output)) {
    issues.push([pointer, 'Each output must be an object such as { "path": "src/analytics" }.']);
    return;
  }
  for (const key of Object.keys(output)) {
    if (!KNOWN_OUTPUT.includes(key))
      issues.push([joinPointer(pointer, key), `Unknown output option "${key}".`]);
  }
  nonEmptyString(issues, output.path, pointer + '/path', 'path');
  for (const name of ['language', 'sdk', 'mode', 'module'] as const) {
    choice(issues, output[name], `${pointer}/${name}`, name, OUTPUT_CHOICES[name].choices);
  }
}

/** Parses and validates config text (no I/O). `file` is reported as given; `dir` resolves relative paths. */
export function parseConfig(text: string, file: string, dir: string): ConfigResult {
  const { parsed, diagnostics } = parseSource(text, file);
  if (!parsed)
    return { diagnostics: diagnostics.map((d) => ({ ...d, code: 'invalid-config-syntax' })) };
  // A Typewriter project's typewriter.yml builds as is (see migrate/).
  const result = isTypewriterConfig(parsed.value)
    ? typewriterOptions(parsed.value, file, dir)
    : validateConfig(parsed.value, file, dir);
  const sources = Object.create(null) as Record<string, typeof parsed.source>;
  sources[file] = parsed.source;
  return { ...result, diagnostics: placeDiagnostics(sources, result.diagnostics) };
}

/** The name of the config {@link loadConfig} would read in `cwd` (Platen's, else Typewriter's), if any. */
export async function findConfigFile(cwd: string): Promise<string | undefined> {
  for (const name of [...CONFIG_FILES, ...TYPEWRITER_FILES]) {
    try {
      if ((await stat(resolve(cwd, name))).isFile()) return name;
    } catch {
      // Missing or unreadable: look at the next name, as loadConfig does.
    }
  }
  return undefined;
}

/**
 * Reads the config at `explicit` (from `--config`, relative to `cwd`), or the first of
 * {@link CONFIG_FILES} in `cwd`. `undefined` when there is none and none was asked for.
 */
export async function loadConfig(
  cwd: string,
  explicit?: string,
): Promise<ConfigResult | undefined> {
  const candidates = explicit !== undefined ? [explicit] : [...CONFIG_FILES, ...TYPEWRITER_FILES];
  for (const name of candidates) {
    const absolute = resolve(cwd, name);
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (explicit === undefined && code === 'ENOENT') continue;
      const reason =
        code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
      return {
        diagnostics: [
          {
            code: 'config-unreadable',
            severity: 'error',
            message: `The config could not be read: ${reason}.`,
            file: name,
          },
        ],
      };
    }
    return parseConfig(text, name, dirname(absolute));
  }
  return undefined;
}
