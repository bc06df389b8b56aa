/**
 * Loads a `ReconcilerModule` by path: the seam through which `--reconciler <module>` puts any sync
 * engine through the lab. The default reconciler is loaded the same way (by its path), so workers
 * and replay files name engines uniformly.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ReconcilerModule } from '../reconciler/types.ts';
import { UsageError } from './usage-error.ts';
import { errorText } from './error-text.ts';

export const DEFAULT_RECONCILER_PATH = fileURLToPath(new URL('../reconciler/index.ts', import.meta.url));

const cache = new Map<string, Promise<ReconcilerModule>>();

/** The absolute path a spec names (undefined or 'default' name the built-in reconciler). */
export function reconcilerPath(spec: string | undefined): string {
  if (spec === undefined || spec === '' || spec === 'default') return DEFAULT_RECONCILER_PATH;
  return resolve(spec);
}

export function loadReconciler(spec?: string): Promise<ReconcilerModule> {
  const path = reconcilerPath(spec);
  let loaded = cache.get(path);
  if (!loaded) {
    loaded = importModule(path);
    cache.set(path, loaded);
  }
  return loaded;
}

async function importModule(path: string): Promise<ReconcilerModule> {
  if (!existsSync(path)) throw new UsageError(`--reconciler: ${path}: no such file`);
  let exported: Record<string, unknown>;
  try {
    exported = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`--reconciler: ${path}: could not be loaded: ${errorText(error)}`);
  }
  const candidate = (exported['default'] ?? exported['reconciler']) as Partial<ReconcilerModule> | undefined;
  const problems: string[] = [];
  if (!candidate || typeof candidate !== 'object') problems.push('no default export and no `reconciler` export');
  else {
    if (typeof candidate.name !== 'string' || candidate.name === '') problems.push('`name` must be a non-empty string');
    if (typeof candidate.create !== 'function') problems.push('`create(options)` must be a function');
    if (typeof candidate.restore !== 'function') problems.push('`restore(snapshot, options)` must be a function');
  }
  if (problems.length > 0) {
    throw new UsageError(`--reconciler: ${path}: expected a ReconcilerModule (see README "Bring your own reconciler"): ${problems.join('; ')}`);
  }
  return candidate as ReconcilerModule;
}
