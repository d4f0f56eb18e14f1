/**
 * Names the generated code must never declare, per scope. Lists, not logic: the checks live in
 * `isValidIdentifier` / `isSafeFileStem` here and in {@link Scope}.
 */

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

/**
 * JavaScript/TypeScript words no generated binding may use: ECMAScript reserved words and literals,
 * strict-mode reserved words (modules are strict), `await` (reserved in modules), and the globals whose
 * shadowing is legal but treacherous (`arguments`, `eval`, `undefined`, `NaN`, `Infinity`).
 */
export const RESERVED_WORDS: ReadonlySet<string> = words(`
  break case catch class const continue debugger default delete do else enum export extends false
  finally for function if import in instanceof new null return super switch this throw true try typeof
  var void while with
  implements interface let package private protected public static yield await
  arguments eval undefined NaN Infinity
`);

/**
 * Keys of `Object.prototype`: an identifier reused as an object key (a lookup table of events) must not
 * hit an inherited member.
 */
export const OBJECT_PROTOTYPE_NAMES: ReadonlySet<string> = words(`
  constructor __proto__ prototype hasOwnProperty isPrototypeOf propertyIsEnumerable toString
  toLocaleString valueOf __defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__
`);

/**
 * The generated module's own exports, which an event function must not shadow, and the parameters
 * and locals of the generic `track` (`track.ts`), which imports every event function and would
 * shadow one called `event`, `message`, `properties`, … in the body that calls it.
 */
export const RESERVED_FUNCTION_NAMES: ReadonlySet<string> = words(`
  configure track identify group page screen alias reset flush ready validate
  event message args properties options callback
`);

/**
 * Type names a generated declaration must not take: TypeScript's predefined types (which cannot be
 * alias names at all), the standard library's global types (shadowing them breaks user code that
 * imports ours), and every type name the emitter itself declares or imports in a file where plan types
 * also appear (`types.ts`, `events/*.ts`, `index.ts`), so the emitter never has to rename its own.
 */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = words(`
  any unknown never string number boolean symbol object bigint void null undefined intrinsic
  Record Partial Required Readonly Pick Omit Exclude Extract NonNullable Parameters
  ConstructorParameters ReturnType InstanceType ThisParameterType OmitThisParameter ThisType
  Uppercase Lowercase Capitalize Uncapitalize Awaited NoInfer
  Object String Number Boolean Symbol BigInt Array ReadonlyArray ArrayLike Date RegExp Function
  Error EvalError RangeError ReferenceError SyntaxError TypeError URIError AggregateError JSON Math
  Promise PromiseLike Map Set WeakMap WeakSet WeakRef ReadonlyMap ReadonlySet Iterable Iterator
  IterableIterator AsyncIterable AsyncIterator Generator AsyncGenerator ArrayBuffer
  SharedArrayBuffer DataView Int8Array Uint8Array Uint8ClampedArray Int16Array Uint16Array
  Int32Array Uint32Array Float32Array Float64Array BigInt64Array BigUint64Array Proxy Reflect Intl
  Atomics PropertyKey PropertyDescriptor TemplateStringsArray Console
  PlatenOptions Options Callback AnalyticsInstance Violation ViolationError OnViolation TrackEvents
  EventName Context IdentifyTraits GroupTraits CommonMessage
  Identity MessageFields TrackMessage AnalyticsLike EventRef PlatenState
  TrackEventsRequired TrackEventsOptional TrackProperties
`);

/** Windows device names: a file called `con.ts` or `COM1.ts` cannot be created or opened there. */
export const WINDOWS_DEVICE_NAMES: ReadonlySet<string> = words(`
  con prn aux nul com0 com1 com2 com3 com4 com5 com6 com7 com8 com9
  lpt0 lpt1 lpt2 lpt3 lpt4 lpt5 lpt6 lpt7 lpt8 lpt9
`);

/** File stems the generated package keeps for itself. Compared case-insensitively, like device names. */
export const RESERVED_FILE_STEMS: ReadonlySet<string> = words(`
  index types runtime validators platen node_modules
`);

const ASCII_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * True when `name` can be declared as a binding in a strict-mode ES module: ASCII identifier syntax and
 * not in {@link RESERVED_WORDS}. Scope-specific lists (module exports, lib types) are checked by {@link Scope}.
 */
export function isValidIdentifier(name: string): boolean {
  return ASCII_IDENTIFIER.test(name) && !RESERVED_WORDS.has(name);
}

const SAFE_STEM = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** Longest file stem accepted from a manifest (a little above what Platen itself generates). */
const MAX_ACCEPTED_STEM = 96;

/**
 * True when `stem` is safe as a file name on every file system once an extension is added: ASCII letters,
 * digits, `_` and `-` only (so never `/`, `\`, `:` or `..`), no leading `-`, bounded length, and not a
 * Windows device name in any case.
 */
export function isSafeFileStem(stem: string): boolean {
  return (
    stem.length <= MAX_ACCEPTED_STEM &&
    SAFE_STEM.test(stem) &&
    !WINDOWS_DEVICE_NAMES.has(stem.toLowerCase())
  );
}
