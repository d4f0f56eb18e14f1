/** The Tracking Plan API client: the Segment Public API (or a Platen registry) over HTTP. */
export { ApiClient, DEFAULT_API_URL, type ApiClientOptions, type StatusData } from './client.js';
export { ApiError, maskSecrets } from './errors.js';
export { DEFAULT_RETRY, backoffDelay, rateLimitWait, type RetryPolicy } from './retry.js';
export * from './plan-file.js';
export * from './types.js';
export * from './pulled.js';
