/**
 * The fixture cases (`fixtures/cases/<case>/plan.json` with `valid/*.json` payloads) through the
 * types: every valid payload must compile as the argument of its event function (types never reject
 * what the plan allows). Invalid payloads are not checked here: some constraints (formats, bounds)
 * are enforced only at run time, by the validators.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../../src/compile-types.js';
import { emitClient } from '../../src/emit/index.js';
import { normalizePlan } from '../../src/ir/index.js';
import { assignNames } from '../../src/naming/index.js';
import type { Plan } from '../../src/plan/types.js';
import { DEV, typeCheck } from '../support/emit.js';

const CASES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/cases');

interface Payload {
  event: string;
  version?: number;
  properties?: unknown;
}

describe('fixture cases: valid payloads compile', () => {
  it('every valid payload of every case type-checks against its event function', () => {
    const files: GeneratedFile[] = [];
    const lines: string[] = [];
    for (const name of readdirSync(CASES).sort()) {
      const plan = JSON.parse(readFileSync(join(CASES, name, 'plan.json'), 'utf8')) as Plan;
      const named = assignNames(
        normalizePlan({ plan, format: 'public-api', file: 'plan.json', ruleSources: [] }),
      );
      files.push(...emitClient(named, DEV).map((f) => ({ ...f, path: `${name}/${f.path}` })));
      lines.push(`import * as ${name.replace(/\W/g, '_')} from './${name}/index.js';`);
      for (const file of readdirSync(join(CASES, name, 'valid')).sort()) {
        const payload = JSON.parse(
          readFileSync(join(CASES, name, 'valid', file), 'utf8'),
        ) as Payload;
        const rule = named.rules.find(
          (n) =>
            n.rule.type === 'TRACK' &&
            n.rule.key === payload.event &&
            (payload.version === undefined ? n.rule.latest : n.rule.version === payload.version),
        );
        expect(rule, `${name}/valid/${file} names a planned event`).toBeDefined();
        const call = `${name.replace(/\W/g, '_')}.${rule!.names.function}(${JSON.stringify(payload.properties ?? {})});`;
        lines.push(`${call} // ${name}/valid/${file}`);
      }
    }
    files.push({ path: 'usage.ts', contents: lines.join('\n') + '\n' });
    const diagnostics = typeCheck(files);
    const rejected = diagnostics.map((d) =>
      d.startsWith('usage.ts:') ? lines[Number(d.split(':')[1]) - 1]?.split('// ')[1] : d,
    );
    expect(rejected).toEqual([]);
    expect(lines.length).toBeGreaterThan(20);
  });
});
