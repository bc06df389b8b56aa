/**
 * Builds the explore worker once per process into one JavaScript file (esbuild), so worker threads
 * do not each compile the TypeScript sources at start-up (seconds per worker under tsx). The file is
 * named by its content: processes running the same sources share one file instead of leaving one each.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
// Inside the project's node_modules, so the bundle resolves the packages it leaves external (tsx).
const OUT_DIR = fileURLToPath(new URL('../../node_modules/.cache/sync-lab/', import.meta.url));

let built: Promise<string> | null = null;

export function bundledWorker(): Promise<string> {
  built ??= (async () => {
    const result = await build({
      entryPoints: [ENTRY],
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['tsx', 'tsx/*', 'esbuild', 'piscina'],
      banner: { js: "import { createRequire as __syncLabRequire } from 'node:module'; const require = __syncLabRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    const code = result.outputFiles[0];
    if (!code) throw new Error('explore/worker-bundle: esbuild produced no output for the explore worker');
    const digest = createHash('sha256').update(code.contents).digest('hex').slice(0, 16);
    const outfile = `${OUT_DIR}explore-worker-${digest}.mjs`;
    if (!existsSync(outfile)) {
      mkdirSync(OUT_DIR, { recursive: true });
      // Written aside and renamed, so a process starting workers from this file never reads half of it.
      const partial = `${outfile}.${process.pid}.partial`;
      writeFileSync(partial, code.contents);
      renameSync(partial, outfile);
    }
    return outfile;
  })();
  return built;
}
