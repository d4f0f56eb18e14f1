/**
 * The client emitter for every SDK and both languages. One description of each module, printed as
 * TypeScript (`.ts`), or as JavaScript with declarations: ES modules (`.js` + `.d.ts`) or CommonJS
 * (`.cjs` + `.d.cts`). Layout: `index`, `state`, `track`, `page`/`screen` (generic calls when the
 * plan has no unkeyed rule), `types` (declarations only), `events/<file>`.
 */
import type { GeneratedFile } from '../../compile-types.js';
import type { NamedRule } from '../../naming/types.js';
import { byKey } from '../../order.js';
import { GENERATED_BANNER } from '../banner.js';
import { printFile, type Doc } from '../code.js';
import { TS, type Flavor } from '../dialect.js';
import type { SdkProfile } from '../sdks/index.js';
import type { EmitOptions } from '../target.js';
import { codeExtension, hasFunction } from '../functions.js';
import { fallbackModule, indexModule, stateModule, trackModule } from './client-files.js';
import { eventModule } from './event-file.js';
import { sharedTypeNames, typesModule } from './types-file.js';

/** One rendering of the client: its flavor and the file extension of its modules. */
interface Rendering {
  flavor: Flavor;
  ext: string;
}

/**
 * TypeScript → `.ts`; JavaScript → code and declarations, as ES modules or CommonJS. The code
 * modules' extension is `codeExtension`'s, which the manifest's `file` paths use too.
 */
export function renderings(options: EmitOptions): Rendering[] {
  const code = codeExtension(options.language, options.module);
  if (options.language === 'typescript') return [{ flavor: TS, ext: code }];
  if (options.module === 'cjs') {
    return [
      { flavor: { dialect: 'cjs', ext: '.cjs' }, ext: code },
      { flavor: { dialect: 'dts', ext: '.cjs' }, ext: '.d.cts' },
    ];
  }
  return [
    { flavor: { dialect: 'esm', ext: '.js' }, ext: code },
    { flavor: { dialect: 'dts', ext: '.js' }, ext: '.d.ts' },
  ];
}

/** Every file of the client for `profile`'s SDK, sorted by path. */
export function emitFor(
  named: { rules: readonly NamedRule[] },
  options: EmitOptions,
  profile: SdkProfile,
): GeneratedFile[] {
  const rules = named.rules;
  const functions = rules.filter((n) => hasFunction(n, profile));
  const latestTrack = rules.filter((n) => n.rule.type === 'TRACK' && n.rule.latest);
  const common = rules.find((n) => n.rule.type === 'COMMON' && n.rule.latest);
  const shared = sharedTypeNames(rules);
  // Printed right away, rule by rule, keeping only the text and the exported names (the same text in
  // every rendering that has types): the Doc of a 10,000-event types file is hundreds of MB.
  const types = typesModule(rules, profile, shared, options.ruleTypes);
  // The generic page/screen where the SDK has the call and no unkeyed rule types it.
  const fallbacks = (['page', 'screen'] as const).flatMap((kind) => {
    const form = profile.calls[kind];
    const planned = rules.some((n) => n.rule.type === kind.toUpperCase() && n.rule.key === null);
    return form === undefined || planned ? [] : [{ kind, form }];
  });
  const dev = options.mode === 'dev';
  const files: GeneratedFile[] = [];
  for (const { flavor, ext } of renderings(options)) {
    const file = (stem: string, sections: readonly Doc[]): void => {
      files.push({ path: stem + ext, contents: printFile(GENERATED_BANNER, sections) });
    };
    const fallbackNames = fallbacks.map((f) => f.kind);
    file('index', indexModule(functions, types.exported, fallbackNames, flavor));
    file('state', stateModule(options, flavor));
    file('track', trackModule(latestTrack, profile, flavor, shared, dev));
    for (const { kind, form } of fallbacks)
      file(kind, fallbackModule(kind, form, flavor, shared, dev));
    // Types have no run-time code: TypeScript and declaration renderings only.
    if (flavor.dialect === 'ts' || flavor.dialect === 'dts')
      files.push({ path: 'types' + ext, contents: types.text });
    for (const n of functions) {
      const kept = options.keep?.(`events/${n.names.file}${ext}`, n);
      if (kept !== undefined) files.push({ path: `events/${n.names.file}${ext}`, contents: kept });
      else file(`events/${n.names.file}`, eventModule(n, { flavor, profile, dev, common, shared }));
    }
  }
  return files.sort(byKey('path'));
}
