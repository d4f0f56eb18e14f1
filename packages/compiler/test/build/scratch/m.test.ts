import { it } from 'vitest';
import { readdirSync } from 'node:fs';
import { synthPlan } from '../../../src/synth/index.js';
import { compile } from '../../../src/compile.js';
import { loadPlan } from '../../../src/plan/index.js';
import { formatFiles } from '../../../src/format/index.js';
it('m', async () => {
  const plan = synthPlan({ events: 30 });
  const loadeds = [
    {
      plan,
      format: 'public-api' as const,
      file: 'synth.json',
      ruleSources: plan.rules.map((_, i) => ({
        file: 'synth.json',
        pointer: `/rules/${i}/jsonSchema`,
      })),
    },
  ];
  for (const c of readdirSync('/work/main/fixtures/cases'))
    loadeds.push((await loadPlan(`/work/main/fixtures/cases/${c}/plan.json`)).loaded! as any);
  loadeds.push((await loadPlan('/work/main/fixtures/example/plan.json')).loaded! as any);
  for (const loaded of loadeds)
    for (const mode of ['dev', 'prod'] as const) {
      const r = await compile(loaded, {
        language: 'typescript',
        sdk: 'analytics-next',
        mode,
        prettier: false,
      });
      const f = await formatFiles(r.files);
      const changed = f.filter((x, i) => x.contents !== r.files[i]!.contents).map((x) => x.path);
      console.log(
        loaded.file.split('/').slice(-2).join('/'),
        mode,
        changed.length,
        r.files.length,
        changed.slice(0, 5).join(' '),
      );
    }
}, 600000);
