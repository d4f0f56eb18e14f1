import { report, type Check, type Context, type Keyword, type Node } from './interpreter.js';

// Keyword handlers of the applicators `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else` and of
// local `$ref`s. Sub-errors go to the same list and are dropped again (`e.length = n`) where Ajv
// drops them: a passing `anyOf` or `oneOf`, `not` and `if` (whose own errors are never reported).
// A subschema that accepts everything compiles to `undefined`, which passes.

const compileAll = (nodes: Node[], c: Context): (Check | undefined)[] =>
  nodes.map((node) => c.s(node));

/** `allOf`: every part applies. */
export const all: Keyword<Node[]> = (nodes, c) => {
  const checks = compileAll(nodes, c).filter((check): check is Check => !!check);
  return (d, p, e) => {
    for (const check of checks) check(d, p, e);
  };
};

/** `anyOf`: parts are tried until one passes (then every part's errors are dropped). */
export const any: Keyword<Node[]> = (nodes, c) => {
  const checks = compileAll(nodes, c);
  return (d, p, e) => {
    const n = e.length;
    for (const check of checks) {
      const m = e.length;
      check?.(d, p, e);
      if (e.length === m) {
        e.length = n;
        return;
      }
    }
    report(e, p, 'anyOf');
  };
};

/**
 * `oneOf`, as Ajv 8 evaluates it: parts in order until a second one passes; `passingSchemas` is
 * `null` when none passed, or the first two passing indexes.
 */
export const one: Keyword<Node[]> = (nodes, c) => {
  const checks = compileAll(nodes, c);
  return (d, p, e) => {
    const n = e.length;
    let ok = false;
    let passing: number | [unknown, number] | null = null;
    for (let i = 0; i < checks.length; i++) {
      const m = e.length;
      checks[i]?.(d, p, e);
      if (e.length !== m) continue;
      if (ok) {
        ok = false;
        passing = [passing, i];
        break;
      }
      ok = true;
      passing = i;
    }
    if (ok) e.length = n;
    else report(e, p, 'oneOf', { passingSchemas: passing });
  };
};

/** `not`: an error when the subschema passes; the subschema's own errors are never kept. */
export const not: Keyword<Node> = (node, c) => {
  const check = c.s(node);
  return (d, p, e) => {
    const n = e.length;
    check?.(d, p, e);
    if (e.length === n) report(e, p, 'not');
    else e.length = n;
  };
};

/**
 * `if`/`then`/`else`: `[if, then, else]` (`1` for a clause that is absent or accepts everything).
 * The `if` errors are dropped; a failing clause keeps its errors and adds an `if` error naming it.
 */
export const cond: Keyword<[Node, Node, Node]> = ([when, then, otherwise], c) => {
  const test = c.s(when);
  const clauses = [c.s(otherwise), c.s(then)] as const;
  return (d, p, e) => {
    const n = e.length;
    test?.(d, p, e);
    const ok = e.length === n;
    e.length = n;
    const clause = clauses[ok ? 1 : 0];
    if (!clause) return;
    clause(d, p, e);
    if (e.length !== n) report(e, p, 'if', { failingKeyword: ok ? 'then' : 'else' });
  };
};

/** A local `$ref`: the index of its target in the validator's definitions (compiled on first use). */
export const ref: Keyword<number> = (index, c) => {
  let check: Check | undefined | null = null;
  return (d, p, e) => {
    if (check === null) check = c.r(index);
    check?.(d, p, e);
  };
};
