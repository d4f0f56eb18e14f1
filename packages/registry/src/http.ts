/** Small HTTP helpers for the registry: JSON envelopes, error replies, and a size-limited body reader. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiErrorItem } from '@platen/compiler/api';

/** A failed request, answered as `{ errors: [...] }` with `status`. Thrown by handlers, caught per request. */
export class HttpError extends Error {
  override name = 'HttpError';
  /** The items of the `errors` array; by default one item built from `type` and `message`. */
  readonly items: ApiErrorItem[];
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    items?: ApiErrorItem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.items = items ?? [{ type, message, status }];
  }
}

/** Sends `body` as JSON with `status`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Sends a success envelope `{ data }`. */
export function sendData(
  res: ServerResponse,
  status: number,
  data: unknown,
  headers?: Record<string, string>,
): void {
  sendJson(res, status, { data }, headers);
}

/** Sends an error envelope `{ errors }` for `err`. */
export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { errors: err.items }, err.headers);
}

/**
 * Reads a JSON request body of at most `maxBytes`: 413 when larger (checked against Content-Length
 * first, then while streaming), 400 when it is not JSON. An empty body reads as `undefined`.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = () =>
    new HttpError(
      413,
      'payload-too-large',
      `request body is larger than the limit of ${maxBytes} bytes`,
    );
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Drain without buffering so the connection can carry the 413 reply.
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) over = true;
    if (!over) chunks.push(chunk);
  }
  if (over) throw tooLarge();
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : 'invalid JSON';
    throw new HttpError(400, 'bad-request', `malformed JSON body: ${detail}`);
  }
}
