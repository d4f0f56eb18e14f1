// Project lint: rules prettier and tsc cannot enforce. Exits 1 listing every offence.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const problems = [];

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

for (const file of walk(join(root, 'packages'))) {
  if (!/\.(ts|mjs|js)$/.test(file)) continue;
  const text = readFileSync(file, 'utf8');
  const rel = relative(root, file);
  text.split('\n').forEach((line, i) => {
    if (/\b(it|test|describe)\.only\(/.test(line))
      problems.push(`${rel}:${i + 1}: focused test (.only)`);
    if (
      /\b(it|test|describe)\.skip\(/.test(line) &&
      !/skip-reason:/.test(text.split('\n')[i - 1] ?? '')
    )
      problems.push(`${rel}:${i + 1}: skipped test without a '// skip-reason:' comment above it`);
    if (/\.\.\/shared\b/.test(line) && !rel.includes('scripts/lint'))
      problems.push(`${rel}:${i + 1}: reads ../shared`);
  });
}

for (const file of walk(root).filter((f) => f.endsWith('package.json'))) {
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (range.startsWith('workspace:')) continue;
      if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range))
        problems.push(
          `${relative(root, file)}: ${field}.${name} is "${range}", pin an exact version`,
        );
    }
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint: ok');
