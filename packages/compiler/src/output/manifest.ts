/**
 * `platen.manifest.json`: what a build generated and under which names. The next build reads it to
 * keep identifiers stable, and `platen build` reads its marker to know which files it owns.
 */
import { functionFile, type ClientShape } from '../emit/functions.js';
import { compareRules } from '../ir/index.js';
import type { Manifest, ManifestRule, NamedIr } from '../naming/types.js';
import { compareText } from '../order.js';
import { RULE_TYPES } from '../plan/types.js';
import { PLATEN_VERSION } from '../version.js';

/** The manifest's file name inside every output directory. */
export const MANIFEST_FILE = 'platen.manifest.json';

/** The marker that tells a Platen manifest from any other JSON file. */
export const MANIFEST_MARKER = { generatedBy: 'platen' } as const;

/**
 * The manifest of a named plan as generated for the client `shape` (language, module, SDK): rules
 * sorted by (type, key, version). A rule's `file` is the module holding its function, left out when
 * the client has none for it.
 */
export function manifestOf(named: NamedIr, shape: ClientShape): Manifest {
  const rules: ManifestRule[] = [...named.rules]
    .sort((a, b) => compareRules(a.rule, b.rule))
    .map((n) => {
      const { rule, names } = n;
      // The next build keeps the file's stem (`naming/manifest.ts`).
      const file = functionFile(n, shape);
      return {
        type: rule.type,
        key: rule.key,
        version: rule.version,
        function: names.function,
        propertiesType: names.propertiesType,
        ...(file === undefined ? {} : { file }),
      };
    });
  return {
    platenVersion: PLATEN_VERSION,
    plan: { id: named.plan.id, name: named.plan.name, hash: named.plan.hash },
    rules,
  };
}

/** The manifest as written: the marker first, two-space JSON, a final newline. Deterministic. */
export function serializeManifest(manifest: Manifest): string {
  const { platenVersion, plan, rules } = manifest;
  const ordered = {
    ...MANIFEST_MARKER,
    platenVersion,
    plan: { id: plan.id, name: plan.name, hash: plan.hash },
    rules: rules.map((r) => ({
      type: r.type,
      key: r.key,
      version: r.version,
      function: r.function,
      propertiesType: r.propertiesType,
      ...(r.file === undefined ? {} : { file: r.file }),
      ...(r.inputs === undefined ? {} : { inputs: r.inputs }),
      ...(r.files === undefined ? {} : { files: sortedRecord(r.files) }),
    })),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads manifest text from disk. `undefined` when it is not a Platen manifest (no marker, not JSON,
 * wrong shape): the caller then treats the file as a person's. Entries of a bad shape are dropped.
 */
export function parseManifest(text: string): Manifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.generatedBy !== MANIFEST_MARKER.generatedBy) return undefined;
  const plan = isRecord(value.plan) ? value.plan : {};
  const rules = Array.isArray(value.rules)
    ? value.rules.filter(isManifestRule).map(withReuseFields)
    : [];
  return {
    platenVersion: typeof value.platenVersion === 'string' ? value.platenVersion : '',
    plan: {
      id: typeof plan.id === 'string' ? plan.id : '',
      name: typeof plan.name === 'string' ? plan.name : '',
      hash: typeof plan.hash === 'string' ? plan.hash : '',
    },
    rules,
  };
}

/** Keeps `inputs`/`files` only when well-formed (they only ever allow reuse, never force it). */
function withReuseFields(rule: ManifestRule): ManifestRule {
  const { inputs, files, ...rest } = rule as ManifestRule & { inputs?: unknown; files?: unknown };
  const out: ManifestRule = rest;
  if (typeof inputs === 'string') out.inputs = inputs;
  if (isRecord(files) && Object.values(files).every((h) => typeof h === 'string'))
    out.files = { ...(files as Record<string, string>) };
  return out;
}

function isManifestRule(v: unknown): v is ManifestRule {
  return (
    isRecord(v) &&
    typeof v.type === 'string' &&
    (RULE_TYPES as readonly string[]).includes(v.type) &&
    (v.key === null || typeof v.key === 'string') &&
    typeof v.version === 'number' &&
    typeof v.function === 'string' &&
    typeof v.propertiesType === 'string' &&
    // Absent for a rule without a function (COMMON, a call type the SDK lacks).
    (v.file === undefined || typeof v.file === 'string')
  );
}
