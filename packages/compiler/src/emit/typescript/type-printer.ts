/**
 * IR node → TypeScript type, as a {@link Doc}. Exact objects (an index signature only when the schema
 * allows extra keys explicitly), string-literal unions, `unknown` for untyped, `never` for nothing,
 * named types for nested objects and `$ref` definitions (so recursion compiles). Named declarations met
 * on the way are collected in {@link TypeContext.declarations}, in the order met.
 */
import {
  assertNever,
  type IrNode,
  type IrObject,
  type IrTuple,
  type IrUnion,
} from '../../ir/types.js';
import type { NamedRule } from '../../naming/types.js';
import {
  block,
  group,
  hasHardLine,
  ifBreak,
  indent,
  isEmptyDoc,
  join,
  jsDoc,
  jsDocLines,
  line,
  PRINT_WIDTH,
  softline,
  textLines,
  type Doc,
  type JsDoc,
} from '../code.js';
import { numberLiteral, propertyKey, stringLiteral } from '../literals.js';
import { nodeDoc } from './docs.js';

/** How tightly a printed type binds: decides parentheses (`(A | B)[]`, `(A | B) & C`). */
type Precedence = 'union' | 'intersection' | 'primary';

/** A printed type. `members` is set for unions, so a property can break them one per line like prettier. */
export interface Printed {
  doc: Doc;
  precedence: Precedence;
  members?: Doc[];
}

/** State shared while printing one rule's types. */
export interface TypeContext {
  named: NamedRule;
  /** Declarations of named nested types, in the order met. */
  declarations: Doc[];
  /** Pointers already declared (a named node is declared once). */
  declared: Set<string>;
  /** `$ref` targets being inlined (only when naming gave a definition no name). */
  inlining: Set<string>;
  /** Every type name declared so far, in order. */
  exported: string[];
}

/** A fresh context for one rule. */
export function typeContext(named: NamedRule): TypeContext {
  return { named, declarations: [], declared: new Set(), inlining: new Set(), exported: [] };
}

const primary = (doc: Doc): Printed => ({ doc, precedence: 'primary' });

// One shared Printed per keyword type (printed values are never mutated): most type positions are one.
const KEYWORDS = {
  string: primary('string'),
  number: primary('number'),
  boolean: primary('boolean'),
  null: primary('null'),
  unknown: primary('unknown'),
  never: primary('never'),
} as const;

/** Wraps in parentheses when `printed` binds looser than `needed`. */
function paren(printed: Printed, needed: Precedence): Doc {
  const order: Precedence[] = ['union', 'intersection', 'primary'];
  return order.indexOf(printed.precedence) < order.indexOf(needed)
    ? ['(', printed.doc, ')']
    : printed.doc;
}

/** `: T` after a property or index signature key; unions break one member per line when long. */
export function annotation(printed: Printed): Doc {
  if (printed.members === undefined) return [': ', printed.doc];
  return [':', brokenUnion(printed.members)];
}

/** ` A | B`, or one `| member` per line when too long; each member aligned under its `| ` like prettier. */
export function brokenUnion(members: Doc[]): Doc {
  // Prettier "hugs" `{ … } | null`: the object's braces stay on the declaration line.
  if (
    members.length === 2 &&
    (members[0] === 'null') !== (members[1] === 'null') &&
    (hasHardLine(members[0]!) || hasHardLine(members[1]!))
  ) {
    return [' ', join(' | ', members)];
  }
  return group(
    indent([
      line,
      ifBreak('| '),
      join(
        [line, '| '],
        members.map((m) => indent(m)),
      ),
    ]),
  );
}

/** The literal type of one JSON scalar (a non-finite number cannot be written, so it widens to `number`). */
function literalType(value: string | number | boolean | null): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value) ?? 'number';
  return String(value);
}

/**
 * The type of an object's extra keys, or `undefined` when the type is exact. An absent
 * `additionalProperties` (IR: `additionalPropertiesImplicit`) is exact in the type, a product
 * decision: only an explicit `true`/schema opens it. The validator still follows the schema.
 */
function extraKeys(node: IrObject): IrNode | undefined {
  if (node.additionalProperties === false || node.additionalPropertiesImplicit === true)
    return undefined;
  return node.additionalProperties;
}

/** True when `node` is an object with nothing but declared properties (no extra keys allowed). */
const isClosedObject = (node: IrNode): node is IrObject =>
  node.kind === 'object' && extraKeys(node) === undefined && node.patternProperties.length === 0;

/** The type of `node`. `root`: print the node itself even if naming gave it a name (its declaration). */
export function printType(
  node: IrNode,
  ctx: TypeContext,
  root = false,
  neverKeys: string[] = [],
): Printed {
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'integer':
      // `integer` is a `number` in TypeScript; the JSDoc says @integer and the validator enforces it.
      return KEYWORDS[node.kind === 'integer' ? 'number' : node.kind];
    case 'boolean':
    case 'null':
    case 'unknown':
    case 'never':
      return KEYWORDS[node.kind];
    case 'literal':
      return primary(literalType(node.value));
    case 'object':
      return root ? primary(objectType(node, ctx, neverKeys)) : named(node, ctx, neverKeys);
    case 'map':
      return primary(mapType(node.values, node.keys, ctx));
    case 'array': {
      const items = printType(node.items, ctx);
      return primary([paren(items, 'primary'), '[]']);
    }
    case 'tuple':
      return tupleType(node, ctx);
    case 'union':
      return unionType(node, ctx);
    case 'intersection': {
      if (node.members.length === 0) return primary('unknown');
      const parts = node.members.map((m) => paren(printType(m, ctx), 'intersection'));
      return { doc: join(' & ', parts), precedence: 'intersection' };
    }
    case 'ref':
      return refType(node.target, ctx);
    default:
      return assertNever(node, 'IR kind');
  }
}

/** A nested object: its name (declared once, in `ctx.declarations`), or inline when naming left it unnamed. */
function named(node: IrObject, ctx: TypeContext, neverKeys: string[]): Printed {
  const name = ctx.named.names.types[node.pointer];
  if (name === undefined) return primary(objectType(node, ctx, neverKeys));
  if (!ctx.declared.has(node.pointer)) {
    ctx.declared.add(node.pointer);
    // Reserve the slot first, so a type is declared before the types nested in it.
    const slot = ctx.declarations.push('') - 1;
    ctx.declarations[slot] = declaration(name, node, ctx, neverKeys);
  }
  return primary(name);
}

/**
 * `export interface Name { … }` for objects, `export type Name = …;` for everything else.
 * `lead` is a first JSDoc paragraph of Platen's own (what the type is for).
 */
export function declaration(
  name: string,
  node: IrNode,
  ctx: TypeContext,
  neverKeys: string[] = [],
  lead?: string,
): Doc {
  ctx.exported.push(name);
  const docs = nodeDoc(node) ?? {};
  const paragraphs = [...(lead === undefined ? [] : [lead]), ...(docs.paragraphs ?? [])];
  const doc = jsDoc({ ...docs, paragraphs });
  if (node.kind === 'object' && (node.properties.length > 0 || !isClosedObject(node))) {
    // A declaration is a top-level statement: its block starts on a line indented by 0.
    return [doc, `export interface ${name} `, objectType(node, ctx, neverKeys, 0)];
  }
  const printed = printType(node, ctx, true);
  if (printed.members === undefined) return [doc, `export type ${name} = `, printed.doc, ';'];
  return [doc, `export type ${name} =`, brokenUnion(printed.members), ';'];
}

// Members every object inherits from `Object.prototype` (as declared in TypeScript's `Object`).
const INHERITED = new Set([
  'constructor',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
]);

/**
 * TypeScript sees `Object.prototype`'s members on every object, so `{}` has a `constructor` of type
 * `Function`: an optional `constructor?: number` would reject every payload leaving it out. The
 * optional property's type therefore also admits the inherited member's type.
 */
function withInherited(name: string, printed: Printed): Printed {
  if (!INHERITED.has(name)) return printed;
  return unionOf([printed, primary(`Object[${stringLiteral(name)}]`)]);
}

/** One member of an object type: `head` is the key (with `?`), `printed` its type, `doc` its JSDoc. */
interface Member {
  head: string;
  printed: Printed;
  doc?: JsDoc;
}

/**
 * Type of an object node: exact unless the schema itself allows extra keys. With `at` (the
 * indentation of the line it starts on, known for a top-level declaration) the block is laid out
 * here, as text, when every member is plain text or a union of text; otherwise it is a Doc.
 */
function objectType(node: IrObject, ctx: TypeContext, neverKeys: string[], at?: number): Doc {
  const members: Member[] = [];
  let optional = false;
  for (const property of node.properties) {
    const printed = printType(property.type, ctx);
    const key = propertyKey(property.name);
    if (!property.required) optional = true;
    members.push({
      head: property.required ? key : `${key}?`,
      printed: property.required ? printed : withInherited(property.name, printed),
      doc: nodeDoc(property.type),
    });
  }
  const extras: Printed[] = [];
  const extra = extraKeys(node);
  if (extra !== undefined) extras.push(printType(extra, ctx));
  for (const p of node.patternProperties) extras.push(printType(p.type, ctx));
  if (members.length === 0 && neverKeys.length === 0 && extras.length === 0) {
    // `{}` would accept any non-nullish value; an exact empty object accepts only `{}`.
    return 'Record<string, never>';
  }
  const declared = members.length;
  // Keys only other members of an exclusive union plan (see unionType).
  for (const key of neverKeys)
    members.push({ head: `${propertyKey(key)}?`, printed: KEYWORDS.never });
  if (extras.length > 0) {
    // An index signature must also cover every declared property's type, and, for an optional
    // property, `undefined` (unless the user compiles with exactOptionalPropertyTypes).
    const parts = [...extras, ...members.slice(0, declared).map((m) => m.printed)];
    if (optional) parts.push(primary('undefined'));
    members.push({ head: '[key: string]', printed: unionOf(parts) });
  }
  const laidOut = at === undefined ? undefined : blockLines(members, at);
  if (laidOut !== undefined) return textLines(laidOut);
  return block(
    members.map(({ head, printed, doc }) => {
      const comment = jsDoc(doc);
      // A plain type (no union to break) makes the whole line one piece of text.
      const text =
        printed.members === undefined && typeof printed.doc === 'string'
          ? `${head}: ${printed.doc};`
          : [head, annotation(printed), ';'];
      return isEmptyDoc(comment) ? text : [comment, text];
    }),
  );
}

/** The text of a Doc made of text alone (no line break or group anywhere), else `undefined`. */
function flatText(doc: Doc): string | undefined {
  if (typeof doc === 'string') return doc;
  if (!Array.isArray(doc)) return undefined;
  let text = '';
  for (const part of doc as readonly Doc[]) {
    const t = flatText(part);
    if (t === undefined) return undefined;
    text += t;
  }
  return text;
}

/**
 * `{`, the members one per line at `at + 2`, `}`: the text {@link printDoc} gives the same members
 * as a {@link block} starting on a line indented by `at`. A union annotation stays on its line when
 * the line fits in {@link PRINT_WIDTH}, else breaks one `| member` per line, as {@link brokenUnion}
 * does. `undefined` when a member's type has a layout of its own (an object, a tuple, …).
 */
function blockLines(members: readonly Member[], at: number): string[] | undefined {
  const pad = ' '.repeat(at + 2);
  const out = ['{'];
  for (const { head, printed, doc } of members) {
    if (printed.members === undefined) {
      const type = flatText(printed.doc);
      if (type === undefined) return undefined;
      for (const line of jsDocLines(doc)) out.push(pad + line);
      out.push(`${pad}${head}: ${type};`);
      continue;
    }
    const texts: string[] = [];
    for (const member of printed.members) {
      const text = flatText(member);
      if (text === undefined) return undefined;
      texts.push(text);
    }
    for (const line of jsDocLines(doc)) out.push(pad + line);
    const flat = texts.join(' | ');
    // The group's flat width (a space, the members) and the `;` after it, from the column after `:`.
    if (at + 2 + head.length + 1 + 1 + flat.length + 1 <= PRINT_WIDTH) {
      out.push(`${pad}${head}: ${flat};`);
      continue;
    }
    out.push(`${pad}${head}:`);
    for (let i = 0; i < texts.length; i++)
      out.push(`${pad}  | ${texts[i]!}${i === texts.length - 1 ? ';' : ''}`);
  }
  out.push(' '.repeat(at) + '}');
  return out;
}

/** `{ [key: string]: V }`, or `Partial<Record<'a' | 'b', V>>` when `propertyNames` lists the keys. */
function mapType(values: IrNode, keys: IrNode | undefined, ctx: TypeContext): Doc {
  const value = printType(values, ctx);
  const keyList = keys === undefined ? [] : literalStrings(keys);
  if (keyList.length > 0) {
    return ['Partial<Record<', join(' | ', keyList.map(stringLiteral)), ', ', value.doc, '>>'];
  }
  return block([['[key: string]', annotation(value), ';']]);
}

/** The strings of a string literal or a union of string literals; `[]` for anything else. */
function literalStrings(node: IrNode): string[] {
  if (node.kind === 'literal') return typeof node.value === 'string' ? [node.value] : [];
  if (node.kind !== 'union') return [];
  const lists = node.members.map(literalStrings);
  return lists.every((l) => l.length > 0) ? lists.flat() : [];
}

// Required elements spelled out for `minItems` beyond the listed items; past this the rest stays optional.
const MAX_SPELLED_ELEMENTS = 16;

/** `[A, B?, ...C[]]`: `minItems` leading elements required, the rest optional, then the rest type. */
function tupleType(node: IrTuple, ctx: TypeContext): Printed {
  const elements: Doc[] = node.items.map((item, i) => {
    const printed = printType(item, ctx);
    return i < node.minItems ? printed.doc : [paren(printed, 'primary'), '?'];
  });
  if (node.rest !== false) {
    const rest = printType(node.rest, ctx);
    const missing = Math.min(node.minItems, MAX_SPELLED_ELEMENTS) - node.items.length;
    for (let i = 0; i < missing; i++) elements.push(rest.doc);
    elements.push(['...', paren(rest, 'primary'), '[]']);
  } else if (node.minItems > node.items.length) {
    return primary('never');
  }
  if (elements.length === 0) return primary('[]');
  return primary(
    group(['[', indent([softline, join([',', line], elements)]), ifBreak(','), softline, ']']),
  );
}

/** A union of printed types: duplicates removed, nested unions flattened, `never` for none, `unknown` absorbs. */
function unionOf(parts: Printed[]): Printed {
  // Members as printed (a nested union's members are primaries already), and their docs.
  const members: Printed[] = [];
  const docs: Doc[] = [];
  const seen = new Set<string>();
  const add = (member: Printed, doc: Doc): boolean => {
    // Keyword and literal members are plain strings: comparing them drops `number | number`.
    if (typeof doc === 'string') {
      if (doc === 'unknown') return false;
      if (doc === 'never' || seen.has(doc)) return true;
      seen.add(doc);
    }
    members.push(member);
    docs.push(doc);
    return true;
  };
  for (const part of parts) {
    if (part.members === undefined) {
      if (!add(part, paren(part, 'primary'))) return KEYWORDS.unknown;
    } else {
      for (const doc of part.members) if (!add(primary(doc), doc)) return KEYWORDS.unknown;
    }
  }
  if (members.length === 0) return KEYWORDS.never;
  if (members.length === 1) return members[0]!;
  return { doc: join(' | ', docs), precedence: 'union', members: docs };
}

/** The object a union member stands for: itself, or the object a `$ref` chain leads to. */
function objectOf(node: IrNode, ctx: TypeContext, seen = new Set<string>()): IrObject | undefined {
  if (node.kind === 'object') return node;
  if (node.kind !== 'ref' || seen.has(node.target)) return undefined;
  seen.add(node.target);
  const definition = ctx.named.rule.body().definitions[node.target];
  return definition === undefined ? undefined : objectOf(definition.node, ctx, seen);
}

/** `{ a?: never; b?: never }`, inline (prettier keeps a type literal written on one line so). */
function neverLiteral(keys: string[]): Doc {
  const members = keys.map((k) => [propertyKey(k), '?: never']);
  return group(['{', indent([line, join([';', line], members), ifBreak(';')]), line, '}']);
}

/**
 * `anyOf` / `oneOf` / `enum` / type arrays. A union of closed objects is made exclusive, as the
 * validator is (it rejects a payload mixing two members' keys): each member gets `?: never` for the
 * keys only other members plan. Inline members get them in their own body; `$ref` members, whose
 * named type is shared, get them as `Name & { k?: never }`. TypeScript flattens a union of unions,
 * so exclusivity is decided over the flattened members (inner unions, inline or `$ref`): inner
 * unions discriminated on their own may share discriminant values once flattened
 * (`{ kind: 'a' } | … | { kind: 'a'; id: … }`).
 */
function unionType(union: IrUnion, ctx: TypeContext): Printed {
  // Most unions (`T | null`, enums, type arrays) hold no object to make exclusive: print them as they are.
  if (!union.members.some(mayHoldObject))
    return unionOf(union.members.map((m) => printType(m, ctx)));
  const flat = flatMembers(union.members, ctx);
  const objects = flat.map((m) => objectOf(m.node, ctx));
  const planned = objects.filter((o): o is IrObject => o !== undefined);
  const spliced = flat.length !== union.members.length || flat.some((m) => m.shared);
  // A discriminated union is exclusive already: its members differ in the discriminator's literal.
  const discriminated = spliced ? discriminates(objects) : union.discriminator !== undefined;
  const exclusive = !discriminated && planned.length > 1 && planned.every(isClosedObject);
  // Not exclusive: members print as they are (a nested union decides its own exclusivity).
  if (!exclusive) return unionOf(union.members.map((member) => printType(member, ctx)));
  const allKeys = [...new Set(planned.flatMap((o) => o.properties.map((p) => p.name)))];
  const printed = flat.map(({ node: member, shared }, i) => {
    const object = objects[i];
    const plain = (): Printed => (shared ? sharedType(member, ctx) : printType(member, ctx));
    if (object === undefined || object.properties.length === 0) return plain();
    const own = new Set(object.properties.map((p) => p.name));
    // Not for inherited names: `constructor?: never` would reject every object (see withInherited).
    const neverKeys = allKeys.filter((k) => !own.has(k) && !INHERITED.has(k));
    if (member.kind === 'object' && !shared) return printType(member, ctx, false, neverKeys);
    const named = plain();
    if (neverKeys.length === 0) return named;
    return {
      doc: [paren(named, 'intersection'), ' & ', neverLiteral(neverKeys)],
      precedence: 'intersection' as const,
    };
  });
  return unionOf(printed);
}

/** True for the members {@link unionType} must look into: objects, `$ref`s (to one) and nested unions. */
const mayHoldObject = (node: IrNode): boolean =>
  node.kind === 'object' || node.kind === 'ref' || node.kind === 'union';

/** A member of a flattened union; `shared` when it belongs to a named `$ref` definition. */
interface FlatMember {
  node: IrNode;
  shared: boolean;
}

/**
 * A union's members with nested unions spliced in, in order (`A | (B | C)` is `A | B | C`): inline
 * ones, and those of a named `$ref` definition (its members are `shared`: printed by name, never
 * declared here, so the definition's own declaration keeps its own guards).
 */
function flatMembers(
  members: readonly IrNode[],
  ctx: TypeContext,
  shared = false,
  seen: ReadonlySet<string> = new Set(),
): FlatMember[] {
  return members.flatMap((node) => {
    if (node.kind === 'union') return flatMembers(node.members, ctx, shared, seen);
    const target = unionTarget(node, ctx, seen);
    if (target === undefined) return [{ node, shared }];
    const union = ctx.named.rule.body().definitions[target]!.node as IrUnion;
    return flatMembers(union.members, ctx, true, new Set([...seen, target]));
  });
}

/** The target of a `$ref` to a named definition that is a union (not one already being flattened). */
function unionTarget(
  node: IrNode,
  ctx: TypeContext,
  seen: ReadonlySet<string>,
): string | undefined {
  if (node.kind !== 'ref' || seen.has(node.target)) return undefined;
  const definition = ctx.named.rule.body().definitions[node.target];
  if (definition?.node.kind !== 'union') return undefined;
  return ctx.named.names.types[`definition:${node.target}`] === undefined ? undefined : node.target;
}

/** A member of a named definition's union: a named object by its name (declared with the definition). */
function sharedType(node: IrNode, ctx: TypeContext): Printed {
  const name = node.kind === 'object' ? ctx.named.names.types[node.pointer] : undefined;
  return name === undefined ? printType(node, ctx) : primary(name);
}

/**
 * True when every member is an object and one property, required in each with a literal type, has a
 * different literal in each: TypeScript then narrows an object literal to one member by it.
 */
function discriminates(objects: readonly (IrObject | undefined)[]): boolean {
  const [first] = objects;
  if (first === undefined || objects.length < 2) return false;
  return first.properties.some((candidate) => {
    const seen = new Set<string>();
    return objects.every((object) => {
      const prop = object?.properties.find((p) => p.name === candidate.name);
      if (prop === undefined || !prop.required || prop.type.kind !== 'literal') return false;
      const key = typeof prop.type.value + ':' + String(prop.type.value);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });
}

/** A `$ref`: the definition's name; inlined when naming gave none (`unknown` if it is recursive). */
function refType(target: string, ctx: TypeContext): Printed {
  const name = ctx.named.names.types[`definition:${target}`];
  if (name !== undefined) return primary(name);
  const definition = ctx.named.rule.body().definitions[target];
  if (definition === undefined || definition.recursive || ctx.inlining.has(target)) {
    return primary('unknown');
  }
  ctx.inlining.add(target);
  const printed = printType(definition.node, ctx);
  ctx.inlining.delete(target);
  return printed;
}
