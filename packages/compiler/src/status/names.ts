/**
 * The event name a call sends, when the code fixes it at compile time. A name is known when it is a
 * string literal, or an expression whose type the checker gives as one string literal (a `const`, a
 * member of an `as const` object, a string enum member); a parameter of the enclosing function makes
 * that function a wrapper (its callers give the name). Anything else is unknown, never guessed.
 */
import { ts } from 'ts-morph';

/** What a name argument resolves to. `value: null` means the call gives no name. */
export type NameResult =
  | { kind: 'name'; value: string | null }
  | { kind: 'param'; fn: ts.SignatureDeclaration; index: number }
  | { kind: 'unknown'; expression: string; reason: string };

/** Strips what does not change a value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function strip(e: ts.Expression): ts.Expression {
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isTypeAssertionExpression(e)
    )
      e = e.expression;
    else return e;
  }
}

/** The expression as written, on one line and at most 80 characters. */
export function shortText(e: ts.Node): string {
  const text = e.getText().replace(/\s+/g, ' ');
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}

function isUndefinedOrNull(e: ts.Expression): boolean {
  return e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined');
}

/** The name `e` gives (`undefined` or no argument: no name). */
export function resolveName(checker: ts.TypeChecker, e: ts.Expression | undefined): NameResult {
  if (e === undefined) return { kind: 'name', value: null };
  const inner = strip(e);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner))
    return { kind: 'name', value: inner.text };
  if (isUndefinedOrNull(inner)) return { kind: 'name', value: null };
  if (ts.isIdentifier(inner)) {
    const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
    if (
      declaration !== undefined &&
      ts.isParameter(declaration) &&
      ts.isIdentifier(declaration.name) &&
      declaration.dotDotDotToken === undefined
    ) {
      const fn = declaration.parent;
      return { kind: 'param', fn, index: fn.parameters.indexOf(declaration) };
    }
  }
  const type = checker.getTypeAtLocation(inner);
  if (type.isStringLiteral()) return { kind: 'name', value: type.value };
  let reason: string;
  if (ts.isTemplateExpression(inner)) reason = 'a template literal with substitutions';
  else if (type.isUnion() && type.types.every((t) => t.isStringLiteral()))
    reason = `it may be any of ${checker.typeToString(type)}`;
  else reason = `its type is ${checker.typeToString(type)}`;
  return { kind: 'unknown', expression: shortText(e), reason };
}

/** True when `e` is a string (literal or not), `null` or `undefined`: a positional page name. */
export function isStringish(checker: ts.TypeChecker, e: ts.Expression): boolean {
  const inner = strip(e);
  if (isUndefinedOrNull(inner)) return true;
  if (ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner)) return true;
  const type = checker.getTypeAtLocation(inner);
  return (type.flags & ts.TypeFlags.StringLike) !== 0;
}

/** The value of property `key` in an object literal; `undefined` when the literal has none. */
export function propertyOf(
  object: ts.ObjectLiteralExpression,
  key: string,
): ts.Expression | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
      if (p.name.text === key) return p.initializer;
    } else if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
  }
  return undefined;
}
