/**
 * The package build (`npm run build`, run by `prepare` on every `npm install` / `npm ci`): the
 * TypeScript sources stay the truth; dist/ holds what the installed package runs with plain Node.
 *
 *   dist/cli/main.js, dist/cli/*.js                          the CLI: ESM, split per command, dependencies bundled in
 *   dist/api/index.js, dist/testing/*.js                     ESM bundles for consumers (dependencies left external)
 *   dist/chunks/*.js                                         code those share (two folders deep, like src/<floor>/)
 *   dist/explore/worker-main.js                              the explore worker, prebuilt
 *   dist/report/viz-app.{js,css}                             the visualizer app, prebuilt
 *   dist/types/**.d.ts                                       declarations (tsc -p tsconfig.build.json)
 *   dist/build-inputs.json                                   the sources the bundles were built from (bin/sync-lab.js
 *                                                            stats only these to tell a stale build)
 *
 * The CLI bundle imports each command's code only when that command runs (esbuild splits it into
 * chunks); the top-level help comes from a manifest of every command embedded at build time
 * (`__SYNC_LAB_HELP__`, see src/cli/commands.ts), so `sync-lab --help` loads commander and nothing else.
 *
 * Every bundle sits two folders below the package root, as every source file does, so the sources'
 * `new URL('../../simulations/…', import.meta.url)` names the same place from both.
 */
// @ts-nocheck

import { build, type Metafile } from 'esbuild';
import { Command } from 'commander';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WORKER_BUILD_OPTIONS, PREBUILT_WORKER } from '../src/explore/worker-bundle.ts';
import { VIZ_BUILD_OPTIONS, PREBUILT_VIZ, CSS } from '../src/report/viz-html.ts';
import { helpManifest, registerCommands } from '../src/cli/commands.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
// Built beside dist/ and swapped in at the end: a failed build leaves the previous dist/ as it was.
const STAGE = join(ROOT, '.dist.staging');
const define = { __SYNC_LAB_BUILD__: 'true' };
/** Lists the sources the bundles were built from; bin/sync-lab.js reads it (keep the two in step). */
export const BUILD_INPUTS = 'build-inputs.json';

/** The library's entries, for consumers: dependencies left external, code shared through dist/chunks/. */
export const ENTRIES = {
  'api/index': 'src/api/index.ts',
  'testing/vitest': 'src/testing/vitest.ts',
  'testing/arbitraries': 'src/testing/arbitraries.ts',
} as const;

/**
 * The packages the CLI bundle leaves external: those that load files of their own package by path at
 * run time (esbuild's native binary, tsx's loader, piscina's worker, playwright's browser glue). Every
 * other dependency is bundled into the CLI: zod alone is 95 modules for Node to resolve, read and
 * compile one by one, xstate a CommonJS module wrapped for ESM; bundled, `run --help` (all that `run`
 * loads) went from about 290 to 180 ms of CPU on the 2-core machine.
 */
export const CLI_EXTERNAL = ['esbuild', 'tsx', 'tsx/*', 'piscina', 'playwright-core'] as const;

/** The summaries of every command for the top-level help (the program as src/cli/main.ts builds it). */
export async function cliHelpManifest(): Promise<ReturnType<typeof helpManifest>> {
  const program = new Command('sync-lab');
  await registerCommands(program);
  return helpManifest(program);
}

/**
 * Builds every bundle into `outdir` (which must sit directly in the package root, as dist/ does) and
 * writes its BUILD_INPUTS list. Declarations are not built here (tsc is slow; see main).
 */
export async function buildBundles(outdir: string): Promise<void> {
  const startedAt = Date.now(); // a source saved while the build reads it counts as newer than the build
  const help = await cliHelpManifest();
  // The CLI: its own bundle, split per command (each command's code loads when it runs), chunks beside
  // main.js in dist/cli/ (two folders below the package root, like every source file). Like the explore
  // worker, it holds its own copy of the lab's code: it shares no module instance with dist/api/.
  const cli = await build({
    absWorkingDir: ROOT,
    entryPoints: { 'cli/main': join(ROOT, 'src/cli/main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'cli/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...CLI_EXTERNAL],
    // Bundled CommonJS packages call require() for Node's built-in modules.
    banner: { js: "import { createRequire as __syncLabRequire } from 'node:module'; const require = __syncLabRequire(import.meta.url);" },
    define: { ...define, __SYNC_LAB_HELP__: JSON.stringify(help) },
    metafile: true,
    logLevel: 'warning',
  });
  const library = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([out, src]) => [out, join(ROOT, src)])),
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define,
    metafile: true,
    logLevel: 'warning',
  });
  const worker = await build({ ...WORKER_BUILD_OPTIONS, entryPoints: [...WORKER_BUILD_OPTIONS.entryPoints], external: [...WORKER_BUILD_OPTIONS.external], absWorkingDir: ROOT, outfile: join(outdir, PREBUILT_WORKER), define, metafile: true, logLevel: 'warning' });
  const viz = await build({ ...VIZ_BUILD_OPTIONS, entryPoints: [...VIZ_BUILD_OPTIONS.entryPoints], absWorkingDir: ROOT, outfile: join(outdir, PREBUILT_VIZ.js), metafile: true, logLevel: 'warning' });
  mkdirSync(join(outdir, 'report'), { recursive: true });
  copyFileSync(CSS, join(outdir, PREBUILT_VIZ.css));
  const inputs = [...new Set([cli, library, worker, viz].flatMap((r) => sourceInputs(r.metafile)))].sort();
  writeFileSync(join(outdir, BUILD_INPUTS), `${JSON.stringify({ startedAt, inputs: [...inputs, relative(ROOT, CSS)] }, null, 1)}\n`);
}

/** The package's own files among what esbuild read (paths relative to the package root). */
function sourceInputs(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs).filter((path) => !path.includes('node_modules/') && !path.startsWith('<'));
}

async function main(): Promise<void> {
  rmSync(STAGE, { recursive: true, force: true });
  await buildBundles(STAGE);
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(STAGE, 'types')], { stdio: 'inherit' });
  relinkDeclarations(join(STAGE, 'types'));
  rmSync(DIST, { recursive: true, force: true });
  renameSync(STAGE, DIST);
}

/** tsc keeps the sources' `./x.ts` specifiers in .d.ts files; a consumer's TypeScript resolves `./x.js` to x.d.ts. */
function relinkDeclarations(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const relinked = text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2');
    if (relinked !== text) writeFileSync(file, relinked);
  }
}

// Run as a script (npm run build); imported (by tests), it only exports.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
