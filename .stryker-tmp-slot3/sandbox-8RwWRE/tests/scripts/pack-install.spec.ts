/**
 * The package as another team gets it: `npm pack` (which runs the build through `prepare`), the
 * tarball installed into an empty project with plain npm, OFFLINE (`npm ci --offline` on a lock
 * pinned from ours: every tarball comes from the cache our own `npm ci` filled), then used there
 * with plain Node: the CLI exploring a small JavaScript reconciler on worker threads, a TypeScript
 * reconciler loaded by the compiled CLI, the visualizer page, a vitest file with the matchers and
 * arbitraries, and a TypeScript consumer type-checked against the shipped declarations.
 * One pack, one install (slow: about a minute).
 */
// @ts-nocheck

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerLock } from './_internals/consumer-lock.ts';
import { NPM, packOnce, ROOT } from './_internals/pack.ts';
// The README's "Bring your own engine" walkthrough, on the same tarball (one pack per run of this file).
import './_internals/walkthrough.ts';

const FIXTURE = join(import.meta.dirname, '_internals/consumer');
let project = '';

function run(command: string, args: string[], cwd = project): { code: number; stdout: string; stderr: string } {
  // The consumer's tools must not see this vitest run's own variables (pool, worker id, mode).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'));
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('the packed package, installed offline into an empty project', () => {
  beforeAll(() => {
    const { dir, tarball } = packOnce();
    project = join(dir, 'consumer');
    mkdirSync(project);
    const { lock, packageJson } = consumerLock(JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')), `../${tarball}`, ['vitest']);
    writeFileSync(join(project, 'package.json'), JSON.stringify(packageJson, null, 2));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock, null, 2));
    for (const f of readdirSync(FIXTURE)) copyFileSync(join(FIXTURE, f), join(project, f));
    const install = run(NPM, ['ci', '--offline', '--no-audit', '--no-fund']);
    expect(install.code, install.stderr).toBe(0);
  }, 600_000);

  it('ships the compiled CLI, API, worker, visualizer app and declarations, and no TypeScript sources', () => {
    const pkg = join(project, 'node_modules/sync-lab');
    for (const f of ['dist/cli/main.js', 'dist/api/index.js', 'dist/explore/worker-main.js', 'dist/report/viz-app.js', 'dist/types/src/api/index.d.ts', 'schemas/scenario.schema.json', 'simulations/profiles/default.yaml']) {
      expect(existsSync(join(pkg, f)), f).toBe(true);
    }
    expect(existsSync(join(pkg, 'src'))).toBe(false);
  });

  it('npx sync-lab explore --reconciler ./engine.js runs the JavaScript engine on worker threads', () => {
    const r = run(NPM, ['exec', '--offline', '--', 'sync-lab', 'explore', '--reconciler', './engine.js', '--seeds', '20', '--workers', '2', '--json', '--out', 'explore-results']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { reconciler: string; seedsRun: number; failures: unknown[] };
    expect(summary).toMatchObject({ reconciler: 'consumer-engine', seedsRun: 20, failures: [] });
  });

  it('the compiled CLI loads a TypeScript engine (tsx on demand) and writes the visualizer page from the prebuilt app', () => {
    const r = run(NPM, ['exec', '--offline', '--', 'sync-lab', 'run', '--seed', '1', '--reconciler', './engine.ts', '--viz', 'report.html', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).reconciler).toBe('ts-engine');
    const html = readFileSync(join(project, 'report.html'), 'utf8');
    expect(html).toContain('<script type="application/json" id="trace-data"');
    expect(html.length).toBeGreaterThan(100_000);
  });

  it('a vitest file there uses the matchers and the arbitraries', () => {
    const r = run(process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+3 passed/);
  });

  it('a TypeScript consumer type-checks against the shipped declarations', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--typeRoots', join(ROOT, 'node_modules/@types'), '--types', 'node'];
    const ok = run(process.execPath, [tsc, ...args, 'engine.ts']);
    expect(ok.code, ok.stdout).toBe(0);
    // The declarations are really read: a wrong checker id does not type-check.
    writeFileSync(join(project, 'wrong.ts'), "import { runChecked } from 'sync-lab';\nimport { expect } from 'vitest';\nimport 'sync-lab/vitest';\nexpect(runChecked()).toHoldProperty('durabilty');\n");
    const wrong = run(process.execPath, [tsc, ...args, 'wrong.ts']);
    expect(wrong.stdout).toMatch(/durabilty/);
  });
});
