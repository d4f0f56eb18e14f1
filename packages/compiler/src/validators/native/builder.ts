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
  /** JSON pointer of the subschema (without `#`), for `schemaPath`. */
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
  private readonly places = new WeakMap<Path, Map<string, string>>();
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
   * The statement reporting one error of `keyword`, held by the subschema at `at.sp` (the runtime
   * appends the keyword for `schemaPath`). `params` is JavaScript source of an object literal.
   */
  fail(at: At, keyword: string, params?: string): string {
    const report = this.use('report');
    const last = params === undefined ? '' : `, ${params}`;
    // A subschema reports several errors at the same paths: their code is worked out once.
    let where = this.places.get(at.path)?.get(at.sp);
    if (where === undefined) {
      where = `${pathCode(at.path)}, ${str('#' + at.sp)}`;
      const bySchema = this.places.get(at.path) ?? new Map<string, string>();
      bySchema.set(at.sp, where);
      this.places.set(at.path, bySchema);
    }
    return `${report}(e, ${where}, ${str(keyword)}${last});`;
  }

  /** The module-scope declarations, in creation order. */
  declarations(): string {
    return [...this.consts].map(([expr, name]) => `const ${name} = ${expr};\n`).join('');
  }
}
