/** The two output generations the atomicity test alternates between: many files, so a kill lands mid-write. */
import type { GeneratedFile } from '../../src/compile-types.js';
import { GENERATED_BANNER } from '../../src/emit/banner.js';

/** Generation `g` (0 or 1): 300 files of ~4 KB; generation 1 also drops every tenth file. */
export function generation(g: number): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (let i = 0; i < 300; i++) {
    if (g === 1 && i % 10 === 0) continue;
    files.push({
      path: `events/e${i}.ts`,
      contents: `${GENERATED_BANNER}\n// generation ${g}\n${'x'.repeat(4000)}\n`,
    });
  }
  files.push({
    path: 'index.ts',
    contents: `${GENERATED_BANNER}\nexport const generation = ${g};\n`,
  });
  return files;
}
