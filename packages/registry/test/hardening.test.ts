/** Issue 16's registry items: invalid schemas (422), lone surrogates (422), cut-off uploads, rate limits. */
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRegistry, trackRule, type TestRegistry } from './support/helpers.js';

let t: TestRegistry | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** Sends `body` as JSON with the write token; resolves with status and parsed body. */
async function send(method: string, path: string, body: unknown, token = t!.writeToken) {
  const res = await fetch(`${t!.registry.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe('rule schemas are checked as platen check checks them (item 3)', () => {
  it('answers 422 naming the rule and the field for an unknown type name, and stores nothing', async () => {
    t = await startTestRegistry();
    const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
    const bad = {
      type: 'TRACK',
      key: 'Order Completed',
      version: 1,
      jsonSchema: {
        properties: { properties: { properties: { total: { type: 'no-such-type' } } } },
      },
    };
    for (const method of ['PUT', 'PATCH']) {
      const r = await send(method, `/tracking-plans/${id}/rules`, {
        rules: [trackRule('Fine'), bad],
      });
      expect(r.status).toBe(422);
      expect(r.body.errors).toHaveLength(1);
      const [e] = r.body.errors;
      expect(e).toMatchObject({
        type: 'validation-error',
        field: 'rules[1].jsonSchema',
        data: {
          index: 1,
          pointer: '/rules/1/jsonSchema/properties/properties/properties/total/type',
        },
      });
      expect(e.message).toMatch(/unknown type "no-such-type"/i);
    }
    // A root-level unknown type too.
    const root = await send('PUT', `/tracking-plans/${id}/rules`, {
      rules: [{ type: 'IDENTIFY', version: 1, jsonSchema: { type: 'no-such-type' } }],
    });
    expect(root.status).toBe(422);
    expect(root.body.errors[0]).toMatchObject({
      field: 'rules[0].jsonSchema',
      data: { pointer: '/rules/0/jsonSchema/type' },
    });
    expect((await t.client().listRules(id)).rules).toEqual([]);
  });

  it('answers 422 for what the IR stage of platen check rejects (enum: []), naming the rule and its code', async () => {
    t = await startTestRegistry();
    const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
    const rule = trackRule('Order Completed');
    (rule.jsonSchema.properties.properties.properties as Record<string, unknown>).revenue = {
      enum: [],
    };
    const r = await send('PUT', `/tracking-plans/${id}/rules`, { rules: [rule] });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({
      type: 'validation-error',
      field: 'rules[0].jsonSchema',
      data: {
        code: 'empty-enum',
        pointer: '/rules/0/jsonSchema/properties/properties/properties/revenue/enum',
      },
    });
    expect(r.body.errors[0].message).toContain('TRACK "Order Completed" version 1');
  });

  it('still answers 422 for a meta-schema problem, and 200 for a valid rule', async () => {
    t = await startTestRegistry();
    const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
    const r = await send('PUT', `/tracking-plans/${id}/rules`, {
      rules: [{ type: 'IDENTIFY', version: 1, jsonSchema: { type: 5 } }],
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].field).toBe('rules[0].jsonSchema');
    expect(
      (await send('PUT', `/tracking-plans/${id}/rules`, { rules: [trackRule('A')] })).status,
    ).toBe(200);
  });
});

describe('lone surrogates in keys and names (item 5)', () => {
  it('rejects TRACK keys "\\ud800" and "\\udc00" with 422 naming the field, so they never merge', async () => {
    t = await startTestRegistry();
    const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
    const r = await send('PUT', `/tracking-plans/${id}/rules`, {
      rules: [trackRule('\ud800'), trackRule('a\udc00')],
    });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: any) => e.field)).toEqual(['rules[0].key', 'rules[1].key']);
    expect(r.body.errors[0].message).toMatch(/lone surrogate \(U\+D800\) at UTF-16 offset 0/);
    expect(r.body.errors[1].message).toMatch(/lone surrogate \(U\+DC00\) at UTF-16 offset 1/);
    const patch = await send('PATCH', `/tracking-plans/${id}/rules`, {
      rules: [{ ...trackRule('A'), newKey: 'x\ud800' }],
    });
    expect(patch.status).toBe(422);
    expect(patch.body.errors[0].field).toBe('rules[0].newKey');
    expect((await t.client().listRules(id)).rules).toEqual([]);
    // A correctly paired surrogate (an emoji) is valid Unicode and is stored as sent.
    expect(
      (await send('PUT', `/tracking-plans/${id}/rules`, { rules: [trackRule('🎉')] })).status,
    ).toBe(200);
    expect((await t.client().listRules(id)).rules.map((rule) => rule.key)).toEqual(['🎉']);
  });

  it('rejects a lone surrogate in a plan name or description with 422', async () => {
    t = await startTestRegistry();
    const created = await send('POST', '/tracking-plans', { name: 'x\udc00', type: 'LIVE' });
    expect(created.status).toBe(422);
    expect(created.body.errors[0]).toMatchObject({ field: 'name' });
    const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
    const updated = await send('PATCH', `/tracking-plans/${id}`, { description: '\ud800' });
    expect(updated.status).toBe(422);
    expect(updated.body.errors[0]).toMatchObject({ field: 'description' });
  });
});

/**
 * A chunked upload that never ends on its own: a chunk every `gapMs` until the connection closes or
 * `maxMs` passes (the bound, so the old server's behaviour fails the test instead of hanging it).
 */
function endlessUpload(url: string, token: string, chunkBytes: number, gapMs = 5, maxMs = 4000) {
  return new Promise<{ status: number; body: string; respondedMs: number; closedMs: number }>(
    (resolve) => {
      const start = Date.now();
      // Keep-alive, as an attacker would ask: without it the client itself asks the server to close.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const req = request(`${url}/tracking-plans`, {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      let status = 0;
      let body = '';
      let respondedMs = Infinity;
      let closed = false;
      const finish = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        agent.destroy();
        resolve({ status, body, respondedMs, closedMs: Date.now() - start });
      };
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        respondedMs = Date.now() - start;
        res.on('data', (d) => (body += d));
        res.on('error', () => {});
      });
      // Writing into a connection the server cut fails (EPIPE, ECONNRESET): that is the point.
      req.on('error', () => {});
      req.on('socket', (socket) => socket.on('close', finish));
      req.write('{"name":"');
      const chunk = 'x'.repeat(chunkBytes);
      const timer = setInterval(() => {
        if (Date.now() - start > maxMs) {
          req.destroy();
          return;
        }
        if (!req.destroyed && req.writable) req.write(chunk);
      }, gapMs);
    },
  );
}

describe('request bodies are cut off (item 2)', () => {
  it('answers 401 to an endless chunked upload with a wrong token and closes the connection within 1 s', async () => {
    t = await startTestRegistry();
    const r = await endlessUpload(t.registry.url, 'plt_write_wrong', 16 * 1024);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).errors[0].type).toBe('unauthorized');
    expect(r.closedMs - r.respondedMs).toBeLessThan(1000);
    expect(r.closedMs).toBeLessThan(2000);
  });

  it('answers 413 as soon as an endless chunked upload passes the limit and closes within 1 s', async () => {
    t = await startTestRegistry({ maxBody: 64 * 1024 });
    const r = await endlessUpload(t.registry.url, t.writeToken, 16 * 1024);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errors[0].type).toBe('payload-too-large');
    // The limit is passed after a few chunks: the reply comes then, not when the client stops.
    expect(r.respondedMs).toBeLessThan(1500);
    expect(r.closedMs - r.respondedMs).toBeLessThan(1000);
    // The server keeps serving other clients.
    await expect(t.client().listPlans()).resolves.toHaveProperty('trackingPlans');
  });
});

describe('rate limits (item 7)', () => {
  /** A GET with `token`, answered as status, Retry-After and the error type. */
  async function get(token: string) {
    const res = await fetch(`${t!.registry.url}/tracking-plans`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { errors?: { type: string }[] };
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      type: body.errors?.[0]?.type,
    };
  }

  it('answers 429 with Retry-After once an address has failed authentication N times in the window, until it ends', async () => {
    let clock = 1_000_000;
    t = await startTestRegistry({ authFailures: 3, authWindowMs: 60_000, now: () => clock });
    for (let i = 0; i < 3; i++) expect((await get('plt_read_wrong')).status).toBe(401);
    const limited = await get('plt_read_wrong');
    expect(limited).toEqual({ status: 429, retryAfter: '60', type: 'rate-limited' });
    // The address is blocked whatever the token, so a guess cannot be confirmed while blocked.
    clock += 30_000;
    expect(await get(t.readToken)).toEqual({ status: 429, retryAfter: '30', type: 'rate-limited' });
    clock += 30_000;
    expect((await get(t.readToken)).status).toBe(200);
    expect((await get('plt_read_wrong')).status).toBe(401);
  });

  it('limits failed authentication by default: the 21st failure in a minute gets 429', async () => {
    t = await startTestRegistry();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await get('plt_read_wrong')).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('limits each token to --rate requests per minute (429 with Retry-After), other tokens unaffected', async () => {
    let clock = 5_000_000;
    t = await startTestRegistry({ rate: 2, now: () => clock });
    expect((await get(t.readToken)).status).toBe(200);
    clock += 10_000;
    expect((await get(t.readToken)).status).toBe(200);
    expect(await get(t.readToken)).toEqual({ status: 429, retryAfter: '50', type: 'rate-limited' });
    expect((await get(t.writeToken)).status).toBe(200);
    clock += 50_000;
    expect((await get(t.readToken)).status).toBe(200);
  });

  it('has no per-token rate by default', async () => {
    t = await startTestRegistry();
    for (let i = 0; i < 30; i++) expect((await get(t.readToken)).status).toBe(200);
  });
});
