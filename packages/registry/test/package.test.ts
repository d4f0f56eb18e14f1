/**
 * Packaging: @platen/registry publishes only its build, licence and README, and it alone depends on the native
 * addon better-sqlite3; @platen/compiler declares it as an optional peer and never depends on it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/helpers.js';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(REPO, dir, 'package.json'), 'utf8')) as Manifest;

describe('@platen/registry package', () => {
  it('npm pack holds the build, LICENSE, README and package.json only: no tests, fixtures or maps', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: join(REPO, 'packages/registry'),
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map(
      (f) => f.path,
    );
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    // The pure anomaly detector, exported as @platen/registry/anomaly.
    expect(files).toContain('dist/anomaly/index.js');
    // The dashboard's built assets are served by the registry at /monitor.
    for (const asset of ['index.html', 'app.js', 'app.css'])
      expect(files).toContain(`dist/dashboard/assets/${asset}`);
    // Otherwise dist/ and its folders (dist/monitor/, dist/dashboard/) hold only compiled modules
    // and their declarations.
    const other = files.filter(
      (f) =>
        !/^dist\/(?:[\w-]+\/)*[\w-]+\.(js|d\.ts)$/.test(f) &&
        !f.startsWith('dist/dashboard/assets/'),
    );
    expect(other.sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
  });

  it('is the only workspace package that depends on better-sqlite3', () => {
    const dependents = readdirSync(join(REPO, 'packages'))
      .map((dir) => manifest(`packages/${dir}`))
      .filter(
        (m) => m.dependencies?.['better-sqlite3'] ?? m.optionalDependencies?.['better-sqlite3'],
      )
      .map((m) => m.name);
    expect(dependents).toEqual(['@platen/registry']);
    // @platen/runtime: monitoring runs the validator modules with its validation exports.
    expect(manifest('packages/registry').dependencies).toEqual({
      '@platen/compiler': 'workspace:*',
      '@platen/runtime': 'workspace:*',
      'better-sqlite3': '12.6.2',
    });
  });

  it('is an optional peer of @platen/compiler, which has no native dependency', () => {
    const compiler = manifest('packages/compiler');
    const all = { ...compiler.dependencies, ...compiler.devDependencies };
    // ts-morph is a dependency again, for `platen status` (loaded by that command alone).
    for (const name of ['better-sqlite3', '@types/better-sqlite3', '@platen/registry'])
      expect(all, name).not.toHaveProperty([name]);
    expect(compiler.peerDependencies).toHaveProperty(['@platen/registry']);
    expect(compiler.peerDependenciesMeta?.['@platen/registry']?.optional).toBe(true);
  });
});
