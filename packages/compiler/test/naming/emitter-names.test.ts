/**
 * Naming reserves every type name the emitter writes itself in a file where plan types also appear
 * (`types.ts`, `events/*.ts`, `index.ts`, and their `.d.ts` in JavaScript output), so a plan type can
 * never push the emitter's own names to `Identity2` or `EventRef as EventRef2`; and the names of the
 * generic track's parameters, so no event function is shadowed where `track.ts` calls it.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitClient, SDK_PROFILES, TARGETS } from '../../src/emit/index.js';
import { RESERVED_TYPE_NAMES } from '../../src/naming/index.js';
import type { NamedIr } from '../../src/naming/types.js';
import type { Json } from '../../src/plan/types.js';
import { CALL_RULES } from '../support/call-rules.js';
import { named, typeCheck, type TestRule } from '../support/emit.js';

/** Files a plan-derived type name can be declared, imported or re-exported in. */
const sharesPlanTypes = (path: string): boolean =>
  /^(types|index)\.(ts|d\.ts)$/.test(path) || /^events\/[^/]+\.(ts|d\.ts)$/.test(path);

/**
 * Type names a module binds itself: declared interfaces and type aliases, type-only imports and
 * type-only re-exports (by the name they have where they come from).
 */
function typeNamesIn(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      out.push(statement.name.text);
    } else if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
      for (const s of bindings.elements)
        if (clause!.isTypeOnly || s.isTypeOnly) out.push((s.propertyName ?? s.name).text);
    } else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause === undefined || !ts.isNamedExports(clause)) continue;
      for (const s of clause.elements)
        if (statement.isTypeOnly || s.isTypeOnly) out.push((s.propertyName ?? s.name).text);
    }
  }
  return out;
}

/** Every type name naming handed to the plan's rules. */
const planTypeNames = (ir: NamedIr): Set<string> =>
  new Set(ir.rules.flatMap(({ names }) => [names.propertiesType, ...Object.values(names.types)]));

const object = (properties: Record<string, Json>): Json => ({
  type: 'object',
  properties,
  additionalProperties: false,
});
const nested = object({ x: { type: 'string' } });

/**
 * Events whose nested object types would be called like the emitter's own types (event `Track` with
 * an object property `message` is `TrackMessage`, and so on), and whose functions would be called like
 * the generic track's parameters (`event`, `message`, `properties`, …).
 */
const LOOKALIKES: TestRule[] = Object.entries({
  Track: ['message', 'events'],
  Message: ['fields'],
  Event: ['ref', 'name'],
  Analytics: ['like', 'instance'],
  Platen: ['state', 'options'],
  // Functions named like the generic track's parameters and locals, which import and call them.
  Properties: [],
  Options: [],
  Callback: [],
  Args: [],
}).map(([key, properties]) => ({
  key,
  properties: object(Object.fromEntries(properties.map((p) => [p, nested]))),
}));

describe('naming reserves the names the emitter uses beside plan names', () => {
  it('every type name an emitter writes beside plan types, for every target, is reserved', () => {
    const ir = named([...CALL_RULES, ...LOOKALIKES, { key: 'Order Completed' }]);
    const plan = planTypeNames(ir);
    const unreserved = new Set<string>();
    for (const target of TARGETS)
      for (const language of target.languages)
        for (const sdk of target.sdks)
          for (const mode of ['dev', 'prod'] as const) {
            const files = emitClient(ir, { mode, sdk, language, platenVersion: '0.1.0' });
            for (const f of files.filter((f) => sharesPlanTypes(f.path)))
              for (const name of typeNamesIn(f.path, f.contents))
                if (!plan.has(name) && !RESERVED_TYPE_NAMES.has(name))
                  unreserved.add(`${language}/${sdk} ${f.path}: ${name}`);
          }
    expect([...unreserved].sort()).toEqual([]);
  });

  it('events whose names look like the emitter’s own build and type-check with no renamed imports', () => {
    const ir = named([...CALL_RULES, ...LOOKALIKES]);
    const types = new Set(Object.values(ir.rules.flatMap((r) => Object.values(r.names.types))));
    // The plan's lookalikes are escaped by naming, not the emitter's own names by the emitter.
    for (const name of [
      'TrackMessage',
      'MessageFields',
      'EventRef',
      'AnalyticsLike',
      'PlatenState',
    ])
      expect([name, types.has(name), types.has(`${name}_`)]).toEqual([name, false, true]);
    const all = SDK_PROFILES.flatMap((profile) =>
      emitClient(ir, {
        mode: 'dev',
        sdk: profile.sdk,
        language: 'typescript',
        platenVersion: '0.1.0',
      }).map((f) => ({ ...f, path: `${profile.sdk}/${f.path}` })),
    );
    for (const f of all) {
      expect([f.path, f.contents.match(/\b[A-Z]\w* as [A-Z]\w*/g)]).toEqual([f.path, null]);
      expect([f.path, f.contents.match(/\b(Identity|MessageFields|TrackMessage)\d/g)]).toEqual([
        f.path,
        null,
      ]);
    }
    expect(typeCheck(all)).toEqual([]);
  }, 60_000);
});
