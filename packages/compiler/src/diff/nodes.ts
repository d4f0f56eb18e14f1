/**
 * Compares two IR nodes (one event's payload in the old and the new plan) and lists every change
 * with its class. Works on the IR, so a `$ref`, an `allOf` or a format's own spelling of a schema
 * that means the same thing gives no change. Pure: no I/O, no Node built-ins.
 */
import type { IrDefinition, IrNode } from '../ir/types.js';
import type { Json } from '../plan/types.js';
import { compareText } from '../order.js';
import { pointerOf, stableJson } from './text.js';
import type { Change, ChangeClass, ChangeKind, PathStep } from './types.js';
import { compareScalars } from './constraints.js';
import { compareStructured } from './structures.js';

/** One side of the comparison: the definitions its `$ref`s point into. */
export interface NodeSide {
  definitions: Record<string, IrDefinition>;
  /** The rule's schema and its pointer in the plan file, to read runtime-only keywords back. */
  schema?: Json;
  schemaPointer?: string;
}

/** The state of one comparison: both sides, the pairs of `$ref` targets being compared, the result. */
export interface NodeDiffContext {
  from: NodeSide;
  to: NodeSide;
  changes: Change[];
  /** `$ref` target pairs under comparison: meeting one again means recursion, already being compared. */
  active: Set<string>;
}

/** How deep the comparison goes before treating what is left as equal (recursion is cut above). */
const MAX_COMPARE_DEPTH = 300;

/** Adds one change. */
export function addChange(
  ctx: NodeDiffContext,
  path: PathStep[],
  kind: ChangeKind,
  cls: ChangeClass,
  message: string,
  keyword?: string,
): void {
  const change: Change = { kind, class: cls, pointer: pointerOf(path), path: [...path], message };
  if (keyword !== undefined) change.keyword = keyword;
  ctx.changes.push(change);
}

/** A node with its `$ref`s followed, and the documentation met on the way (the outermost wins). */
interface Resolved {
  node: IrNode;
  /** The `$ref` targets followed, for recursion detection. */
  targets: string[];
  docs: Docs;
}

interface Docs {
  title?: string;
  description?: string;
  examples?: Json[];
  default?: Json;
  deprecated?: boolean;
}

const DOC_KEYS = ['title', 'description', 'examples', 'default', 'deprecated'] as const;

function resolve(node: IrNode, side: NodeSide): Resolved {
  const targets: string[] = [];
  const docs: Docs = {};
  let current = node;
  for (let hops = 0; hops < 1000; hops++) {
    for (const key of DOC_KEYS)
      if (current[key] !== undefined && docs[key] === undefined)
        (docs as Record<string, unknown>)[key] = current[key];
    if (current.kind !== 'ref') break;
    const definition = side.definitions[current.target];
    if (definition === undefined || targets.includes(current.target)) break;
    targets.push(current.target);
    current = definition.node;
  }
  return { node: current, targets, docs };
}

/** Compares `a` (old plan) with `b` (new plan) at `path`, adding every change to `ctx`. */
export function compareNodes(
  ctx: NodeDiffContext,
  a: IrNode,
  b: IrNode,
  path: PathStep[],
  depth = 0,
): void {
  if (depth > MAX_COMPARE_DEPTH) return;
  const ra = resolve(a, ctx.from);
  const rb = resolve(b, ctx.to);
  const key =
    ra.targets.length > 0 || rb.targets.length > 0
      ? JSON.stringify([ra.targets.at(-1) ?? null, rb.targets.at(-1) ?? null])
      : undefined;
  if (key !== undefined) {
    // A recursive definition compared against itself again: its changes are being listed already.
    if (ctx.active.has(key)) return;
    ctx.active.add(key);
  }
  compareDocs(ctx, ra.docs, rb.docs, path);
  compareRuntimeOnly(ctx, ra.node, rb.node, path);
  compareShapes(ctx, ra.node, rb.node, path, depth);
  if (key !== undefined) ctx.active.delete(key);
}

/** `description`, `title`, `examples`, `default`, `deprecated`: always safe. */
function compareDocs(ctx: NodeDiffContext, a: Docs, b: Docs, path: PathStep[]): void {
  const text = (label: string, x: string | undefined, y: string | undefined): string =>
    x === undefined
      ? `${label} added: ${JSON.stringify(y)}`
      : y === undefined
        ? `${label} removed (was ${JSON.stringify(x)})`
        : `${label} changed: ${JSON.stringify(x)} → ${JSON.stringify(y)}`;
  if (a.description !== b.description)
    addChange(
      ctx,
      path,
      'description-changed',
      'safe',
      text('description', a.description, b.description),
      'description',
    );
  if (a.title !== b.title)
    addChange(ctx, path, 'title-changed', 'safe', text('title', a.title, b.title), 'title');
  if (stableJson(a.examples) !== stableJson(b.examples))
    addChange(ctx, path, 'examples-changed', 'safe', 'examples changed', 'examples');
  if (stableJson(a.default) !== stableJson(b.default))
    addChange(
      ctx,
      path,
      'default-changed',
      'safe',
      `default changed: ${stableJson(a.default) ?? 'none'} → ${stableJson(b.default) ?? 'none'}`,
      'default',
    );
  if ((a.deprecated === true) !== (b.deprecated === true))
    addChange(
      ctx,
      path,
      'deprecated-changed',
      'safe',
      b.deprecated === true ? 'marked deprecated' : 'no longer deprecated',
      'deprecated',
    );
}

/**
 * Keywords only the validator enforces (`not`, `if`/`then`/`else`, `dependencies`, …): the IR keeps
 * their names only, so their values are read back from the rule's schema. Any change to them is
 * classed as breaking both ways: Platen cannot tell which way it goes.
 */
function compareRuntimeOnly(ctx: NodeDiffContext, a: IrNode, b: IrNode, path: PathStep[]): void {
  const names = new Set([...(a.runtimeOnly ?? []), ...(b.runtimeOnly ?? [])]);
  if (names.size === 0) return;
  const va = schemaAt(ctx.from, a.pointer);
  const vb = schemaAt(ctx.to, b.pointer);
  for (const name of [...names].sort(compareText)) {
    const x = va === undefined ? undefined : stableJson(va[name]);
    const y = vb === undefined ? undefined : stableJson(vb[name]);
    if (x === y && x !== undefined) continue;
    if (
      x === undefined &&
      y === undefined &&
      a.runtimeOnly?.includes(name) === b.runtimeOnly?.includes(name)
    )
      continue;
    const what = x === undefined ? 'added' : y === undefined ? 'removed' : 'changed';
    addChange(
      ctx,
      path,
      'runtime-keyword-changed',
      'breaking-both',
      `\`${name}\` ${what} (enforced by the validator only; its effect cannot be classed, so it counts as breaking)`,
      name,
    );
  }
}

/** The schema object at a plan-file pointer, inside the rule's schema; `undefined` when not found. */
function schemaAt(side: NodeSide, pointer: string): Record<string, Json> | undefined {
  const base = side.schemaPointer;
  if (side.schema === undefined || base === undefined) return undefined;
  if (pointer !== base && !pointer.startsWith(base + '/')) return undefined;
  const rest = pointer.slice(base.length);
  const tokens =
    rest === ''
      ? []
      : rest
          .slice(1)
          .split('/')
          .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  // A Typewriter 8/9 rule's pointers are into its hoisted event properties, which the loader put
  // back under `properties.properties`.
  const found =
    lookup(side.schema, tokens) ?? lookup(side.schema, ['properties', 'properties', ...tokens]);
  return found !== null && typeof found === 'object' && !Array.isArray(found) ? found : undefined;
}

/** Follows unescaped pointer tokens through own properties and array items. */
function lookup(root: Json, tokens: readonly string[]): Json | undefined {
  let current: Json | undefined = root;
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token))
      current = current[token];
    else return undefined;
  }
  return current;
}

/** The broad type a node belongs to: the unit in which types are narrowed or widened. */
type Base = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'unknown' | 'other';

const BASE_ORDER: readonly Base[] = [
  'string',
  'number',
  'boolean',
  'null',
  'object',
  'array',
  'other',
];

function baseOf(node: IrNode): Base | undefined {
  switch (node.kind) {
    case 'string':
    case 'boolean':
    case 'null':
    case 'unknown':
      return node.kind;
    case 'number':
    case 'integer':
      return 'number';
    case 'literal':
      return node.value === null ? 'null' : (typeof node.value as 'string' | 'number' | 'boolean');
    case 'object':
    case 'map':
      return 'object';
    case 'array':
    case 'tuple':
      return 'array';
    case 'never':
      return undefined;
    case 'intersection':
    case 'union':
    case 'ref':
      return 'other';
  }
}

/** The members of a node: a union's (nested unions flattened, `$ref`s followed), else the node. */
function membersOf(node: IrNode, side: NodeSide): IrNode[] {
  if (node.kind !== 'union') return node.kind === 'never' ? [] : [node];
  const out: IrNode[] = [];
  for (const member of node.members) {
    const resolved = resolve(member, side).node;
    if (resolved.kind === 'union' && resolved !== node) out.push(...membersOf(resolved, side));
    else if (resolved.kind !== 'never') out.push(resolved);
  }
  return out;
}

function group(members: IrNode[]): Map<Base, IrNode[]> {
  const groups = new Map<Base, IrNode[]>();
  for (const member of members) {
    const base = baseOf(member);
    if (base === undefined) continue;
    const list = groups.get(base);
    if (list) list.push(member);
    else groups.set(base, [member]);
  }
  return groups;
}

/** A base type's name for messages (`integer` when every member says so). */
function baseName(base: Base, members: IrNode[] | undefined): string {
  if (
    base === 'number' &&
    members?.every(
      (m) => m.kind === 'integer' || (m.kind === 'literal' && Number.isInteger(m.value)),
    )
  )
    return 'integer';
  return base === 'other' ? 'a combined schema' : base;
}

function compareShapes(
  ctx: NodeDiffContext,
  a: IrNode,
  b: IrNode,
  path: PathStep[],
  depth: number,
): void {
  const ga = group(membersOf(a, ctx.from));
  const gb = group(membersOf(b, ctx.to));
  const anyA = ga.has('unknown');
  const anyB = gb.has('unknown');
  if (anyA || anyB) {
    if (anyA && !anyB) {
      const now = describeTypes(gb);
      addChange(
        ctx,
        path,
        'type-narrowed',
        'breaking-sender',
        `type narrowed: any value → ${now}`,
        'type',
      );
    } else if (anyB && !anyA) {
      addChange(
        ctx,
        path,
        'type-widened',
        'breaking-consumer',
        `type widened: ${describeTypes(ga)} → any value`,
        'type',
      );
    }
    return;
  }
  const removed = BASE_ORDER.filter((base) => ga.has(base) && !gb.has(base));
  const added = BASE_ORDER.filter((base) => gb.has(base) && !ga.has(base));
  if (removed.length > 0 || added.length > 0) {
    const was = describeTypes(ga);
    const now = describeTypes(gb);
    if (removed.length > 0 && added.length > 0)
      addChange(
        ctx,
        path,
        'type-changed',
        'breaking-both',
        `type changed: ${was} → ${now}`,
        'type',
      );
    else if (removed.length > 0)
      addChange(
        ctx,
        path,
        'type-narrowed',
        'breaking-sender',
        removed.length === 1 && removed[0] === 'null'
          ? `no longer nullable: ${was} → ${now}`
          : `type narrowed: ${was} → ${now}`,
        'type',
      );
    else
      addChange(
        ctx,
        path,
        'type-widened',
        'breaking-consumer',
        added.length === 1 && added[0] === 'null'
          ? `now nullable: ${was} → ${now}`
          : `type widened: ${was} → ${now}`,
        'type',
      );
  }
  for (const base of BASE_ORDER) {
    const ma = ga.get(base);
    const mb = gb.get(base);
    if (ma && mb) compareGroup(ctx, base, ma, mb, path, depth);
  }
}

function describeTypes(groups: Map<Base, IrNode[]>): string {
  const names = BASE_ORDER.filter((b) => groups.has(b)).map((b) => {
    const members = groups.get(b)!;
    const literals = members.filter((m) => m.kind === 'literal');
    if (b !== 'null' && literals.length === members.length && literals.length <= 5)
      return literals.map((m) => JSON.stringify((m as { value: unknown }).value)).join(' | ');
    return baseName(b, members);
  });
  if (groups.has('unknown')) names.push('any value');
  return names.length === 0 ? 'nothing (never)' : names.join(' | ');
}

/** Members of the same base type in both plans. */
function compareGroup(
  ctx: NodeDiffContext,
  base: Base,
  ma: IrNode[],
  mb: IrNode[],
  path: PathStep[],
  depth: number,
): void {
  switch (base) {
    case 'string':
    case 'number':
    case 'boolean':
      return compareScalars(ctx, ma, mb, path);
    case 'null':
      return;
    case 'object':
    case 'array':
      return compareStructured(ctx, ma, mb, path, depth);
    case 'unknown':
    case 'other':
      if (stableShape(ma, ctx.from) !== stableShape(mb, ctx.to))
        addChange(
          ctx,
          path,
          'shape-changed',
          'breaking-both',
          'a combined schema (allOf of mixed parts) changed; Platen cannot tell which way, so it counts as breaking',
          'allOf',
        );
      return;
  }
}

/** A short type name for messages (`string`, `integer | null`, `object`). */
export function typeSummary(node: IrNode, side: NodeSide): string {
  return describeTypes(group(membersOf(resolve(node, side).node, side)));
}

/** The structure of nodes without pointers and documentation, `$ref`s followed (to a bounded depth). */
export function stableShape(nodes: IrNode[], side: NodeSide): string {
  const seen: string[] = [];
  const done = new Map<string, unknown>();
  const strip = (value: unknown, depth: number): unknown => {
    if (depth > 64) return '…';
    if (Array.isArray(value)) return value.map((v) => strip(v, depth + 1));
    if (value === null || typeof value !== 'object') return value;
    const node = value as Record<string, unknown>;
    if (node.kind === 'ref' && typeof node.target === 'string') {
      if (seen.includes(node.target)) return { ref: seen.indexOf(node.target) };
      const definition = side.definitions[node.target];
      if (!definition) return { ref: node.target };
      // Each definition is spelt out once per call: shared definitions never multiply the work.
      const known = done.get(node.target);
      if (known !== undefined) return known;
      seen.push(node.target);
      const out = strip(definition.node, depth + 1);
      seen.pop();
      done.set(node.target, out);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node).sort(compareText)) {
      if (key === 'pointer' || (DOC_KEYS as readonly string[]).includes(key)) continue;
      const value = node[key];
      // Properties and patterns in name order: the schema's key order means nothing.
      const sorted =
        (key === 'properties' || key === 'patternProperties') && Array.isArray(value)
          ? [...(value as { name?: string; pattern?: string }[])].sort((x, y) =>
              compareText(x.name ?? x.pattern ?? '', y.name ?? y.pattern ?? ''),
            )
          : value;
      out[key] = strip(sorted, depth + 1);
    }
    return out;
  };
  return JSON.stringify(nodes.map((n) => strip(n, 0)));
}
