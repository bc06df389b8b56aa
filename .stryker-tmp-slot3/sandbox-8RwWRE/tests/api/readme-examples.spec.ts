/**
 * The README's library examples are tests: every ```js readme-example block runs here as written,
 * with `sync-lab`, `sync-lab/vitest` and `sync-lab/arbitraries` pointed at the sources. Plain blocks
 * run as modules inside this test; blocks marked `vitest` are test files and run in a vitest child.
 */
// @ts-nocheck

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
// Inside the repository, so the examples' own imports (vitest, fast-check) resolve.
const DIR = join(ROOT, 'node_modules/.cache/sync-lab/readme-examples');

const blocks = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/```js readme-example( vitest)?\n([\s\S]*?)```/g)].map((m, k) => ({ k, vitest: m[1] !== undefined, code: m[2]! }));

function localized(code: string): string {
  const src = (p: string) => pathToFileURL(join(ROOT, p)).href;
  return code
    .replace(/from 'sync-lab\/vitest'/g, `from '${src('src/testing/vitest.ts')}'`)
    .replace(/from 'sync-lab\/arbitraries'/g, `from '${src('src/testing/arbitraries.ts')}'`)
    .replace(/from 'sync-lab'/g, `from '${src('src/api/index.ts')}'`);
}

describe('README library examples', () => {
  it('the README has them: API, explore/replay, and a vitest file', () => {
    expect(blocks.map((b) => b.vitest)).toEqual([false, false, true]);
  });

  for (const block of blocks.filter((b) => !b.vitest)) {
    it(`example ${block.k + 1} runs and its assertions hold`, async () => {
      mkdirSync(DIR, { recursive: true });
      const file = join(DIR, `example-${block.k + 1}.ts`);
      writeFileSync(file, localized(block.code));
      await import(pathToFileURL(file).href);
    });
  }

  for (const block of blocks.filter((b) => b.vitest)) {
    it(`example ${block.k + 1} passes as a vitest file`, () => {
      const dir = join(DIR, `vitest-${block.k + 1}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'example.spec.ts'), localized(block.code));
      writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['example.spec.ts'] } };\n");
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs'), '--reporter', 'default'], { cwd: dir, encoding: 'utf8', env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' } });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/Tests\s+2 passed/);
    });
  }
});
