/**
 * Finds every call that sends an event, with the type checker (symbols, not text): calls of a
 * generated client's functions however they were imported (renamed, through a namespace, re-exported,
 * `export *`, a `const` alias), calls of its generic `track`/`page`/`screen`, direct calls of an
 * analytics SDK, and calls of wrapper functions that pass one of their parameters on as the name.
 */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { ts } from 'ts-morph';
import type { ManifestRule } from '../naming/types.js';
import { clientFunction, stemOf, type GeneratedClient } from './client.js';
import {
  isStringish,
  propertyOf,
  resolveName,
  shortText,
  strip,
  type NameResult,
} from './names.js';
import type { LoadedProject } from './project.js';
import type { CallSite, CallType } from './types.js';

/** What a call was found to send. */
export type FoundCall = { site: CallSite; type: CallType } & (
  | { kind: 'rule'; rule: ManifestRule }
  | { kind: 'name'; name: string | null }
  | { kind: 'unknown'; expression: string; reason: string }
);

/** The result of {@link scanProject}. */
export interface ScanResult {
  calls: FoundCall[];
  /** Rules whose client function carries `@deprecated`, by {@link ruleId}. */
  deprecated: Set<string>;
  /** Source files read. */
  files: number;
}

/** A stable identity of a rule across clients: type, key and version. */
export function ruleId(rule: Pick<ManifestRule, 'type' | 'key' | 'version'>): string {
  return `${rule.type}\u0000${rule.key ?? ''}\u0000${rule.version}`;
}

/** A call that takes the name as an argument: generic client functions, SDK methods, wrappers. */
interface NamedTarget {
  kind: 'named';
  via: CallSite['via'];
  type: CallType;
  /** `wrapper`: the name is the argument at `index`. */
  form: 'client' | 'sdk' | 'wrapper';
  index?: number;
}
type Target = { kind: 'rule'; rule: ManifestRule } | NamedTarget;

/** A function that passes parameter `index` on as a name; `inner` is that call. */
interface Wrapper extends NamedTarget {
  inner: { site: CallSite; expression: string; fn: ts.SignatureDeclaration };
  called: boolean;
}

/** The SDK methods that send a message. */
const SDK_METHODS = new Set<string>(['track', 'identify', 'group', 'page', 'screen']);

/** A receiver named like an analytics SDK: `analytics`, `window.analytics`, `rudderanalytics`. */
const ANALYTICS_NAME = /analytics/i;

function hasDeprecatedTag(declarations: readonly ts.Node[] | undefined): boolean {
  return (declarations ?? []).some((d) =>
    ts.getJSDocTags(d).some((tag) => tag.tagName.text === 'deprecated'),
  );
}

/** Scans the project's source files (not declaration files, not `node_modules`, not the clients). */
export function scanProject(
  { program, checker }: LoadedProject,
  clients: GeneratedClient[],
  cwd: string,
): ScanResult {
  const clientDirs = clients.map((c) => c.dir + sep);
  const clientOf = (fileName: string) => {
    const native = fileName.split('/').join(sep);
    return clients.find((_, i) => native.startsWith(clientDirs[i]!));
  };
  const targets = new Map<ts.Symbol, Target>();
  const deprecated = new Set<string>();
  const seenRules = new Set<string>();

  // 1. The clients' functions, by symbol, and the rules marked deprecated.
  for (const sf of program.getSourceFiles()) {
    const client = clientOf(sf.fileName);
    if (client === undefined) continue;
    const module = checker.getSymbolAtLocation(sf);
    if (module === undefined) continue;
    const stem = stemOf(relative(client.dir, sf.fileName.split('/').join(sep)));
    for (const symbol of checker.getExportsOfModule(module)) {
      const fn = clientFunction(client, stem, symbol.name);
      if (fn === undefined || symbol.flags & ts.SymbolFlags.Alias) continue;
      if (fn.kind === 'rule') {
        targets.set(symbol, fn);
        seenRules.add(ruleId(fn.rule));
        if (hasDeprecatedTag(symbol.declarations)) deprecated.add(ruleId(fn.rule));
      } else targets.set(symbol, { kind: 'named', via: 'client', type: fn.type, form: 'client' });
    }
  }
  // A rule whose file the program never reached cannot be called; its deprecation is still reported.
  for (const client of clients) {
    for (const rule of client.rules) {
      if (seenRules.has(ruleId(rule))) continue;
      const declarations = functionDeclarations(client.dir, rule);
      if (hasDeprecatedTag(declarations)) deprecated.add(ruleId(rule));
    }
  }

  const calls: FoundCall[] = [];
  // Calls of the project's own functions, kept until a function turns out to be a wrapper.
  const pending = new Map<ts.Node, { call: ts.CallExpression; sf: ts.SourceFile }[]>();
  const wrappers = new Map<ts.Node, Wrapper[]>();
  let files = 0;
  // Method names worth resolving: the SDK's, the clients' functions', and wrappers' found so far.
  const interesting = new Set<string>([...SDK_METHODS, 'page', 'screen']);
  for (const client of clients) for (const rule of client.rules) interesting.add(rule.function);
  const deferred = new Map<string, { call: ts.CallExpression; sf: ts.SourceFile }[]>();
  /** True when `e` is a name bound by an import (a namespace, or an object a module exports). */
  const isImported = (e: ts.Expression): boolean => {
    const r = strip(e);
    if (!ts.isIdentifier(r)) return false;
    const symbol = checker.getSymbolAtLocation(r);
    return symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0;
  };

  const siteOf = (call: ts.CallExpression, sf: ts.SourceFile, via: CallSite['via']): CallSite => {
    const { line, character } = sf.getLineAndCharacterOfPosition(call.getStart(sf));
    const file = relative(cwd, sf.fileName.split('/').join(sep)).split(sep).join('/');
    return { file, line: line + 1, column: character + 1, via, callee: shortText(call.expression) };
  };

  /** Follows imports, re-exports and `const` aliases to the symbol that declares the value. */
  const resolveSymbol = (e: ts.Expression, depth = 0): ts.Symbol | undefined => {
    const callee = strip(e);
    const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    if (!ts.isIdentifier(at) && !ts.isPrivateIdentifier(at)) return undefined;
    let symbol = checker.getSymbolAtLocation(at);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias)
      symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    if (
      depth < 8 &&
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const &&
      declaration.initializer !== undefined &&
      !ts.isFunctionLike(strip(declaration.initializer))
    ) {
      const inner = strip(declaration.initializer);
      if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner))
        return resolveSymbol(inner, depth + 1) ?? symbol;
    }
    return symbol;
  };

  const analyticsLike = (receiver: ts.Expression): boolean => {
    const r = strip(receiver);
    const name = ts.isIdentifier(r)
      ? r.text
      : ts.isPropertyAccessExpression(r)
        ? r.name.text
        : undefined;
    if (name !== undefined && ANALYTICS_NAME.test(name)) return true;
    const type = checker.getTypeAtLocation(r);
    return (
      type.getProperty('track') !== undefined &&
      (type.getProperty('identify') ?? type.getProperty('page')) !== undefined
    );
  };

  /** The argument that carries the name for `target`, or the result when the call form fixes it. */
  const nameArgument = (
    target: NamedTarget,
    args: readonly ts.Expression[],
  ): NameResult | { kind: 'argument'; e: ts.Expression | undefined } => {
    const arg = (e: ts.Expression | undefined) => ({ kind: 'argument' as const, e });
    if (target.form === 'wrapper') return arg(args[target.index!]);
    if (target.type === 'identify' || target.type === 'group') return { kind: 'name', value: null };
    const [a0, a1] = args;
    const first = a0 === undefined ? undefined : strip(a0);
    if (first !== undefined && ts.isObjectLiteralExpression(first)) {
      // The object form (analytics-node, its generated client): `{ event }` or `{ name }`.
      const key = target.type === 'track' ? 'event' : 'name';
      const value = propertyOf(first, key);
      if (value !== undefined) return arg(value);
      if (first.properties.some((p) => ts.isSpreadAssignment(p)))
        return { kind: 'unknown', expression: shortText(a0!), reason: `no literal "${key}" key` };
      return { kind: 'name', value: null };
    }
    // analytics.js / analytics-next: page(category, name, …) or page(name, …).
    if (target.form === 'sdk' && target.type === 'page' && a0 !== undefined) {
      if (a1 !== undefined && isStringish(checker, a0) && isStringish(checker, a1)) return arg(a1);
      return isStringish(checker, a0) ? arg(a0) : { kind: 'name', value: null };
    }
    return arg(a0);
  };

  const record = (
    target: NamedTarget,
    call: ts.CallExpression,
    sf: ts.SourceFile,
    via: CallSite['via'],
  ) => {
    const argument = nameArgument(target, call.arguments);
    const result = argument.kind === 'argument' ? resolveName(checker, argument.e) : argument;
    const site = siteOf(call, sf, via);
    if (result.kind === 'name')
      calls.push({ site, type: target.type, kind: 'name', name: result.value });
    else if (result.kind === 'unknown') calls.push({ site, type: target.type, ...result });
    else if (isNamedFunction(result.fn)) {
      // The name is a parameter: the enclosing function is a wrapper; its callers give the name.
      const list = wrappers.get(result.fn) ?? [];
      const same = list.find(
        (w) => w.index === result.index && w.type === target.type && w.via === target.via,
      );
      if (same !== undefined) return;
      const expression = argument.kind === 'argument' && argument.e ? shortText(argument.e) : '';
      const wrapper: Wrapper = {
        kind: 'named',
        via: target.via,
        type: target.type,
        form: 'wrapper',
        index: result.index,
        inner: { site, expression, fn: result.fn },
        called: false,
      };
      wrappers.set(result.fn, [...list, wrapper]);
      for (const p of pending.get(result.fn) ?? []) callWrapper(wrapper, p.call, p.sf);
      // A method or property wrapper: the calls of its name that were put aside are resolved now.
      const member = memberName(result.fn);
      if (member !== undefined && !interesting.has(member)) {
        interesting.add(member);
        const waiting = deferred.get(member) ?? [];
        deferred.delete(member);
        for (const p of waiting) onCall(p.call, p.sf);
      }
    } else {
      const expression = argument.kind === 'argument' && argument.e ? shortText(argument.e) : '';
      calls.push({
        site,
        type: target.type,
        kind: 'unknown',
        expression,
        reason: 'a parameter of an anonymous function',
      });
    }
  };

  const callWrapper = (wrapper: Wrapper, call: ts.CallExpression, sf: ts.SourceFile) => {
    wrapper.called = true;
    record(wrapper, call, sf, wrapper.via);
  };

  const onCall = (call: ts.CallExpression, sf: ts.SourceFile) => {
    const callee = strip(call.expression);
    if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return;
    if (ts.isPropertyAccessExpression(callee)) {
      // `items.map(…)`, `store.add(…)`: resolving a method means typing its receiver, the costly
      // part of the analysis. Only names that can matter are resolved now, and calls through an
      // import (`client.orderCompleted`); the rest wait until a method of their name is a wrapper.
      const name = callee.name.text;
      if (!interesting.has(name) && !isImported(callee.expression)) {
        let list = deferred.get(name);
        if (list === undefined) deferred.set(name, (list = []));
        list.push({ call, sf });
        return;
      }
    }
    const symbol = resolveSymbol(callee);
    const target = symbol === undefined ? undefined : targets.get(symbol);
    if (target?.kind === 'rule') {
      const type = target.rule.type.toLowerCase() as CallType;
      calls.push({ site: siteOf(call, sf, 'client'), type, kind: 'rule', rule: target.rule });
      return;
    }
    if (target !== undefined) return record(target, call, sf, target.via);
    const functions = functionsOf(symbol);
    if (
      functions.length === 0 &&
      ts.isPropertyAccessExpression(callee) &&
      SDK_METHODS.has(callee.name.text) &&
      analyticsLike(callee.expression)
    ) {
      const type = callee.name.text as CallType;
      return record({ kind: 'named', via: 'sdk', type, form: 'sdk' }, call, sf, 'sdk');
    }
    for (const fn of functions) {
      for (const wrapper of wrappers.get(fn) ?? []) callWrapper(wrapper, call, sf);
      // Kept: a parameter found later may make this function a wrapper of another name.
      let list = pending.get(fn);
      if (list === undefined) pending.set(fn, (list = []));
      list.push({ call, sf });
    }
  };

  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf)) continue;
    if (sf.fileName.includes('/node_modules/') || clientOf(sf.fileName) !== undefined) continue;
    files++;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) onCall(node, sf);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  // A wrapper nothing calls: its name stays unknown at the call inside it.
  for (const list of wrappers.values()) {
    for (const w of list) {
      if (w.called) continue;
      const parameter = w.inner.fn.parameters[w.index!]!.name.getText();
      calls.push({
        site: w.inner.site,
        type: w.type,
        kind: 'unknown',
        expression: w.inner.expression,
        reason: `parameter "${parameter}" of ${functionName(w.inner.fn)}, which no call in the project passes a name to`,
      });
    }
  }
  return { calls, deprecated, files };
}

/** A function a call can name: a declaration, a method, or a function assigned to a name. */
function isNamedFunction(fn: ts.SignatureDeclaration): boolean {
  if (ts.isFunctionDeclaration(fn)) return fn.name !== undefined;
  if (ts.isMethodDeclaration(fn)) return true;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const parent = fn.parent;
    return (
      ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)
    );
  }
  return false;
}

/** The member name a method or object-property function is called by (`send` of `tracker.send`). */
function memberName(fn: ts.SignatureDeclaration): string | undefined {
  const named = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? fn.parent : fn;
  if (
    (ts.isMethodDeclaration(named) ||
      ts.isPropertyAssignment(named) ||
      ts.isPropertyDeclaration(named)) &&
    (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name))
  )
    return named.name.text;
  return undefined;
}

/** The name a person knows a named function by: `trackEvent()`, `Tracker.send()`. */
function functionName(fn: ts.SignatureDeclaration): string {
  const named = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? fn.parent : fn;
  const name = (named as { name?: ts.Node }).name;
  return `${name === undefined ? 'a function' : name.getText()}()`;
}

/** The functions with a body that a symbol declares in the project's code. */
function functionsOf(symbol: ts.Symbol | undefined): ts.Node[] {
  const out: ts.Node[] = [];
  for (const d of symbol?.declarations ?? []) {
    // Only code with a body can pass a name on: SDK typings and overload signatures are not wrappers.
    if (d.getSourceFile().isDeclarationFile) continue;
    if (ts.isFunctionDeclaration(d) || ts.isMethodDeclaration(d)) {
      if (d.body !== undefined) out.push(d);
    } else if (
      (ts.isVariableDeclaration(d) || ts.isPropertyAssignment(d) || ts.isPropertyDeclaration(d)) &&
      d.initializer !== undefined
    ) {
      const init = strip(d.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) out.push(init);
    }
  }
  return out;
}

/** The declarations of a rule's function read from its file on disk (for a file the program lacks). */
function functionDeclarations(dir: string, rule: ManifestRule): ts.Node[] {
  const stem = stemOf(rule.file ?? '');
  for (const ext of ['.ts', '.d.ts', '.d.cts', '.d.mts', '.js', '.cjs', '.mjs']) {
    let text: string;
    try {
      text = readFileSync(`${dir}/${stem}${ext}`, 'utf8');
    } catch {
      continue;
    }
    const sf = ts.createSourceFile(`x${ext}`, text, ts.ScriptTarget.Latest, true);
    return sf.statements.filter(
      (s) => ts.isFunctionDeclaration(s) && s.name?.text === rule.function,
    );
  }
  return [];
}
