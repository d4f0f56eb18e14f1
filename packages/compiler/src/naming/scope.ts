/** A registry of names already used in one scope (functions, types, files), with deterministic suffixes. */

/** How a {@link Scope} compares, escapes and numbers names. */
export interface ScopeOptions {
  /** Names that are never handed out as-is: a claim for one is escaped with `escape` first. */
  reserved?: Iterable<string>;
  /** Compare names ignoring ASCII case (file systems on macOS and Windows). @default false */
  caseInsensitive?: boolean;
  /** Turns a reserved name into a usable one. @default appends `_` (`default` → `default_`) */
  escape?: (name: string) => string;
  /**
   * Joins a base and its collision counter (2, 3, …). @default `''`, or `_` after a trailing digit so
   * `orderV1` + 2 reads `orderV1_2`, never `orderV12`
   */
  join?: (base: string, counter: number) => string;
}

const defaultEscape = (name: string): string => `${name}_`;
const defaultJoin = (base: string, counter: number): string =>
  /[0-9]$/.test(base) ? `${base}_${counter}` : `${base}${counter}`;

/**
 * Hands out unique names. `claim` returns the preferred name when free, otherwise the first free
 * `base2`, `base3`, …; the next counter per base is remembered, so n colliding claims cost O(n) in
 * total rather than O(n²). Results depend only on the order of claims.
 */
export class Scope {
  private readonly taken = new Set<string>();
  private readonly reserved: ReadonlySet<string>;
  private readonly nextCounter = new Map<string, number>();
  private readonly caseInsensitive: boolean;
  private readonly escape: (name: string) => string;
  private readonly join: (base: string, counter: number) => string;

  /** Creates an empty scope. */
  constructor(options: ScopeOptions = {}) {
    this.caseInsensitive = options.caseInsensitive ?? false;
    const reserved = options.reserved ?? [];
    // Reuse a given Set as-is when no case folding is needed: scopes are created once per build.
    this.reserved =
      reserved instanceof Set && !this.caseInsensitive
        ? (reserved as ReadonlySet<string>)
        : new Set([...reserved].map((n) => this.key(n)));
    this.escape = options.escape ?? defaultEscape;
    this.join = options.join ?? defaultJoin;
  }

  private key(name: string): string {
    return this.caseInsensitive ? name.toLowerCase() : name;
  }

  /** True when `name` is reserved in this scope. */
  isReserved(name: string): boolean {
    return this.reserved.has(this.key(name));
  }

  /** True when `name` has been handed out (or held) already. */
  isTaken(name: string): boolean {
    return this.taken.has(this.key(name));
  }

  /** Marks `name` as used without checking the reserved list (fixed names, names kept from a manifest). */
  hold(name: string): void {
    this.taken.add(this.key(name));
  }

  /** Takes exactly `name` if it is neither reserved nor taken; returns whether it did. */
  claimExact(name: string): boolean {
    if (this.isReserved(name) || this.isTaken(name)) return false;
    this.hold(name);
    return true;
  }

  /** Returns `preferred`, escaped when reserved and numbered when taken, and marks the result taken. */
  claim(preferred: string): string {
    let base = preferred;
    // Bounded: an escape that keeps producing reserved names is a programming error, not input.
    for (let i = 0; this.isReserved(base) && i < 8; i++) base = this.escape(base);
    if (this.claimExact(base)) return base;
    const baseKey = this.key(base);
    let counter = this.nextCounter.get(baseKey) ?? 2;
    let candidate = this.join(base, counter);
    while (!this.claimExact(candidate)) candidate = this.join(base, ++counter);
    this.nextCounter.set(baseKey, counter + 1);
    return candidate;
  }
}
