/**
 * Compares two IR nodes (one event's payload in the old and the new plan) and lists every change
 * with its class. Works on the IR, so a `$ref`, an `allOf` or a format's own spelling of a schema
 * that means the same thing gives no change. Pure: no I/O, no Node built-ins.
 */
import type { IrArray, IrDefinition, IrMap, IrNode, IrObject, IrTuple } from '../ir/types.js';
import type { Json } from '../plan/types.js';
import { compareText } from '../order.js';
import { pointerOf, stableJson } from './text.js';
import type { Change, ChangeClass, ChangeKind, PathStep } from './types.js';

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
  let current: Json | undefined = side.schema;
  const rest = pointer.slice(base.length);
  if (rest !== '')
    for (const raw of rest.slice(1).split('/')) {
      const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (Array.isArray(current)) current = current[Number(token)];
      else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token))
        current = current[token];
      else return undefined;
    }
  return current !== null && typeof current === 'object' && !Array.isArray(current)
    ? current
    : undefined;
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

/** Scalars: plain types with constraints, and literal values (`enum`, `const`). */
function compareScalars(ctx: NodeDiffContext, ma: IrNode[], mb: IrNode[], path: PathStep[]): void {
  const plainA = ma.find((m) => m.kind !== 'literal');
  const plainB = mb.find((m) => m.kind !== 'literal');
  const litA = ma.filter((m) => m.kind === 'literal').map((m) => (m as { value: Json }).value);
  const litB = mb.filter((m) => m.kind === 'literal').map((m) => (m as { value: Json }).value);
  if (plainA && plainB) {
    compareConstraints(ctx, plainA, plainB, path);
    return;
  }
  if (plainA && !plainB) {
    const what =
      litB.length === 1
        ? `const ${JSON.stringify(litB[0])}`
        : `enum [${litB.map((v) => JSON.stringify(v)).join(', ')}]`;
    addChange(
      ctx,
      path,
      'constraint-tightened',
      'breaking-sender',
      `restricted to ${what}`,
      litB.length === 1 ? 'const' : 'enum',
    );
    return;
  }
  if (!plainA && plainB) {
    addChange(
      ctx,
      path,
      'constraint-loosened',
      'breaking-consumer',
      `no longer restricted to ${litA.length === 1 ? `const ${JSON.stringify(litA[0])}` : `enum [${litA.map((v) => JSON.stringify(v)).join(', ')}]`}`,
      litA.length === 1 ? 'const' : 'enum',
    );
    return;
  }
  const setA = new Set(litA.map((v) => JSON.stringify(v)));
  const setB = new Set(litB.map((v) => JSON.stringify(v)));
  const gone = [...setA].filter((v) => !setB.has(v));
  const fresh = [...setB].filter((v) => !setA.has(v));
  if (gone.length === 0 && fresh.length === 0) return;
  if (setA.size === 1 && setB.size === 1) {
    addChange(
      ctx,
      path,
      'const-changed',
      'breaking-both',
      `value changed: ${gone[0]} → ${fresh[0]}`,
      'const',
    );
    return;
  }
  if (gone.length > 0)
    addChange(
      ctx,
      path,
      'enum-values-removed',
      'breaking-sender',
      `enum value${gone.length === 1 ? '' : 's'} removed: ${list(gone)}`,
      'enum',
    );
  if (fresh.length > 0)
    addChange(
      ctx,
      path,
      'enum-values-added',
      'breaking-consumer',
      `enum value${fresh.length === 1 ? '' : 's'} added: ${list(fresh)}`,
      'enum',
    );
}

function list(values: string[]): string {
  return values.length <= 10
    ? values.join(', ')
    : `${values.slice(0, 10).join(', ')} and ${values.length - 10} more`;
}

/** Lower bounds: raising one (or adding it) tightens. */
const LOWER = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
/** Upper bounds: lowering one (or adding it) tightens. */
const UPPER = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;
/** Keywords whose values are not ordered: adding tightens, removing loosens, changing does both. */
const EXACT = ['format', 'pattern', 'multipleOf'] as const;

type Bounded = Partial<Record<(typeof LOWER)[number] | (typeof UPPER)[number], number>> &
  Partial<Record<(typeof EXACT)[number], string | number>> & { uniqueItems?: boolean };

/** Constraint keywords of two nodes of the same base type. */
function compareConstraints(ctx: NodeDiffContext, a: IrNode, b: IrNode, path: PathStep[]): void {
  if (a.kind === 'integer' && b.kind === 'number')
    addChange(
      ctx,
      path,
      'type-widened',
      'breaking-consumer',
      'type widened: integer → number',
      'type',
    );
  if (a.kind === 'number' && b.kind === 'integer')
    addChange(
      ctx,
      path,
      'type-narrowed',
      'breaking-sender',
      'type narrowed: number → integer',
      'type',
    );
  const x = a as Bounded;
  const y = b as Bounded;
  for (const keyword of LOWER) bound(ctx, path, keyword, x[keyword], y[keyword], 1);
  for (const keyword of UPPER) bound(ctx, path, keyword, x[keyword], y[keyword], -1);
  for (const keyword of EXACT) {
    const v = x[keyword];
    const w = y[keyword];
    if (v === w) continue;
    if (v === undefined)
      addChange(
        ctx,
        path,
        'constraint-tightened',
        'breaking-sender',
        `${keyword} added: ${JSON.stringify(w)}`,
        keyword,
      );
    else if (w === undefined)
      addChange(
        ctx,
        path,
        'constraint-loosened',
        'breaking-consumer',
        `${keyword} removed (was ${JSON.stringify(v)})`,
        keyword,
      );
    else
      addChange(
        ctx,
        path,
        'constraint-changed',
        'breaking-both',
        `${keyword} changed: ${JSON.stringify(v)} → ${JSON.stringify(w)}`,
        keyword,
      );
  }
  if ((x.uniqueItems === true) !== (y.uniqueItems === true))
    y.uniqueItems === true
      ? addChange(
          ctx,
          path,
          'constraint-tightened',
          'breaking-sender',
          'uniqueItems added: items must now be unique',
          'uniqueItems',
        )
      : addChange(
          ctx,
          path,
          'constraint-loosened',
          'breaking-consumer',
          'uniqueItems removed: items may now repeat',
          'uniqueItems',
        );
}

/** One bound: `sign` 1 for lower bounds (higher is tighter), -1 for upper bounds. */
function bound(
  ctx: NodeDiffContext,
  path: PathStep[],
  keyword: string,
  v: number | undefined,
  w: number | undefined,
  sign: 1 | -1,
): void {
  if (v === w) return;
  // `minItems: 0` / `minLength: 0` constrain nothing: treat them as absent.
  if (keyword.startsWith('min') && (v ?? 0) === (w ?? 0) && keyword !== 'minimum') return;
  if (v === undefined)
    addChange(
      ctx,
      path,
      'constraint-tightened',
      'breaking-sender',
      `${keyword} added: ${w}`,
      keyword,
    );
  else if (w === undefined)
    addChange(
      ctx,
      path,
      'constraint-loosened',
      'breaking-consumer',
      `${keyword} removed (was ${v})`,
      keyword,
    );
  else if ((w - v) * sign > 0)
    addChange(
      ctx,
      path,
      'constraint-tightened',
      'breaking-sender',
      `${keyword} tightened: ${v} → ${w}`,
      keyword,
    );
  else
    addChange(
      ctx,
      path,
      'constraint-loosened',
      'breaking-consumer',
      `${keyword} loosened: ${v} → ${w}`,
      keyword,
    );
}

/** Objects and arrays, one or several (a `oneOf` of objects) on each side. */
function compareStructured(
  ctx: NodeDiffContext,
  ma: IrNode[],
  mb: IrNode[],
  path: PathStep[],
  depth: number,
): void {
  if (ma.length === 1 && mb.length === 1) {
    compareOne(ctx, ma[0]!, mb[0]!, path, depth);
    return;
  }
  // Several members: pair them by discriminator value when both sides have one, else by position.
  const keyA = discriminated(ma);
  const keyB = discriminated(mb);
  const pairs: [IrNode | undefined, IrNode | undefined, number][] = [];
  if (keyA && keyB && keyA.name === keyB.name) {
    const byValue = new Map(keyA.values.map((v, i) => [v, ma[i]!]));
    const used = new Set<string>();
    keyB.values.forEach((v, i) => {
      pairs.push([byValue.get(v), mb[i], i]);
      used.add(v);
    });
    keyA.values.forEach((v, i) => {
      if (!used.has(v)) pairs.push([ma[i], undefined, i]);
    });
  } else {
    for (let i = 0; i < Math.max(ma.length, mb.length); i++) pairs.push([ma[i], mb[i], i]);
  }
  for (const [x, y, i] of pairs) {
    const at = [...path, { member: i }];
    if (x && y) compareOne(ctx, x, y, at, depth);
    else if (y)
      addChange(
        ctx,
        at,
        'union-member-added',
        'breaking-consumer',
        'union member added: one more shape is accepted',
        'oneOf',
      );
    else
      addChange(
        ctx,
        at,
        'union-member-removed',
        'breaking-sender',
        'union member removed: a shape is no longer accepted',
        'oneOf',
      );
  }
}

/** The discriminator of a list of object members: a required property with a distinct literal in each. */
function discriminated(members: IrNode[]): { name: string; values: string[] } | undefined {
  const objects = members.filter((m): m is IrObject => m.kind === 'object');
  if (objects.length !== members.length || objects.length < 2) return undefined;
  for (const candidate of objects[0]!.properties) {
    const values: string[] = [];
    for (const object of objects) {
      const prop = object.properties.find((p) => p.name === candidate.name);
      if (!prop || !prop.required || prop.type.kind !== 'literal') break;
      values.push(JSON.stringify(prop.type.value));
    }
    if (values.length === objects.length && new Set(values).size === values.length)
      return { name: candidate.name, values };
  }
  return undefined;
}

function compareOne(
  ctx: NodeDiffContext,
  a: IrNode,
  b: IrNode,
  path: PathStep[],
  depth: number,
): void {
  if (a.kind === 'object' && b.kind === 'object') return compareObjects(ctx, a, b, path, depth);
  if (a.kind === 'map' && b.kind === 'map') return compareMaps(ctx, a, b, path, depth);
  if (a.kind === 'array' && b.kind === 'array') return compareArrays(ctx, a, b, path, depth);
  if (a.kind === 'tuple' && b.kind === 'tuple') return compareTuples(ctx, a, b, path, depth);
  if (a.kind === 'object' && b.kind === 'map') {
    addChange(
      ctx,
      path,
      'shape-changed',
      'breaking-both',
      'an object with named properties became a map of any keys',
      'properties',
    );
    return;
  }
  if (a.kind === 'map' && b.kind === 'object') {
    addChange(
      ctx,
      path,
      'shape-changed',
      'breaking-both',
      'a map of any keys became an object with named properties',
      'properties',
    );
    return;
  }
  if (stableShape([a], ctx.from) !== stableShape([b], ctx.to))
    addChange(
      ctx,
      path,
      'shape-changed',
      'breaking-both',
      a.kind === 'array' ? 'a list became a tuple (fixed positions)' : 'a tuple became a list',
      'items',
    );
}

/** True when an object reports or rejects keys it does not list (explicit `false`, or nothing said). */
function closed(object: IrObject): boolean {
  return object.additionalProperties === false || object.additionalPropertiesImplicit === true;
}

function compareObjects(
  ctx: NodeDiffContext,
  a: IrObject,
  b: IrObject,
  path: PathStep[],
  depth: number,
): void {
  const byA = new Map(a.properties.map((p) => [p.name, p]));
  const byB = new Map(b.properties.map((p) => [p.name, p]));
  const names = [...new Set([...byA.keys(), ...byB.keys()])].sort(compareText);
  for (const name of names) {
    const x = byA.get(name);
    const y = byB.get(name);
    const at = [...path, { property: name }];
    if (x && y) {
      if (!x.required && y.required)
        addChange(
          ctx,
          at,
          'required-added',
          'breaking-sender',
          'now required (was optional)',
          'required',
        );
      if (x.required && !y.required)
        addChange(
          ctx,
          at,
          'required-removed',
          'breaking-consumer',
          'now optional (was required): it may be missing',
          'required',
        );
      compareNodes(ctx, x.type, y.type, at, depth + 1);
    } else if (y) {
      if (y.required)
        addChange(
          ctx,
          at,
          'property-added',
          'breaking-sender',
          `new required property (${typeSummary(y.type, ctx.to)})`,
          'properties',
        );
      else
        addChange(
          ctx,
          at,
          'property-added',
          'safe',
          `optional property added (${typeSummary(y.type, ctx.to)})`,
          'properties',
        );
    } else if (x) {
      if (closed(b))
        addChange(
          ctx,
          at,
          'property-removed',
          'breaking-both',
          'property removed from a closed object: senders still sending it are rejected, readers lose it',
          'properties',
        );
      else
        addChange(
          ctx,
          at,
          'property-removed',
          'breaking-consumer',
          'property removed: readers lose it',
          'properties',
        );
    }
  }
  compareExtras(ctx, a, b, path, depth);
  for (const keyword of LOWER)
    bound(ctx, path, keyword, (a as Bounded)[keyword], (b as Bounded)[keyword], 1);
  for (const keyword of UPPER)
    bound(ctx, path, keyword, (a as Bounded)[keyword], (b as Bounded)[keyword], -1);
  if (
    stableShape(a.propertyNames ? [a.propertyNames] : [], ctx.from) !==
    stableShape(b.propertyNames ? [b.propertyNames] : [], ctx.to)
  )
    addChange(
      ctx,
      path,
      'constraint-changed',
      'breaking-both',
      'propertyNames changed',
      'propertyNames',
    );
}

/** `additionalProperties` and `patternProperties`. */
function compareExtras(
  ctx: NodeDiffContext,
  a: IrObject,
  b: IrObject,
  path: PathStep[],
  depth: number,
): void {
  const openA = !closed(a);
  const openB = !closed(b);
  if (openA && !openB)
    addChange(
      ctx,
      path,
      'additional-properties-closed',
      'breaking-sender',
      'closed: keys the plan does not list are now rejected',
      'additionalProperties',
    );
  else if (!openA && openB)
    addChange(
      ctx,
      path,
      'additional-properties-opened',
      'breaking-consumer',
      'opened: keys the plan does not list are now accepted',
      'additionalProperties',
    );
  else if (
    !openA &&
    !openB &&
    (a.additionalProperties === false) !== (b.additionalProperties === false)
  )
    addChange(
      ctx,
      path,
      'additional-properties-explicit',
      'safe',
      b.additionalProperties === false
        ? '`additionalProperties: false` made explicit (unlisted keys were already reported)'
        : '`additionalProperties: false` left implicit (unlisted keys are still reported)',
      'additionalProperties',
    );
  else if (openA && openB && a.additionalProperties !== false && b.additionalProperties !== false)
    compareNodes(
      ctx,
      a.additionalProperties,
      b.additionalProperties,
      [...path, { values: true }],
      depth + 1,
    );
  const byA = new Map(a.patternProperties.map((p) => [p.pattern, p]));
  const byB = new Map(b.patternProperties.map((p) => [p.pattern, p]));
  const patterns = [...new Set([...byA.keys(), ...byB.keys()])].sort(compareText);
  for (const pattern of patterns) {
    const x = byA.get(pattern);
    const y = byB.get(pattern);
    const at = [...path, { pattern }];
    if (x && y) compareNodes(ctx, x.type, y.type, at, depth + 1);
    // On an open object a pattern constrains keys that were free; on a closed one it allows new keys.
    else if (y)
      openB
        ? addChange(
            ctx,
            at,
            'constraint-tightened',
            'breaking-sender',
            `patternProperties ${JSON.stringify(pattern)} added: matching keys are now checked`,
            'patternProperties',
          )
        : addChange(
            ctx,
            at,
            'constraint-loosened',
            'breaking-consumer',
            `patternProperties ${JSON.stringify(pattern)} added: matching keys are now accepted`,
            'patternProperties',
          );
    else
      openB
        ? addChange(
            ctx,
            at,
            'constraint-loosened',
            'breaking-consumer',
            `patternProperties ${JSON.stringify(pattern)} removed: matching keys are no longer checked`,
            'patternProperties',
          )
        : addChange(
            ctx,
            at,
            'constraint-tightened',
            'breaking-sender',
            `patternProperties ${JSON.stringify(pattern)} removed: matching keys are now rejected`,
            'patternProperties',
          );
  }
}

function compareMaps(
  ctx: NodeDiffContext,
  a: IrMap,
  b: IrMap,
  path: PathStep[],
  depth: number,
): void {
  compareNodes(ctx, a.values, b.values, [...path, { values: true }], depth + 1);
  if (stableShape(a.keys ? [a.keys] : [], ctx.from) !== stableShape(b.keys ? [b.keys] : [], ctx.to))
    addChange(
      ctx,
      path,
      'constraint-changed',
      'breaking-both',
      'the keys allowed (propertyNames) changed',
      'propertyNames',
    );
  bound(ctx, path, 'minProperties', a.minProperties, b.minProperties, 1);
  bound(ctx, path, 'maxProperties', a.maxProperties, b.maxProperties, -1);
}

function compareArrays(
  ctx: NodeDiffContext,
  a: IrArray,
  b: IrArray,
  path: PathStep[],
  depth: number,
): void {
  compareNodes(ctx, a.items, b.items, [...path, { items: true }], depth + 1);
  compareConstraints(ctx, a, b, path);
  if (
    stableShape(a.contains ? [a.contains] : [], ctx.from) !==
    stableShape(b.contains ? [b.contains] : [], ctx.to)
  )
    addChange(ctx, path, 'constraint-changed', 'breaking-both', '`contains` changed', 'contains');
}

function compareTuples(
  ctx: NodeDiffContext,
  a: IrTuple,
  b: IrTuple,
  path: PathStep[],
  depth: number,
): void {
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const x = a.items[i];
    const y = b.items[i];
    const at = [...path, { item: i }];
    if (x && y) compareNodes(ctx, x, y, at, depth + 1);
    else if (y)
      addChange(
        ctx,
        at,
        'property-added',
        i < b.minItems ? 'breaking-sender' : 'safe',
        i < b.minItems ? 'new required tuple item' : 'optional tuple item added',
        'items',
      );
    else addChange(ctx, at, 'property-removed', 'breaking-both', 'tuple item removed', 'items');
  }
  bound(ctx, path, 'minItems', a.minItems, b.minItems, 1);
  bound(ctx, path, 'maxItems', a.maxItems, b.maxItems, -1);
  if ((a.uniqueItems === true) !== (b.uniqueItems === true))
    compareConstraints(
      ctx,
      { kind: 'unknown', pointer: '', uniqueItems: a.uniqueItems } as IrNode,
      { kind: 'unknown', pointer: '', uniqueItems: b.uniqueItems } as IrNode,
      path,
    );
  if (a.rest === false && b.rest !== false)
    addChange(
      ctx,
      path,
      'constraint-loosened',
      'breaking-consumer',
      'items after the tuple are now accepted',
      'additionalItems',
    );
  else if (a.rest !== false && b.rest === false)
    addChange(
      ctx,
      path,
      'constraint-tightened',
      'breaking-sender',
      'items after the tuple are now rejected',
      'additionalItems',
    );
  else if (a.rest !== false && b.rest !== false)
    compareNodes(ctx, a.rest, b.rest, [...path, { items: true }], depth + 1);
}

/** A short type name for messages (`string`, `integer | null`, `object`). */
function typeSummary(node: IrNode, side: NodeSide): string {
  return describeTypes(group(membersOf(resolve(node, side).node, side)));
}

/** The structure of nodes without pointers and documentation, `$ref`s followed (to a bounded depth). */
function stableShape(nodes: IrNode[], side: NodeSide): string {
  const seen: string[] = [];
  const strip = (value: unknown, depth: number): unknown => {
    if (depth > 64) return '…';
    if (Array.isArray(value)) return value.map((v) => strip(v, depth + 1));
    if (value === null || typeof value !== 'object') return value;
    const node = value as Record<string, unknown>;
    if (node.kind === 'ref' && typeof node.target === 'string') {
      if (seen.includes(node.target)) return { ref: seen.indexOf(node.target) };
      const definition = side.definitions[node.target];
      if (!definition) return { ref: node.target };
      seen.push(node.target);
      const out = strip(definition.node, depth + 1);
      seen.pop();
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node).sort(compareText)) {
      if (key === 'pointer' || (DOC_KEYS as readonly string[]).includes(key)) continue;
      out[key] = strip(node[key], depth + 1);
    }
    return out;
  };
  return JSON.stringify(nodes.map((n) => strip(n, 0)));
}
