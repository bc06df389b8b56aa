/**
 * Modules as users write them (src/io/reconciler-loader.ts, src/io/module-spec.ts): one fixture per
 * format in tests/fixtures/module-formats/, each loaded by path; a package folder and an installed
 * package by name; ESM syntax in a package without "type": "module" through the CLI (where tsx's
 * hooks made it "require() of ES Module in a cycle"); and the failures, each saying how to fix it.
 */
// @ts-nocheck

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveModuleSpec } from '../../src/io/module-spec.ts';
import { cli } from '../cli/_internals/cli.ts';

const DIR = 'tests/fixtures/module-formats';
const LOAD = join(import.meta.dirname, '_internals/load-modules.ts');

/** Loads specs in one plain Node process under tsx (how the CLI runs from sources): name or refusal per spec. */
function loadAll(specs: readonly string[]): Map<string, { name?: string; error?: string }> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', LOAD, ...specs], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const results = JSON.parse(r.stdout) as { spec: string; name?: string; error?: string }[];
  return new Map(results.map((x) => [x.spec, x]));
}

const FORMATS = [
  ['esm-default.mjs', 'fmt-esm-default'],
  ['esm-named.js', 'fmt-esm-named'],
  ['cjs-module-exports.cjs', 'fmt-cjs-module-exports'],
  ['cjs-named.cjs', 'fmt-cjs-named'],
  ['cjs-compiled-default.cjs', 'fmt-cjs-compiled-default'],
  ['ts-default.ts', 'fmt-ts-default'],
  ['ts-named.mts', 'fmt-ts-named'],
  ['ts-commonjs.cts', 'fmt-ts-commonjs'],
  ['pkg-exports', 'fmt-pkg-exports'],
  ['pkg-main', 'fmt-pkg-main'],
  ['pkg-typeless', 'fmt-pkg-typeless'],
  ['pkg-typeless/engine.ts', 'fmt-pkg-typeless-ts'],
] as const;

describe('module formats', () => {
  it('loads every format: ESM, CommonJS, TypeScript, default, named or module.exports, package folders', () => {
    const loaded = loadAll(FORMATS.map(([file]) => `${DIR}/${file}`));
    for (const [file, name] of FORMATS) expect(loaded.get(`${DIR}/${file}`), file).toEqual({ spec: `${DIR}/${file}`, name });
  }, 60_000);

  it('loads an installed package by its name, found in node_modules above the cwd-relative base', () => {
    const project = mkdtempSync(join(tmpdir(), 'sync-lab-formats-'));
    mkdirSync(join(project, 'node_modules', '@acme'), { recursive: true });
    cpSync(`${DIR}/pkg-exports`, join(project, 'node_modules', '@acme', 'engine'), { recursive: true });
    mkdirSync(join(project, 'src', 'deep'), { recursive: true });
    const spec = resolveModuleSpec('@acme/engine', join(project, 'src', 'deep'));
    expect(spec).toEqual({ kind: 'package', name: '@acme/engine', path: join(project, 'node_modules/@acme/engine/lib/engine.js') });
    expect(() => resolveModuleSpec('not-installed', project)).toThrow(/--reconciler: not-installed: no such file in .*, and no package "not-installed" installed in a node_modules folder above it; expected a module file .*\(write \.\/not-installed for a file\)/);
  });

  it('loads ESM syntax in a package without "type": "module", JavaScript and TypeScript, through the CLI', () => {
    for (const [file, name] of [['pkg-typeless', 'fmt-pkg-typeless'], ['pkg-typeless/engine.ts', 'fmt-pkg-typeless-ts']] as const) {
      const r = cli(['run', '--seed', '1', '--json', '--reconciler', `${DIR}/${file}`]);
      // The fixtures load but refuse to run: an engine-error finding (exit 1), not a load failure (exit 2).
      expect(r.stderr).not.toMatch(/could not be loaded|in a cycle/);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).reconciler).toBe(name);
    }
  }, 60_000);

  it('refuses what cannot load, saying what was expected and how to fix it', () => {
    const project = mkdtempSync(join(tmpdir(), 'sync-lab-formats-'));
    writeFileSync(join(project, 'package.json'), '{ "name": "x", "type": "commonjs" }');
    writeFileSync(join(project, 'engine.js'), "import { sep } from 'node:path';\nexport default { sep };\n");
    writeFileSync(join(project, 'missing-dep.mjs'), "import 'no-such-dependency';\n");
    mkdirSync(join(project, 'pkg'));
    writeFileSync(join(project, 'pkg', 'package.json'), '{ "name": "pkg", "main": "lib/gone.js" }');
    const specs = [join(project, 'engine.js'), join(project, 'missing-dep.mjs'), join(project, 'pkg'), `${DIR}/nothing-here.js`];
    const loaded = loadAll(specs);
    const [commonjs, missingDep, badPackage, missing] = specs.map((spec) => loaded.get(spec)?.error ?? '');
    // ESM syntax under "type": "commonjs" loads (as ESM); what it exports is then judged as any module's.
    expect(commonjs).toMatch(/engine\.js: expected a ReconcilerModule as the default export, as `reconciler`, or as module.exports: `name` must be a non-empty string/);
    expect(missingDep).toMatch(/missing-dep\.mjs: could not be loaded \(Error: Cannot find package 'no-such-dependency'.*Fix: install what it imports in the folder of the module \(npm install\), or correct the import path/);
    expect(badPackage).toMatch(/pkg: a package folder, but its "main" names lib\/gone\.js, which does not exist; expected package\.json "exports" or "main"/);
    expect(missing).toMatch(/no such file; expected a module file \(\.ts, \.mts, \.cts, \.js, \.mjs or \.cjs\), a package folder or an installed package name/);
  }, 60_000);
});
