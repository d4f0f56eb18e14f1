/**
 * Alert messages: the generic JSON body, Slack's incoming-webhook body, and the HMAC-SHA256 signature
 * of generic webhooks. Bodies are built once per delivery and stored, so every retry sends the same
 * bytes; only the signature's timestamp changes per attempt.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncidentState, Notice, Observation } from './incidents.js';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256>` on generic webhook deliveries. */
export const SIGNATURE_HEADER = 'platen-signature';
/** The header naming the delivery (the same on every retry), for receivers to drop duplicates. */
export const DELIVERY_HEADER = 'platen-delivery';
/** The header saying `alert` or `resolved`. */
export const MESSAGE_HEADER = 'platen-message';
/** How far a signature's timestamp may be from the receiver's clock, by default (5 minutes). */
export const SIGNATURE_TOLERANCE_S = 300;

/** What a message is about: the incident and its monitor. */
export interface MessageInput {
  incidentId: number;
  monitor: string;
  kind: string;
  message: Notice;
  incident: IncidentState;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function anomalyJson(o: Observation) {
  return {
    source: o.source ?? null,
    event: o.event ?? null,
    direction: o.direction,
    value: o.value,
    expected: o.expected ?? null,
    lower: o.lower ?? null,
    upper: o.upper ?? null,
    score: round(o.score),
    detail: o.detail ?? null,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The generic JSON body (documented in the README's "Monitors and alerts"). */
export function genericBody(input: MessageInput): string {
  const { incident } = input;
  return JSON.stringify({
    type: input.message,
    incident: {
      id: input.incidentId,
      monitor: input.monitor,
      kind: input.kind,
      status: input.message === 'resolved' ? 'resolved' : 'open',
      opened_at: iso(incident.openedAt),
      resolved_at: input.message === 'resolved' ? iso(incident.resolvedAt) : null,
      series: incident.everMembers.map((m) => ({
        source: m.source ?? null,
        event: m.event ?? null,
        direction: m.direction,
      })),
      anomalies: incident.anomalies,
      peak_score: round(incident.peakScore),
    },
    first: incident.first.map(anomalyJson),
  });
}

/** Escapes text for Slack's mrkdwn (`&`, `<`, `>`), as Slack's message formatting asks. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function seriesName(o: { source?: string; event?: string }): string {
  const event = o.event === undefined ? 'all events' : `"${o.event}"`;
  return o.source === undefined ? event : `${event} from ${o.source}`;
}

function describe(o: Observation): string {
  if (o.detail !== undefined) return `${seriesName(o)}: ${o.detail}`;
  const expected =
    o.expected === undefined
      ? ''
      : ` (expected ${fmt(o.expected)}${o.lower === undefined || o.upper === undefined ? '' : `, normal ${fmt(o.lower)}–${fmt(o.upper)}`})`;
  return `${seriesName(o)}: ${fmt(o.value)}${expected}, ${o.direction}, score ${round(o.score)}`;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Slack's incoming-webhook body: `text` (the notification fallback) and mrkdwn `blocks`. */
export function slackBody(input: MessageInput): string {
  const { incident } = input;
  const when = (ms: number | undefined) =>
    (iso(ms) ?? '').replace('T', ' ').replace(/:00\.000Z$/, ' UTC');
  const head =
    input.message === 'alert'
      ? `:rotating_light: Platen: ${input.kind} anomaly on monitor "${input.monitor}" (incident ${input.incidentId})`
      : `:white_check_mark: Platen: resolved, monitor "${input.monitor}" is back to normal (incident ${input.incidentId})`;
  const lines =
    input.message === 'alert'
      ? incident.first.map((o) => `• ${describe(o)}`)
      : [
          `• ${incident.everMembers.map(seriesName).join(', ')}`,
          `• from ${when(incident.openedAt)} to ${when(incident.resolvedAt)}, ${incident.anomalies} anomalous interval(s)`,
        ];
  const text = slackEscape(head);
  return JSON.stringify({
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: slackEscape(lines.join('\n')) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: slackEscape(`opened ${when(incident.openedAt)}`) }],
      },
    ],
  });
}

/** The signature header value for `body` at `timestampS`: `t=…,v1=hex(HMAC-SHA256(secret, "t." + body))`. */
export function sign(secret: string, timestampS: number, body: string): string {
  const mac = createHmac('sha256', secret)
    .update(`${timestampS}.`)
    .update(body, 'utf8')
    .digest('hex');
  return `t=${timestampS},v1=${mac}`;
}

/**
 * Checks a signature header as a receiver does: well formed, made with `secret` over exactly `body`,
 * and no further than `toleranceS` from `nowS` (so a captured request cannot be replayed later).
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string | Buffer,
  nowS: number,
  toleranceS = SIGNATURE_TOLERANCE_S,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowS - t) > toleranceS) return false;
  const want = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return timingSafeEqual(want, Buffer.from(m[2]!, 'hex'));
}
