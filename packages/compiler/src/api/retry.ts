/** When and how long the API client waits before trying a request again. Pure functions. */

/** Bounds for retrying: how many retries, and the exponential backoff's base and cap. */
export interface RetryPolicy {
  /** Retries after the first attempt. @default 4 */
  retries: number;
  /** First backoff step in ms; doubles per attempt. @default 250 */
  baseDelayMs: number;
  /** Largest backoff (and largest 429 wait honoured) in ms. @default 30000 */
  maxDelayMs: number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 250, maxDelayMs: 30_000 };

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so concurrent clients spread
 * out while every wait still grows. `attempt` is 0 for the first retry; `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + (random() * step) / 2);
}

/** True for statuses worth retrying as-is: the server was overloaded or failed, not the request. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * How long a 429 asks us to wait, in ms: `errors[0].data.msBeforeNext` first, else `X-RateLimit-Reset`.
 * The header is read as epoch ms (≥ 1e12), epoch seconds (≥ 1e9), an HTTP date, or else ms still to wait.
 * Returns undefined when neither says anything usable.
 */
export function rateLimitWait(
  body: unknown,
  resetHeader: string | null,
  now: number,
): number | undefined {
  const first = (body as { errors?: { data?: { msBeforeNext?: unknown } }[] } | null)?.errors?.[0];
  const ms = first?.data?.msBeforeNext;
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return ms;
  if (resetHeader === null || resetHeader.trim() === '') return undefined;
  const n = Number(resetHeader);
  if (Number.isFinite(n)) {
    if (n >= 1e12) return Math.max(0, n - now);
    if (n >= 1e9) return Math.max(0, n * 1000 - now);
    return n >= 0 ? n : undefined;
  }
  const date = Date.parse(resetHeader);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
