// The worker thread behind the UrlFetchApp fake. The test's thread posts { request, shared } on the
// port and blocks in Atomics.wait; this thread sends the request with Node's fetch, posts the reply on
// the port, then wakes the test's thread, which takes the reply with receiveMessageOnPort.
import { workerData } from 'node:worker_threads';

const { port } = workerData;
port.on('message', async ({ request, shared }) => {
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
  port.postMessage(reply);
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
});
