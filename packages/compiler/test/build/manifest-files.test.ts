/**
 * The manifest's `file` of every rule is the path of a generated module holding the rule's function,
 * in every language × module format × SDK, and is absent exactly where the client has no function
 * for the rule. Read back (stems for the next build's names), old and new manifests agree.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Language, ModuleFormat, Sdk } from '../../src/compile-types.js';
import { compile } from '../../src/compile.js';
import { emitClient, SDK_PROFILES } from '../../src/emit/index.js';
import { normalizePlan } from '../../src/ir/index.js';
import type { Ir } from '../../src/ir/types.js';
import { assignNames } from '../../src/naming/index.js';
import type { NamedIr } from '../../src/naming/types.js';
import { manifestOf, parseManifest, serializeManifest } from '../../src/output/manifest.js';
import { loadPlan } from '../../src/plan/index.js';
import { REPO } from '../support/helpers.js';

/** Call types each SDK lacks: its rules of that type get types but no function, so no `file`. */
const WITHOUT_FUNCTION: Record<Sdk, readonly string[]> = {
  'analytics-next': ['COMMON', 'SCREEN'],
  'analytics-js': ['COMMON', 'SCREEN'],
  'analytics-node': ['COMMON'],
  'react-native': ['COMMON', 'PAGE'],
  rudderstack: ['COMMON', 'SCREEN'],
  generic: ['COMMON'],
};

const SHAPES: [Language, ModuleFormat, string][] = [
  ['typescript', 'esm', '.ts'],
  ['javascript', 'esm', '.js'],
  ['javascript', 'cjs', '.cjs'],
];

const COMBINATIONS = SHAPES.flatMap(([language, module, ext]) =>
  SDK_PROFILES.map(
    (p) => [`${language}-${module} ${p.sdk}`, { language, module, ext, sdk: p.sdk }] as const,
  ),
);

let ir: Ir;
let named: NamedIr;
beforeAll(async () => {
  const { loaded } = await loadPlan(join(REPO, 'fixtures/calls/plan.json'));
  ir = normalizePlan(loaded!);
  named = assignNames(ir);
});

describe('manifest file paths', () => {
  it('the plan has every rule type', () => {
    expect(new Set(named.rules.map((n) => n.rule.type))).toEqual(
      new Set(['TRACK', 'IDENTIFY', 'GROUP', 'PAGE', 'SCREEN', 'COMMON']),
    );
  });

  it.each(COMBINATIONS)(
    '%s: every file is generated, and only rules without a function lack one',
    (_, c) => {
      for (const mode of ['dev', 'prod'] as const) {
        const options = {
          mode,
          sdk: c.sdk,
          language: c.language,
          module: c.module,
          platenVersion: '0.1.0',
        };
        const paths = new Set(emitClient(named, options).map((f) => f.path));
        const manifest = manifestOf(named, { language: c.language, module: c.module, sdk: c.sdk });
        expect(manifest.rules).toHaveLength(named.rules.length);
        for (const rule of manifest.rules) {
          const where = `${rule.type} ${String(rule.key)} v${rule.version}`;
          if (WITHOUT_FUNCTION[c.sdk].includes(rule.type)) {
            expect([where, rule.file]).toEqual([where, undefined]);
            continue;
          }
          expect([where, rule.file?.endsWith(c.ext)]).toEqual([where, true]);
          expect([where, paths.has(rule.file!)]).toEqual([where, true]);
        }
        // And the other way round: every event module is some rule's file.
        const files = new Set(manifest.rules.map((r) => r.file));
        const events = [...paths].filter((p) => p.startsWith('events/') && p.endsWith(c.ext));
        expect(events.filter((p) => !files.has(p))).toEqual([]);
        // Written and read back, an absent file stays absent (no `"file": undefined` or null).
        const text = serializeManifest(manifest);
        expect(parseManifest(text)?.rules.map((r) => r.file)).toEqual(
          manifest.rules.map((r) => r.file),
        );
        const common = manifest.rules.find((r) => r.type === 'COMMON')!;
        expect(Object.keys(common)).not.toContain('file');
      }
    },
  );

  it('compile() writes a manifest whose files all exist (CommonJS, an SDK without screen)', async () => {
    const { loaded } = await loadPlan(join(REPO, 'fixtures/calls/plan.json'));
    const options = {
      language: 'javascript',
      module: 'cjs',
      sdk: 'rudderstack',
      mode: 'dev',
    } as const;
    const result = await compile(loaded!, options);
    const paths = new Set(result.files.map((f) => f.path));
    const missing = result.manifest.rules.flatMap((r) =>
      r.file === undefined || paths.has(r.file) ? [] : [r.file],
    );
    expect(missing).toEqual([]);
  });

  it('an old manifest (a `.js` path for a CommonJS module, a path for COMMON) is still read', () => {
    const fresh = manifestOf(named, {
      language: 'javascript',
      module: 'cjs',
      sdk: 'analytics-node',
    });
    // As an older Platen wrote it: `.js` for every rule, COMMON included. The stems differ from
    // fresh ones, so a kept stem can only have come from the old path.
    const old = serializeManifest({
      ...fresh,
      rules: fresh.rules.map((r) => ({
        ...r,
        file: `events/old-${stemOfRule(r.type, r.key, r.version)}.js`,
      })),
    });
    const again = assignNames(ir, parseManifest(old));
    const tracks = again.rules.filter((n) => n.rule.type === 'TRACK');
    expect(tracks.length).toBeGreaterThan(1);
    for (const n of tracks)
      expect(n.names.file).toBe(`old-${stemOfRule('TRACK', n.rule.key, n.rule.version)}`);
  });
});

/** The stem a build without a manifest gives a rule. */
function stemOfRule(type: string, key: string | null, version: number): string {
  return named.rules.find(
    (n) => n.rule.type === type && n.rule.key === key && n.rule.version === version,
  )!.names.file;
}
