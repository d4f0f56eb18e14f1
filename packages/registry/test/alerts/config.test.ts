/**
 * Monitors and alert targets in platen.config.json: every bad value is reported with its JSON
 * pointer (and, through parseConfig, its line), and good ones get their defaults.
 */
import { describe, expect, it } from 'vitest';
import {
  checkMonitorConfig,
  parseConfig,
  validateConfig,
} from '../../../compiler/src/config/index.js';
import type { MonitorIssue } from '@platen/compiler/api';

const base = { plan: 'plan.json', outputs: [{ path: 'out' }] };

const cases: [string, { monitors?: unknown; alerts?: unknown; want: MonitorIssue[] }][] = [
  [
    'monitors not a list',
    {
      monitors: { name: 'x' },
      want: [
        [
          '/monitors',
          '"monitors" must be a list of monitors such as [{ "name": "…", "kind": "volume" }].',
        ],
      ],
    },
  ],
  [
    'unknown kind',
    {
      monitors: [{ name: 'a', kind: 'volumes' }],
      want: [
        [
          '/monitors/0/kind',
          '"kind" must be one of "volume", "violations-total", "violations-unique", "unplanned-events", "unplanned-properties", "new-violation-class", "event-stopped", got "volumes".',
        ],
      ],
    },
  ],
  [
    'missing name',
    {
      monitors: [{ kind: 'volume' }],
      want: [['/monitors/0/name', '"name" must be a non-empty string.']],
    },
  ],
  [
    'bad sensitivity',
    {
      monitors: [{ name: 'a', kind: 'volume', sensitivity: 2 }],
      want: [
        [
          '/monitors/0/sensitivity',
          '"sensitivity" must be "low", "medium", "high" or a number from 0 to 1, got 2.',
        ],
      ],
    },
  ],
  [
    'stoppedAfter on the wrong kind',
    {
      monitors: [{ name: 'a', kind: 'volume', stoppedAfter: 3 }],
      want: [['/monitors/0/stoppedAfter', '"stoppedAfter" applies to kind "event-stopped" only.']],
    },
  ],
  [
    'unknown monitor key',
    {
      monitors: [{ name: 'a', kind: 'volume', threshold: 3 }],
      want: [
        [
          '/monitors/0/threshold',
          'Unknown monitor option "threshold" (known: "name", "kind", "source", "event", "sensitivity", "direction", "stoppedAfter", "targets").',
        ],
      ],
    },
  ],
  [
    'duplicate monitor names',
    {
      monitors: [
        { name: 'a', kind: 'volume' },
        { name: 'a', kind: 'event-stopped' },
      ],
      want: [['/monitors/1/name', 'Another monitor is already named "a".']],
    },
  ],
  [
    'a target name no target has',
    {
      monitors: [{ name: 'a', kind: 'volume', targets: ['ops'] }],
      alerts: {
        targets: [{ name: 'team', type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' }],
      },
      want: [['/monitors/0/targets/0', 'No alert target is named "ops" (targets: "team").']],
    },
  ],
  [
    'a webhook without a secret',
    {
      alerts: { targets: [{ name: 'ops', type: 'webhook', url: 'https://ops.example/hook' }] },
      want: [['/alerts/targets/0', 'A target needs "secret" or "secretEnv".']],
    },
  ],
  [
    'a slack target with a secret',
    {
      alerts: {
        targets: [{ name: 's', type: 'slack', url: 'https://hooks.slack.com/x', secretEnv: 'S' }],
      },
      want: [
        [
          '/alerts/targets/0/secretEnv',
          'Only "webhook" targets are signed; a "slack" target takes no secret.',
        ],
      ],
    },
  ],
  [
    'a URL that is not http(s)',
    {
      alerts: { targets: [{ name: 's', type: 'slack', url: 'ftp://example/x' }] },
      want: [
        ['/alerts/targets/0/url', 'The target URL must be an http(s) URL, got "ftp://example/x".'],
      ],
    },
  ],
  [
    'a bad cooldown',
    {
      alerts: { cooldown: '6 hours' },
      want: [
        [
          '/alerts/cooldown',
          '"cooldown" must be a duration such as "30m", "6h" or "1d", got "6 hours".',
        ],
      ],
    },
  ],
  [
    'both url and urlEnv',
    {
      alerts: {
        targets: [{ name: 's', type: 'slack', url: 'https://x.example/', urlEnv: 'SLACK_URL' }],
      },
      want: [['/alerts/targets/0/urlEnv', 'Give "url" or "urlEnv", not both.']],
    },
  ],
];

describe('monitors in platen.config.json', () => {
  it.each(cases)('%s', (_name, { monitors, alerts, want }) => {
    const result = validateConfig(
      {
        ...base,
        ...(monitors === undefined ? {} : { monitors }),
        ...(alerts === undefined ? {} : { alerts }),
      },
      'platen.config.json',
      '/repo',
    );
    expect(result.diagnostics.map((d) => [d.pointer, d.message])).toEqual(want);
    expect(result.diagnostics.every((d) => d.code === 'invalid-config')).toBe(true);
    expect(result.options).toBeUndefined();
  });

  it('accepts a good config and fills in defaults per kind', () => {
    const issues: MonitorIssue[] = [];
    const config = checkMonitorConfig(
      [
        {
          name: 'checkout',
          kind: 'volume',
          source: 'web',
          event: 'Order Completed',
          sensitivity: 'high',
        },
        { name: 'stops', kind: 'event-stopped', stoppedAfter: 4, targets: ['ops'] },
        { name: 'violations', kind: 'violations-total', sensitivity: 0.3 },
      ],
      {
        targets: [{ name: 'ops', type: 'webhook', urlEnv: 'OPS_URL', secretEnv: 'OPS_SECRET' }],
        cooldown: '6h',
        resolveAfter: 3,
      },
      issues,
      { OPS_URL: 'https://ops.example/platen', OPS_SECRET: 's3cret' },
    );
    expect(issues).toEqual([]);
    expect(config).toEqual({
      monitors: [
        {
          name: 'checkout',
          kind: 'volume',
          source: 'web',
          event: 'Order Completed',
          sensitivity: 0.75,
          direction: 'both',
          stoppedAfter: 3,
        },
        {
          name: 'stops',
          kind: 'event-stopped',
          event: '*',
          sensitivity: 0.5,
          direction: 'down',
          stoppedAfter: 4,
          targets: ['ops'],
        },
        {
          name: 'violations',
          kind: 'violations-total',
          sensitivity: 0.3,
          direction: 'up',
          stoppedAfter: 3,
        },
      ],
      targets: [
        { name: 'ops', type: 'webhook', url: 'https://ops.example/platen', secret: 's3cret' },
      ],
      settings: { cooldownMs: 6 * 3_600_000, resolveAfter: 3 },
    });
  });

  it('names an environment variable that is not set (when applying), but not when only checking', () => {
    const alerts = {
      targets: [
        { name: 'ops', type: 'webhook', url: 'https://ops.example/', secretEnv: 'NOT_SET_HERE' },
      ],
    };
    const issues: MonitorIssue[] = [];
    checkMonitorConfig(undefined, alerts, issues, {});
    expect(issues).toEqual([
      ['/alerts/targets/0/secretEnv', 'The environment variable NOT_SET_HERE is not set.'],
    ]);
    expect(validateConfig({ ...base, alerts }, 'platen.config.json', '/repo').diagnostics).toEqual(
      [],
    );
  });

  it('places a monitor problem at its line and column in the file', () => {
    const text =
      '{\n  "plan": "p.json",\n  "outputs": [{ "path": "out" }],\n  "monitors": [\n    { "name": "a", "kind": "nope" }\n  ]\n}\n';
    const [d] = parseConfig(text, 'platen.config.json', '/repo').diagnostics;
    expect([d?.pointer, d?.line]).toEqual(['/monitors/0/kind', 5]);
  });
});
