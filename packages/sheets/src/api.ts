/**
 * The Tracking Plan API over Apps Script's `UrlFetchApp`: the same paths and shapes as the CLI's
 * `ApiClient` (Segment's Public API, which a Platen registry also speaks), but synchronous, as
 * `UrlFetchApp.fetch` is, and without `fetch`, `URL` or timers, which Apps Script lacks.
 * A Platen registry states the plan's revision (`ETag: "<revision>"`); Segment's API does not, and then
 * `revision` is `null`. Failures are returned as data, with the token masked out of every message.
 */
import type { ApiRule, ApiRuleInput, ApiTrackingPlan } from '@platen/compiler/api';
import type { GasUrlFetchApp } from './gas.js';

/** A failed call: `status` 0 when no response arrived. */
export interface ApiFailure {
  ok: false;
  status: number;
  /** The server's error type (`errors[0].type`), or `network` / `invalid-response`. */
  type: string;
  message: string;
  /** On 412 (Platen registry): the plan's current revision. */
  currentRevision?: number;
  /** Every error of the body, with the JSON pointer into the request a registry names (`data.pointer`). */
  problems: { message: string; pointer?: string }[];
}

/** A successful call. */
export interface ApiSuccess<T> {
  ok: true;
  data: T;
  /** The plan's revision after the call, when the server states one (a Platen registry). */
  revision: number | null;
}

/** What every call returns. */
export type ApiResult<T> = ApiSuccess<T> | ApiFailure;

/** The rules of a plan, read whole. */
export interface RemoteRules {
  rules: ApiRule[];
}

/** Page size asked for (Segment's default and the CLI's). */
const PAGE_SIZE = 200;
/** A plan of more pages than this is refused rather than read forever. */
const MAX_PAGES = 10_000;

/** A synchronous client for one API URL and token. */
export class SyncApiClient {
  readonly #baseUrl: string;
  readonly #token: string;
  readonly #fetch: GasUrlFetchApp;

  /** Nothing is sent until a method is called. */
  constructor(baseUrl: string, token: string, urlFetch: GasUrlFetchApp) {
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#token = token;
    this.#fetch = urlFetch;
  }

  /** `GET /tracking-plans/{id}`. */
  getPlan(planId: string): ApiResult<ApiTrackingPlan> {
    const res = this.#call<{ trackingPlan?: ApiTrackingPlan }>('get', planPath(planId));
    if (!res.ok) return res;
    if (typeof res.data.trackingPlan?.id !== 'string') return invalid('GET plan: no trackingPlan');
    return { ...res, data: res.data.trackingPlan };
  }

  /**
   * Every rule, following `pagination.next`; with `revision` (Platen registry only), the rules as they
   * were after that revision. The revision returned is the one the first page stated.
   */
  listAllRules(planId: string, revision?: number): ApiResult<RemoteRules> {
    const rules: ApiRule[] = [];
    const seen: Record<string, true> = {};
    let cursor: string | undefined;
    let firstRevision: number | null | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: Record<string, string> = { 'pagination.count': String(PAGE_SIZE) };
      if (cursor !== undefined) query['pagination.cursor'] = cursor;
      if (revision !== undefined) query.revision = String(revision);
      const res = this.#call<{ rules?: unknown; pagination?: { next?: unknown } }>(
        'get',
        `${planPath(planId)}/rules`,
        query,
      );
      if (!res.ok) return res;
      if (!Array.isArray(res.data.rules)) return invalid('GET rules: no rules array');
      rules.push(...(res.data.rules as ApiRule[]));
      if (firstRevision === undefined) firstRevision = res.revision;
      const next = res.data.pagination?.next;
      if (typeof next !== 'string' || next === '') return ok({ rules }, firstRevision);
      // A server that hands back a cursor twice would loop forever.
      if (seen[next]) return invalid('the API repeated a pagination cursor');
      seen[next] = true;
      cursor = next;
    }
    return invalid(`the plan has more than ${MAX_PAGES} pages of rules`);
  }

  /**
   * `PUT /tracking-plans/{id}/rules`: the plan's rules become exactly `rules`. With `ifMatch`, the write
   * happens only if the plan is still at that revision (else 412, with the current revision).
   */
  replaceRules(planId: string, rules: ApiRuleInput[], ifMatch?: number): ApiResult<unknown> {
    const headers: Record<string, string> = {};
    if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
    return this.#call('put', `${planPath(planId)}/rules`, {}, { rules }, headers);
  }

  #call<T>(
    method: 'get' | 'put',
    path: string,
    query: Record<string, string> = {},
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): ApiResult<T> {
    const qs = Object.keys(query)
      .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k]!)}`)
      .join('&');
    const url = this.#baseUrl + path + (qs === '' ? '' : `?${qs}`);
    const options: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {
      method,
      headers: {
        Authorization: `Bearer ${this.#token}`,
        Accept: 'application/json',
        ...extraHeaders,
      },
      muteHttpExceptions: true,
      followRedirects: false,
    };
    if (body !== undefined) {
      options.contentType = 'application/json';
      options.payload = JSON.stringify(body);
    }
    let response;
    try {
      response = this.#fetch.fetch(url, options);
    } catch (err) {
      // UrlFetchApp throws for DNS errors, refused connections, timeouts and forbidden hosts.
      const message = (err as { message?: unknown } | null)?.message;
      const text = typeof message === 'string' ? message : String(err);
      return {
        ok: false,
        status: 0,
        type: 'network',
        message: this.#mask(`could not reach ${this.#baseUrl}: ${text}`),
        problems: [],
      };
    }
    const status = response.getResponseCode();
    const headers = lowerKeys(response.getHeaders());
    const parsed = parseJson(response.getContentText());
    const data = (parsed as { data?: unknown } | undefined)?.data;
    const revision =
      parseRevision(headers['etag']) ??
      parseRevision(headers['platen-revision']) ??
      bodyRevision(data);
    if (status >= 200 && status < 300) {
      if (data === null || typeof data !== 'object')
        return invalid(`${method.toUpperCase()} ${path}: response has no "data"`, status);
      return ok(data as T, revision);
    }
    const first = (
      parsed as { errors?: { type?: unknown; message?: unknown; data?: unknown }[] } | undefined
    )?.errors?.[0];
    const failure: ApiFailure = {
      ok: false,
      status,
      type: typeof first?.type === 'string' ? first.type : 'http',
      message: this.#mask(
        typeof first?.message === 'string' && first.message !== ''
          ? first.message
          : `HTTP ${status}`,
      ),
      problems: [],
    };
    const items = (parsed as { errors?: unknown } | undefined)?.errors;
    if (Array.isArray(items))
      for (const item of items as { message?: unknown; data?: { pointer?: unknown } }[]) {
        if (typeof item?.message !== 'string') continue;
        const problem: { message: string; pointer?: string } = {
          message: this.#mask(item.message),
        };
        if (typeof item.data?.pointer === 'string') problem.pointer = item.data.pointer;
        failure.problems.push(problem);
      }
    if (status === 412) {
      const current = revision ?? bodyRevision(first?.data);
      if (current !== null) failure.currentRevision = current;
    }
    return failure;
  }

  #mask(text: string): string {
    return this.#token.length >= 4 ? text.split(this.#token).join('****') : text;
  }
}

function ok<T>(data: T, revision: number | null | undefined): ApiSuccess<T> {
  return { ok: true, data, revision: revision ?? null };
}

function invalid(message: string, status = 0): ApiFailure {
  return { ok: false, status, type: 'invalid-response', message, problems: [] };
}

function planPath(id: string): string {
  return `/tracking-plans/${encodeURIComponent(id)}`;
}

/** Header names as lower case (Apps Script keeps the server's spelling). */
function lowerKeys(headers: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    out[k.toLowerCase()] = Array.isArray(v) ? String(v[0]) : String(v);
  return out;
}

/** `"12"`, `W/"12"` or `12` → 12; anything else → null. */
export function parseRevision(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value.trim());
  return m ? Number(m[1]) : null;
}

/** `{ revision: 12 }` (or `{ currentRevision: 12 }`) in a body's data → 12. */
function bodyRevision(data: unknown): number | null {
  if (data === null || typeof data !== 'object') return null;
  const d = data as { revision?: unknown; currentRevision?: unknown };
  for (const v of [d.revision, d.currentRevision])
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  return null;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
