/**
 * Superseded by `@platen/runtime/prod` (packages/runtime/src/prod.ts).
 *
 * Prototype of a prod-only runtime entry (see prod-bundle.mjs): what `send` needs when there is no
 * validator: stamp the context, find the SDK, call it. No violation formatting, so nothing of
 * messages.js is bundled.
 */
export function send(state, event, args, _payloadIndex, optionsIndex) {
  const platen = { language: state.language, version: state.version };
  const given = args[optionsIndex];
  const v = event.version >= 1 ? event.version : 0;
  const context = given
    ? {
        ...given.context,
        platen,
        ...(v ? { protocols: { ...given.context?.protocols, event_version: v } } : {}),
      }
    : v
      ? { platen, protocols: { event_version: v } }
      : { platen };
  args[optionsIndex] = given ? { ...given, context } : { context };
  const a = state.analytics;
  const sdk = (typeof a === 'function' ? a() : a) ?? globalThis.analytics;
  const method = sdk?.[event.type];
  if (typeof method === 'function') method.apply(sdk, args);
  else if (!state.warnedMissing) {
    state.warnedMissing = true;
    console.warn(`Platen: no analytics instance; ${event.name ?? event.type} was not sent.`);
  }
}
