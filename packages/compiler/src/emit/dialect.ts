/**
 * One module description, four renderings: TypeScript (`ts`), JavaScript as ES modules (`esm`) or
 * CommonJS (`cjs`), and the declarations beside JavaScript (`dts`, for `.d.ts` and `.d.cts`). The
 * emitters build every statement through these helpers, so the JavaScript, its declarations and the
 * TypeScript share one printer, one JSDoc and one set of types: only the syntax differs.
 */
import {
  functionDecl,
  group,
  hardline,
  indent,
  line,
  importDecl,
  reExportDecl,
  type Doc,
  type FunctionDecl,
} from './code.js';
import { stringLiteral } from './literals.js';

/** Which file a module is being printed as. */
export type Dialect = 'ts' | 'esm' | 'cjs' | 'dts';

/** How one module is printed: its dialect and the extension relative imports name. */
export interface Flavor {
  dialect: Dialect;
  /** `.js` for TypeScript and ESM (and their `.d.ts`), `.cjs` for CommonJS (and its `.d.cts`). */
  ext: '.js' | '.cjs';
}

/** TypeScript source: the flavor every existing emitter test reads. */
export const TS: Flavor = { dialect: 'ts', ext: '.js' };

/** True when the rendering carries types (TypeScript source or declarations). */
export const typed = (f: Flavor): boolean => f.dialect === 'ts' || f.dialect === 'dts';

/** A relative module path with the flavor's extension: `./state.js` → `./state.cjs` for CommonJS. */
export function modulePath(f: Flavor, path: string): string {
  return path.startsWith('.') && f.ext === '.cjs' ? path.replace(/\.js$/, '.cjs') : path;
}

/** `expr as Type` in TypeScript, `expr` in JavaScript. */
export function cast(f: Flavor, expr: Doc, type: Doc): Doc {
  return f.dialect === 'ts' ? [expr, ' as ', type] : expr;
}

/** `a as b` → `a: b`, for a CommonJS destructuring `require`. */
const requireSpecifier = (name: string): string => name.replace(' as ', ': ');

/**
 * An import. Type-only imports exist in `ts` and `dts` only; value imports are dropped from `dts`
 * (declarations mention types only) and become `const { … } = require(…);` in `cjs`.
 */
export function importOf(f: Flavor, names: readonly string[], from: string, typeOnly = false): Doc {
  const path = modulePath(f, from);
  if (typeOnly) return typed(f) ? importDecl(names, path, true) : [];
  if (f.dialect === 'dts') return [];
  if (f.dialect === 'cjs') {
    return `const { ${names.map(requireSpecifier).join(', ')} } = require(${stringLiteral(path)});`;
  }
  return importDecl(names, path);
}

/** A re-export by name; type-only ones exist in `ts` and `dts` only. */
export function reExportOf(
  f: Flavor,
  names: readonly string[],
  from: string,
  typeOnly = false,
): Doc {
  const path = modulePath(f, from);
  if (typeOnly) return typed(f) ? reExportDecl(names, path, true) : [];
  if (f.dialect !== 'cjs') return reExportDecl(names, path);
  // `exports.name = …` is the form Node's CommonJS export detection recognises, so ES modules that
  // import the `.cjs` file get named exports. The getter-free copy is fine: these bindings never change.
  const required = `require(${stringLiteral(path)})`;
  return names.map((n, i) => [
    i > 0 ? hardline : '',
    `exports.${n} =`,
    group(indent([line, `${required}.${n};`])),
  ]);
}

/** A function: overloads then implementation in `ts`, untyped in JavaScript, signatures in `dts`. */
export function functionOf(
  f: Flavor,
  fn: FunctionDecl,
  overloads: readonly FunctionDecl[] = [],
): Doc {
  switch (f.dialect) {
    case 'dts': {
      const signatures = overloads.length > 0 ? overloads : [fn];
      return signatures.map((s, i) => [i > 0 ? hardline : '', functionDecl(s, 'declare')]);
    }
    case 'ts':
      return [
        ...overloads.map((s) => [functionDecl(s, 'overload'), hardline]),
        functionDecl(overloads.length > 0 ? { ...fn, doc: {} } : fn),
      ];
    case 'esm':
      return functionDecl({ ...fn, doc: overloads[0]?.doc ?? fn.doc }, 'js');
    case 'cjs':
      return [
        functionDecl({ ...fn, doc: overloads[0]?.doc ?? fn.doc }, 'js', false),
        hardline,
        `exports.${fn.name} = ${fn.name};`,
      ];
  }
}

/** A `const`: `export const x: T = v;` in `ts`, `export declare const x: T;` in `dts`. */
export function constOf(
  f: Flavor,
  decl: { doc?: Doc; name: string; type: Doc; value: Doc; exported: boolean },
): Doc {
  const doc = decl.doc ?? [];
  if (f.dialect === 'dts') {
    return decl.exported ? [doc, `export declare const ${decl.name}: `, decl.type, ';'] : [];
  }
  const exported = decl.exported && f.dialect !== 'cjs' ? 'export ' : '';
  const type = f.dialect === 'ts' ? [': ', decl.type] : '';
  const statement = [doc, `${exported}const ${decl.name}`, type, ' = ', decl.value, ';'];
  if (f.dialect !== 'cjs' || !decl.exported) return statement;
  return [statement, hardline, `exports.${decl.name} = ${decl.name};`];
}
