/**
 * The TypeScript target for SDKs with Segment's browser call shape (`analytics-next`, `analytics.js`,
 * and any `generic` SDK with `track(name, properties, options, callback)`). Layout:
 * `index.ts`, `state.ts`, `track.ts`, `types.ts`, `events/<file>.ts`.
 */
import type { GeneratedFile } from '../../compile-types.js';
import type { NamedIr, NamedRule } from '../../naming/types.js';
import { printFile, type Doc } from '../code.js';
import { GENERATED_BANNER } from '../banner.js';
import type { EmitOptions, Target } from '../target.js';
import { indexModule, stateModule, trackModule } from './client-files.js';
import { eventModule } from './event-file.js';
import { typesModule } from './types-file.js';

const file = (path: string, sections: readonly Doc[]): GeneratedFile => ({
  path,
  contents: printFile(GENERATED_BANNER, sections),
});

/**
 * Every file of the client, sorted by path. Only TRACK rules get functions for now; the payload types
 * of IDENTIFY, GROUP, PAGE, SCREEN and COMMON rules are emitted (their functions come next).
 */
function emitTypeScript(named: NamedIr, options: EmitOptions): GeneratedFile[] {
  const track = named.rules.filter((n) => n.rule.type === 'TRACK');
  const latestTrack: NamedRule[] = track.filter((n) => n.rule.latest);
  const types = typesModule(named.rules);
  const files = [
    file('index.ts', indexModule(track, types.exported)),
    file('state.ts', stateModule(options)),
    file('track.ts', trackModule(latestTrack)),
    file('types.ts', types.sections),
    ...track.map((n) => file(`events/${n.names.file}.ts`, eventModule(n, options))),
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** TypeScript for analytics-next, analytics.js and generic SDKs. */
export const typescriptSegmentBrowser: Target = {
  name: 'typescript/segment-browser',
  language: 'typescript',
  sdks: ['analytics-next', 'analytics-js', 'generic'],
  emit: emitTypeScript,
};
