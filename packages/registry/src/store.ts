/**
 * The registry's data operations over SQLite. Every write runs in one `BEGIN IMMEDIATE` transaction and
 * records a revision plus one `rule_history` row per rule it touched, so any earlier state can be read back.
 */
import type Database from 'better-sqlite3';
import type { RuleRevision, RuleType } from '@platen/compiler/api';
import type { RegistryDb } from './db.js';
import {
  identity,
  newPlanId,
  slugify,
  type PlanRow,
  type RuleRow,
  type WriteResult,
} from './rows.js';
import type { PlanCreate, ValidRule } from './validate.js';
import { baseRevision, RevisionMismatch, satisfies, type Precondition } from './preconditions.js';

const ORDER = 'ORDER BY type_rank, key IS NOT NULL, key, version';

/** The default limit on a plan's size: 64 MiB of stored rule schema JSON. */
export const DEFAULT_MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** A rule write that would take a plan past `maxPlanBytes`; nothing of it was stored. */
export class PlanTooLargeError extends Error {
  override name = 'PlanTooLargeError';
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `the plan's rules would hold ${bytes} bytes of JSON schema, past the limit of ${limit} bytes; ` +
        'nothing was changed: remove or shrink rules, or raise the limit (maxPlanBytes)',
    );
  }
}

/** Plans, rules and their history in one registry database. Synchronous, like better-sqlite3. */
export class RegistryStore {
  constructor(
    private readonly db: RegistryDb,
    private readonly now: () => Date = () => new Date(),
    /** The most stored schema JSON a plan may hold, in bytes; a write past it is refused. */
    private readonly maxPlanBytes = DEFAULT_MAX_PLAN_BYTES,
  ) {}

  readonly #statements = new Map<string, Database.Statement>();

  /** A prepared statement for `sql`, compiled once per store: preparing dominates small queries. */
  #sql(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** A page of plans (optionally of one type) in creation order, and how many there are in all. */
  listPlans(
    type: string | undefined,
    offset: number,
    count: number,
  ): { rows: PlanRow[]; total: number } {
    const where = type === undefined ? '' : 'WHERE type = @type';
    const rows = this.db
      .prepare(`SELECT * FROM plans ${where} ORDER BY pk LIMIT @count OFFSET @offset`)
      .all({ type, count, offset }) as PlanRow[];
    const total = (
      this.#sql(`SELECT COUNT(*) AS n FROM plans ${where}`).get({ type }) as { n: number }
    ).n;
    return { rows, total };
  }

  /** The plan with `id`, or undefined. */
  getPlan(id: string): PlanRow | undefined {
    return this.#sql('SELECT * FROM plans WHERE id = ?').get(id) as PlanRow | undefined;
  }

  /** Creates a plan with no rules (revision 0). */
  createPlan(input: PlanCreate): PlanRow {
    const at = this.now().toISOString();
    const id = newPlanId();
    this.db
      .prepare(
        `INSERT INTO plans (id, name, slug, description, type, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.name, slugify(input.name), input.description, input.type, at, at);
    return this.getPlan(id)!;
  }

  /**
   * Changes name (and slug) and/or description; false when the plan does not exist. Throws
   * {@link RevisionMismatch} (changing nothing) when `precondition` does not hold.
   */
  updatePlan(
    id: string,
    input: { name?: string; description?: string },
    precondition?: Precondition,
  ): boolean {
    const tx = this.db.transaction(() => {
      const plan = this.getPlan(id);
      if (!plan) return false;
      if (!satisfies(precondition, plan.revision))
        throw new RevisionMismatch(plan.id, plan.revision);
      const name = input.name ?? plan.name;
      this.#sql(
        'UPDATE plans SET name = ?, slug = ?, description = ?, updated_at = ? WHERE pk = ?',
      ).run(
        name,
        input.name === undefined ? plan.slug : slugify(name),
        input.description ?? plan.description,
        this.now().toISOString(),
        plan.pk,
      );
      return true;
    });
    return tx.immediate();
  }

  /**
   * Deletes a plan with its rules and history; false when it does not exist. Throws
   * {@link RevisionMismatch} (deleting nothing) when `precondition` does not hold.
   */
  deletePlan(id: string, precondition?: Precondition): boolean {
    const tx = this.db.transaction(() => {
      const plan = this.getPlan(id);
      if (!plan) return false;
      if (!satisfies(precondition, plan.revision))
        throw new RevisionMismatch(plan.id, plan.revision);
      return this.#sql('DELETE FROM plans WHERE pk = ?').run(plan.pk).changes > 0;
    });
    return tx.immediate();
  }

  /**
   * A page of a plan's rules as of `revision` (the current one when it equals `plan.revision`): at most
   * `count` rows, and no more than fit in `maxBytes` of stored schema JSON (always at least one row).
   * The schema sizes are read first (SQLite reads a text's length without loading it), so a rule past
   * the budget is never loaded. Rows keep their schema as stored text, to be streamed out as is.
   */
  listRules(
    plan: PlanRow,
    revision: number,
    offset: number,
    count: number,
    maxBytes = Infinity,
  ): { rows: RuleRow[]; total: number } {
    let source: string;
    let params: Record<string, number>;
    if (revision === plan.revision) {
      source = 'SELECT * FROM rules WHERE plan_pk = @pk';
      params = { pk: plan.pk };
    } else {
      // The state at revision N: for each rule identity, its latest history row at or before N, unless removed.
      source = `SELECT * FROM rule_history h WHERE plan_pk = @pk AND revision = (
        SELECT MAX(revision) FROM rule_history g WHERE g.plan_pk = h.plan_pk AND g.type_rank = h.type_rank
          AND g.key_id = h.key_id AND g.version = h.version AND g.revision <= @revision)
      AND json_schema IS NOT NULL`;
      params = { pk: plan.pk, revision };
    }
    const sizes = this.#sql(
      `SELECT octet_length(json_schema) AS bytes FROM (${source}) ${ORDER} LIMIT @count OFFSET @offset`,
    )
      .pluck()
      .all({ ...params, count, offset }) as number[];
    let fit = 0;
    let bytes = 0;
    for (const size of sizes) {
      if (fit > 0 && bytes + size > maxBytes) break;
      bytes += size;
      fit++;
    }
    const rows = (
      fit === 0
        ? []
        : this.#sql(`SELECT * FROM (${source}) ${ORDER} LIMIT @count OFFSET @offset`).all({
            ...params,
            count: fit,
            offset,
          })
    ) as RuleRow[];
    const total = (this.#sql(`SELECT COUNT(*) AS n FROM (${source})`).get(params) as { n: number })
      .n;
    return { rows, total };
  }

  /** The bytes of stored schema JSON in a plan's current rules: what `maxPlanBytes` limits. */
  planBytes(pk: number): number {
    return (
      this.#sql(
        'SELECT COALESCE(SUM(octet_length(json_schema)), 0) AS n FROM rules WHERE plan_pk = ?',
      ).get(pk) as { n: number }
    ).n;
  }

  /** A page of a plan's revisions, oldest first. */
  listRevisions(
    plan: PlanRow,
    offset: number,
    count: number,
  ): { revisions: RuleRevision[]; total: number } {
    const rows = this.db
      .prepare('SELECT * FROM revisions WHERE plan_pk = ? ORDER BY revision LIMIT ? OFFSET ?')
      .all(plan.pk, count, offset) as {
      revision: number;
      operation: RuleRevision['operation'];
      created_at: string;
      added: number;
      changed: number;
      removed: number;
      rule_count: number;
      base_revision: number | null;
    }[];
    const revisions = rows.map((r) => ({
      revision: r.revision,
      operation: r.operation,
      createdAt: r.created_at,
      added: r.added,
      changed: r.changed,
      removed: r.removed,
      ruleCount: r.rule_count,
      baseRevision: r.base_revision,
    }));
    return { revisions, total: plan.revision };
  }

  /** `PUT /rules`: the plan's rules become `rules`. Undefined when the plan does not exist. */
  replaceRules(
    id: string,
    rules: ValidRule[],
    precondition?: Precondition,
  ): WriteResult | undefined {
    return this.#write(id, 'REPLACE', precondition, (plan, ops) => {
      const wanted = new Set(rules.map((r) => JSON.stringify(identity(r.type, r.key, r.version))));
      for (const row of this.#currentRules(plan.pk)) {
        const id = JSON.stringify({
          type_rank: row.type_rank,
          key_id: row.key_id,
          version: row.version,
        });
        if (!wanted.has(id)) ops.remove(row);
      }
      for (const rule of rules) ops.put(rule.type, rule.key, rule.version, rule.jsonSchema);
    });
  }

  /** `PATCH /rules`: adds or changes `rules`, renaming those with `newKey`. */
  upsertRules(
    id: string,
    rules: ValidRule[],
    precondition?: Precondition,
  ): WriteResult | undefined {
    return this.#write(id, 'UPSERT', precondition, (plan, ops) => {
      for (const rule of rules) {
        if (rule.newKey !== undefined && rule.newKey !== rule.key) {
          const old = ops.find(rule.type, rule.key, rule.version);
          if (old) ops.remove(old);
          ops.put(rule.type, rule.newKey, rule.version, rule.jsonSchema);
        } else {
          ops.put(rule.type, rule.key, rule.version, rule.jsonSchema);
        }
      }
    });
  }

  /** `DELETE /rules`: removes the named rules; names that match nothing are ignored. */
  removeRules(
    id: string,
    refs: Omit<ValidRule, 'jsonSchema'>[],
    precondition?: Precondition,
  ): WriteResult | undefined {
    return this.#write(id, 'REMOVE', precondition, (_plan, ops) => {
      for (const ref of refs) {
        const old = ops.find(ref.type, ref.key, ref.version);
        if (old) ops.remove(old);
      }
    });
  }

  #currentRules(pk: number): RuleRow[] {
    return this.#sql('SELECT * FROM rules WHERE plan_pk = ?').all(pk) as RuleRow[];
  }

  /**
   * Runs `apply` in one immediate transaction, recording each change in the rules, history and revisions.
   * The precondition is checked inside it, so no other write can come between the check and the change.
   */
  #write(
    id: string,
    operation: RuleRevision['operation'],
    precondition: Precondition | undefined,
    apply: (plan: PlanRow, ops: WriteOps) => void,
  ): WriteResult | undefined {
    const tx = this.db.transaction((): WriteResult | undefined => {
      const plan = this.getPlan(id);
      if (!plan) return undefined;
      if (!satisfies(precondition, plan.revision))
        throw new RevisionMismatch(plan.id, plan.revision);
      const at = this.now().toISOString();
      const revision = plan.revision + 1;
      const counts = { added: 0, changed: 0, removed: 0 };
      const bytesBefore = this.planBytes(plan.pk);
      const find = this.#sql(
        'SELECT * FROM rules WHERE plan_pk = ? AND type_rank = ? AND key_id = ? AND version = ?',
      );
      const history = this.#sql(
        `INSERT INTO rule_history (plan_pk, type, type_rank, key, key_id, version, revision, json_schema, created_at, updated_at)
         VALUES (@plan_pk, @type, @type_rank, @key, @key_id, @version, @revision, @json_schema, @created_at, @updated_at)`,
      );
      const ops: WriteOps = {
        find: (type, key, version) => {
          const k = identity(type, key, version);
          return find.get(plan.pk, k.type_rank, k.key_id, k.version) as RuleRow | undefined;
        },
        remove: (row) => {
          this.#sql(
            'DELETE FROM rules WHERE plan_pk = ? AND type_rank = ? AND key_id = ? AND version = ?',
          ).run(plan.pk, row.type_rank, row.key_id, row.version);
          history.run({ ...row, plan_pk: plan.pk, revision, json_schema: null, updated_at: at });
          counts.removed++;
        },
        put: (type, key, version, schema) => {
          const old = ops.find(type, key, version);
          const json = JSON.stringify(schema);
          if (old && old.json_schema === json) return;
          const row = {
            plan_pk: plan.pk,
            type,
            key,
            ...identity(type, key, version),
            json_schema: json,
            created_at: old?.created_at ?? at,
            updated_at: at,
          };
          this.#sql(
            `INSERT INTO rules (plan_pk, type, type_rank, key, key_id, version, json_schema, created_at, updated_at)
               VALUES (@plan_pk, @type, @type_rank, @key, @key_id, @version, @json_schema, @created_at, @updated_at)
               ON CONFLICT DO UPDATE SET json_schema = excluded.json_schema, updated_at = excluded.updated_at`,
          ).run(row);
          history.run({ ...row, revision });
          if (old) counts.changed++;
          else counts.added++;
        },
      };
      apply(plan, ops);
      // Throwing rolls the whole write back. A plan already past a (lowered) limit may still shrink.
      const bytesAfter = this.planBytes(plan.pk);
      if (bytesAfter > this.maxPlanBytes && bytesAfter > bytesBefore)
        throw new PlanTooLargeError(bytesAfter, this.maxPlanBytes);
      const ruleCount = (
        this.#sql('SELECT COUNT(*) AS n FROM rules WHERE plan_pk = ?').get(plan.pk) as {
          n: number;
        }
      ).n;
      this.#sql(
        'INSERT INTO revisions (plan_pk, revision, operation, created_at, added, changed, removed, rule_count, base_revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        plan.pk,
        revision,
        operation,
        at,
        counts.added,
        counts.changed,
        counts.removed,
        ruleCount,
        baseRevision(precondition),
      );
      this.#sql('UPDATE plans SET revision = ?, updated_at = ? WHERE pk = ?').run(
        revision,
        at,
        plan.pk,
      );
      return { revision, ...counts };
    });
    return tx.immediate();
  }
}

interface WriteOps {
  find(type: RuleType, key: string | null, version: number): RuleRow | undefined;
  remove(row: RuleRow): void;
  put(type: RuleType, key: string | null, version: number, schema: unknown): void;
}
