/**
 * Sources: where events come from. Each has a write key (sent as the HTTP Basic username or as
 * `writeKey` in the body, as Segment's sources do) and is tied to a tracking plan or unplanned.
 * Write keys are stored as they are: like Segment's, they ship inside browser bundles and only
 * allow sending events, so `source list` shows them.
 */
import { randomBytes } from 'node:crypto';
import type { RegistryDb } from '../db.js';
import { slugify } from '../rows.js';

/** A stored source. */
export interface SourceRow {
  pk: number;
  /** `src_` and 22 base-62 characters. */
  id: string;
  name: string;
  slug: string;
  /** The tracking plan (`tp_…`) its messages are validated against; null: unplanned. */
  plan_id: string | null;
  write_key: string;
  created_at: string;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  // 248 = 4 * 62: bytes at or above it are skipped, so every character is equally likely.
  for (const b of bytes) if (b < 248 && out.length < length) out += BASE62[b % 62];
  return out.length === length ? out : out + base62(length - out.length);
}

/** Why a source could not be created (a usage problem, reported without a stack). */
export class SourceError extends Error {
  override name = 'SourceError';
}

/**
 * Creates a source named `name`, tied to the plan `planId` when given (it must exist). Its slug is
 * the name's, made unique with a numeric suffix.
 */
export function createSource(
  db: RegistryDb,
  input: { name: string; planId?: string | undefined },
  now = new Date(),
): SourceRow {
  const name = input.name.trim();
  if (name === '') throw new SourceError('a source needs a name (--name)');
  if (input.planId !== undefined) {
    const plan = db.prepare('SELECT 1 FROM plans WHERE id = ?').get(input.planId);
    if (!plan)
      throw new SourceError(
        `no tracking plan ${JSON.stringify(input.planId)} in this registry (platen plans list shows them)`,
      );
  }
  const tx = db.transaction(() => {
    const base = slugify(name) || 'source';
    let slug = base;
    for (let n = 2; db.prepare('SELECT 1 FROM sources WHERE slug = ?').get(slug); n++)
      slug = `${base}-${n}`;
    const id = `src_${base62(22)}`;
    db.prepare(
      `INSERT INTO sources (id, name, slug, plan_id, write_key, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(id, name, slug, input.planId ?? null, base62(32), now.toISOString());
    return db.prepare('SELECT * FROM sources WHERE id = ?').get(id) as SourceRow;
  });
  return tx.immediate();
}

/** Every source, in creation order. */
export function listSources(db: RegistryDb): SourceRow[] {
  return db.prepare('SELECT * FROM sources ORDER BY pk').all() as SourceRow[];
}

/** The source with this write key, or undefined. */
export function sourceByWriteKey(db: RegistryDb, writeKey: string): SourceRow | undefined {
  return db.prepare('SELECT * FROM sources WHERE write_key = ?').get(writeKey) as
    SourceRow | undefined;
}
