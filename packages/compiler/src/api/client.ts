/**
 * `ApiClient`: the Segment Public API's tracking-plan endpoints (and a Platen registry's) over `fetch`.
 * No I/O beyond HTTP: the CLI resolves tokens, reads and writes files, and prints.
 */
import { ApiError, maskSecrets } from './errors.js';
import {
  backoffDelay,
  DEFAULT_RETRY,
  isRetryableStatus,
  rateLimitWait,
  type RetryPolicy,
} from './retry.js';
import type {
  ApiRule,
  ApiRuleInput,
  ApiRuleRef,
  ApiTrackingPlan,
  ListHistoryData,
  ListPlansData,
  ListRulesData,
  PageRequest,
} from './types.js';

/** Segment's Public API (US). The EU host is `https://eu1.api.segmentapis.com`. */
export const DEFAULT_API_URL = 'https://api.segmentapis.com';

/** How an {@link ApiClient} connects. */
export interface ApiClientOptions {
  /** Base URL, e.g. `https://api.segmentapis.com` or a Platen registry. @default DEFAULT_API_URL */
  baseUrl?: string;
  /** Bearer token. Never appears in an error message. */
  token: string;
  /** Per-attempt timeout in ms. @default 30000 */
  timeoutMs?: number;
  /** Retry bounds. @default DEFAULT_RETRY */
  retry?: Partial<RetryPolicy>;
  /** Injected for tests. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Injected for tests. @default setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
  /** Injected for tests. @default Math.random */
  random?: () => number;
  /** Called before each retry, e.g. to tell the user why the CLI is waiting. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | undefined>;

/** `{ status }` as the update endpoints return it (a Platen registry adds the new `revision`). */
export interface StatusData {
  status: string;
  revision?: number;
}

/** A client for the tracking-plan endpoints. Methods throw {@link ApiError} on failure. */
export class ApiClient {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #fetch: typeof fetch;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #onRetry: ApiClientOptions['onRetry'];

  /** Creates a client; nothing is sent until a method is called. */
  constructor(options: ApiClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.#random = options.random ?? Math.random;
    this.#onRetry = options.onRetry;
  }

  /** `GET /tracking-plans`: one page of plans, optionally of one `type`. */
  listPlans(page: PageRequest & { type?: string } = {}): Promise<ListPlansData> {
    return this.#call('GET', '/tracking-plans', { type: page.type, ...pageQuery(page) });
  }

  /** Every plan, following `pagination.next`. */
  async listAllPlans(
    options: { type?: string; pageSize?: number } = {},
  ): Promise<ApiTrackingPlan[]> {
    return this.#collect((cursor) =>
      this.listPlans({ type: options.type, count: options.pageSize, cursor }).then((d) => ({
        items: d.trackingPlans,
        pagination: d.pagination,
      })),
    );
  }

  /** `GET /tracking-plans/{id}`: the plan without its rules. */
  async getPlan(id: string): Promise<ApiTrackingPlan> {
    const data = await this.#call<{ trackingPlan: ApiTrackingPlan }>('GET', planPath(id));
    return data.trackingPlan;
  }

  /** `POST /tracking-plans`. */
  async createPlan(input: {
    name: string;
    description?: string;
    type: string;
  }): Promise<ApiTrackingPlan> {
    const data = await this.#call<{ trackingPlan: ApiTrackingPlan }>(
      'POST',
      '/tracking-plans',
      {},
      input,
    );
    return data.trackingPlan;
  }

  /** `PATCH /tracking-plans/{id}`: changes the name and/or description. */
  updatePlan(id: string, input: { name?: string; description?: string }): Promise<StatusData> {
    return this.#call('PATCH', planPath(id), {}, input);
  }

  /** `DELETE /tracking-plans/{id}`. */
  deletePlan(id: string): Promise<StatusData> {
    return this.#call('DELETE', planPath(id));
  }

  /** `GET /tracking-plans/{id}/rules`: one page; `revision` (Platen registry only) reads an earlier state. */
  listRules(id: string, page: PageRequest & { revision?: number } = {}): Promise<ListRulesData> {
    return this.#call('GET', `${planPath(id)}/rules`, {
      ...pageQuery(page),
      revision: page.revision,
    });
  }

  /** Every rule of a plan, following `pagination.next`. */
  async listAllRules(
    id: string,
    options: { pageSize?: number; revision?: number } = {},
  ): Promise<ApiRule[]> {
    return this.#collect((cursor) =>
      this.listRules(id, { count: options.pageSize, cursor, revision: options.revision }).then(
        (d) => ({
          items: d.rules,
          pagination: d.pagination,
        }),
      ),
    );
  }

  /**
   * Every rule of a plan and the revision they are (Platen registry only; Segment's API has none), read
   * at one revision even across pages: the first page's cursor pins it.
   */
  async readRules(
    id: string,
    options: { pageSize?: number; revision?: number } = {},
  ): Promise<{ rules: ApiRule[]; revision?: number }> {
    let revision: number | undefined;
    const rules = await this.#collect((cursor) =>
      this.listRules(id, { count: options.pageSize, cursor, revision: options.revision }).then(
        (d) => {
          if (revision === undefined && Number.isSafeInteger(d.revision)) revision = d.revision;
          return { items: d.rules, pagination: d.pagination };
        },
      ),
    );
    return revision === undefined ? { rules } : { rules, revision };
  }

  /**
   * `PUT /tracking-plans/{id}/rules`: the plan's rules become exactly `rules`. With `ifMatch` (Platen
   * registry) the write happens only if the plan is still at that revision; otherwise it fails with
   * an {@link ApiError} of status 412 and nothing changes.
   */
  replaceRules(
    id: string,
    rules: ApiRuleInput[],
    options: { ifMatch?: number } = {},
  ): Promise<StatusData> {
    return this.#call('PUT', `${planPath(id)}/rules`, {}, { rules }, ifMatchHeader(options));
  }

  /** `PATCH /tracking-plans/{id}/rules`: adds or changes `rules` (renaming with `newKey`), keeps the rest. */
  upsertRules(id: string, rules: ApiRuleInput[]): Promise<StatusData> {
    return this.#call('PATCH', `${planPath(id)}/rules`, {}, { rules });
  }

  /** `DELETE /tracking-plans/{id}/rules?rules=[…]`. */
  removeRules(id: string, rules: ApiRuleRef[]): Promise<StatusData> {
    return this.#call('DELETE', `${planPath(id)}/rules`, { rules: JSON.stringify(rules) });
  }

  /** `GET /tracking-plans/{id}/rules/history` (Platen registry extension): one page of revisions. */
  listRuleHistory(id: string, page: PageRequest = {}): Promise<ListHistoryData> {
    return this.#call('GET', `${planPath(id)}/rules/history`, pageQuery(page));
  }

  async #collect<T>(
    fetchPage: (cursor?: string) => Promise<{ items: T[]; pagination?: { next?: string } }>,
  ): Promise<T[]> {
    const all: T[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const page = await fetchPage(cursor);
      all.push(...page.items);
      const next = page.pagination?.next;
      if (!next) return all;
      // A server that hands back a cursor twice would loop forever.
      if (seen.has(next))
        throw new ApiError(0, 'the API repeated a pagination cursor', 'invalid-response');
      seen.add(next);
      cursor = next;
    }
  }

  async #call<T>(
    method: Method,
    path: string,
    query: Query = {},
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(query))
      if (v !== undefined) url.searchParams.set(k, String(v));
    // Creating a plan is not idempotent: after a timeout or a 500 it may exist, so only retry what
    // certainly did nothing (429, 503).
    const safeToRepeat = method !== 'POST';
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.#retry.retries;
      let response: Response;
      try {
        response = await this.#fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${this.#token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (err) {
        const failure = this.#networkError(err, url);
        if (last || !safeToRepeat) throw failure;
        await this.#wait(
          attempt,
          backoffDelay(attempt, this.#retry, this.#random),
          failure.message,
        );
        continue;
      }
      const parsed = await readJson(response);
      if (response.ok) {
        const data = (parsed as { data?: T } | undefined)?.data;
        if (data === undefined || data === null || typeof data !== 'object') {
          throw new ApiError(
            response.status,
            `${method} ${url.pathname}: response has no "data"`,
            'invalid-response',
          );
        }
        return data;
      }
      const failure = this.#httpError(response, parsed);
      const retryable =
        isRetryableStatus(response.status) &&
        (safeToRepeat || response.status === 429 || response.status === 503);
      if (last || !retryable) throw failure;
      const serverWait =
        response.status === 429
          ? rateLimitWait(parsed, response.headers.get('x-ratelimit-reset'), Date.now())
          : undefined;
      const delay =
        serverWait !== undefined
          ? Math.min(serverWait, this.#retry.maxDelayMs)
          : backoffDelay(attempt, this.#retry, this.#random);
      await this.#wait(attempt, delay, failure.message);
    }
  }

  async #wait(attempt: number, delayMs: number, reason: string): Promise<void> {
    this.#onRetry?.({ attempt: attempt + 1, delayMs, reason });
    await this.#sleep(delayMs);
  }

  #httpError(response: Response, body: unknown): ApiError {
    const first = (
      body as { errors?: { message?: unknown; type?: unknown; field?: unknown }[] } | undefined
    )?.errors?.[0];
    const message =
      typeof first?.message === 'string' && first.message !== ''
        ? first.message
        : response.statusText || 'request failed';
    return new ApiError(
      response.status,
      this.#mask(message),
      typeof first?.type === 'string' ? first.type : 'http',
      typeof first?.field === 'string' ? first.field : undefined,
    );
  }

  #networkError(err: unknown, url: URL): ApiError {
    const e = err as {
      name?: string;
      message?: string;
      cause?: { code?: string; message?: string };
    };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      return new ApiError(
        0,
        `timed out after ${this.#timeoutMs} ms waiting for ${url.origin}`,
        'timeout',
      );
    }
    const detail = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
    return new ApiError(0, this.#mask(`could not reach ${url.origin}: ${detail}`), 'network');
  }

  #mask(text: string): string {
    return maskSecrets(text, [this.#token]);
  }
}

/** `If-Match: "N"` when a write is conditional on revision N. */
function ifMatchHeader(options: { ifMatch?: number }): Record<string, string> {
  return options.ifMatch === undefined ? {} : { 'if-match': `"${options.ifMatch}"` };
}

function planPath(id: string): string {
  return `/tracking-plans/${encodeURIComponent(id)}`;
}

/** Page size sent when the caller names none: Segment's API wants `pagination.count` on every list call. */
const DEFAULT_PAGE_SIZE = 200;

function pageQuery(page: PageRequest): Query {
  return { 'pagination.count': page.count ?? DEFAULT_PAGE_SIZE, 'pagination.cursor': page.cursor };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
