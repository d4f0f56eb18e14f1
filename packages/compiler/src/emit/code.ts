/**
 * A small typed code builder: emitters describe code as a {@link Doc} (text, groups, indentation and
 * line breaks, as in Wadler's "prettier printer") and {@link printDoc} lays it out as prettier would
 * with the build's style (100 columns, single quotes). Emitters never concatenate source text by hand; plan text only enters
 * through `literals.ts`. ts-morph was measured at ~1.4 s for 1,000 events, too slow for the build budget.
 */
import { commentLines, stringLiteral } from './literals.js';

/** A line break when its group breaks; otherwise a space (`soft`: nothing). `hard` always breaks. */
export interface LineDoc {
  kind: 'line';
  soft: boolean;
  hard: boolean;
}
/** Printed flat when it fits in the remaining width, otherwise with its lines broken. */
export interface GroupDoc {
  kind: 'group';
  contents: Doc;
  /** Contains a hard line, so it can never be flat. */
  broken: boolean;
}
/** Indents line breaks inside it by `width` spaces. */
export interface IndentDoc {
  kind: 'indent';
  width: number;
  contents: Doc;
}
/** Chooses contents by whether the enclosing group broke (trailing commas, leading `|`). */
export interface IfBreakDoc {
  kind: 'if-break';
  broken: Doc;
  flat: Doc;
}
/**
 * Lines of text one under the other at the current indentation, with a hard line break between
 * them (a JSDoc block): one node where a sequence would hold two per line.
 */
export interface LinesDoc {
  kind: 'lines';
  /** At least one line; none contains a line break. */
  lines: readonly string[];
}
/** A document: text (never containing a line break), a sequence, or a layout instruction. */
export type Doc = string | readonly Doc[] | LineDoc | GroupDoc | IndentDoc | IfBreakDoc | LinesDoc;

const isDocs = (doc: Doc): doc is readonly Doc[] => Array.isArray(doc);

/** A space, or a line break when the group breaks. */
export const line: LineDoc = { kind: 'line', soft: false, hard: false };
/** Nothing, or a line break when the group breaks. */
export const softline: LineDoc = { kind: 'line', soft: true, hard: false };
/** Always a line break. */
export const hardline: LineDoc = { kind: 'line', soft: false, hard: true };

/** True when `d` always breaks the line (it holds a hard line outside any if-break's flat side). */
export function hasHardLine(d: Doc): boolean {
  if (typeof d === 'string') return false;
  if (isDocs(d)) return d.some(hasHardLine);
  switch (d.kind) {
    case 'line':
      return d.hard;
    case 'group':
      return d.broken;
    case 'indent':
      return hasHardLine(d.contents);
    case 'if-break':
      return hasHardLine(d.broken);
    case 'lines':
      return d.lines.length > 1;
  }
}

/** A group: flat if it fits on the line, broken otherwise (always broken if it holds a hard line). */
export function group(contents: Doc): GroupDoc {
  return { kind: 'group', contents, broken: hasHardLine(contents) };
}
/** Indents the line breaks of `contents` by `width` (default 2) more spaces. */
export function indent(contents: Doc, width = 2): IndentDoc {
  return { kind: 'indent', width, contents };
}
/** `broken` when the enclosing group breaks, `flat` otherwise. */
export function ifBreak(broken: Doc, flat: Doc = ''): IfBreakDoc {
  return { kind: 'if-break', broken, flat };
}
/** `docs` separated by `separator`. */
export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  // A plain loop: this runs for every list in the output, and flatMap's per-item arrays showed in profiles.
  const out: Doc[] = [];
  for (let i = 0; i < docs.length; i++) {
    if (i > 0) out.push(separator);
    out.push(docs[i]!);
  }
  return out;
}

type Mode = 0 | 1;
const FLAT: Mode = 0;
const BREAK: Mode = 1;

/**
 * The printer's work list as three parallel stacks (indentation, mode, doc) with an explicit size:
 * no allocation per command, and clearing never shrinks the arrays (setting `length` did, and showed
 * in profiles as often as the printing itself).
 */
class Stack {
  readonly ind: number[] = [];
  readonly mode: Mode[] = [];
  readonly doc: Doc[] = [];
  size = 0;
  clear(): void {
    // Docs left in the slots are only references to the same (live) document tree.
    this.size = 0;
  }
  push(ind: number, mode: Mode, doc: Doc): void {
    const i = this.size++;
    this.ind[i] = ind;
    this.mode[i] = mode;
    this.doc[i] = doc;
  }
  /** Pushes the children of a sequence, indent or if-break so that they pop in order. */
  expand(ind: number, mode: Mode, doc: Doc): void {
    if (isDocs(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) this.push(ind, mode, doc[i]!);
    } else if (typeof doc !== 'string' && doc.kind === 'indent') {
      this.push(ind + doc.width, mode, doc.contents);
    } else if (typeof doc !== 'string' && doc.kind === 'if-break') {
      this.push(ind, mode, mode === BREAK ? doc.broken : doc.flat);
    }
  }
}

// One scratch stack for every `fits` call (it never nests): allocating one per group fed the GC.
const FITS = new Stack();

/** Whether `doc` fits flat in `width` columns, followed by `rest`'s commands up to their first break. */
function fits(doc: Doc, ind: number, rest: Stack, width: number): boolean {
  const stack = FITS;
  stack.clear();
  stack.push(ind, FLAT, doc);
  let restIndex = rest.size;
  while (width >= 0) {
    let d: Doc, i: number, mode: Mode;
    if (stack.size > 0) {
      const top = --stack.size;
      d = stack.doc[top]!;
      i = stack.ind[top]!;
      mode = stack.mode[top]!;
    } else if (restIndex > 0) {
      restIndex--;
      d = rest.doc[restIndex]!;
      i = rest.ind[restIndex]!;
      mode = rest.mode[restIndex]!;
    } else return true;
    if (typeof d === 'string') width -= d.length;
    else if (isDocs(d)) stack.expand(i, mode, d);
    else if (d.kind === 'line') {
      if (mode === BREAK || d.hard) return true;
      width -= d.soft ? 0 : 1;
    } else if (d.kind === 'group') stack.push(i, d.broken ? BREAK : mode, d.contents);
    else if (d.kind === 'lines') {
      // The first line, then a hard break: the rest is on lines of its own.
      width -= d.lines[0]!.length;
      if (d.lines.length > 1) return width >= 0;
    } else stack.expand(i, mode, d);
  }
  return false;
}

const SPACES: string[] = [];
/** Pieces of printed text joined into one string at a time (see {@link printDoc}). */
const CHUNK = 8192;
const spaces = (n: number): string => (SPACES[n] ??= ' '.repeat(n));

/**
 * Line width of generated code: the `printWidth` of the build's prettier style (format/'s
 * GENERATED_STYLE, with single quotes, trailing commas, semicolons), so formatting is a no-op.
 */
export const PRINT_WIDTH = 100;

/**
 * Lays `doc` out in `width` columns, with no trailing whitespace. The text is collected as pieces
 * and joined once: `+=` would build a rope of millions of cons-string nodes for a large file, several
 * times the size of the text itself (measured: ~150 MB retained for 19 MB of output at 5,000 events).
 */
export function printDoc(doc: Doc, width = PRINT_WIDTH): string {
  const chunks: string[] = [];
  let out: string[] = [];
  let column = 0;
  // Line breaks and indentation are written lazily: a waiting break (`nl`) goes out with the next
  // text's indentation in one piece, and indentation only before text, so blank lines carry no spaces.
  let nl = false;
  let pending = -1;
  const text = (d: string): void => {
    if (nl) {
      out.push(lineBreak(pending));
      nl = false;
    } else if (pending > 0) out.push(spaces(pending));
    pending = -1;
    out.push(d);
    column += d.length;
    // Joined in chunks, so the piece array stays small for files of millions of tokens.
    if (out.length >= CHUNK) {
      chunks.push(out.join(''));
      out = [];
    }
  };
  const newline = (ind: number): void => {
    if (nl) out.push('\n');
    nl = true;
    pending = ind;
    column = ind;
  };
  // One stack for every call (printDoc never nests): files are printed statement by statement.
  const stack = PRINT;
  stack.clear();
  stack.push(0, BREAK, doc);
  while (stack.size > 0) {
    const top = --stack.size;
    const d = stack.doc[top]!;
    const ind = stack.ind[top]!;
    const mode = stack.mode[top]!;
    if (typeof d === 'string') {
      if (d.length > 0) text(d);
    } else if (isDocs(d)) stack.expand(ind, mode, d);
    else if (d.kind === 'line') {
      if (mode === FLAT && !d.hard) {
        if (!d.soft) {
          // A space right after a break starts the new line (before the indentation still owed).
          if (nl) {
            out.push('\n');
            nl = false;
          }
          out.push(' ');
          column += 1;
        }
      } else newline(ind);
    } else if (d.kind === 'group') {
      const flat = mode === FLAT || (!d.broken && fits(d.contents, ind, stack, width - column));
      stack.push(ind, flat ? FLAT : BREAK, d.contents);
    } else if (d.kind === 'lines') {
      const lines = d.lines;
      for (let i = 0; i < lines.length; i++) {
        if (i > 0) newline(ind);
        if (lines[i]!.length > 0) text(lines[i]!);
      }
    } else stack.expand(ind, mode, d);
  }
  if (nl) out.push('\n');
  if (chunks.length === 0) return out.join('');
  chunks.push(out.join(''));
  return chunks.join('');
}

const BREAKS: string[] = [];
/** A line break followed by `ind` spaces. */
const lineBreak = (ind: number): string => (BREAKS[ind] ??= '\n' + ' '.repeat(ind));

// The printer's stack, shared by every call like {@link FITS}.
const PRINT = new Stack();

/** A JSDoc block: free-text paragraphs first, then tags. */
export interface JsDoc {
  /** Plan text, sanitized here; paragraphs are separated by a blank line. */
  paragraphs?: readonly string[];
  /** `[tag, text]`: `['deprecated', '']`, `['minimum', '0']`. Tag names are Platen's, text is sanitized. */
  tags?: ReadonlyArray<readonly [string, string]>;
}

/**
 * The lines of a JSDoc block, without indentation: `['/** One line. *\/']`, a full block, or `[]`
 * when there is nothing to say.
 */
export function jsDocLines(doc: JsDoc | undefined): string[] {
  if (doc === undefined) return [];
  const body: string[] = [];
  for (const paragraph of doc.paragraphs ?? []) {
    const lines = commentLines(paragraph);
    if (lines.length === 0) continue;
    if (body.length > 0) body.push('');
    body.push(...lines);
  }
  const tags = doc.tags ?? [];
  if (tags.length > 0 && body.length > 0) body.push('');
  for (const [tag, text] of tags) {
    const lines = commentLines(text);
    // A multi-line tag value (an `@example` object) starts on the line after the tag.
    if (lines.length > 1) body.push(`@${tag}`, ...lines);
    else body.push(lines.length === 0 ? `@${tag}` : `@${tag} ${lines[0]!}`);
  }
  if (body.length === 0) return [];
  if (body.length === 1) return [`/** ${body[0]!} */`];
  const lines = ['/**'];
  for (const l of body) lines.push(l === '' ? ' *' : ` * ${l}`);
  lines.push(' */');
  return lines;
}

/** The JSDoc block as a Doc (empty when there is nothing to say): `/** One line. *\/` or a full block. */
export function jsDoc(doc: JsDoc | undefined): Doc {
  const lines = jsDocLines(doc);
  if (lines.length === 0) return [];
  if (lines.length === 1) return [lines[0]!, hardline];
  return [{ kind: 'lines', lines }, hardline];
}

/**
 * A block of text already laid out, printed line under line at the current indentation. For code
 * whose layout is known where it is built (a top-level declaration's members).
 */
export function textLines(lines: readonly string[]): Doc {
  return lines.length === 1 ? lines[0]! : { kind: 'lines', lines };
}

/** `import { a, b } from 'x';` / `import type { … }`, broken one name per line when long. */
export function importDecl(names: readonly string[], from: string, typeOnly = false): Doc {
  return exportOrImport(typeOnly ? 'import type' : 'import', names, from);
}

/** `export { a } from 'x';` / `export type { … } from 'x';`. */
export function reExportDecl(names: readonly string[], from: string, typeOnly = false): Doc {
  return exportOrImport(typeOnly ? 'export type' : 'export', names, from);
}

function exportOrImport(keyword: string, names: readonly string[], from: string): Doc {
  return group([
    `${keyword} {`,
    indent([line, join([',', line], names), ifBreak(',')]),
    line,
    `} from ${stringLiteral(from)};`,
  ]);
}

/** True for a Doc that prints nothing (`''`, `[]`, nested empties): a statement a dialect dropped. */
export function isEmptyDoc(doc: Doc): boolean {
  return doc === '' || (isDocs(doc) && doc.every(isEmptyDoc));
}

/** Non-empty `docs`, one per line (imports and the like, some of which a dialect drops). */
export function lines(docs: readonly Doc[]): Doc[] {
  return join(
    hardline,
    docs.filter((d) => !isEmptyDoc(d)),
  );
}

/** A whole generated file: the banner, then top-level statements separated by blank lines. */
export function printFile(banner: string, statements: readonly Doc[]): string {
  const kept = statements.filter((s) => !isEmptyDoc(s));
  return printDoc([banner, hardline, ...kept.flatMap((s) => [hardline, s, hardline])]);
}

/** A `{ … }` block, one member per line (prettier keeps object types broken once they are); `{}` if empty. */
export function block(members: readonly Doc[]): Doc {
  if (members.length === 0) return '{}';
  return ['{', indent([hardline, join(hardline, members)]), hardline, '}'];
}

/** A comma-separated list in brackets that breaks one item per line with a trailing comma. */
function list(
  open: string,
  items: readonly Doc[],
  close: string,
  padded = false,
  trailingComma = true,
): Doc {
  if (items.length === 0) return open + close;
  const edge = padded ? line : softline;
  const comma = trailingComma ? ifBreak(',') : '';
  return group([open, indent([edge, join([',', line], items)]), comma, edge, close]);
}

/** `callee(a, b)`. */
export function call(callee: string, args: readonly Doc[]): Doc {
  return [callee, list('(', args, ')')];
}

/** `[a, b]`. */
export function arrayLiteral(items: readonly Doc[]): Doc {
  return list('[', items, ']');
}

/** `{ key: value, … }` from already-printed keys and values. */
export function objectLiteral(entries: ReadonlyArray<readonly [key: string, value: Doc]>): Doc {
  return list(
    '{',
    // Text values make one piece of text per entry (fewer nodes for the printer to walk).
    entries.map(([key, value]) =>
      typeof value === 'string' ? `${key}: ${value}` : [key, ': ', value],
    ),
    '}',
    true,
  );
}

/** `{ a, ...b, c: d }` from already-printed members (spreads, shorthands, `key: value`). */
export function objectOf(members: readonly Doc[]): Doc {
  return list('{', members, '}', true);
}

/** `if (condition) { … } else { … }`, each branch one statement. */
export function ifElse(condition: string, then: Doc, otherwise: Doc): Doc {
  return [
    `if (${condition}) {`,
    indent([hardline, then]),
    hardline,
    '} else {',
    indent([hardline, otherwise]),
    hardline,
    '}',
  ];
}

/** One parameter: `name?: Type`. */
export interface Param {
  name: string;
  type: Doc;
  optional?: boolean;
  /** `...name: Type` */
  rest?: boolean;
}

/** An exported function declaration with its JSDoc. */
export interface FunctionDecl {
  doc?: JsDoc;
  name: string;
  /** Written as is, e.g. `<E extends EventName>`. */
  typeParameters?: string;
  params: readonly Param[];
  returnType: string;
  /** Statements, one per line. */
  body: readonly Doc[];
}

/**
 * How {@link functionDecl} prints: `ts` (typed, with body), `js` (no types), `overload` (a typed
 * signature ending in `;`) or `declare` (`export declare function …;`, for `.d.ts`).
 */
export type FunctionStyle = 'ts' | 'js' | 'overload' | 'declare';

/** `export function name(params): ReturnType { body }`, in one of the {@link FunctionStyle}s. */
export function functionDecl(fn: FunctionDecl, style: FunctionStyle = 'ts', exported = true): Doc {
  const typed = style !== 'js';
  const params = fn.params.map((p): Doc => {
    const head = `${p.rest === true ? '...' : ''}${p.name}`;
    if (!typed) return head;
    const colon = p.optional === true ? '?: ' : ': ';
    return typeof p.type === 'string' ? head + colon + p.type : [head, colon, p.type];
  });
  const keyword = style === 'declare' ? 'export declare function' : 'export function';
  const head = [
    jsDoc(fn.doc),
    `${exported ? keyword : keyword.replace(/^export (declare )?/, '')} ${fn.name}`,
    typed ? (fn.typeParameters ?? '') : '',
    // A rest parameter cannot take a trailing comma.
    list('(', params, ')', false, fn.params.at(-1)?.rest !== true),
    typed ? `: ${fn.returnType}` : '',
  ];
  if (style === 'overload' || style === 'declare') return [head, ';'];
  return [head, ' {', indent([hardline, join(hardline, fn.body)]), hardline, '}'];
}
