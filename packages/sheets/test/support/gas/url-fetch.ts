/**
 * A fake of `UrlFetchApp` that really sends the request. `UrlFetchApp.fetch` is synchronous and the add-on
 * relies on that, so the fake must block too. It hands each request to a worker thread
 * (fetch-worker.mjs) over a MessagePort and blocks in `Atomics.wait` until the worker has posted the
 * reply, which it then takes synchronously with `receiveMessageOnPort`: no shared buffer to size, and
 * no process to start per request (a child process run with `execFileSync` works too, but costs a
 * Node start-up, about a second on a loaded machine, per request). The test's own thread is blocked
 * meanwhile, so the server must run elsewhere: the tests start a real `platen registry` as a child
 * process (see registry.ts).
 *
 * Behaviour kept from Apps Script: methods in lower case, `contentType` + `payload`, `headers`, and
 * `muteHttpExceptions` (without it, a status ≥ 400 throws "Request failed for … returned code N");
 * a connection failure throws "Address unavailable: <url>"; response header names as the server sent them.
 */
import { fileURLToPath } from 'node:url';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import type { GasHttpResponse, GasUrlFetchApp } from '../../../src/gas.js';
import { SCOPE, type Scopes } from './scopes.js';

const WORKER = fileURLToPath(new URL('./fetch-worker.mjs', import.meta.url));

/** The worker and the port to it, shared by every fake in the test process. */
let channel: { worker: Worker; port: MessagePort } | undefined;

function fetchChannel(): { worker: Worker; port: MessagePort } {
  if (channel === undefined) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER, { workerData: { port: port2 }, transferList: [port2] });
    worker.unref();
    port1.unref();
    channel = { worker, port: port1 };
  }
  return channel;
}

/** Sends one request and blocks until its reply (or 60 s). */
function blockingFetch(
  request: object,
): { error: string } | { status: number; headers: [string, string][]; body: string } {
  const { port } = fetchChannel();
  const shared = new Int32Array(new SharedArrayBuffer(4));
  port.postMessage({ request, shared });
  if (Atomics.wait(shared, 0, 0, 60_000) === 'timed-out') return { error: 'timed out' };
  const message = receiveMessageOnPort(port);
  if (message === undefined) return { error: 'no reply from the fetch worker' };
  return message.message as
    { error: string } | { status: number; headers: [string, string][]; body: string };
}

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
    const reply = blockingFetch({
      url,
      method,
      headers,
      body,
      followRedirects: params.followRedirects !== false,
    });
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
