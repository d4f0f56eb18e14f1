/** Alert bodies (generic JSON, Slack) and the HMAC signature as a receiver verifies it. */
import { createHmac } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IncidentState } from '../../src/alerts/incidents.js';
import {
  genericBody,
  sign,
  slackBody,
  slackEscape,
  verifySignature,
} from '../../src/alerts/payloads.js';
import { tempDir } from './support.js';

const incident: IncidentState = {
  status: 'open',
  openedAt: Date.parse('2026-03-02T15:00:00Z'),
  alertedAt: Date.parse('2026-03-02T15:00:00Z'),
  members: [
    {
      series: 's',
      source: 'web',
      event: 'Order <Completed> & "Paid"',
      direction: 'down',
      normalStreak: 0,
    },
  ],
  everMembers: [
    {
      series: 's',
      source: 'web',
      event: 'Order <Completed> & "Paid"',
      direction: 'down',
      normalStreak: 0,
    },
  ],
  first: [
    {
      series: 's',
      source: 'web',
      event: 'Order <Completed> & "Paid"',
      anomalous: true,
      direction: 'down',
      value: 0,
      expected: 480.25,
      lower: 430,
      upper: 530,
      score: 0.98765,
    },
  ],
  anomalies: 1,
  peakScore: 0.98765,
};
const input = {
  incidentId: 7,
  monitor: 'checkout',
  kind: 'volume',
  message: 'alert' as const,
  incident,
};

describe('signature', () => {
  const secret = 'whsec_test';
  const body = genericBody(input);
  const t = 1_772_463_600;

  it('is HMAC-SHA256 over "<t>." followed by the exact body bytes, hex, as documented', () => {
    const header = sign(secret, t, body);
    const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${mac}`);
    expect(verifySignature(secret, header, Buffer.from(body), t + 10)).toBe(true);
  });

  it.each([
    ['another secret', (h: string) => [h, body, 'whsec_other', t]],
    ['a changed body', (h: string) => [h, body.replace('"value":0', '"value":1'), secret, t]],
    ['a replay 10 minutes later', (h: string) => [h, body, secret, t + 600]],
    [
      'a timestamp edited to look fresh',
      (h: string) => [h.replace(`t=${t}`, `t=${t + 600}`), body, secret, t + 600],
    ],
    ['a malformed header', () => ['sha256=abc', body, secret, t]],
    ['no header', () => [undefined, body, secret, t]],
  ] as const)('rejects %s', (_name, make) => {
    const [header, b, key, now] = make(sign(secret, t, body)) as [
      string | undefined,
      string,
      string,
      number,
    ];
    expect(verifySignature(key, header, b, now)).toBe(false);
  });
});

describe('generic body', () => {
  it('names the incident, its series and the first anomalies, with the wire event name unchanged', () => {
    const parsed = JSON.parse(genericBody(input));
    expect(parsed).toEqual({
      type: 'alert',
      incident: {
        id: 7,
        monitor: 'checkout',
        kind: 'volume',
        status: 'open',
        opened_at: '2026-03-02T15:00:00.000Z',
        resolved_at: null,
        series: [{ source: 'web', event: 'Order <Completed> & "Paid"', direction: 'down' }],
        anomalies: 1,
        peak_score: 0.988,
      },
      first: [
        {
          source: 'web',
          event: 'Order <Completed> & "Paid"',
          direction: 'down',
          value: 0,
          expected: 480.25,
          lower: 430,
          upper: 530,
          score: 0.988,
          detail: null,
        },
      ],
    });
  });
});

describe('Slack body', () => {
  it('is an incoming-webhook body: text plus mrkdwn section blocks, with &, < and > escaped', () => {
    const body = JSON.parse(slackBody(input)) as {
      text: string;
      blocks: { type: string; text?: { type: string; text: string } }[];
    };
    expect(typeof body.text).toBe('string');
    expect(body.text).toContain('checkout');
    expect(body.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context']);
    for (const b of body.blocks.filter((x) => x.type === 'section'))
      expect(b.text!.type).toBe('mrkdwn');
    const detail = body.blocks[1]!.text!.text;
    expect(detail).toContain('Order &lt;Completed&gt; &amp; "Paid"');
    expect(detail).not.toMatch(/<|>/);
    expect(detail).toContain('expected 480.3');
  });

  it('says resolved, with the span of the incident, for a resolved message', () => {
    const resolved = {
      ...incident,
      status: 'resolved' as const,
      resolvedAt: Date.parse('2026-03-02T18:00:00Z'),
      members: [],
    };
    const body = JSON.parse(slackBody({ ...input, message: 'resolved', incident: resolved })) as {
      text: string;
      blocks: { text?: { text: string } }[];
    };
    expect(body.text).toMatch(/resolved/);
    expect(body.blocks[1]!.text!.text).toContain('2026-03-02 15:00 UTC to 2026-03-02 18:00 UTC');
  });

  it('escapes exactly the three characters Slack asks for', () => {
    expect(slackEscape('a & b < c > d "e"')).toBe('a &amp; b &lt; c &gt; d "e"');
  });
});

describe("the README's verification snippet", () => {
  it('verifies a Platen signature and refuses a tampered body or a stale timestamp', async () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const block = /```js\n(import \{ createHmac, timingSafeEqual \}[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const dir = tempDir('readme-verify');
    const file = join(dir, 'verify.mjs');
    writeFileSync(file, block!);
    const { verifyPlaten } = (await import(pathToFileURL(file).href)) as {
      verifyPlaten: (s: string, h: string | undefined, b: Buffer, now?: number) => boolean;
    };
    const body = genericBody(input);
    const t = 1_772_463_600;
    const header = sign('whsec_readme', t, body);
    expect(verifyPlaten('whsec_readme', header, Buffer.from(body), t + 1)).toBe(true);
    expect(verifyPlaten('whsec_readme', header, Buffer.from(body + ' '), t + 1)).toBe(false);
    expect(verifyPlaten('whsec_readme', header, Buffer.from(body), t + 301)).toBe(false);
    expect(verifyPlaten('other', header, Buffer.from(body), t)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
