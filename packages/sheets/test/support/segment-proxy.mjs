// A stand-in for Segment's Public API in front of a real Platen registry: the same paths and bodies,
// but no revisions, as Segment's API has none. It drops the registry's ETag and platen-revision
// headers and the `revision` fields of bodies, and does not forward If-Match.
// Usage: node segment-proxy.mjs <registry url>; prints "listening on <url>".
import { createServer, request } from 'node:http';

const upstream = new URL(process.argv[2]);
const strip = (value) => {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'revision') out[k] = strip(v);
  return out;
};
const server = createServer((req, res) => {
  const headers = { ...req.headers, host: upstream.host };
  delete headers['if-match'];
  const up = request(
    { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent: false },
    (reply) => {
      const chunks = [];
      reply.on('data', (c) => chunks.push(c));
      reply.on('end', () => {
        let body = Buffer.concat(chunks).toString('utf8');
        try {
          body = JSON.stringify(strip(JSON.parse(body)));
        } catch {
          // not JSON: passed on as it is
        }
        const out = { ...reply.headers };
        for (const h of ['etag', 'platen-revision', 'content-length', 'transfer-encoding']) delete out[h];
        res.writeHead(reply.statusCode ?? 502, out);
        res.end(body);
      });
    },
  );
  up.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(up);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
