/**
 * Runs a batch of generated schemas through the real pipeline (`compile`, dev mode), loads every
 * generated validator from one esbuild bundle, type-checks every instance as a literal in one tsc
 * program, and compares both with the oracle. Returns every disagreement, ready to save as a fixture.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/compile.js';
import type { LoadedPlan, Json } from '../../src/plan/types.js';
import { importBundled, tempDir } from './helpers.js';
import { typeCheck } from './emit.js';
import { createOracle, oracleFor } from './agreement-oracle.js';
import type { GenSchema } from './agreement-schemas.js';

/** One schema of a batch with the instances to judge. */
export interface Case {
  gen: GenSchema;
  instances: Json[];
}

/** Which promise an instance broke. */
export type Check = 'validator' | 'type';

/** A disagreement: the shape of a `fixtures/agreement/<name>.json` file. */
export interface Counterexample {
  check: Check;
  schema: GenSchema;
  instance: Json;
  /**
   * The oracle's verdict on the schema. For `type`, the type must accept what the oracle accepts
   * and reject what the oracle rejects on the schema without runtime-only keywords (`RUNTIME_ONLY`).
   */
  oracle: boolean;
  /** Platen's verdict: the generated validator's result, or "tsc reported no error". */
  platen: boolean;
  /** For `type`: tsc's messages; for `validator`: the generated validator's errors. */
  detail?: unknown;
}

/** Totals of a batch. */
export interface BatchResult {
  schemas: number;
  instances: number;
  /** Instances the oracle accepted (to show the generator makes both kinds). */
  valid: number;
  /** Instances whose type verdict is exact: runtime-only keywords do not change the oracle's answer. */
  exactType: number;
  disagreements: Counterexample[];
  /** Every verdict, in case and instance order (for fixtures that state the answer themselves). */
  verdicts: { oracle: boolean; validator: boolean; type: boolean }[];
  /** Schemas the pipeline refused (error diagnostics): each one is itself a disagreement. */
  refused: { schema: GenSchema; diagnostics: unknown }[];
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

/** The Segment message layout around a generated payload, definitions at the root (where `$ref`s resolve). */
export function ruleSchema(gen: GenSchema): Json {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { properties: gen.payload },
    required: ['properties'],
    definitions: gen.definitions,
  };
}

/** A loaded plan with one TRACK rule `E<i>` per schema. */
export function planOf(gens: readonly GenSchema[]): LoadedPlan {
  const rules = gens.map((gen, i) => ({
    type: 'TRACK' as const,
    key: `E${i}`,
    version: 1,
    jsonSchema: ruleSchema(gen),
  }));
  return {
    plan: { id: 'tp_agree', name: 'Agreement', type: 'LIVE', rules },
    format: 'public-api',
    file: 'plan.json',
    ruleSources: rules.map((_, i) => ({ file: 'plan.json', pointer: `/rules/${i}/jsonSchema` })),
  };
}

// Literals for a one-line TS statement: U+2028/9 escaped so line numbers map back to instances.
const literal = (v: Json): string =>
  JSON.stringify(v)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** Judges every instance of every case; see the file comment. */
export async function runBatch(cases: readonly Case[]): Promise<BatchResult> {
  const gens = cases.map((c) => c.gen);
  const t0 = performance.now();
  const result = await compile(planOf(gens), {
    language: 'typescript',
    sdk: 'analytics-next',
    mode: 'dev',
    prettier: false,
  });
  const out: BatchResult = {
    schemas: cases.length,
    instances: 0,
    valid: 0,
    exactType: 0,
    disagreements: [],
    refused: [],
    verdicts: [],
  };
  if (result.files.length === 0) {
    // A refused batch hides which schema was refused: judge each alone so the fixture is one schema.
    if (cases.length === 1)
      out.refused.push({ schema: cases[0]!.gen, diagnostics: result.diagnostics });
    else for (const c of cases) mergeInto(out, await runBatch([c]), false);
    return out;
  }
  const byKey = new Map(result.manifest.rules.map((r) => [r.key, r]));
  const dir = tempDir('agreement');
  for (const f of result.files) {
    mkdirSync(join(dir, f.path, '..'), { recursive: true });
    writeFileSync(join(dir, f.path), f.contents);
  }
  const stems = cases.map((_, i) =>
    byKey
      .get(`E${i}`)!
      .file!.replace(/^events\//, '')
      .replace(/\.ts$/, ''),
  );
  writeFileSync(
    join(dir, 'all.ts'),
    stems.map((s, i) => `import { validate as v${i} } from './validators/${s}.js';`).join('\n') +
      `\nexport const validators = [${stems.map((_, i) => `v${i}`).join(', ')}];\n`,
  );
  const { validators } = await importBundled<{ validators: Validate[] }>(join(dir, 'all.ts'));
  rmSync(dir, { recursive: true, force: true });

  const t1 = performance.now();
  const ajv = createOracle();
  const lines: string[] = [`import type * as T from './types.js';`];
  const lineOwner: [number, number, boolean, boolean][] = [];
  cases.forEach((c, i) => {
    const oracle = oracleFor(ajv, c.gen);
    const type = byKey.get(`E${i}`)!.propertiesType;
    c.instances.forEach((instance, j) => {
      out.instances++;
      const want = oracle.strict(instance);
      if (want) out.valid++;
      const got = validators[i]!(structuredClone(instance));
      if (got !== want)
        out.disagreements.push({
          check: 'validator',
          schema: c.gen,
          instance,
          oracle: want,
          platen: got,
          detail: validators[i]!.errors,
        });
      lines.push(`export const x${i}_${j}: T.${type} = ${literal(instance)};`);
      const relaxed = oracle.relaxed(instance);
      if (relaxed === want) out.exactType++;
      lineOwner.push([i, j, want, relaxed]);
      out.verdicts.push({ oracle: want, validator: got, type: true });
    });
  });
  const t2 = performance.now();
  const errors = new Map<number, string[]>();
  const files = result.files.filter((f) => f.path === 'types.ts');
  const messages = typeCheck([...files, { path: 'check.ts', contents: lines.join('\n') + '\n' }]);
  const broken = messages.filter((m) => !m.startsWith('check.ts:'));
  if (broken.length > 0) {
    // Generated types that do not compile: find the schema(s) by halving, report each as refused.
    if (cases.length === 1) {
      out.refused.push({ schema: cases[0]!.gen, diagnostics: broken });
      return out;
    }
    const half = Math.ceil(cases.length / 2);
    const again: BatchResult = {
      ...out,
      instances: 0,
      valid: 0,
      exactType: 0,
      disagreements: [],
      refused: [],
      verdicts: [],
    };
    mergeInto(again, await runBatch(cases.slice(0, half)), false);
    mergeInto(again, await runBatch(cases.slice(half)), false);
    return again;
  }
  for (const message of messages) {
    const m = /^check\.ts:(\d+): (.*)$/s.exec(message)!;
    const line = Number(m[1]);
    errors.set(line, [...(errors.get(line) ?? []), m[2]!]);
  }
  if (process.env.PLATEN_AGREE_TIMES)
    console.log(
      `compile+bundle ${(t1 - t0).toFixed(0)} ms, oracle+run ${(t2 - t1).toFixed(0)} ms, tsc ${(performance.now() - t2).toFixed(0)} ms`,
    );
  lineOwner.forEach(([i, j, strict, relaxed], k) => {
    const messages = errors.get(k + 2);
    const accepted = messages === undefined;
    out.verdicts[k]!.type = accepted;
    // The type sits between the schema and its TS-expressible part: never narrower, never wider.
    if ((strict && !accepted) || (!relaxed && accepted))
      out.disagreements.push({
        check: 'type',
        schema: cases[i]!.gen,
        instance: cases[i]!.instances[j]!,
        oracle: strict,
        platen: accepted,
        detail: messages,
      });
  });
  return out;
}

/** Adds `b`'s totals to `a`. */
export function mergeInto(a: BatchResult, b: BatchResult, countSchemas = true): void {
  if (countSchemas) a.schemas += b.schemas;
  a.instances += b.instances;
  a.valid += b.valid;
  a.exactType += b.exactType;
  a.disagreements.push(...b.disagreements);
  a.refused.push(...b.refused);
  a.verdicts.push(...b.verdicts);
}
