/**
 * The package build (`npm run build`, run by `prepare` on every `npm install` / `npm ci`): the
 * TypeScript sources stay the truth; dist/ holds what the installed package runs with plain Node.
 *
 *   dist/cli/main.js, dist/api/index.js, dist/testing/*.js   ESM bundles (dependencies left external)
 *   dist/chunks/*.js                                         code they share (two folders deep, like src/<floor>/)
 *   dist/explore/worker-main.js                              the explore worker, prebuilt
 *   dist/report/viz-app.{js,css}                             the visualizer app, prebuilt
 *   dist/types/**.d.ts                                       declarations (tsc -p tsconfig.build.json)
 *
 * Every bundle sits two folders below the package root, as every source file does, so the sources'
 * `new URL('../../simulations/…', import.meta.url)` names the same place from both.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_BUILD_OPTIONS, PREBUILT_WORKER } from '../src/explore/worker-bundle.ts';
import { VIZ_BUILD_OPTIONS, PREBUILT_VIZ, CSS } from '../src/report/viz-html.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
// Built beside dist/ and swapped in at the end: a failed build leaves the previous dist/ as it was.
const STAGE = join(ROOT, '.dist.staging');
const define = { __SYNC_LAB_BUILD__: 'true' };

export const ENTRIES = {
  'cli/main': 'src/cli/main.ts',
  'api/index': 'src/api/index.ts',
  'testing/vitest': 'src/testing/vitest.ts',
  'testing/arbitraries': 'src/testing/arbitraries.ts',
} as const;

async function main(): Promise<void> {
  rmSync(STAGE, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([out, src]) => [out, join(ROOT, src)])),
    outdir: STAGE,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define,
    logLevel: 'warning',
  });
  await build({ ...WORKER_BUILD_OPTIONS, entryPoints: [...WORKER_BUILD_OPTIONS.entryPoints], external: [...WORKER_BUILD_OPTIONS.external], absWorkingDir: ROOT, outfile: join(STAGE, PREBUILT_WORKER), define, logLevel: 'warning' });
  await build({ ...VIZ_BUILD_OPTIONS, entryPoints: [...VIZ_BUILD_OPTIONS.entryPoints], outfile: join(STAGE, PREBUILT_VIZ.js), logLevel: 'warning' });
  mkdirSync(join(STAGE, 'report'), { recursive: true });
  copyFileSync(CSS, join(STAGE, PREBUILT_VIZ.css));
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

await main();
