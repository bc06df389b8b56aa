/**
 * Builds the explore worker once per process into one JavaScript file (esbuild), so worker threads
 * do not each compile the TypeScript sources at start-up (seconds per worker under tsx).
 */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
// Inside the project's node_modules, so the bundle resolves the packages it leaves external (tsx).
const OUT_DIR = fileURLToPath(new URL('../../node_modules/.cache/sync-lab/', import.meta.url));

let built: Promise<string> | null = null;

export function bundledWorker(): Promise<string> {
  built ??= (async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const outfile = `${OUT_DIR}explore-worker-${process.pid}.mjs`;
    await build({
      entryPoints: [ENTRY],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['tsx', 'tsx/*', 'esbuild', 'piscina'],
      banner: { js: "import { createRequire as __syncLabRequire } from 'node:module'; const require = __syncLabRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    return outfile;
  })();
  return built;
}
