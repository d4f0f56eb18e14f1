/**
 * The registry's routes: the Public API's tracking-plan paths plus the Platen extension
 * `GET /tracking-plans/{id}/rules/history`. Each handler validates, calls the store, and answers `{ data }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiPagination } from '@platen/compiler/api';
import { HttpError, readJsonBody, sendData, streamJson } from './http.js';
import { PAGE_BYTES, pageInfo, readPage } from './pagination.js';
import { planToApi, type PlanRow, type RuleRow, type WriteResult } from './rows.js';
import type { RegistryStore } from './store.js';
import { etagOf, readIfMatch, RevisionMismatch, type Precondition } from './preconditions.js';
import {
  checkPlanCreate,
  checkPlanUpdate,
  checkRuleRefs,
  checkRulesBody,
  type Checked,
} from './validate.js';

/** What a handler gets: the request, its parsed URL, and path parameters. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: string[];
  store: RegistryStore;
  maxBody: number;
}

/** One path with a handler per method; `write` methods need a write token. */
interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, (ctx: RouteContext) => Promise<void> | void>>;
}

/** The header naming the revision a rule write created (a Platen extension; bodies stay Segment's). */
export const REVISION_HEADER = 'platen-revision';

const SUCCESS = { status: 'SUCCESS' };

function valid<T>(checked: Checked<T>): T {
  if (checked.ok) return checked.value;
  throw new HttpError(
    422,
    'validation-error',
    checked.errors[0]?.message ?? 'invalid request',
    checked.errors,
  );
}

function planOr404(store: RegistryStore, id: string): PlanRow {
  const plan = store.getPlan(id);
  if (!plan) throw notFound(id);
  return plan;
}

function notFound(id: string): HttpError {
  return new HttpError(404, 'not-found', `tracking plan ${JSON.stringify(id)} not found`);
}

/** Answers a rule write: the new revision as `ETag`, in the Platen header, and in the body. */
function written(ctx: RouteContext, id: string, result: WriteResult | undefined): void {
  if (!result) throw notFound(id);
  sendData(
    ctx.res,
    200,
    { ...SUCCESS, revision: result.revision },
    { [REVISION_HEADER]: String(result.revision), etag: etagOf(result.revision) },
  );
}

/**
 * Runs a write under the request's `If-Match`: when it names another revision than the plan's, the
 * store throws inside its transaction (nothing changes) and the answer is 412 with the current revision
 * as `ETag` and in the error, so the client can read what changed since and decide.
 */
function conditionally<T>(ctx: RouteContext, write: (precondition?: Precondition) => T): T {
  const precondition = readIfMatch(ctx.req.headers['if-match']);
  try {
    return write(precondition);
  } catch (err) {
    if (!(err instanceof RevisionMismatch)) throw err;
    const message =
      `tracking plan ${err.planId} is at revision ${err.current}, not the one If-Match names ` +
      `(${String(ctx.req.headers['if-match'])}); nothing was changed: read it again and retry`;
    throw new HttpError(
      412,
      'precondition-failed',
      message,
      [{ type: 'precondition-failed', message, status: 412, data: { revision: err.current } }],
      { etag: etagOf(err.current) },
    );
  }
}

const ID = '([^/]+)';

/** The routes, matched against the decoded path. */
export const ROUTES: Route[] = [
  {
    pattern: /^\/tracking-plans\/?$/,
    methods: {
      GET: ({ res, url, store }) => {
        const page = readPage(url.searchParams);
        const type = url.searchParams.get('type') || undefined;
        const { rows, total } = store.listPlans(type, page.offset, page.count);
        sendData(res, 200, {
          trackingPlans: rows.map(planToApi),
          pagination: pageInfo(page, total),
        });
      },
      POST: async ({ req, res, store, maxBody }) => {
        const input = valid(checkPlanCreate(await readJsonBody(req, maxBody)));
        sendData(res, 200, { trackingPlan: planToApi(store.createPlan(input)) });
      },
    },
  },
  {
    pattern: new RegExp(`^/tracking-plans/${ID}/?$`),
    methods: {
      GET: ({ res, params, store }) => {
        const plan = planOr404(store, params[0]!);
        sendData(res, 200, { trackingPlan: planToApi(plan) }, { etag: etagOf(plan.revision) });
      },
      PATCH: async (ctx) => {
        const input = valid(checkPlanUpdate(await readJsonBody(ctx.req, ctx.maxBody)));
        const id = ctx.params[0]!;
        if (!conditionally(ctx, (pre) => ctx.store.updatePlan(id, input, pre))) throw notFound(id);
        sendData(ctx.res, 200, SUCCESS);
      },
      DELETE: (ctx) => {
        const id = ctx.params[0]!;
        if (!conditionally(ctx, (pre) => ctx.store.deletePlan(id, pre))) throw notFound(id);
        sendData(ctx.res, 200, SUCCESS);
      },
    },
  },
  {
    pattern: new RegExp(`^/tracking-plans/${ID}/rules/?$`),
    methods: {
      GET: async ({ res, url, params, store }) => {
        const plan = planOr404(store, params[0]!);
        const page = readPage(url.searchParams);
        const revision = page.revision ?? readRevision(url.searchParams, plan);
        const { rows, total } = store.listRules(
          plan,
          revision,
          page.offset,
          page.count,
          PAGE_BYTES,
        );
        const pagination = pageInfo(page, total, revision, rows.length);
        await streamJson(res, 200, rulesPage(rows, pagination, revision), {
          etag: etagOf(revision),
        });
      },
      PUT: async (ctx) => {
        const rules = valid(checkRulesBody(await readJsonBody(ctx.req, ctx.maxBody), false));
        const id = ctx.params[0]!;
        written(
          ctx,
          id,
          conditionally(ctx, (pre) => ctx.store.replaceRules(id, rules, pre)),
        );
      },
      PATCH: async (ctx) => {
        const rules = valid(checkRulesBody(await readJsonBody(ctx.req, ctx.maxBody), true));
        const id = ctx.params[0]!;
        written(
          ctx,
          id,
          conditionally(ctx, (pre) => ctx.store.upsertRules(id, rules, pre)),
        );
      },
      DELETE: (ctx) => {
        // Check the plan first: an unknown plan is 404 whatever the query says.
        const id = ctx.params[0]!;
        planOr404(ctx.store, id);
        const refs = valid(checkRuleRefs(ctx.url.searchParams.get('rules')));
        written(
          ctx,
          id,
          conditionally(ctx, (pre) => ctx.store.removeRules(id, refs, pre)),
        );
      },
    },
  },
  {
    pattern: new RegExp(`^/tracking-plans/${ID}/rules/history/?$`),
    methods: {
      GET: ({ res, url, params, store }) => {
        const plan = planOr404(store, params[0]!);
        const page = readPage(url.searchParams);
        const { revisions, total } = store.listRevisions(plan, page.offset, page.count);
        sendData(res, 200, { revisions, pagination: pageInfo(page, total) });
      },
    },
  },
];

/**
 * The JSON of a page of rules, `{ data: { rules, pagination } }`, in parts: each rule's stored schema
 * text goes out as it is (it was written by `JSON.stringify`), never parsed and re-serialized, and each
 * row is let go once its parts are handed out, so a page is never built as one string. The fields are
 * those (and in the order) of `ruleToApi`.
 */
function* rulesPage(
  rows: (RuleRow | undefined)[],
  pagination: ApiPagination,
  revision: number,
): Generator<string> {
  yield '{"data":{"rules":[';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    rows[i] = undefined;
    yield (
      `${i > 0 ? ',' : ''}{"type":${JSON.stringify(row.type)},"key":${JSON.stringify(row.key)},` +
      `"version":${JSON.stringify(row.version)},"jsonSchema":`
    );
    yield row.json_schema;
    yield (
      `,"createdAt":${JSON.stringify(row.created_at)},"updatedAt":${JSON.stringify(row.updated_at)},` +
      '"deprecatedAt":null}'
    );
  }
  yield `],"pagination":${JSON.stringify(pagination)},"revision":${revision}}}`;
}

/** `?revision=N` (Platen extension): 0 ≤ N ≤ the plan's current revision; absent means current. */
function readRevision(query: URLSearchParams, plan: PlanRow): number {
  const raw = query.get('revision');
  if (raw === null) return plan.revision;
  if (!/^\d+$/.test(raw))
    throw new HttpError(400, 'bad-request', 'revision must be a non-negative integer');
  const revision = Number(raw);
  if (revision > plan.revision) {
    throw new HttpError(
      404,
      'not-found',
      `revision ${revision} of tracking plan ${plan.id} not found`,
    );
  }
  return revision;
}

/** Methods that change data: they need a write token. */
export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Finds the handler for a request: 404 for an unknown path, 405 (with `Allow`) for a wrong method. */
export function matchRoute(
  method: string,
  path: string,
): { handler: (ctx: RouteContext) => Promise<void> | void; params: string[] } {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    const handler = route.methods[method];
    if (!handler) {
      const allow = Object.keys(route.methods).join(', ');
      throw new HttpError(
        405,
        'method-not-allowed',
        `${method} is not allowed on ${path}`,
        undefined,
        { allow },
      );
    }
    return { handler, params: m.slice(1).map((p) => safeDecode(p)) };
  }
  throw new HttpError(404, 'not-found', `no route for ${path}`);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'bad-request', 'malformed percent-encoding in the path');
  }
}
