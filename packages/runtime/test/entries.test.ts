/**
 * Entry sizes measured from the sources (package.test.ts measures the built dist/, which only
 * `pnpm build` refreshes): the main entry keeps its budget, the message entry stays out of it, and
 * the prod entry (all a prod client imports) has no validation or violation code.
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const src = (file: string): string => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

async function gzipOf(code: string): Promise<{ text: string; gzip: number }> {
  const out = await build({
    stdin: { contents: code, resolveDir: fileURLToPath(new URL('.', import.meta.url)) },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    logLevel: 'silent',
  });
  const text = out.outputFiles[0]!.text;
  return { text, gzip: gzipSync(text).length };
}

describe('entry sizes from source', () => {
  it.each([
    ['the main entry is within its 1,536-byte gzip budget', 'index.ts', 1536],
    ['the message entry is small too', 'message.ts', 1800],
    ['the prod entry is within 700 bytes', 'prod.ts', 700],
  ])('%s', async (_, file, budget) => {
    const { gzip } = await gzipOf(
      `import * as r from ${JSON.stringify(src(file))}; console.log(r);`,
    );
    expect(gzip).toBeLessThan(budget);
  });

  it('the main entry carries none of the message entry', async () => {
    const { text } = await gzipOf(
      `import * as r from ${JSON.stringify(src('index.ts'))}; console.log(r);`,
    );
    expect(text).not.toMatch(/sendMessage|sendEnriched|checkCommon|\(sdkEvent\)/);
  });

  it('the prod entry carries no validation or violation code', async () => {
    const { text } = await gzipOf(
      `import * as r from ${JSON.stringify(src('prod.ts'))}; console.log(r);`,
    );
    expect(text).toContain('no analytics instance');
    expect(text).not.toMatch(/does not match|PlatenViolationError|unplanned property|onViolation/);
  });
});
