/**
 * The Tracking API endpoints (Segment's paths, the short paths analytics.js and analytics-next use,
 * and RudderStack's), with CORS for browser SDKs, and their answers: `{"success": true}` on 200,
 * `{"success": false, "message": …}` otherwise.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeAfterReply } from '../http.js';
import { readTrackingBody } from './body.js';
import { IngestError } from './errors.js';
import type { GroupCommit, MonitorIngest } from './ingest.js';
import type { SourceRow } from './sources.js';
import type { MessageType } from './types.js';

/**
 * The call a path names: `batch`, or a message type. `/v1/b`, `/v1/t`… are what analytics-next
 * (apiHost `host/v1`) and analytics.js post to; `/v1/batch` is analytics-node's and RudderStack's
 * batch path, `/beacon/v1/batch` RudderStack's beacon.
 */
const PATHS: Record<string, MessageType | 'batch'> = {
  batch: 'batch',
  import: 'batch',
  b: 'batch',
  track: 'track',
  t: 'track',
  identify: 'identify',
  i: 'identify',
  page: 'page',
  p: 'page',
  screen: 'screen',
  s: 'screen',
  group: 'group',
  g: 'group',
  alias: 'alias',
  a: 'alias',
};

/** The call of a Tracking API path, or undefined when the path is not one. */
export function trackingCall(pathname: string): MessageType | 'batch' | undefined {
  const m = /^\/(?:beacon\/)?v1\/([a-z]+)\/?$/.exec(pathname);
  return m ? PATHS[m[1]!] : undefined;
}

/** The headers browser SDKs send, allowed in CORS preflights. */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers':
    'Authorization, Content-Type, Content-Encoding, AnonymousId, X-Retry-Count',
  'access-control-max-age': '86400',
};

function answer(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The write key of a request: Basic username, else `writeKey` in the body, else `?writeKey=`. */
function writeKeyOf(req: IncomingMessage, body: unknown, url: URL): string | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
    if (user !== '') return user;
  }
  const inBody = (body as { writeKey?: unknown } | null)?.writeKey;
  if (typeof inBody === 'string' && inBody !== '') return inBody;
  return url.searchParams.get('writeKey') ?? undefined;
}

/** Serves one Tracking API request; resolves once it is answered. */
export async function serveTracking(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  call: MessageType | 'batch',
  ingest: MonitorIngest,
  group: GroupCommit,
  log: (line: string) => void,
): Promise<void> {
  try {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (req.method !== 'POST') throw new IngestError(405, `${url.pathname} takes POST`);
    const { maxBatchBytes, maxMessageBytes } = ingest.options;
    const limit = call === 'batch' ? maxBatchBytes : maxMessageBytes;
    const { body, raw } = await readTrackingBody(req, limit);
    const writeKey = writeKeyOf(req, body, url);
    if (writeKey === undefined)
      throw new IngestError(
        401,
        'missing write key: send it as the HTTP Basic username, or as "writeKey" in the body',
      );
    const source: SourceRow | undefined = ingest.source(writeKey);
    if (!source) throw new IngestError(401, 'invalid write key');
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new IngestError(400, 'the body must be a JSON object');
    let messages: unknown[];
    if (call === 'batch') {
      const batch = (body as { batch?: unknown }).batch;
      if (!Array.isArray(batch)) throw new IngestError(400, 'a batch body needs a "batch" array');
      messages = batch;
    } else {
      messages = [body];
    }
    const batch = ingest.prepare(
      source,
      messages,
      call === 'batch' ? undefined : call,
      call === 'batch' ? raw : undefined,
    );
    // Answered only once the batch is committed (with the others of this loop turn).
    await group.submit(batch);
    answer(res, 200, { success: true });
  } catch (err) {
    if (res.headersSent) return void res.destroy();
    const full = storageFull(err);
    if (!(err instanceof IngestError) && !full)
      log(
        `platen registry: ${req.method} ${url.pathname}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
      );
    const status = err instanceof IngestError ? err.status : full ? 507 : 500;
    if (!req.complete) closeAfterReply(req, res);
    else req.resume();
    answer(res, status, {
      success: false,
      message:
        err instanceof IngestError
          ? err.message
          : full
            ? "the registry's disk is full: the batch was not stored; retry later"
            : 'internal server error',
    });
  }
}

/** True for a write that failed for want of space (SQLite's SQLITE_FULL, or ENOSPC). */
function storageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}
