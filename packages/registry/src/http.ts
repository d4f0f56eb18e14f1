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
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Sends `text`, already JSON, with `status`. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Sends `status` with a JSON body written part by part (chunked), with backpressure: whenever the
 * socket's buffer is full it waits for 'drain' before the next part, so a client that reads slowly (or
 * not at all) holds at most one part in the server's memory, never a whole reply. Stops early when the
 * connection closes.
 */
export async function streamJson(
  res: ServerResponse,
  status: number,
  parts: Iterable<string>,
  headers: Record<string, string> = {},
): Promise<void> {
  let closed = false;
  const onClose = () => (closed = true);
  res.once('close', onClose);
  try {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    });
    for (const part of parts) {
      if (closed) return;
      if (!res.write(part)) await drained(res);
    }
    if (!closed) res.end();
  } finally {
    res.off('close', onClose);
  }
}

/** Resolves on the next 'drain' of `res`, or when it closes (a drain that will never come). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
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
 * first, then while streaming, as soon as the count passes the limit), 400 when it is not JSON. An
 * empty body reads as `undefined`. On 413 the rest of the body is left unread: the caller answers and
 * closes the connection ({@link closeAfterReply}) instead of reading an upload that may never end.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = () =>
    new HttpError(
      413,
      'payload-too-large',
      `request body is larger than the limit of ${maxBytes} bytes`,
    );
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size <= maxBytes) return;
      // Stop at once: pausing keeps the socket's unread bytes in the kernel until the reply is sent.
      done();
      req.pause();
      reject(tooLarge());
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : 'invalid JSON';
    throw new HttpError(400, 'bad-request', `malformed JSON body: ${detail}`);
  }
}

/** How long a cut connection still discards what the client sends after the reply, in ms. */
export const LINGER_MS = 250;

/**
 * Marks the reply `Connection: close` and, once it is flushed, closes the connection: FIN first, then
 * the socket is destroyed after {@link LINGER_MS}. For a request whose body is still arriving (a
 * rejected token, an over-limit upload), so the server never reads it to the end. The linger discards
 * what the client is still sending so that the close is not a reset that could lose the reply.
 */
export function closeAfterReply(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close');
  res.once('finish', () => {
    const socket = req.socket;
    socket.end();
    req.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}
