/**
 * The README's "Bring your own engine" walkthrough, done exactly: `npm pack`, the tarball installed
 * OFFLINE into an empty folder (a lock pinned from ours, as tests/scripts/pack-install.spec.ts does),
 * the files of the walkthrough written from the README's `walkthrough=<file>` blocks, and its
 * commands run as written there (each one is looked up in the README first): explore with options,
 * explore with the broken options, replay the finding, run the TypeScript engine, type-check it and
 * the vitest file against the shipped declarations, run vitest. Registered by
 * tests/scripts/pack-install.spec.ts, whose tarball it shares (one pack; its own install).
 */
// @ts-nocheck

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerLock } from './consumer-lock.ts';
import { NPM, packOnce, ROOT } from './pack.ts';
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(README.indexOf('## Bring your own engine'), README.indexOf('### What an engine must do'));
let project = '';

/** The files of the walkthrough: every ```lang walkthrough=<file> block of the section. */
function walkthroughFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const m of SECTION.matchAll(/```\w+ walkthrough=(\S+)\n([\s\S]*?)```/g)) files.set(m[1]!, m[2]!);
  return files;
}

/** Runs a command of the walkthrough, after checking the README says it (npx becomes npm exec --offline). */
function step(command: string): { code: number; stdout: string; stderr: string } {
  expect(SECTION, `the README walkthrough says: ${command}`).toContain(command);
  const [tool, ...args] = command.split(' ');
  const [bin, argv] =
    tool === 'npx' && args[0] === 'sync-lab' ? [NPM, ['exec', '--offline', '--', ...args]]
    : tool === 'npx' && args[0] === 'vitest' ? [process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), ...args.slice(1), '--root', project]]
    : tool === 'npx' && args[0] === 'tsc' ? [process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), ...args.slice(1), '--typeRoots', join(ROOT, 'node_modules/@types'), '--types', 'node']]
    : [tool!, args];
  // The consumer's tools must not see this vitest run's own variables (pool, worker id, mode).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'));
  const r = spawnSync(bin, argv, { cwd: project, encoding: 'utf8', env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('README walkthrough: bring your own engine, from an empty folder', () => {
  beforeAll(() => {
    const { dir, tarball } = packOnce();
    project = join(dir, 'my-engine');
    mkdirSync(project);
    // Step 1 (`npm init -y && npm pkg set type=module`, `npm install --save-dev <tarball> vitest`), offline.
    expect(SECTION).toContain('npm init -y && npm pkg set type=module');
    const { lock, packageJson } = consumerLock(JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')), `../${tarball}`, ['vitest']);
    expect(packageJson).toMatchObject({ type: 'module' });
    writeFileSync(join(project, 'package.json'), JSON.stringify(packageJson, null, 2));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock, null, 2));
    const install = spawnSync(NPM, ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: project, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    const files = walkthroughFiles();
    expect([...files.keys()].sort()).toEqual(['broken.json', 'engine.js', 'engine.ts', 'kit.test.ts', 'opts.json']);
    for (const [name, text] of files) writeFileSync(join(project, name), text);
  }, 900_000);

  it('explores the JavaScript engine with its options, finds the bug of the broken options and replays it', () => {
    const ok = step('npx sync-lab explore --reconciler ./engine.js --reconciler-options opts.json --seeds 40');
    expect(ok.code, ok.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(project, 'explore-results/explore-default-shard-0-of-1.json'), 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({ reconciler: 'my-engine', reconcilerOptions: { pullIntervalMs: 2000 }, seedsRun: 40, failures: [] });

    const broken = step('npx sync-lab explore --reconciler ./engine.js --reconciler-options broken.json --seeds 60 --fail-fast');
    expect(broken.code, broken.stderr).toBe(1);
    const replays = readdirSync(join(project, 'explore-results')).filter((f) => /^replay-exposure-offline-seed-\d+\.json$/.test(f));
    expect(replays).toHaveLength(1);
    const file = JSON.parse(readFileSync(join(project, 'explore-results', replays[0]!), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ version: 2, reconciler: '../engine.js', reconcilerOptions: { ignoreOffline: true } });

    // The README's command names the file generically (…-seed-N.json); this one names the seed found.
    expect(SECTION).toContain('npx sync-lab replay explore-results/replay-exposure-offline-seed-N.json');
    const again = spawnSync(NPM, ['exec', '--offline', '--', 'sync-lab', 'replay', `explore-results/${replays[0]!}`, '--json'], { cwd: project, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ reproduced: true, hashMatches: true });
  }, 600_000);

  it('runs the TypeScript engine, type-checks it and the vitest file, and runs vitest', () => {
    const run = step('npx sync-lab run --seed 1 --reconciler ./engine.ts');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('reconciler my-ts-engine');
    const tsc = step('npx tsc --noEmit --strict --module nodenext --moduleResolution nodenext --allowImportingTsExtensions --skipLibCheck engine.ts kit.test.ts');
    expect(tsc.code, tsc.stdout).toBe(0);
    const vitest = step('npx vitest run');
    expect(vitest.code, vitest.stdout + vitest.stderr).toBe(0);
    expect(vitest.stdout).toMatch(/Tests\s+2 passed/);
  }, 600_000);
});
