/**
 * No silent overwrite from the add-on. Against a real registry: the sheet's base revision goes out as
 * `If-Match`; a plan changed remotely (before the preview, or between preview and confirm) is shown,
 * with what changed, and is overwritten only on an explicit click. Against a Segment-like API (the
 * same registry behind a proxy that drops revisions): the remote rules are compared with those last
 * pulled, with the same outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAddon, type Addon } from './support/addon.js';
import {
  click,
  configure,
  exampleRules,
  lastText,
  remoteRules,
  seedPlan,
} from './support/flows.js';
import { actions } from './support/html.js';
import { startChildRegistry, startSegmentProxy, type ChildRegistry } from './support/registry.js';

let registry: ChildRegistry;
let segment: { url: string; stop(): Promise<void> };
beforeAll(async () => {
  registry = await startChildRegistry();
  segment = await startSegmentProxy(registry);
});
afterAll(async () => {
  await segment?.stop();
  await registry?.stop();
});

type R = { type: string; key: string | null; version: number; jsonSchema: any };

/** Bob, another client, adds a property `coupon` to "Product Viewed" (a plain write, no If-Match). */
async function bobAddsCoupon(planId: string): Promise<void> {
  const rules = (await remoteRules(registry, planId)) as R[];
  const viewed = rules.find((r) => r.key === 'Product Viewed')!;
  viewed.jsonSchema.properties.properties.properties.coupon = { type: 'string' };
  const put = await registry.api('PUT', `/tracking-plans/${planId}/rules`, {
    rules: rules.map((r) => ({
      type: r.type,
      ...(r.key === null ? {} : { key: r.key }),
      version: r.version,
      jsonSchema: r.jsonSchema,
    })),
  });
  expect(put.status).toBe(200);
}

/** Alice changes the description of the first event row of the Track tab. */
function aliceEdits(addon: Addon, text: string): void {
  const track = addon.spreadsheet.getSheetByName('Track')!;
  const header = track.dump()[0] as string[];
  track.getRange(2, header.indexOf('Description') + 1, 1, 1).setValues([[text]]);
}

function ifMatchOfPuts(addon: Addon): (string | undefined)[] {
  return addon.urlFetch.sent.filter((r) => r.method === 'PUT').map((r) => r.headers['If-Match']);
}

async function revisionOf(planId: string): Promise<number> {
  const res = await registry.api('GET', `/tracking-plans/${planId}/rules?pagination.count=1`);
  return Number(String(res.headers.etag).replace(/"/g, ''));
}

function labels(addon: Addon): string[] {
  return actions(addon.ui.lastPage().html).map((a) => a.label);
}

describe('a Platen registry (revisions)', () => {
  it('sends If-Match with the revision the sheet was imported at', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const rev = await revisionOf(planId);
    const alice = loadAddon();
    configure(alice, registry.url, planId, registry.writeToken);
    alice.call('platenImportFromRegistry');
    aliceEdits(alice, 'Alice wrote this');
    alice.call('platenSendToRegistry');
    click(alice, 'Send');
    expect(ifMatchOfPuts(alice)).toEqual([`"${rev}"`]);
    expect(await revisionOf(planId)).toBe(rev + 1);
    expect(lastText(alice)).toContain(`revision ${rev + 1}`);
  });

  it('a plan changed since the import: the preview shows the remote change and offers only an overwrite', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const alice = loadAddon();
    configure(alice, registry.url, planId, registry.writeToken);
    alice.call('platenImportFromRegistry');
    const imported = await revisionOf(planId);
    await bobAddsCoupon(planId);
    aliceEdits(alice, 'Alice wrote this');

    alice.call('platenSendToRegistry');
    const text = lastText(alice);
    expect(text).toContain(
      `The plan changed remotely since this sheet last synced with it (revision ${imported} → ${imported + 1})`,
    );
    expect(text).toMatch(/changed TRACK "Product Viewed"[^\n]*\n[\s\S]*\/coupon/);
    expect(labels(alice)).toEqual(['Overwrite remote changes']);
    // Cancel (the dialog closes): nothing written, Bob's change stays.
    expect(ifMatchOfPuts(alice)).toEqual([]);
    const bob = (await remoteRules(registry, planId)) as R[];
    expect(
      bob.find((r) => r.key === 'Product Viewed')!.jsonSchema.properties.properties.properties
        .coupon,
    ).toBeDefined();

    // Overwriting is a choice, and it carries the revision shown.
    click(alice, 'Overwrite remote changes');
    expect(ifMatchOfPuts(alice)).toEqual([`"${imported + 1}"`]);
    const after = (await remoteRules(registry, planId)) as R[];
    expect(
      after.find((r) => r.key === 'Product Viewed')!.jsonSchema.properties.properties.properties
        .coupon,
    ).toBeUndefined();
  });

  it('a write between preview and confirm: 412, nothing written, the remote change shown, then an explicit overwrite', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const alice = loadAddon();
    configure(alice, registry.url, planId, registry.writeToken);
    alice.call('platenImportFromRegistry');
    const imported = await revisionOf(planId);
    aliceEdits(alice, 'Alice wrote this');
    alice.call('platenSendToRegistry');
    expect(labels(alice)).toEqual(['Send']);
    await bobAddsCoupon(planId); // while Alice reads the preview

    click(alice, 'Send');
    expect(ifMatchOfPuts(alice)).toEqual([`"${imported}"`]);
    const text = lastText(alice);
    expect(text).toContain(
      `Not sent: the plan changed remotely after your preview (revision ${imported} → ${imported + 1}). Nothing was written.`,
    );
    expect(text).toMatch(
      /What changed remotely[\s\S]*Product Viewed[\s\S]*\/coupon[\s\S]*What sending now would change/,
    );
    const bob = (await remoteRules(registry, planId)) as R[];
    expect(
      bob.find((r) => r.key === 'Product Viewed')!.jsonSchema.properties.properties.properties
        .coupon,
    ).toBeDefined();
    expect(await revisionOf(planId)).toBe(imported + 1);

    click(alice, 'Overwrite remote changes');
    expect(ifMatchOfPuts(alice)).toEqual([`"${imported}"`, `"${imported + 1}"`]);
    expect(await revisionOf(planId)).toBe(imported + 2);
    expect(lastText(alice)).toContain('Sent');
  });

  it('a remote write that changed nothing is no conflict, before the preview or after it', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const alice = loadAddon();
    configure(alice, registry.url, planId, registry.writeToken);
    alice.call('platenImportFromRegistry');
    const imported = await revisionOf(planId);
    const same = async () => {
      const rules = (await remoteRules(registry, planId)) as R[];
      const put = await registry.api('PUT', `/tracking-plans/${planId}/rules`, {
        rules: rules.map((r) => ({
          type: r.type,
          ...(r.key === null ? {} : { key: r.key }),
          version: r.version,
          jsonSchema: r.jsonSchema,
        })),
      });
      expect(put.status).toBe(200);
    };
    await same(); // Bob rewrites the same rules: a new revision, nothing lost
    aliceEdits(alice, 'Alice wrote this');
    alice.call('platenSendToRegistry');
    expect(lastText(alice)).not.toContain('changed remotely');
    expect(labels(alice)).toEqual(['Send']);
    await same(); // and again while Alice reads the preview
    click(alice, 'Send');
    // The first write names the previewed revision and gets 412; the rules are still the previewed
    // ones, so the add-on writes again on the new revision.
    expect(ifMatchOfPuts(alice)).toEqual([`"${imported + 1}"`, `"${imported + 2}"`]);
    expect(lastText(alice)).toContain('Sent');
  });

  it('a sheet edited after the preview is not sent: a new preview is shown', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const alice = loadAddon();
    configure(alice, registry.url, planId, registry.writeToken);
    alice.call('platenImportFromRegistry');
    aliceEdits(alice, 'first edit');
    alice.call('platenSendToRegistry');
    aliceEdits(alice, 'second edit');
    click(alice, 'Send');
    expect(ifMatchOfPuts(alice)).toEqual([]);
    expect(lastText(alice)).toContain('The sheet changed since the preview; here is a new one.');
  });
});

describe("Segment's Public API (no revisions)", () => {
  it('refuses on remote rules that differ from those last pulled, unless the person overwrites', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const alice = loadAddon();
    configure(alice, segment.url, planId, registry.writeToken);
    alice.call('platenImportFromRegistry');
    expect(lastText(alice)).not.toContain('revision');
    await bobAddsCoupon(planId);
    aliceEdits(alice, 'Alice wrote this');

    alice.call('platenSendToRegistry');
    const text = lastText(alice);
    expect(text).toContain('The plan changed remotely since this sheet last synced with it');
    expect(text).toContain('changed TRACK "Product Viewed" v1');
    expect(labels(alice)).toEqual(['Overwrite remote changes']);
    click(alice, 'Overwrite remote changes');
    // No revisions to name: the write carries no If-Match.
    expect(ifMatchOfPuts(alice)).toEqual([undefined]);
    const after = (await remoteRules(registry, planId)) as R[];
    expect(
      after.find((r) => r.key === 'Product Viewed')!.jsonSchema.properties.properties.properties
        .coupon,
    ).toBeUndefined();
  });

  it('a change between preview and confirm is caught by reading the rules again before writing', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const alice = loadAddon();
    configure(alice, segment.url, planId, registry.writeToken);
    alice.call('platenImportFromRegistry');
    aliceEdits(alice, 'Alice wrote this');
    alice.call('platenSendToRegistry');
    expect(labels(alice)).toEqual(['Send']);
    await bobAddsCoupon(planId);
    click(alice, 'Send');
    expect(ifMatchOfPuts(alice)).toEqual([]);
    expect(lastText(alice)).toContain('The plan changed remotely since your preview');
    expect(labels(alice)).toEqual(['Overwrite remote changes']);
  });
});
