/**
 * Serves the monitoring dashboard: `GET /monitor` (the page), `/monitor/app.js` and `/monitor/app.css`,
 * built into dist/dashboard/assets/ by scripts/build-dashboard.mjs. The page and its assets are public
 * (they hold no data); the data comes from the read API, with the read token the page signs in with.
 * A strict Content-Security-Policy allows only the registry's own scripts, styles and API.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../http.js';

/** The path the dashboard is served under. */
export const DASHBOARD_PATH = '/monitor';

/** Where the built assets are, from src/dashboard/ (tests) and dist/dashboard/ (the package) alike. */
const ASSETS = new URL('../../dist/dashboard/assets/', import.meta.url);

const FILES: Record<string, { file: string; type: string }> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** The page may load its own script and stylesheet and call the registry's API, nothing else. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const cache = new Map<string, Buffer>();

function asset(file: string): Buffer {
  let bytes = cache.get(file);
  if (!bytes) {
    try {
      bytes = readFileSync(new URL(file, ASSETS));
    } catch {
      throw new HttpError(
        503,
        'dashboard-missing',
        `the dashboard's assets are missing (${file}): build the package (pnpm build)`,
      );
    }
    cache.set(file, bytes);
  }
  return bytes;
}

/** True when `path` is the dashboard's (`/monitor` or below): {@link serveDashboard} answers it. */
export function isDashboardPath(path: string): boolean {
  return path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`);
}

/** Answers a dashboard request: GET or HEAD of a known file, else 404 / 405 (as an HttpError). */
export function serveDashboard(req: IncomingMessage, res: ServerResponse, path: string): void {
  const entry = FILES[path.slice(DASHBOARD_PATH.length)];
  if (!entry) throw new HttpError(404, 'not-found', `no route for ${path}`);
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    throw new HttpError(
      405,
      'method-not-allowed',
      `${method} is not allowed on ${path}`,
      undefined,
      {
        allow: 'GET, HEAD',
      },
    );
  }
  const bytes = asset(entry.file);
  req.resume();
  res.writeHead(200, {
    'content-type': entry.type,
    'content-length': bytes.length,
    'cache-control': 'no-cache',
    'content-security-policy': DASHBOARD_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(method === 'HEAD' ? undefined : bytes);
}
