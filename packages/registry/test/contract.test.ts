/**
 * Contract: every request in fixtures/registry/contract.json is sent to a real registry, and the status,
 * headers and body must match the case. The fixture restates the Public API's shapes as JSON Schemas.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { REPO, startTestRegistry, type TestRegistry } from './support/helpers.js';

interface Case {
  name: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  bodyBytes?: number;
  token?: 'write' | 'read' | 'none' | 'wrong';
  fault?: number;
  status: number;
  headers?: Record<string, string>;
  response?: object;
  save?: Record<string, string>;
}

const contract = JSON.parse(readFileSync(`${REPO}/fixtures/registry/contract.json`, 'utf8')) as {
  definitions: object;
  cases: Case[];
};
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);

function resolvePointer(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

let t: TestRegistry;
const saved: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestRegistry({ maxBody: 4096 });
});
afterAll(() => t.stop());

describe('registry contract', () => {
  // The cases build on each other (create, then use the plan), so they run in order.
  for (const c of contract.cases) {
    it(`${c.name}: ${c.method} ${c.path} → ${c.status}`, async () => {
      const path = c.path.replace(/\{(\w+)\}/g, (_m, name: string) => saved[name] ?? `{${name}}`);
      const url = new URL(t.registry.url + path);
      for (const [k, v] of Object.entries(c.query ?? {})) url.searchParams.set(k, v);
      const token = { write: t.writeToken, read: t.readToken, wrong: 'plt_write_wrong', none: '' }[
        c.token ?? 'write'
      ];
      const body =
        c.bodyBytes !== undefined
          ? JSON.stringify({ name: 'x'.repeat(c.bodyBytes) })
          : (c.rawBody ?? (c.body === undefined ? undefined : JSON.stringify(c.body)));
      if (c.fault) t.registry.faults.add(c.fault);
      const res = await fetch(url, {
        method: c.method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body,
      });
      const json = (await res.json()) as unknown;
      expect({ status: res.status, json }).toMatchObject({ status: c.status });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      for (const [name, pattern] of Object.entries(c.headers ?? {})) {
        expect(res.headers.get(name) ?? '').toMatch(new RegExp(pattern));
      }
      if (c.response) {
        // Each case's schema is compiled with the shared definitions beside it, so `#/definitions/…` resolves.
        const validate = ajv.compile({ ...c.response, definitions: contract.definitions });
        expect(validate(json) ? [] : validate.errors).toEqual([]);
      }
      for (const [name, pointer] of Object.entries(c.save ?? {}))
        saved[name] = String(resolvePointer(json, pointer));
    });
  }
});
