// The one interpreter behind every validator Platen generates itself. A generated validator module
// is data: its rule's JSON Schema reduced to the keywords that validate, each written as a keyword
// handler (imported by name, so a bundle carries only the handlers its events use) followed by its
// argument. On the first call the data is turned into a tree of closures (no eval, no
// `new Function`: strict CSP holds); every call after that only runs the closures.

/** An Ajv-8-shaped validation error, as the interpreted validators report them. */
export interface ValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  propertyName?: string;
}

/** Checks `data` at instance path `path`, pushing every error to `errors`. */
export type Check = (data: unknown, path: string, errors: ValidationError[]) => void;

/**
 * A schema as data: `1` (or `true`, or an empty list) validates everything, `0` (or `false`) nothing;
 * otherwise a flat list of keyword handlers, each followed by its argument.
 */
export type Node = boolean | 0 | 1 | readonly unknown[];

/** What a keyword handler gets besides its argument. */
export interface Context {
  /** Compiles a subschema; `undefined` means it accepts everything. */
  s(node: Node | undefined): Check | undefined;
  /** The compiled `$ref` target with index `index` in the validator's definitions. */
  r(index: number): Check | undefined;
  /** RegExp flags for `pattern` and `patternProperties` (`"u"`, or `""` for legacy patterns). */
  u: string;
}

/** A keyword handler: turns the keyword's argument into a check (`undefined`: nothing to check). */
export type Keyword<A> = (arg: A, context: Context) => Check | undefined;

/** A validator as generated modules export it: `validate(data)`, errors on `validate.errors`. */
export interface Validate {
  (data: unknown): boolean;
  errors: ValidationError[] | null;
}

// Generated validators do not say where in the schema an error comes from: nothing reads it (the
// violation messages use the instance path, keyword and params). Errors keep `schemaPath: ""`.

/** Appends one error to `errors`. */
export function report(
  errors: ValidationError[],
  instancePath: string,
  keyword: string,
  params: Record<string, unknown> = {},
): void {
  errors.push({ instancePath, schemaPath: '', keyword, params });
}

/** A record of own keys, as objects are read. */
export type Bag = Record<string, unknown>;

/** JSON Schema's `object` type: a non-null object that is not an array. */
export const obj = (value: unknown): value is Bag =>
  !!value && typeof value == 'object' && !Array.isArray(value);

/** True when `object` has its own property `key` with a defined value (inherited keys are absent). */
export const present = (object: Bag, key: string): boolean =>
  object[key] !== undefined && Object.hasOwn(object, key);

/** A property name as one JSON pointer token (`~` → `~0`, `/` → `~1`), as Ajv writes instance paths. */
export const token = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

type Handler = Keyword<unknown>;

function compile(node: Node | undefined, context: Context): Check | undefined {
  if (node === undefined || node === 1 || node === true) return undefined;
  if (node === 0 || node === false)
    return (_, path, errors) => report(errors, path, 'false schema');
  const checks: Check[] = [];
  for (let i = 0; i < node.length; i += 2) {
    const check = (node[i] as Handler)(node[i + 1], context);
    if (check) checks.push(check);
  }
  const [first, second] = checks;
  if (checks.length < 2) return first;
  if (checks.length === 2)
    return (data, path, errors) => {
      first!(data, path, errors);
      second!(data, path, errors);
    };
  return (data, path, errors) => {
    for (let i = 0; i < checks.length; i++) checks[i]!(data, path, errors);
  };
}

/**
 * The validator of a schema given as data: `root` validates the data, `defs` are the `$ref`
 * targets (by index), `flags` the RegExp flags of patterns. Nothing runs until the first call.
 */
export function validator(root: Node, defs: readonly Node[] = [], flags = 'u'): Validate {
  let check: Check | undefined | null = null;
  const validate = ((data: unknown): boolean => {
    if (check === null) {
      const targets = new Map<number, Check | undefined>();
      const context: Context = {
        s: (node) => compile(node, context),
        r(index) {
          if (!targets.has(index)) targets.set(index, compile(defs[index], context));
          return targets.get(index);
        },
        u: flags,
      };
      check = compile(root, context);
    }
    const errors: ValidationError[] = [];
    if (check) check(data, '', errors);
    validate.errors = errors.length === 0 ? null : errors;
    return errors.length === 0;
  }) as Validate;
  validate.errors = null;
  return validate;
}
