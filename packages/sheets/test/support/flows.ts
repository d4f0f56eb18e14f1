/** Driving the add-on as a person would: menu items, then the buttons of the pages it shows. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Addon } from './addon.js';
import { actionNamed, pageText } from './html.js';
import { REPO, type ChildRegistry } from './registry.js';

/** The example plan's rules (fixtures/example/plan.json): every rule type, versions, a hostile key. */
export function exampleRules(): {
  type: string;
  key?: string | null;
  version: number;
  jsonSchema: unknown;
}[] {
  const plan = JSON.parse(readFileSync(join(REPO, 'fixtures/example/plan.json'), 'utf8')) as {
    rules: { type: string; key?: string | null; version: number; jsonSchema: unknown }[];
  };
  return plan.rules.map((r) => ({
    type: r.type,
    ...(r.key == null ? {} : { key: r.key }),
    version: r.version,
    jsonSchema: r.jsonSchema,
  }));
}

/** Creates a plan on the registry holding `rules`; returns its id. */
export async function seedPlan(
  registry: ChildRegistry,
  rules: unknown[],
  name = 'Web',
): Promise<string> {
  const created = await registry.api('POST', '/tracking-plans', { name, type: 'LIVE' });
  if (created.status !== 200)
    throw new Error(`seed: ${created.status} ${JSON.stringify(created.json)}`);
  const id = (created.json as { data: { trackingPlan: { id: string } } }).data.trackingPlan.id;
  const put = await registry.api('PUT', `/tracking-plans/${id}/rules`, { rules });
  if (put.status !== 200) throw new Error(`seed rules: ${put.status} ${JSON.stringify(put.json)}`);
  return id;
}

/** The plan's rules as the registry holds them now, sorted by identity, without timestamps. */
export async function remoteRules(registry: ChildRegistry, planId: string): Promise<unknown[]> {
  const res = await registry.api('GET', `/tracking-plans/${planId}/rules?pagination.count=1000`);
  const rules = (
    res.json as {
      data: {
        rules: { type: string; key?: string | null; version: number; jsonSchema: unknown }[];
      };
    }
  ).data.rules;
  return rules
    .map((r) => ({
      type: r.type,
      key: r.key ?? null,
      version: r.version,
      jsonSchema: r.jsonSchema,
    }))
    .sort((a, b) =>
      JSON.stringify([a.type, a.key, a.version]) < JSON.stringify([b.type, b.key, b.version])
        ? -1
        : 1,
    );
}

/** Saves the settings through the Settings dialog's Save button. */
export function configure(addon: Addon, apiUrl: string, planId: string, token: string): void {
  addon.call('platenShowSettings');
  const save = actionNamed(addon.ui.lastPage().html, 'Save');
  addon.call(save.fn, ...save.args, { apiUrl, planId, token });
}

/** Clicks the button or link labelled `label` on the last page shown. */
export function click(addon: Addon, label: string): void {
  const a = actionNamed(addon.ui.lastPage().html, label);
  addon.call(a.fn, ...a.args);
}

/** The text of the last page shown. */
export function lastText(addon: Addon): string {
  return pageText(addon.ui.lastPage().html);
}
