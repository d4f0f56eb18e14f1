/**
 * State of one native validator module while it is generated: module-scope constants (deduplicated
 * by their source), runtime imports, fresh local names, and one function per `$ref` target.
 */
import type { Json } from '../../plan/types.js';
import { literal, pathCode, str, type Path } from './literal.js';

/** Thrown when the native generator does not support a schema; the caller falls back to Ajv. */
export class Decline extends Error {}

/** Thrown when a pattern is not a valid Unicode regexp: the module is generated again without `u`. */
export class NeedsLegacyPatterns extends Error {}

/** Where a subschema is applied: its schema path, the variable holding the data, and the data's path. */
export interface At {
  /** JSON pointer of the subschema (without `#`); names `$ref` targets (not emitted in errors). */
  sp: string;
  /** A variable (or parameter) name holding the data. */
  d: string;
  /** The data's instance path. */
  path: Path;
}

/** A JSON Schema object (not a boolean schema). */
export type SchemaObject = { [key: string]: Json };

/** Generates the statements validating `at.d` against `schema`. */
export type SubschemaFn = (schema: Json, at: At) => string;

/** Module-wide generation state. */
export class Builder {
  readonly imports = new Set<string>();
  private readonly consts = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  /** Ref target pointer → function name; the functions' code, in creation order. */
  readonly refNames = new Map<string, string>();
  readonly functions: string[] = [];
  private readonly places = new WeakMap<Path, string>();
  /** Filled in by the generator so keyword modules can recurse. */
  sub!: SubschemaFn;

  constructor(
    /** The prepared rule schema (`$ref`s resolve against it). */
    readonly root: Json,
    /** Compile patterns without the `u` flag (some plans' patterns need it). */
    readonly legacyPatterns: boolean,
  ) {}

  /** A fresh local name such as `d3` (a letter and digits: never a runtime import's name). */
  name(prefix: string): string {
    const n = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, n + 1);
    return `${prefix}${n}`;
  }

  /** The runtime helper `name`, imported from `@platen/runtime/validation`. */
  use(name: string): string {
    this.imports.add(name);
    return name;
  }

  /** A module-scope constant for `expr` (pure: bundlers may drop it), shared by equal sources. */
  hoist(expr: string): string {
    let name = this.consts.get(expr);
    if (name === undefined) {
      name = this.name('c');
      this.consts.set(expr, name);
    }
    return name;
  }

  /** A module-scope constant holding a JSON value. */
  constant(value: Json): string {
    return this.hoist(literal(value));
  }

  /** A module-scope RegExp for a schema pattern. */
  regexp(source: string): string {
    try {
      new RegExp(source, this.legacyPatterns ? '' : 'u');
    } catch {
      if (!this.legacyPatterns) throw new NeedsLegacyPatterns();
      throw new Decline(`pattern is not a valid regular expression: ${source}`);
    }
    const flags = this.legacyPatterns ? '' : ', "u"';
    return this.hoist(`/* @__PURE__ */ new RegExp(${str(source)}${flags})`);
  }

  /**
   * The statement reporting one error of `keyword` at `at.path`. `params` is JavaScript source of
   * an object literal. No `schemaPath` is emitted (the runtime leaves it empty).
   */
  fail(at: At, keyword: string, params?: string): string {
    const last = params === undefined ? '' : `, ${params}`;
    return this.call(at, 'report', str(keyword) + last);
  }

  /**
   * The statement calling the runtime error helper `helper` (`req`, `typ`, `lim`, `cmp`, `fmt`,
   * `add`, `report`) with the error list, the instance path and `args` (JavaScript source).
   */
  call(at: At, helper: string, args: string): string {
    // A subschema reports several errors at the same path: its code is worked out once.
    let where = this.places.get(at.path);
    if (where === undefined) {
      where = pathCode(at.path);
      this.places.set(at.path, where);
    }
    return `${this.use(helper)}(e, ${where}, ${args});`;
  }

  /** The module-scope declarations, in creation order. */
  declarations(): string {
    return [...this.consts].map(([expr, name]) => `const ${name} = ${expr};\n`).join('');
  }
}
