/**
 * Issue 16, item 16: the README's "Plan in, code out" example works as pasted. Its plan block is
 * valid JSON that `platen check` accepts, its build command builds it, and its TypeScript snippet
 * compiles under strict against that client (the deliberate type error is marked `@ts-expect-error`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { REPO, RUNTIME_ALIAS, tempDir } from '../support/helpers.js';

const SECTION = '## Plan in, code out';

/** The fenced code blocks of the README section, in order. */
function sectionBlocks(): { lang: string; body: string }[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const end = readme.indexOf('\n## ', start + SECTION.length + 1);
  const text = readme.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1] ?? '',
    body: m[2] ?? '',
  }));
}

async function platen(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    interactive: false,
  });
  return { code, stdout, stderr };
}

// The options of the README's "Use Platen in your app" tsconfig, plus the runtime's sources.
const STRICT: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: [],
  paths: Object.fromEntries(Object.entries(RUNTIME_ALIAS).map(([name, file]) => [name, [file]])),
};

describe('README "Plan in, code out"', () => {
  const blocks = sectionBlocks();
  const plan = blocks[0]!;
  const build = blocks.find((b) => b.lang === 'sh' && /^platen build /m.test(b.body))!;
  const app = blocks.find((b) => b.lang === 'ts' && b.body.includes('./analytics/index.js'))!;
  const dir = tempDir('readme-plan');

  it('the plan block is JSON that platen check accepts, and the build command builds it', async () => {
    expect(plan.lang).toBe('json');
    const parsed = JSON.parse(plan.body) as { rules: unknown[] };
    expect(parsed.rules).toHaveLength(1);
    writeFileSync(join(dir, 'plan.json'), plan.body);
    const checked = await platen(['check', '--plan', 'plan.json'], dir);
    expect(checked.stdout).toBe('0 errors, 0 warnings\n');
    expect(checked.code).toBe(0);
    const argv = build.body
      .replace(/\s+#.*$/m, '')
      .trim()
      .split(/\s+/)
      .slice(1);
    expect((await platen([...argv, '--no-cache'], dir)).code).toBe(0);
  });

  it('the TypeScript snippet compiles under strict against that client', () => {
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, 'src/app.ts'), app.body);
    const program = ts.createProgram([join(dir, 'src/app.ts')], STRICT);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
    // The misspelt property is still a type error: only the comment above it lets this compile.
    expect(app.body).toMatch(/@ts-expect-error[^\n]*\n[^\n]*revenu:/);
  });
});
