/**
 * One prepared schema as validator data: every subschema becomes a list of keyword handlers (the
 * names of `@platen/runtime/validation` exports) each followed by its argument, which the runtime's
 * `validator` interprets. Only keywords that validate are kept; a subschema that accepts everything
 * is `1`, `false` is `0`. Local `$ref` targets become a table of definitions, referred to by index,
 * so recursion needs no cyclic literal. Values from the plan (names, patterns, enum values) are only
 * ever written as JSON string literals or parsed JSON.
 */
import type { Json } from '../../plan/types.js';
import { FORMAT_EXPORTS, NUMBER_FORMAT_EXPORTS } from '../formats.js';
import { Decline, NeedsLegacyPatterns, type SchemaObject } from './decline.js';
import { literal, str } from './literal.js';
import { resolveRef } from './refs.js';
import { checkShapes } from './shape.js';

const isObject = (v: Json | undefined): v is SchemaObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a schema validates nothing (`true` or `{}`): Ajv skips those, and so does this. */
export const alwaysValid = (s: Json): boolean =>
  s === true || (isObject(s) && Object.keys(s).length === 0);

const isScalar = (value: Json): boolean => typeof value !== 'object' || value === null;

// Number limits by keyword → runtime handler.
const LIMITS: [string, string][] = [
  ['maximum', 'max'],
  ['minimum', 'min'],
  ['exclusiveMaximum', 'xmax'],
  ['exclusiveMinimum', 'xmin'],
];
// Counts by keyword → runtime handler.
const COUNTS: [string, string][] = [
  ['maxLength', 'maxl'],
  ['maxItems', 'maxi'],
  ['minItems', 'mini'],
  ['maxProperties', 'maxp'],
  ['minProperties', 'minp'],
];

const PLACEHOLDER = /\0(\d+)\0/g;

/** The item schema's types when uniqueItems may compare scalars by key (Ajv's `loopN`). */
function scalarItemTypes(items: Json | undefined): string[] | undefined {
  if (!isObject(items)) return undefined;
  const type = items.type;
  const types =
    type === undefined ? [] : Array.isArray(type) ? (type as string[]) : [type as string];
  if (types.length === 0 || types.some((t) => t === 'object' || t === 'array')) return undefined;
  return types;
}

/** Generation state of one validator: the runtime names it uses and its `$ref` definitions. */
export class DataBuilder {
  readonly imports = new Set<string>(['validator']);
  /** The definitions' data, by index. */
  readonly defs: string[] = [];
  private readonly refs = new Map<string, number>();
  /** Node texts (with placeholders) by id, and the id of each text. */
  private readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();

  constructor(
    /** The prepared rule schema (`$ref`s resolve against it). */
    readonly root: Json,
    /** Compile patterns without the `u` flag (some plans' patterns need it). */
    readonly legacyPatterns: boolean,
  ) {}

  private use(name: string): string {
    this.imports.add(name);
    return name;
  }

  /** A pattern as a string literal, after checking that it compiles with the validator's flags. */
  private pattern(source: string): string {
    try {
      new RegExp(source, this.legacyPatterns ? '' : 'u');
    } catch {
      if (!this.legacyPatterns) throw new NeedsLegacyPatterns();
      throw new Decline(`pattern is not a valid regular expression: ${source}`);
    }
    return str(source);
  }

  /** The index of `ref`'s target among the definitions (its data generated on first use). */
  private ref(ref: string): number {
    const { pointer, schema } = resolveRef(this.root, ref);
    let index = this.refs.get(pointer);
    if (index !== undefined) return index;
    // A target outside the places the up-front check walks (`$defs`, an unknown keyword) is checked here.
    checkShapes(schema, false);
    index = this.defs.length;
    // Registered before its data is generated, so a recursive `$ref` refers to it instead of looping.
    this.refs.set(pointer, index);
    this.defs.push('');
    this.defs[index] = this.node(schema);
    return index;
  }

  /** The data of one subschema. */
  node(schema: Json): string {
    if (schema === true) return '1';
    if (schema === false) return '0';
    const s = schema as SchemaObject;
    const parts: string[] = [];
    const add = (handler: string, arg: string): void => {
      parts.push(this.use(handler), arg);
    };
    if (typeof s.$ref === 'string') add('ref', String(this.ref(s.$ref)));
    // Type names are plain words (checked up front): no escaping needed.
    if (s.type !== undefined) add('ty', JSON.stringify(s.type));
    if (Array.isArray(s.enum)) add(s.enum.every(isScalar) ? 'en' : 'enq', literal(s.enum));
    if (s.const !== undefined) add(isScalar(s.const) ? 'cn' : 'cnq', literal(s.const));
    for (const [keyword, handler] of LIMITS) {
      const limit = s[keyword];
      if (typeof limit === 'number') add(handler, String(limit));
    }
    if (typeof s.multipleOf === 'number') add('mul', String(s.multipleOf));
    this.scalars(s, add);
    for (const [keyword, handler] of COUNTS) {
      const limit = s[keyword];
      if (typeof limit === 'number') add(handler, String(limit));
    }
    this.arrays(s, add);
    this.objects(s, add);
    this.logic(s, add);
    return parts.length === 0 ? '1' : this.share(`[${parts.join(',')}]`);
  }

  /**
   * A placeholder for the node `text` (`\0id\0`: a NUL never occurs raw in the data, string
   * literals escape it). Equal subtrees get one id, so {@link resolve} can write a node used
   * several times once, as a module-scope constant.
   */
  private share(text: string): string {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return `\0${id}\0`;
  }

  /**
   * The data with placeholders resolved, and the declarations of the nodes worth a constant (used
   * more than once, and longer than a name each time plus a declaration once), children first.
   */
  resolve(roots: string[]): { declarations: string; texts: string[] } {
    const uses = new Array<number>(this.texts.length).fill(0);
    const count = (text: string, times: number): void => {
      for (const m of text.matchAll(PLACEHOLDER)) uses[Number(m[1])]! += times;
    };
    for (const root of roots) count(root, 1);
    // A child's id is lower than its parent's: from the highest id down, a node's uses are final.
    const hoisted = new Map<number, string>();
    for (let id = this.texts.length - 1; id >= 0; id--) {
      const text = this.texts[id]!;
      const n = uses[id]!;
      const name = `$${hoisted.size}`;
      if (n > 1 && n * (text.length - name.length) > text.length + name.length + 10) {
        hoisted.set(id, name);
        count(text, 1);
      } else count(text, n);
    }
    const expand = (text: string): string =>
      text.replace(
        PLACEHOLDER,
        (_, id: string) => hoisted.get(Number(id)) ?? expand(this.texts[Number(id)]!),
      );
    let declarations = '';
    for (const id of [...hoisted.keys()].sort((a, b) => a - b))
      declarations += `const ${hoisted.get(id)!} = ${expand(this.texts[id]!)};\n`;
    return { declarations, texts: roots.map(expand) };
  }

  private scalars(s: SchemaObject, add: (handler: string, arg: string) => void): void {
    // minLength 0 constrains nothing.
    if (typeof s.minLength === 'number' && s.minLength > 0) add('minl', String(s.minLength));
    if (typeof s.pattern === 'string') add('pat', this.pattern(s.pattern));
    const format = s.format;
    // Unknown and deliberately unchecked formats cost nothing (a warning names unknown ones).
    if (typeof format !== 'string') return;
    if (Object.hasOwn(FORMAT_EXPORTS, format))
      add('fmt', `[${this.use(FORMAT_EXPORTS[format]!)},${str(format)}]`);
    else if (Object.hasOwn(NUMBER_FORMAT_EXPORTS, format))
      add('nfmt', `[${this.use(NUMBER_FORMAT_EXPORTS[format]!)},${str(format)}]`);
  }

  private arrays(s: SchemaObject, add: (handler: string, arg: string) => void): void {
    if (s.uniqueItems === true) {
      const types = scalarItemTypes(s.items);
      add('uniq', types ? JSON.stringify(types) : '0');
    }
    const items = s.items;
    if (Array.isArray(items)) {
      const extra = s.additionalItems;
      const tail = extra === undefined || alwaysValid(extra) ? '' : `,${this.node(extra)}`;
      add('tuple', `[[${items.map((item) => this.node(item)).join(',')}]${tail}]`);
    } else if (items !== undefined && !alwaysValid(items)) add('items', this.node(items));
    if (s.contains !== undefined) add('cont', this.node(s.contains));
  }

  private objects(s: SchemaObject, add: (handler: string, arg: string) => void): void {
    const properties = isObject(s.properties) ? s.properties : {};
    const names = Object.keys(properties);
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    const entries = names.map((name) => {
      const flag = required.delete(name) ? ',1' : '';
      return `[${str(name)},${this.node(properties[name]!)}${flag}]`;
    });
    const patterns = isObject(s.patternProperties) ? s.patternProperties : {};
    const patternEntries = Object.keys(patterns).map(
      (source) => `[${this.pattern(source)},${this.node(patterns[source]!)}]`,
    );
    const additional = s.additionalProperties;
    const limited = additional !== undefined && !alwaysValid(additional);
    if (additional === false && patternEntries.length === 0) {
      // The shape of every planned object: its names are listed once.
      add('closed', `[${entries.join(',')}]`);
    } else {
      if (entries.length > 0) add('props', `[${entries.join(',')}]`);
      if (limited || patternEntries.length > 0) {
        const known = limited ? `[${names.map(str).join(',')}]` : '0';
        const tail = limited ? `,${this.node(additional)}` : '';
        add('rest', `[${known},[${patternEntries.join(',')}]${tail}]`);
      }
    }
    if (required.size > 0) add('req', `[${[...required].map(str).join(',')}]`);
    if (isObject(s.dependencies)) this.dependencies(s.dependencies, add);
    if (s.propertyNames !== undefined && !alwaysValid(s.propertyNames))
      add('names', this.node(s.propertyNames));
  }

  private dependencies(deps: SchemaObject, add: (handler: string, arg: string) => void): void {
    const lists: string[] = [];
    const schemas: string[] = [];
    for (const key of Object.keys(deps)) {
      // Ajv skips a dependency keyed `__proto__`.
      if (key === '__proto__') continue;
      const dep = deps[key]!;
      if (Array.isArray(dep)) {
        if (dep.length > 0) lists.push(`[${str(key)},[${(dep as string[]).map(str).join(',')}]]`);
      } else if (!alwaysValid(dep)) schemas.push(`[${str(key)},${this.node(dep)}]`);
    }
    if (lists.length > 0) add('deps', `[${lists.join(',')}]`);
    if (schemas.length > 0) add('depsch', `[${schemas.join(',')}]`);
  }

  private logic(s: SchemaObject, add: (handler: string, arg: string) => void): void {
    const list = (parts: Json[]): string => `[${parts.map((part) => this.node(part)).join(',')}]`;
    if (Array.isArray(s.allOf)) {
      const parts = s.allOf.filter((part) => !alwaysValid(part));
      if (parts.length > 0) add('all', list(parts));
    }
    if (Array.isArray(s.anyOf)) add('any', list(s.anyOf));
    if (Array.isArray(s.oneOf)) add('one', list(s.oneOf));
    if (s.not !== undefined) add('not', this.node(s.not));
    // Ajv ignores `if` without a (non-trivial) `then` or `else`.
    const hasThen = s.then !== undefined && !alwaysValid(s.then);
    const hasElse = s.else !== undefined && !alwaysValid(s.else);
    if (s.if !== undefined && (hasThen || hasElse)) {
      const clause = (has: boolean, schema: Json | undefined): string =>
        has ? this.node(schema!) : '1';
      add('cond', `[${this.node(s.if)},${clause(hasThen, s.then)},${clause(hasElse, s.else)}]`);
    }
  }
}
