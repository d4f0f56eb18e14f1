/**
 * The diff engine: two plans' IR rules → {@link PlanDiff}. Rules are matched by type and key; the
 * same version is compared with itself, a new version with the one it follows, and an event removed
 * while another with the same schema is added is reported as a likely rename. Pure: no Node built-ins.
 */
import { compareRules } from '../ir/rules.js';
import type { IrRule } from '../ir/types.js';
import { compareText } from '../order.js';
import { addChange, compareNodes, stableShape, type NodeDiffContext } from './nodes.js';
import { stableJson } from './text.js';
import type { Change, ChangeClass, DiffSummary, EventDiff, PlanDiff } from './types.js';

/** What the engine needs of a plan: its normalized rules (an `Ir` is one). */
export interface DiffableIr {
  rules: readonly IrRule[];
}

/** Compares two normalized plans: every event that differs, with its changes and their classes. */
export function diffIr(from: DiffableIr, to: DiffableIr): PlanDiff {
  const before = byEvent(from.rules);
  const after = byEvent(to.rules);
  const ids = [...new Set([...before.keys(), ...after.keys()])];
  const events: EventDiff[] = [];
  // The rule behind each added or removed entry, for rename detection (entries stay plain data).
  const rules = new WeakMap<EventDiff, IrRule>();
  let unchanged = 0;
  for (const id of ids) {
    const f = before.get(id) ?? [];
    const t = after.get(id) ?? [];
    const found = diffEvent(f, t, rules);
    if (found.length === 0) unchanged++;
    events.push(...found);
  }
  const withRenames = findRenames(events, rules);
  withRenames.sort(
    (a, b) =>
      compareRules(
        { type: a.type, key: a.key, version: a.toVersion ?? a.fromVersion ?? 0 },
        { type: b.type, key: b.key, version: b.toVersion ?? b.fromVersion ?? 0 },
      ) || compareText(a.status, b.status),
  );
  return { events: withRenames, summary: summarize(withRenames, unchanged) };
}

/** Rules by `(type, key)`, each list sorted by version. */
function byEvent(rules: readonly IrRule[]): Map<string, IrRule[]> {
  const map = new Map<string, IrRule[]>();
  for (const rule of rules) {
    const id = JSON.stringify([rule.type, rule.key]);
    const list = map.get(id);
    if (list) list.push(rule);
    else map.set(id, [rule]);
  }
  for (const list of map.values()) list.sort((a, b) => a.version - b.version);
  return map;
}

/** The entries of one event (a type and key) across its versions. */
function diffEvent(f: IrRule[], t: IrRule[], rules: WeakMap<EventDiff, IrRule>): EventDiff[] {
  const last = (list: IrRule[]) => list[list.length - 1]!;
  if (f.length === 0) {
    const rule = last(t);
    const versions = t.map((r) => r.version).join(', ');
    const added = entry(rule, 'added', undefined, rule.version, [
      change('event-added', 'safe', `event added (version${t.length > 1 ? 's' : ''} ${versions})`),
    ]);
    rules.set(added, rule);
    return [added];
  }
  if (t.length === 0) {
    const rule = last(f);
    const removed = entry(rule, 'removed', rule.version, undefined, [
      change('event-removed', 'breaking-sender', 'event removed: senders of it are now unplanned'),
    ]);
    rules.set(removed, rule);
    return [removed];
  }
  const out: EventDiff[] = [];
  const fromVersions = new Map(f.map((r) => [r.version, r]));
  const toVersions = new Map(t.map((r) => [r.version, r]));
  const bases = new Set<number>();
  for (const rule of t) {
    const same = fromVersions.get(rule.version);
    if (same) {
      const changes = compareRule(same, rule);
      if (changes.length > 0) out.push(entry(rule, 'changed', same.version, rule.version, changes));
      continue;
    }
    // A new version: compared with the newest older version (or, when none is older, the newest).
    const older = f.filter((r) => r.version < rule.version);
    const base = older.length > 0 ? last(older) : last(f);
    bases.add(base.version);
    const changes = [
      change(
        'version-added',
        'safe',
        `version ${rule.version} added; compared with version ${base.version}`,
      ),
      ...compareRule(base, rule),
    ];
    if (!toVersions.has(base.version))
      changes.push(
        change(
          'version-removed',
          'safe',
          `version ${base.version} removed (replaced by version ${rule.version})`,
        ),
      );
    out.push(entry(rule, 'changed', base.version, rule.version, changes));
  }
  for (const rule of f) {
    if (toVersions.has(rule.version) || bases.has(rule.version)) continue;
    out.push(
      entry(rule, 'changed', rule.version, undefined, [
        change(
          'version-removed',
          'breaking-sender',
          `version ${rule.version} removed: senders of it now get another version's rules`,
        ),
      ]),
    );
  }
  return out;
}

function change(kind: Change['kind'], cls: ChangeClass, message: string): Change {
  return { kind, class: cls, pointer: '', path: [], message };
}

/** Severity order of classes within one place of an event. */
const RANK: Record<ChangeClass, number> = {
  'breaking-both': 0,
  'breaking-sender': 1,
  'breaking-consumer': 2,
  safe: 3,
};

function entry(
  rule: IrRule,
  status: EventDiff['status'],
  fromVersion: number | undefined,
  toVersion: number | undefined,
  unsorted: Change[],
): EventDiff {
  // By place (the event itself first), then the most severe first; otherwise in the order found.
  const changes = unsorted
    .map((c, i) => ({ c, i }))
    .sort(
      (x, y) =>
        compareText(x.c.pointer, y.c.pointer) || RANK[x.c.class] - RANK[y.c.class] || x.i - y.i,
    )
    .map(({ c }) => c);
  const cls = classOf(changes);
  // Keys in the documented order of the `--json` shape.
  const out = { type: rule.type, key: rule.key, status } as EventDiff;
  if (fromVersion !== undefined) out.fromVersion = fromVersion;
  if (toVersion !== undefined) out.toVersion = toVersion;
  out.class = cls;
  if (fromVersion !== undefined && toVersion !== undefined)
    out.version = { shouldBump: cls !== 'safe', bumped: toVersion > fromVersion };
  out.changes = changes;
  return out;
}

/** The class of a list of changes: breaking for both when it has breaking changes of both kinds. */
export function classOf(changes: readonly Change[]): ChangeClass {
  let sender = false;
  let consumer = false;
  for (const c of changes) {
    if (c.class === 'breaking-sender' || c.class === 'breaking-both') sender = true;
    if (c.class === 'breaking-consumer' || c.class === 'breaking-both') consumer = true;
  }
  return sender && consumer
    ? 'breaking-both'
    : sender
      ? 'breaking-sender'
      : consumer
        ? 'breaking-consumer'
        : 'safe';
}

/** Every change between two versions of an event: its metadata, then its payload. */
export function compareRule(a: IrRule, b: IrRule): Change[] {
  const ctx: NodeDiffContext = {
    from: { definitions: a.body().definitions, schema: a.schema, schemaPointer: a.pointer },
    to: { definitions: b.body().definitions, schema: b.schema, schemaPointer: b.pointer },
    changes: [],
    active: new Set(),
  };
  const common = a.type === 'COMMON';
  // COMMON's payload is the schema's root: its description and examples are the payload node's.
  if (!common && a.description !== b.description)
    addChange(
      ctx,
      [],
      'description-changed',
      'safe',
      b.description === undefined
        ? 'event description removed'
        : `event description ${a.description === undefined ? 'added' : 'changed'}: ${JSON.stringify(b.description)}`,
      'description',
    );
  if (!common && stableJson(a.examples) !== stableJson(b.examples))
    addChange(ctx, [], 'examples-changed', 'safe', 'event examples changed', 'examples');
  if (stableJson(a.labels) !== stableJson(b.labels))
    addChange(
      ctx,
      [],
      'labels-changed',
      'safe',
      `labels changed: ${stableJson(a.labels)} → ${stableJson(b.labels)}`,
      'labels',
    );
  if (a.deprecated !== b.deprecated)
    addChange(
      ctx,
      [],
      'deprecated-changed',
      'safe',
      b.deprecated ? 'event deprecated' : 'event no longer deprecated',
      'deprecated',
    );
  const bodyA = a.body();
  const bodyB = b.body();
  if (!common && bodyA.payloadRequired !== bodyB.payloadRequired)
    bodyB.payloadRequired
      ? addChange(
          ctx,
          [],
          'payload-required',
          'breaking-sender',
          `the ${payloadName(b)} object is now required`,
          'required',
        )
      : addChange(
          ctx,
          [],
          'payload-optional',
          'breaking-consumer',
          `the ${payloadName(b)} object is now optional: it may be missing`,
          'required',
        );
  const before = ctx.changes.length;
  compareNodes(ctx, bodyA.payload, bodyB.payload, []);
  if (common)
    // The root's `deprecated` is the rule's: reported once, above.
    ctx.changes = ctx.changes.filter(
      (c, i) => i < before || !(c.kind === 'deprecated-changed' && c.pointer === ''),
    );
  return ctx.changes;
}

function payloadName(rule: IrRule): string {
  return rule.type === 'IDENTIFY' || rule.type === 'GROUP' ? 'traits' : 'properties';
}

/**
 * An event removed while one of the same type is added with the same schema (the same structure;
 * only documentation may differ) is a likely rename: one entry instead of two.
 */
function findRenames(events: EventDiff[], ruleOf: WeakMap<EventDiff, IrRule>): EventDiff[] {
  const removed = events.filter((e) => e.status === 'removed' && e.key !== null);
  const added = events.filter((e) => e.status === 'added' && e.key !== null);
  if (removed.length === 0 || added.length === 0) return events;
  // Candidates by rule type and payload structure (documentation left out): linear, not pairwise.
  const shapeOf = (rule: IrRule): string => {
    const body = rule.body();
    return JSON.stringify([rule.type, body.payloadRequired, stableShape([body.payload], body)]);
  };
  const byShape = new Map<string, EventDiff[]>();
  for (const fresh of added) {
    const rule = ruleOf.get(fresh);
    if (!rule) continue;
    const key = shapeOf(rule);
    const list = byShape.get(key);
    if (list) list.push(fresh);
    else byShape.set(key, [fresh]);
  }
  const taken = new Set<EventDiff>();
  const replaced = new Map<EventDiff, EventDiff>();
  for (const gone of removed) {
    const a = ruleOf.get(gone);
    if (!a) continue;
    for (const fresh of byShape.get(shapeOf(a)) ?? []) {
      const b = ruleOf.get(fresh);
      if (taken.has(fresh) || !b) continue;
      const changes = compareRule(a, b);
      if (changes.some((c) => c.class !== 'safe')) continue;
      taken.add(fresh);
      const renamed: EventDiff = {
        type: fresh.type,
        key: fresh.key,
        fromKey: gone.key,
        status: 'renamed',
        fromVersion: a.version,
        toVersion: b.version,
        class: 'breaking-both',
        changes: [
          change(
            'event-renamed',
            'breaking-both',
            `likely renamed from ${JSON.stringify(gone.key)} (removed, and added with the same schema): senders of the old name are unplanned, readers of it get nothing`,
          ),
          ...changes,
        ],
      };
      replaced.set(gone, renamed);
      replaced.set(fresh, renamed);
      break;
    }
  }
  const out: EventDiff[] = [];
  for (const event of events) {
    const r = replaced.get(event);
    if (r === undefined) out.push(event);
    else if (event.status === 'removed') out.push(r);
  }
  return out;
}

function summarize(events: EventDiff[], unchanged: number): DiffSummary {
  const summary: DiffSummary = {
    events: { added: 0, removed: 0, changed: 0, renamed: 0, unchanged },
    changes: { 'breaking-both': 0, 'breaking-sender': 0, 'breaking-consumer': 0, safe: 0 },
    breaking: false,
    unbumped: 0,
  };
  for (const event of events) {
    summary.events[event.status]++;
    for (const c of event.changes) summary.changes[c.class]++;
    if (event.class !== 'safe') summary.breaking = true;
    if (event.version?.shouldBump === true && !event.version.bumped) summary.unbumped++;
  }
  return summary;
}
