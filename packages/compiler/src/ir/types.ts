/**
 * The intermediate representation: plain, serializable data describing the TypeScript-expressible
 * shape of each rule's payload. Discriminated on `kind`; every switch over it ends in `assertNever`.
 * The original JSON Schema travels beside the IR (in {@link IrRule.schema}) for the validators.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { Json, RuleType } from '../plan/types.js';

/** Documentation and provenance shared by every node. */
export interface IrBase {
  /** JSON pointer into the plan file this node came from. */
  pointer: string;
  title?: string;
  description?: string;
  examples?: Json[];
  default?: Json;
  /** `deprecated: true` in the schema. */
  deprecated?: boolean;
  /**
   * Keywords present on this schema that the type cannot express and that only the runtime validator
   * enforces (`not`, `if`/`then`/`else`, `dependencies`, `dependentRequired`, `dependentSchemas`, …).
   * The type is widened (never narrowed) where these apply.
   */
  runtimeOnly?: string[];
}

/** `type: "string"`. Constraints are documented and enforced at run time. */
export interface IrString extends IrBase {
  kind: 'string';
  /** JSON Schema `format` (date-time, email, uuid, …). The type stays `string`, never `Date`. */
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
}

/** Bounds shared by `number` and `integer`. */
export interface NumericConstraints {
  minimum?: number;
  maximum?: number;
  /** Always the draft-06+ numeric form; draft-04 boolean forms are converted. */
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

/** `type: "number"`. */
export interface IrNumber extends IrBase, NumericConstraints {
  kind: 'number';
}

/** `type: "integer"` (a `number` in TypeScript, documented as integer, enforced at run time). */
export interface IrInteger extends IrBase, NumericConstraints {
  kind: 'integer';
}

/** `type: "boolean"`. */
export interface IrBoolean extends IrBase {
  kind: 'boolean';
}

/** `type: "null"`. */
export interface IrNull extends IrBase {
  kind: 'null';
}

/** Any JSON value: untyped `{}`, `true`, `type: ["any"]`. Emitted as `unknown`, never `any`. */
export interface IrUnknown extends IrBase {
  kind: 'unknown';
}

/** Nothing is valid: `false`, `not: {}`, contradictory `allOf`. Emitted as `never`. */
export interface IrNever extends IrBase {
  kind: 'never';
}

/** One exact value: `const`, or one member of an `enum`. Objects/arrays in `const`/`enum` become their structural type. */
export interface IrLiteral extends IrBase {
  kind: 'literal';
  value: string | number | boolean | null;
}

/** One property of an object. */
export interface IrProperty {
  /** The wire name, byte for byte (may be empty, contain quotes, `__proto__`, …). */
  name: string;
  required: boolean;
  type: IrNode;
  /** Pointer of the property's schema (`…/properties/<name>`). */
  pointer: string;
}

/** A pattern-keyed group of extra properties (`patternProperties`). */
export interface IrPatternProperty {
  pattern: string;
  type: IrNode;
  pointer: string;
}

/** An object with known properties. Closed unless `additionalProperties`/`patternProperties` allow more. */
export interface IrObject extends IrBase {
  kind: 'object';
  /** In the schema's own order (emitters may sort; the plan's order is the documentation order). */
  properties: IrProperty[];
  /**
   * Extra keys: `false` when closed (`additionalProperties: false`, or absent — Platen's types are
   * exact by default, see README), otherwise the type of their values (`true` → unknown).
   */
  additionalProperties: false | IrNode;
  /** True when the schema itself said nothing about `additionalProperties` (closed only in the type; the validator allows extras). */
  additionalPropertiesImplicit?: boolean;
  patternProperties: IrPatternProperty[];
  propertyNames?: IrNode;
  minProperties?: number;
  maxProperties?: number;
}

/** An object with no known properties whose values all share one type (`additionalProperties: schema`). */
export interface IrMap extends IrBase {
  kind: 'map';
  values: IrNode;
  /** `propertyNames`, when it narrows the keys (e.g. an enum of keys). */
  keys?: IrNode;
  minProperties?: number;
  maxProperties?: number;
}

/** `items: schema` (or `items` absent: unknown elements). */
export interface IrArray extends IrBase {
  kind: 'array';
  items: IrNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  contains?: IrNode;
}

/** Tuple `items: [a, b]` / `prefixItems`, with `additionalItems`/`items` after them. */
export interface IrTuple extends IrBase {
  kind: 'tuple';
  items: IrNode[];
  /** How many leading items are required (from `minItems`; the rest are optional `?` elements). */
  minItems: number;
  /** Type of items after the tuple, or `false` when none are allowed. */
  rest: false | IrNode;
  maxItems?: number;
  uniqueItems?: boolean;
}

/** `anyOf` / `oneOf` / `enum` / `type: [...]`: one of the members. */
export interface IrUnion extends IrBase {
  kind: 'union';
  members: IrNode[];
  /** Where the union came from: affects docs only. */
  origin: 'enum' | 'type-array' | 'anyOf' | 'oneOf' | 'nullable';
  /** The shared property whose distinct literals tell members apart (discriminated unions). */
  discriminator?: string;
}

/** `allOf` whose parts are not all plain objects (otherwise `allOf` is merged into one {@link IrObject}). */
export interface IrIntersection extends IrBase {
  kind: 'intersection';
  members: IrNode[];
}

/** A reference to a named definition (`$ref` into `definitions`/`$defs`/any pointer; recursion). */
export interface IrRef extends IrBase {
  kind: 'ref';
  /** Key into {@link IrRule.definitions}: the pointer of the target inside the rule's schema (`#/definitions/Foo` → `/definitions/Foo`). */
  target: string;
}

/** Every IR node. */
export type IrNode =
  | IrString
  | IrNumber
  | IrInteger
  | IrBoolean
  | IrNull
  | IrUnknown
  | IrNever
  | IrLiteral
  | IrObject
  | IrMap
  | IrArray
  | IrTuple
  | IrUnion
  | IrIntersection
  | IrRef;

/** One `kind` value. */
export type IrKind = IrNode['kind'];

/** A named definition reachable through `$ref`. */
export interface IrDefinition {
  /** The `$ref` target inside the rule's schema, e.g. `/definitions/Address`. */
  target: string;
  /** The last meaningful token of the target, as a naming hint (`Address`). */
  nameHint: string;
  node: IrNode;
  /** True when the definition refers to itself (directly or through others). */
  recursive: boolean;
}

/**
 * What normalizing a rule's schema gives beyond its head: the payload type and its `$ref`
 * definitions. The part of a rule that costs time to build, so it can be deferred (see
 * {@link IrRule.body}).
 */
export interface IrRuleBody {
  /** The payload the caller passes: event properties (TRACK/PAGE/SCREEN), traits (IDENTIFY/GROUP), the whole message (COMMON). */
  payload: IrNode;
  /** True when the payload object is required by the rule (`required: ["properties"]` / `["traits"]`). */
  payloadRequired: boolean;
  /** Named definitions reached through `$ref`, by target pointer. */
  definitions: Record<string, IrDefinition>;
}

/** One rule, normalized. Plain data: reading a field never runs code. */
export interface IrRule {
  type: RuleType;
  key: string | null;
  version: number;
  /** The newest version of this (type, key): gets the plain function name. */
  latest: boolean;
  description?: string;
  /** Segment `labels` (`{ team: "growth" }`). */
  labels: Record<string, string>;
  examples?: Json[];
  /** `deprecatedAt` set on the rule, or `deprecated: true` on its schema. */
  deprecated: boolean;
  /** True when the payload accepts `{}` (no property is required), so callers may leave it out. */
  payloadOptional: boolean;
  /**
   * The payload and its definitions. A function because building them is the costly part of the
   * IR: an incremental build defers it for a rule the last build knew, and most such rules never
   * need it (their files, types and validator come from the last build). The first call builds
   * the body, every later call returns the same object.
   */
  body: () => IrRuleBody;
  /** The rule's JSON Schema exactly as in the plan, for the validators (never mutated). */
  schema: Json;
  /** Pointer of `schema` inside the plan file. */
  pointer: string;
  file: string;
  /** SHA-256 of the plan rule's canonical JSON: what incremental builds compare. */
  hash?: string;
  /**
   * Incremental builds: a hash of the rule's content and of where it sits in the plan (pointer,
   * hoisting), all its IR depends on but the file name. Set when normalized with an `IrMemo`.
   */
  irKey?: string;
}

/** The whole plan, normalized. */
export interface Ir {
  plan: { id: string; name: string; slug?: string; description?: string; hash: string };
  rules: IrRule[];
  diagnostics: Diagnostic[];
}

/** Exhaustiveness check for switches over `kind` and other unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
