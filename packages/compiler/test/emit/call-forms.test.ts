/**
 * The SDK call forms (`src/emit/sdks/call-forms.ts`) are the one place call shapes are written: every
 * emitted module sends through its form's runtime function, and an SDK whose calls take their
 * arguments differently is a new profile made of forms, with no emitter change.
 */
import { describe, expect, it } from 'vitest';
import type { Sdk } from '../../src/compile-types.js';
import { SDK_PROFILES } from '../../src/emit/index.js';
import { SEGMENT_POSITIONAL } from '../../src/emit/sdks/call-forms.js';
import { generic } from '../../src/emit/sdks/generic.js';
import type { SdkProfile } from '../../src/emit/sdks/index.js';
import { emitFor } from '../../src/emit/typescript/index.js';
import { CALL_RULES } from '../support/call-rules.js';
import { DEV, named, typeCheck } from '../support/emit.js';

const RULES = [...CALL_RULES, { key: 'Order Completed' }];
const CALL_OF: Record<string, 'track' | 'identify' | 'group' | 'page' | 'screen'> = {
  'events/order-completed.ts': 'track',
  'events/identify.ts': 'identify',
  'events/group.ts': 'group',
  'events/home-page.ts': 'page',
  'events/page.ts': 'page',
  'events/settings-screen.ts': 'screen',
};

describe('SDK call forms', () => {
  it.each(SDK_PROFILES.map((p) => [p.sdk, p] as const))(
    '%s: every module sends through its form’s sender, from its module',
    (_, profile) => {
      const files = emitFor(named(RULES), { ...DEV, sdk: profile.sdk }, profile);
      const paths = files.map((f) => f.path);
      for (const [path, call] of Object.entries(CALL_OF)) {
        const form = profile.calls[call];
        // No form, no function (nor file) for the rule.
        expect([path, paths.includes(path)]).toEqual([path, form !== undefined]);
        if (form === undefined) continue;
        const text = files.find((f) => f.path === path)!.contents;
        const imported = new RegExp(
          `import \\{[^}]*\\b${form.sender.name}\\b[^}]*\\} from '${form.sender.module}'`,
        );
        expect([path, imported.test(text)]).toEqual([path, true]);
        expect([path, text.includes(`${form.sender.name}(state, EVENT`)]).toEqual([path, true]);
      }
    },
  );

  it('an SDK with other call forms is data only: a required userId, a groupId that may be left out', () => {
    const profile: SdkProfile = {
      ...generic,
      sdk: 'generic' as Sdk,
      calls: {
        ...SEGMENT_POSITIONAL,
        identify: { ...SEGMENT_POSITIONAL.identify, lead: 'required' },
        group: { ...SEGMENT_POSITIONAL.group, lead: 'dropped' },
      },
    };
    const files = emitFor(named(RULES), DEV, profile);
    const text = (path: string) => files.find((f) => f.path === path)!.contents;
    const identify = text('events/identify.ts');
    expect(identify.match(/export function identify\(/g)).toHaveLength(1);
    expect(identify).toContain(
      'send(state, EVENT, [userId, traits ?? {}, options, callback], 1, 2, validate);',
    );
    const group = text('events/group.ts');
    // Two overloads and the implementation.
    expect(group.match(/export function group\(/g)).toHaveLength(3);
    expect(group).toContain('send(state, EVENT, [traits, options, callback], 0, 1, validate);');
    expect(group).toContain(
      'send(state, EVENT, [groupId, traits, options, callback], 1, 2, validate);',
    );
    const usage = [
      "import { group, identify } from './index.js';",
      "identify('user-1', {});",
      '// @ts-expect-error the userId is required',
      'identify({});',
      "group({ name: 'Acme' });",
      "group('group-1', { name: 'Acme' });",
      '',
    ].join('\n');
    expect(typeCheck([...files, { path: 'usage.ts', contents: usage }])).toEqual([]);
  });
});
