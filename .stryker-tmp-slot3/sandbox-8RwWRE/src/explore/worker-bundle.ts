/**
 * Builds the explore worker into one JavaScript file (esbuild), so worker threads do not each compile
 * the TypeScript sources at start-up (seconds per worker under tsx). The file is named by its content:
 * processes running the same sources share one file instead of leaving one each.
 *
 * Building costs a few hundred milliseconds, paid by every `explore` before its first worker starts.
 * So a manifest beside the bundle lists every input esbuild read with the sha256 of its bytes; when
 * all of them still hash the same (a few milliseconds), the bundle on disk is used as it is.
 */
// @ts-nocheck

import { createRequire } from 'node:module';
import type { BuildOptions } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { COMPILED, distFile } from '../io/build-info.ts';

// esbuild is loaded only when something is built: the compiled CLI never builds, and starts faster without it.
const esbuildVersion = (createRequire(import.meta.url)('esbuild/package.json') as { version: string }).version;
const esbuild = () => import('esbuild');

const ENTRY = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside the project's node_modules, so the bundle resolves the packages it leaves external (tsx).
const OUT_DIR = fileURLToPath(new URL('../../node_modules/.cache/sync-lab/', import.meta.url));
export const WORKER_MANIFEST = join(OUT_DIR, 'explore-worker.manifest.json');

const manifestSchema = z.object({
  esbuild: z.string(),
  bundle: z.string(),
  /** Paths relative to the project root, with the sha256 of each file's bytes. */
  inputs: z.record(z.string(), z.string()),
});

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The bundle recorded in the manifest when every input it was built from is unchanged; else null. */
export function cachedWorkerBundle(manifestPath = WORKER_MANIFEST): string | null {
  let manifest: z.infer<typeof manifestSchema>;
  try {
    manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  } catch {
    return null; // none yet, or unreadable: build afresh
  }
  if (manifest.esbuild !== esbuildVersion || !existsSync(manifest.bundle)) return null;
  for (const [path, digest] of Object.entries(manifest.inputs)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(ROOT, path));
    } catch {
      return null;
    }
    if (sha256(bytes) !== digest) return null;
  }
  return manifest.bundle;
}


/** The esbuild options of the worker bundle; scripts/build.ts uses them too (the package ships it prebuilt). */
export const WORKER_BUILD_OPTIONS = {
  entryPoints: [ENTRY],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['tsx', 'tsx/*', 'esbuild', 'piscina'],
  banner: { js: "import { createRequire as __syncLabRequire } from 'node:module'; const require = __syncLabRequire(import.meta.url);" },
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** Where the compiled package keeps the prebuilt worker (written by scripts/build.ts). */
export const PREBUILT_WORKER = 'explore/worker-main.js';

async function buildWorkerBundle(): Promise<string> {
  const result = await (await esbuild()).build({ ...WORKER_BUILD_OPTIONS, entryPoints: [...WORKER_BUILD_OPTIONS.entryPoints], external: [...WORKER_BUILD_OPTIONS.external], absWorkingDir: ROOT, write: false, metafile: true });
  const code = result.outputFiles[0];
  if (!code) throw new Error('explore/worker-bundle: esbuild produced no output for the explore worker');
  const outfile = `${OUT_DIR}explore-worker-${sha256(code.contents).slice(0, 16)}.mjs`;
  mkdirSync(OUT_DIR, { recursive: true });
  if (!existsSync(outfile)) writeTextAtomic(outfile, code.contents);
  const inputs: Record<string, string> = {};
  for (const path of Object.keys(result.metafile.inputs).sort()) inputs[path] = sha256(readFileSync(join(ROOT, path)));
  writeTextAtomic(WORKER_MANIFEST, `${JSON.stringify({ esbuild: esbuildVersion, bundle: outfile, inputs }, null, 2)}\n`);
  return outfile;
}

let built: Promise<string> | null = null;

/**
 * The worker bundle's path. The compiled package ships it prebuilt (its sources are not shipped);
 * from the sources it is reused from disk when its inputs are unchanged, built otherwise (once per process).
 */
export function bundledWorker(): Promise<string> {
  if (COMPILED) return Promise.resolve(distFile(PREBUILT_WORKER));
  built ??= (async () => cachedWorkerBundle() ?? (await buildWorkerBundle()))();
  return built;
}
