/**
 * The benchmark's traffic: a plan with one 12-property track event, and batches of 100 messages of
 * it, 10% of them invalid (a wrong type, a missing required property, or an unplanned property, in
 * turn). Bodies are serialised once; each send only patches the messageIds in place (fixed-width
 * digits at known byte offsets), so every message is new to the server's dedupe and the load
 * generator does no JSON work per request.
 */

/** The event every message is. */
export const EVENT = 'Bench Checkout Completed';
/** Messages per batch. */
export const BATCH = 100;
/** Invalid messages per batch (10%). */
export const INVALID_PER_BATCH = 10;

const props = {
  order_id: { type: 'string' },
  revenue: { type: 'number' },
  currency: { type: 'string', enum: ['USD', 'EUR', 'GBP'] },
  coupon: { type: 'string' },
  discount: { type: 'number' },
  shipping: { type: 'number' },
  tax: { type: 'number' },
  items: { type: 'integer', minimum: 0 },
  gift: { type: 'boolean' },
  channel: { type: 'string' },
  store_id: { type: 'string' },
  email: { type: 'string', format: 'email' },
};

/** The benchmark's tracking plan, in the Public API's rule shape. */
export const RULES = [
  {
    type: 'TRACK',
    key: EVENT,
    version: 1,
    jsonSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        properties: {
          type: 'object',
          additionalProperties: false,
          properties: props,
          required: ['order_id', 'revenue', 'currency', 'items'],
        },
      },
      required: ['properties'],
    },
  },
];

function properties(i) {
  return {
    order_id: `ord-${i}`,
    revenue: 19.99 + (i % 50),
    currency: ['USD', 'EUR', 'GBP'][i % 3],
    coupon: 'SPRING',
    discount: 2.5,
    shipping: 4.99,
    tax: 1.2,
    items: 1 + (i % 5),
    gift: i % 2 === 0,
    channel: 'web',
    store_id: 'store-0042',
    email: `user${i}@example.com`,
  };
}

/** Which way message `i` of a batch breaks the plan, or undefined for a valid one. */
export function invalidKind(i) {
  if (i % 10 !== 0) return undefined;
  return ['wrong_type', 'missing_required', 'unplanned_property'][(i / 10) % 3];
}

function breakIt(p, kind) {
  if (kind === 'wrong_type') p.revenue = String(p.revenue);
  else if (kind === 'missing_required') delete p.order_id;
  else if (kind === 'unplanned_property') p.promo_code = 'X';
  return p;
}

/** The width of the per-batch counter in each messageId (`m-<worker>-<counter>-<i>`). */
const DIGITS = 12;

/**
 * A reusable batch body for `worker`: `bytes` and the offsets of the counter digits in each
 * messageId. {@link stamp} writes a batch number there before each send.
 */
export function makeBatch(worker, variant = 0) {
  const marker = '#'.repeat(DIGITS);
  const batch = [];
  for (let i = 0; i < BATCH; i++) {
    const p = properties(variant * BATCH + i);
    const kind = invalidKind(i);
    batch.push({
      type: 'track',
      event: EVENT,
      messageId: `m-${worker}-${marker}-${String(i).padStart(3, '0')}`,
      anonymousId: `anon-${(variant * BATCH + i) % 997}`,
      timestamp: '2026-01-01T00:00:00.000Z',
      properties: kind ? breakIt(p, kind) : p,
      context: { library: { name: 'platen-bench', version: '1' }, protocols: { event_version: 1 } },
    });
  }
  const text = JSON.stringify({ batch, sentAt: '2026-01-01T00:00:00.000Z' });
  const bytes = Buffer.from(text, 'utf8');
  const offsets = [];
  for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + DIGITS))
    offsets.push(at);
  if (offsets.length !== BATCH) throw new Error('bench: messageId markers not found');
  return { bytes, offsets };
}

/** Writes batch number `n` into every messageId of `body` (in place). */
export function stamp(body, n) {
  const digits = String(n).padStart(DIGITS, '0');
  for (const at of body.offsets) body.bytes.write(digits, at, 'latin1');
}
