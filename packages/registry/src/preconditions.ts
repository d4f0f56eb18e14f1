/**
 * Conditional writes: every plan and rules response names the plan's revision as an entity tag
 * (`ETag: "<revision>"`), and a write may send `If-Match` with the revision it read. A write whose
 * `If-Match` names another revision is refused with 412 and changes nothing, so two read-modify-write
 * clients can never silently lose each other's changes. A write without `If-Match` behaves as before.
 */

/** The entity tag of a plan at `revision`: a strong tag, the revision in quotes. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/**
 * What an `If-Match` header asks for: `any` for `*`, else the revisions it names. Weak tags (`W/"3"`)
 * never match, since If-Match compares strongly (RFC 9110 §13.1.1); a tag that is not a revision of ours
 * names nothing and so never matches either.
 */
export type Precondition = { any: true } | { any: false; revisions: number[] };

/** Reads `If-Match`; undefined when the request has none (an unconditional write). */
export function readIfMatch(header: string | string[] | undefined): Precondition | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text.trim() === '*') return { any: true };
  const revisions: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*"(0|[1-9]\d{0,15})"\s*$/.exec(part);
    if (m) revisions.push(Number(m[1]));
  }
  return { any: false, revisions };
}

/** Whether a plan now at `revision` satisfies `precondition`. */
export function satisfies(precondition: Precondition | undefined, revision: number): boolean {
  return (
    precondition === undefined || precondition.any || precondition.revisions.includes(revision)
  );
}

/** The revision a conditional write was based on, for the history; null when it was unconditional. */
export function baseRevision(precondition: Precondition | undefined): number | null {
  if (precondition === undefined || precondition.any) return null;
  return precondition.revisions.length === 1 ? precondition.revisions[0]! : null;
}

/** Thrown inside a write's transaction when `If-Match` does not name the plan's current revision. */
export class RevisionMismatch extends Error {
  override name = 'RevisionMismatch';
  constructor(
    readonly planId: string,
    readonly current: number,
  ) {
    super(`tracking plan ${planId} is at revision ${current}`);
  }
}
