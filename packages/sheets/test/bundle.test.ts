/**
 * The deployable add-on: one script file and a manifest, runnable with nothing but what Apps Script's V8
 * runtime offers (no Node built-ins, no module loading), exposing its entry points as global functions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BUNDLE, MANIFEST, PACKAGE, bundleText, loadAddon } from './support/addon.js';
import { SCOPE } from './support/gas/scopes.js';

describe('the bundle', () => {
  it('is appsscript.json plus one script file', () => {
    expect(readdirSync(`${PACKAGE}dist`).sort()).toEqual(['Code.js', 'appsscript.json']);
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, unknown>;
    expect(manifest.runtimeVersion).toBe('V8');
    // Minimal scopes: this spreadsheet only, outbound HTTP, and the sidebar/dialogs.
    expect([...(manifest.oauthScopes as string[])].sort()).toEqual(
      [SCOPE.currentSpreadsheet, SCOPE.externalRequest, SCOPE.containerUi].sort(),
    );
  });

  it('loads nothing at run time and names no Node or browser host object', () => {
    const text = bundleText();
    expect(text).not.toMatch(/\brequire\s*\(/);
    expect(text).not.toMatch(/\bimport\s*\(/);
    expect(text).not.toMatch(/^\s*(import|export)\b/m);
    expect(text).not.toMatch(/\bprocess\.(env|argv|exit|cwd|platform|versions)\b/);
    for (const name of [
      'Buffer',
      'setTimeout',
      'setImmediate',
      'TextEncoder',
      'TextDecoder',
      'AbortSignal',
      'structuredClone',
      '__dirname',
    ])
      expect(text, name).not.toMatch(new RegExp(`\\b${name}\\b`));
    expect(text).not.toMatch(/\bnode:[a-z]/);
    expect(text).not.toMatch(/(?<![.\w])fetch\(/); // the global fetch; UrlFetchApp.fetch is fine
    expect(text).not.toMatch(/\bnew URL\(/);
  });

  it('runs in a bare vm context: only its top-level functions and one namespace become globals', () => {
    const context = vm.createContext({});
    vm.runInContext(bundleText(), context, { filename: BUNDLE });
    const globals = Object.keys(context).sort();
    expect(globals).toContain('onOpen');
    expect(globals).toContain('PlatenAddon');
    for (const name of globals) {
      if (name === 'PlatenAddon') continue;
      // Each global is a function declaration Apps Script can list and call by name.
      expect(typeof (context as Record<string, unknown>)[name], name).toBe('function');
      expect(bundleText()).toContain(`function ${name}() {`);
    }
    expect(() => vm.runInContext('require', context)).toThrow(/require is not defined/);
    expect(() => vm.runInContext('process', context)).toThrow(/process is not defined/);
  });

  it('onOpen adds the Platen menu, whose items all name global functions', () => {
    const addon = loadAddon();
    addon.call('onOpen');
    const menus = addon.ui.shown.filter((s) => s.kind === 'menu');
    expect(menus).toHaveLength(1);
    const menu = menus[0]!;
    if (menu.kind !== 'menu') throw new Error('unreachable');
    expect(menu.caption).toBe('Platen');
    expect(menu.items.map((i) => i.caption)).toEqual([
      'Check plan',
      'Send to registry…',
      'Import plan from registry…',
      '---',
      'Settings…',
    ]);
    for (const item of menu.items.filter((i) => i.functionName !== ''))
      expect(
        typeof (addon.context as Record<string, unknown>)[item.functionName],
        item.functionName,
      ).toBe('function');
  });

  it("fails with Apps Script's permission error when the manifest lacks a scope it needs", () => {
    const addon = loadAddon({ scopes: [SCOPE.currentSpreadsheet] });
    expect(() => addon.call('onOpen')).toThrow(/You do not have permission to call Ui.createMenu/);
  });
});
