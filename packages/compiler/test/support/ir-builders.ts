/**
 * Hand-made IR for the emitter tests: small builders so that each test states only what it is about.
 * Pointers are synthetic but unique, as the normalizer's are.
 */
import type {
  IrDefinition,
  IrNode,
  IrObject,
  IrProperty,
  IrRule,
  IrUnion,
} from '../../src/ir/types.js';
import { irRuleOf, type FlatIrRule } from '../../src/ir/index.js';
import type { NamedIr, NamedRule, RuleNames } from '../../src/naming/types.js';
import type { RuleType } from '../../src/plan/types.js';

type Extra<N> = Partial<Omit<N, 'kind'>>;
/** Any node without its pointer (distributed over the union, so each kind keeps its own fields). */
type Unpointed<N> = N extends IrNode ? Omit<N, 'pointer'> & { pointer?: string } : never;

let counter = 0;
const nextPointer = (): string => `/n/${String(++counter)}`;

/** Any node, with a fresh pointer unless one is given. */
export function node(n: Unpointed<IrNode>): IrNode {
  return { pointer: nextPointer(), ...n } as IrNode;
}

/** A `string` node. */
export const str = (extra: Extra<Extract<IrNode, { kind: 'string' }>> = {}): IrNode =>
  node({ kind: 'string', ...extra });
/** A `number` node. */
export const num = (extra: Extra<Extract<IrNode, { kind: 'number' }>> = {}): IrNode =>
  node({ kind: 'number', ...extra });
/** An `integer` node. */
export const int = (extra: Extra<Extract<IrNode, { kind: 'integer' }>> = {}): IrNode =>
  node({ kind: 'integer', ...extra });
/** A `boolean` node. */
export const bool = (): IrNode => node({ kind: 'boolean' });
/** A `null` node. */
export const nul = (): IrNode => node({ kind: 'null' });
/** An `unknown` (untyped) node. */
export const unknown = (extra: Extra<Extract<IrNode, { kind: 'unknown' }>> = {}): IrNode =>
  node({ kind: 'unknown', ...extra });
/** A `never` node. */
export const never = (): IrNode => node({ kind: 'never' });
/** A literal (`const` / one `enum` member). */
export const lit = (value: string | number | boolean | null): IrNode =>
  node({ kind: 'literal', value });
/** An array of `items`. */
export const arr = (items: IrNode, extra: Extra<Extract<IrNode, { kind: 'array' }>> = {}): IrNode =>
  node({ kind: 'array', items, ...extra });
/** A tuple with `minItems` required leading items and an optional rest. */
export const tuple = (items: IrNode[], minItems: number, rest: false | IrNode = false): IrNode =>
  node({ kind: 'tuple', items, minItems, rest });
/** A union of `members`. */
export const union = (
  members: IrNode[],
  origin: IrUnion['origin'] = 'anyOf',
  extra: Extra<IrUnion> = {},
): IrNode => node({ kind: 'union', members, origin, ...extra });
/** An `enum`: a union of literals. */
export const enumOf = (...values: Array<string | number | boolean | null>): IrNode =>
  union(values.map(lit), 'enum');
/** An intersection. */
export const and = (...members: IrNode[]): IrNode => node({ kind: 'intersection', members });
/** A `$ref` to a definition target. */
export const ref = (target: string): IrNode => node({ kind: 'ref', target });
/** A map (`additionalProperties` schema without properties). */
export const map = (values: IrNode, keys?: IrNode): IrNode =>
  node({ kind: 'map', values, ...(keys === undefined ? {} : { keys }) });

/** A property; `?` at the end of the name makes it optional (`'note?'`). */
export function prop(name: string, type: IrNode): IrProperty {
  const optional = name.endsWith('?') && name.length > 1;
  const wire = optional ? name.slice(0, -1) : name;
  return { name: wire, required: !optional, type, pointer: `${type.pointer}/p` };
}

/** An object, closed (exact) unless `extra.additionalProperties` says otherwise. */
export function obj(properties: IrProperty[], extra: Extra<IrObject> = {}): IrObject {
  return node({
    kind: 'object',
    properties,
    additionalProperties: false,
    patternProperties: [],
    ...extra,
  }) as IrObject;
}

/** A rule; `payload` defaults to an empty exact object. */
export function rule(
  type: RuleType,
  key: string | null,
  payload: IrNode,
  extra: Partial<FlatIrRule> = {},
): IrRule {
  return irRuleOf({
    type,
    key,
    version: 1,
    latest: true,
    labels: {},
    deprecated: false,
    payload,
    payloadRequired: true,
    definitions: {},
    schema: {},
    pointer: '/rules/0/jsonSchema',
    file: 'plan.json',
    ...extra,
  });
}

/** A definition entry for `IrRule.definitions`. */
export function definition(target: string, n: IrNode, recursive = false): IrDefinition {
  return { target, nameHint: target.split('/').pop() ?? 'Def', node: n, recursive };
}

/** Names for a rule; `types` maps node pointers (or `definition:<target>`) to type names. */
export function names(
  fn: string,
  propertiesType: string,
  file: string,
  types: Record<string, string> = {},
): RuleNames {
  return { function: fn, propertiesType, typePrefix: propertiesType, file, types };
}

/** A NamedIr over the given rules. */
export function namedIr(rules: NamedRule[]): NamedIr {
  return { plan: { id: 'tp_test', name: 'Test', hash: 'h' }, rules, diagnostics: [] };
}
