// The child process behind the UrlFetchApp fake: reads one request as JSON on stdin, sends it with
// Node's fetch, and prints the response as JSON on stdout ({ error } when nothing answered).
import { text } from 'node:stream/consumers';

const request = JSON.parse(await text(process.stdin));
let reply;
try {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: request.followRedirects ? 'follow' : 'manual',
    signal: AbortSignal.timeout(55_000),
  });
  reply = { status: response.status, headers: [...response.headers], body: await response.text() };
} catch (err) {
  reply = { error: String(err?.cause?.code ?? err?.message ?? err) };
}
process.stdout.write(JSON.stringify(reply));
