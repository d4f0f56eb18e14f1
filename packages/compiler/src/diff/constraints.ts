/**
 * Scalar changes: literal values (`enum`, `const`) and constraint keywords (bounds, `format`,
 * `pattern`, `multipleOf`, `uniqueItems`), each tightened, loosened or changed.
 */
import type { IrNode } from '../ir/types.js';
import type { Json } from '../plan/types.js';
import { addChange, type NodeDiffContext } from './nodes.js';
import type { PathStep } from './types.js';

/** Scalars: plain types with constraints, and literal values (`enum`, `const`). */
export function compareScalars(
  ctx: NodeDiffContext,
  ma: IrNode[],
  mb: IrNode[],
  path: PathStep[],
): void {
  const plainA = ma.find((m) => m.kind !== 'literal');
  const plainB = mb.find((m) => m.kind !== 'literal');
  const litA = ma.filter((m) => m.kind === 'literal').map((m) => (m as { value: Json }).value);
  const litB = mb.filter((m) => m.kind === 'literal').map((m) => (m as { value: Json }).value);
  if (plainA && plainB) {
    compareConstraints(ctx, plainA, plainB, path);
    return;
  }
  if (plainA && !plainB) {
    const what =
      litB.length === 1
        ? `const ${JSON.stringify(litB[0])}`
        : `enum [${litB.map((v) => JSON.stringify(v)).join(', ')}]`;
    addChange(
      ctx,
      path,
      'constraint-tightened',
      'breaking-sender',
      `restricted to ${what}`,
      litB.length === 1 ? 'const' : 'enum',
    );
    return;
  }
  if (!plainA && plainB) {
    addChange(
      ctx,
      path,
      'constraint-loosened',
      'breaking-consumer',
      `no longer restricted to ${litA.length === 1 ? `const ${JSON.stringify(litA[0])}` : `enum [${litA.map((v) => JSON.stringify(v)).join(', ')}]`}`,
      litA.length === 1 ? 'const' : 'enum',
    );
    return;
  }
  const setA = new Set(litA.map((v) => JSON.stringify(v)));
  const setB = new Set(litB.map((v) => JSON.stringify(v)));
  const gone = [...setA].filter((v) => !setB.has(v));
  const fresh = [...setB].filter((v) => !setA.has(v));
  if (gone.length === 0 && fresh.length === 0) return;
  if (setA.size === 1 && setB.size === 1) {
    addChange(
      ctx,
      path,
      'const-changed',
      'breaking-both',
      `value changed: ${gone[0]} → ${fresh[0]}`,
      'const',
    );
    return;
  }
  if (gone.length > 0)
    addChange(
      ctx,
      path,
      'enum-values-removed',
      'breaking-sender',
      `enum value${gone.length === 1 ? '' : 's'} removed: ${list(gone)}`,
      'enum',
    );
  if (fresh.length > 0)
    addChange(
      ctx,
      path,
      'enum-values-added',
      'breaking-consumer',
      `enum value${fresh.length === 1 ? '' : 's'} added: ${list(fresh)}`,
      'enum',
    );
}

function list(values: string[]): string {
  return values.length <= 10
    ? values.join(', ')
    : `${values.slice(0, 10).join(', ')} and ${values.length - 10} more`;
}

/** Lower bounds: raising one (or adding it) tightens. */
export const LOWER = [
  'minLength',
  'minimum',
  'exclusiveMinimum',
  'minItems',
  'minProperties',
] as const;
/** Upper bounds: lowering one (or adding it) tightens. */
export const UPPER = [
  'maxLength',
  'maximum',
  'exclusiveMaximum',
  'maxItems',
  'maxProperties',
] as const;
/** Keywords whose values are not ordered: adding tightens, removing loosens, changing does both. */
const EXACT = ['format', 'pattern', 'multipleOf'] as const;

export type Bounded = Partial<Record<(typeof LOWER)[number] | (typeof UPPER)[number], number>> &
  Partial<Record<(typeof EXACT)[number], string | number>> & { uniqueItems?: boolean };

/** Constraint keywords of two nodes of the same base type. */
export function compareConstraints(
  ctx: NodeDiffContext,
  a: IrNode,
  b: IrNode,
  path: PathStep[],
): void {
  if (a.kind === 'integer' && b.kind === 'number')
    addChange(
      ctx,
      path,
      'type-widened',
      'breaking-consumer',
      'type widened: integer → number',
      'type',
    );
  if (a.kind === 'number' && b.kind === 'integer')
    addChange(
      ctx,
      path,
      'type-narrowed',
      'breaking-sender',
      'type narrowed: number → integer',
      'type',
    );
  const x = a as Bounded;
  const y = b as Bounded;
  for (const keyword of LOWER) bound(ctx, path, keyword, x[keyword], y[keyword], 1);
  for (const keyword of UPPER) bound(ctx, path, keyword, x[keyword], y[keyword], -1);
  for (const keyword of EXACT) {
    const v = x[keyword];
    const w = y[keyword];
    if (v === w) continue;
    if (v === undefined)
      addChange(
        ctx,
        path,
        'constraint-tightened',
        'breaking-sender',
        `${keyword} added: ${JSON.stringify(w)}`,
        keyword,
      );
    else if (w === undefined)
      addChange(
        ctx,
        path,
        'constraint-loosened',
        'breaking-consumer',
        `${keyword} removed (was ${JSON.stringify(v)})`,
        keyword,
      );
    else
      addChange(
        ctx,
        path,
        'constraint-changed',
        'breaking-both',
        `${keyword} changed: ${JSON.stringify(v)} → ${JSON.stringify(w)}`,
        keyword,
      );
  }
  if ((x.uniqueItems === true) !== (y.uniqueItems === true))
    y.uniqueItems === true
      ? addChange(
          ctx,
          path,
          'constraint-tightened',
          'breaking-sender',
          'uniqueItems added: items must now be unique',
          'uniqueItems',
        )
      : addChange(
          ctx,
          path,
          'constraint-loosened',
          'breaking-consumer',
          'uniqueItems removed: items may now repeat',
          'uniqueItems',
        );
}

/** One bound: `sign` 1 for lower bounds (higher is tighter), -1 for upper bounds. */
export function bound(
  ctx: NodeDiffContext,
  path: PathStep[],
  keyword: string,
  v: number | undefined,
  w: number | undefined,
  sign: 1 | -1,
): void {
  if (v === w) return;
  // `minItems: 0` / `minLength: 0` constrain nothing: treat them as absent.
  if (keyword.startsWith('min') && (v ?? 0) === (w ?? 0) && keyword !== 'minimum') return;
  if (v === undefined)
    addChange(
      ctx,
      path,
      'constraint-tightened',
      'breaking-sender',
      `${keyword} added: ${w}`,
      keyword,
    );
  else if (w === undefined)
    addChange(
      ctx,
      path,
      'constraint-loosened',
      'breaking-consumer',
      `${keyword} removed (was ${v})`,
      keyword,
    );
  else if ((w - v) * sign > 0)
    addChange(
      ctx,
      path,
      'constraint-tightened',
      'breaking-sender',
      `${keyword} tightened: ${v} → ${w}`,
      keyword,
    );
  else
    addChange(
      ctx,
      path,
      'constraint-loosened',
      'breaking-consumer',
      `${keyword} loosened: ${v} → ${w}`,
      keyword,
    );
}
