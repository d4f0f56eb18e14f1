/**
 * A fake of `UrlFetchApp` that really sends the request. `UrlFetchApp.fetch` is synchronous and the add-on
 * relies on that, so the fake must block too: it runs each request in a child Node process
 * (`execFileSync` of sync-fetch.mjs, request on stdin, response as JSON on stdout), which keeps the
 * test's own event loop out of the way. The server must therefore run in another process as well: the
 * tests start a real `platen registry` as a child process (see registry.ts).
 * (A worker thread blocked on with `Atomics.wait` would also do, at the price of shared memory buffers
 * sized for the largest response; a child process is simpler and as faithful.)
 *
 * Behaviour kept from Apps Script: methods in lower case, `contentType` + `payload`, `headers`, and
 * `muteHttpExceptions` (without it, a status ≥ 400 throws "Request failed for … returned code N");
 * a connection failure throws "Address unavailable: <url>"; response header names as the server sent them.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GasHttpResponse, GasUrlFetchApp } from '../../../src/gas.js';
import { SCOPE, type Scopes } from './scopes.js';

const CHILD = fileURLToPath(new URL('./sync-fetch.mjs', import.meta.url));

/** One request the fake sent. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  status: number;
}

/** `HTTPResponse`. */
export class FakeHttpResponse implements GasHttpResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly text: string,
  ) {}
  getResponseCode(): number {
    return this.status;
  }
  getContentText(): string {
    return this.text;
  }
  getHeaders(): object {
    return { ...this.headers };
  }
}

/** `UrlFetchApp`, blocking like Apps Script's. */
export class FakeUrlFetchApp implements GasUrlFetchApp {
  readonly sent: SentRequest[] = [];
  constructor(readonly scopes: Scopes) {}

  fetch(
    url: string,
    params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {},
  ): GasHttpResponse {
    this.scopes.check('UrlFetchApp.fetch', SCOPE.externalRequest);
    const method = (params.method ?? 'get').toUpperCase();
    const headers: Record<string, string> = { ...(params.headers ?? {}) };
    let body: string | undefined;
    if (params.payload !== undefined) {
      if (typeof params.payload !== 'string')
        throw new Error('test: the fake sends string payloads only (the add-on sends JSON text)');
      body = params.payload;
      headers['Content-Type'] = params.contentType ?? 'application/x-www-form-urlencoded';
    }
    const request = JSON.stringify({
      url,
      method,
      headers,
      body,
      followRedirects: params.followRedirects !== false,
    });
    const out = execFileSync(process.execPath, [CHILD], {
      input: request,
      maxBuffer: 256 * 1024 * 1024,
      timeout: 60_000,
    });
    const reply = JSON.parse(out.toString('utf8')) as
      { error: string } | { status: number; headers: [string, string][]; body: string };
    if ('error' in reply) throw new Error(`Exception: Address unavailable: ${url}`);
    this.sent.push({ url, method, headers, body, status: reply.status });
    const response = new FakeHttpResponse(
      reply.status,
      Object.fromEntries(reply.headers),
      reply.body,
    );
    if (reply.status >= 400 && params.muteHttpExceptions !== true)
      throw new Error(
        `Exception: Request failed for ${url} returned code ${reply.status}. Truncated server response: ${reply.body.slice(0, 100)} (use muteHttpExceptions option to examine full response)`,
      );
    return response;
  }
}
