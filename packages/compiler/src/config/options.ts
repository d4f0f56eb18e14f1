/**
 * Platen's build options: ONE definition of every option, its documentation and its default, from
 * which the CLI flags, the config-file validation and the defaults are all derived.
 */
import type { Language, Mode, ModuleFormat, Sdk } from '../compile-types.js';
import { TARGETS } from '../emit/index.js';
import { PLAN_FORMATS, type PlanFormat } from '../plan/types.js';

/** One generated client. */
export interface OutputOptions {
  /** Output directory; in a config file relative to the file, on the command line relative to the cwd. */
  path: string;
  /**
   * Language of the generated client.
   * @default 'typescript'
   */
  language: Language;
  /**
   * The analytics SDK the client calls.
   * @default 'analytics-next'
   */
  sdk: Sdk;
  /**
   * `dev` ships a precompiled validator per event; `prod` ships no validation code at all.
   * @default 'dev'
   */
  mode: Mode;
  /**
   * JavaScript output only: `esm` writes `.js` + `.d.ts`; `cjs` writes CommonJS `.cjs` + `.d.cts`.
   * @default 'esm'
   */
  module?: ModuleFormat;
}

/**
 * Where `platen pull` and `platen build --pull` fetch the plan from, from the config file. Each
 * field is a default a command-line flag overrides.
 */
export interface ApiSettings {
  /** The tracking plan to pull (`tp_…`). */
  planId?: string;
  /** The Tracking Plan API base URL (Segment US/EU, or a Platen registry). */
  apiUrl?: string;
  /** A shell command that prints the API token, run in {@link ApiSettings.dir}. */
  tokenCommand?: string;
  /** The config file's folder: a token command runs there, as Typewriter ran its token script. */
  dir: string;
}

/** Everything `platen build` needs; every field resolved (see {@link resolveOptions}). */
export interface Options {
  /** The plan file or folder of JSON Schemas (absolute once resolved). */
  plan: string;
  /**
   * Read the plan as this format instead of detecting it.
   * @default undefined (detected)
   */
  format?: PlanFormat;
  /** One entry per generated client; at least one. */
  outputs: OutputOptions[];
  /**
   * Run prettier over every generated file (validators excepted). Off by default: the emitters
   * already print in the generated style (a test holds formatting to a no-op) and prettier costs
   * ~35 ms per file, most of a 1,000-event build (docs/decisions.md#linear-build).
   * @default false
   */
  prettier: boolean;
  /** The config's API keys, when it has any; the build itself never reads them. */
  api?: ApiSettings;
}

/** Options as a person writes them: outputs may leave out everything but `path`. */
export interface OptionsInput {
  plan: string;
  format?: PlanFormat;
  outputs: (Pick<OutputOptions, 'path'> & Partial<Omit<OutputOptions, 'path'>>)[];
  prettier?: boolean;
  api?: ApiSettings;
}

/** Definition of one enumerated output option: the source of its flag, its docs and its validation. */
export interface ChoiceDefinition<T extends string> {
  describe: string;
  choices: readonly T[];
  default: T;
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** The enumerated output options. Choices come from the emit targets, so a new target is a new choice. */
export const OUTPUT_CHOICES: {
  language: ChoiceDefinition<Language>;
  sdk: ChoiceDefinition<Sdk>;
  mode: ChoiceDefinition<Mode>;
  module: ChoiceDefinition<ModuleFormat>;
} = {
  language: {
    describe: 'Language of the generated client',
    choices: unique(TARGETS.flatMap((t) => t.languages)),
    default: 'typescript',
  },
  sdk: {
    describe: 'The analytics SDK the client calls',
    choices: unique(TARGETS.flatMap((t) => t.sdks)),
    default: 'analytics-next',
  },
  mode: {
    describe: 'dev: precompiled validators; prod: no validation code at all',
    choices: ['dev', 'prod'],
    default: 'dev',
  },
  module: {
    describe: 'JavaScript output: esm (.js + .d.ts) or cjs (CommonJS .cjs + .d.cts)',
    choices: ['esm', 'cjs'],
    default: 'esm',
  },
};

/** Plan formats a config or `--format` may name. */
export const FORMAT_CHOICES: readonly PlanFormat[] = PLAN_FORMATS;

/** Fills in every default. The only place defaults are applied. */
export function resolveOptions(input: OptionsInput): Options {
  return {
    plan: input.plan,
    ...(input.format === undefined ? {} : { format: input.format }),
    outputs: input.outputs.map((o) => ({
      path: o.path,
      language: o.language ?? OUTPUT_CHOICES.language.default,
      sdk: o.sdk ?? OUTPUT_CHOICES.sdk.default,
      mode: o.mode ?? OUTPUT_CHOICES.mode.default,
      module: o.module ?? OUTPUT_CHOICES.module.default,
    })),
    prettier: input.prettier ?? false,
    ...(input.api === undefined ? {} : { api: input.api }),
  };
}
