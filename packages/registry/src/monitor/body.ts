/**
 * Reading a Tracking API request body: gzip or deflate as `Content-Encoding` says, a limit on the
 * bytes after decompression (so a small gzip bomb is refused as early as a large plain body), JSON.
 */
import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { IngestError } from './errors.js';

/** Reads and parses the body, at most `maxBytes` of JSON text (after decompression); `raw` is its bytes. */
export async function readTrackingBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ body: unknown; raw: Buffer }> {
  const tooLarge = () =>
    new IngestError(413, `request body is larger than the limit of ${maxBytes} bytes`);
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  let decoder: Gunzip | Inflate | undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') decoder = createGunzip();
  else if (encoding === 'deflate') decoder = createInflate();
  else if (encoding !== 'identity' && encoding !== '')
    throw new IngestError(415, `unsupported Content-Encoding ${JSON.stringify(encoding)}`);
  const declared = Number(req.headers['content-length']);
  if (!decoder && Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const source = decoder ? req.pipe(decoder) : req;
  const buffer = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      if (decoder) req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        if (decoder) {
          req.unpipe(decoder);
          decoder.destroy();
        }
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(
        decoder && (err as NodeJS.ErrnoException).code?.startsWith('Z_')
          ? new IngestError(400, `body is not valid ${encoding} data: ${err.message}`)
          : err,
      );
    };
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
    if (decoder) req.on('error', onError);
  });
  const text = buffer.toString('utf8');
  if (text.trim() === '') throw new IngestError(400, 'empty body: expected a JSON object');
  try {
    return { body: JSON.parse(text) as unknown, raw: buffer };
  } catch (err) {
    throw new IngestError(
      400,
      `malformed JSON body: ${err instanceof Error ? err.message : 'invalid JSON'}`,
    );
  }
}
