/**
 * Loads a `ReconcilerModule` by path: the seam through which `--reconciler <module>` puts any sync
 * engine through the lab. The one loader for the main thread and the explore workers: both validate
 * a module the same way, and a module that cannot be used is refused with exit 2 (UsageError) and a
 * message naming the path, what was expected and how to fix it. The engines a module makes are
 * checked again when created, by the simulator's engine guard (src/sim/engine-guard.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultReconciler } from '../reconciler/index.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import { UsageError } from './usage-error.ts';
import { errorText } from './error-text.ts';
import { COMPILED } from './build-info.ts';

export const DEFAULT_RECONCILER_PATH = fileURLToPath(new URL('../reconciler/index.ts', import.meta.url));

/** Imports a module file by absolute path (workers pass one that can compile TypeScript first). */
export type ModuleImporter = (path: string) => Promise<unknown>;

let tsxRegistered: Promise<void> | null = null;

/**
 * Imports a module file by path. Under tsx (the sources) TypeScript modules load as they are; the
 * compiled CLI registers tsx on the first TypeScript module it is asked for (plain JavaScript never pays for it).
 */
const importByUrl: ModuleImporter = async (path) => {
  if (COMPILED && /\.[mc]?tsx?$/.test(path)) {
    tsxRegistered ??= import('tsx/esm/api').then((m) => void m.register());
    await tsxRegistered;
  }
  return import(pathToFileURL(path).href);
};

const HOW_TO_FIX =
  'export default { name: "my-engine", create(options) { return new MyEngine(options) }, restore(snapshot, options) { ... } } (see README "Bring your own reconciler" and examples/minimal-reconciler.ts)';

const cache = new Map<string, Promise<ReconcilerModule>>();

/** True when the spec names the built-in reconciler (undefined, '', 'default' or its own path). */
export function isDefaultReconciler(spec: string | undefined): boolean {
  return spec === undefined || spec === '' || spec === 'default' || resolve(spec) === DEFAULT_RECONCILER_PATH;
}

/** The absolute path a spec names (undefined or 'default' name the built-in reconciler). */
export function reconcilerPath(spec: string | undefined): string {
  if (spec === undefined || spec === '' || spec === 'default') return DEFAULT_RECONCILER_PATH;
  return resolve(spec);
}

/**
 * The module a spec names, validated; loaded once per path and process. The built-in reconciler is
 * the one this code was built with (in a worker bundle its source path is not where the bundle is).
 */
export function loadReconciler(spec?: string, importer: ModuleImporter = importByUrl): Promise<ReconcilerModule> {
  if (isDefaultReconciler(spec)) return Promise.resolve(defaultReconciler);
  const path = reconcilerPath(spec);
  let loaded = cache.get(path);
  if (!loaded) {
    loaded = importModule(path, importer);
    cache.set(path, loaded);
    // A failed load is not remembered: the next attempt (after the user fixed the file) tries again.
    loaded.catch(() => cache.delete(path));
  }
  return loaded;
}

async function importModule(path: string, importer: ModuleImporter): Promise<ReconcilerModule> {
  if (!existsSync(path)) throw new UsageError(`--reconciler: ${path}: no such file; expected a module file (.ts, .mts, .js or .mjs) exporting a ReconcilerModule`);
  if (!statSync(path).isFile()) throw new UsageError(`--reconciler: ${path}: is not a file; expected a module file (.ts, .mts, .js or .mjs) exporting a ReconcilerModule`);
  let exported: unknown;
  try {
    exported = await importer(path);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new UsageError(`--reconciler: ${path}: could not be loaded (${firstLine(reason)}); expected a module that imports cleanly and exports a ReconcilerModule`);
  }
  const problems = moduleProblems(exported);
  if (problems.length > 0) throw new UsageError(`--reconciler: ${path}: expected a ReconcilerModule as the default export (or as \`reconciler\`): ${problems.join('; ')}. Fix: ${HOW_TO_FIX}`);
  return pick(exported) as ReconcilerModule;
}

function pick(exported: unknown): unknown {
  const namespace = (typeof exported === 'object' && exported !== null ? exported : {}) as Record<string, unknown>;
  return namespace['default'] !== undefined ? namespace['default'] : namespace['reconciler'];
}

/** What is wrong with a module's exports (empty when it exports a usable ReconcilerModule). */
export function moduleProblems(exported: unknown): string[] {
  const candidate = pick(exported);
  if (candidate === undefined) return ['it has no default export and no `reconciler` export'];
  if (typeof candidate !== 'object' || candidate === null) return [`the export is ${candidate === null ? 'null' : `a ${typeof candidate}`}, not an object`];
  const module = candidate as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof module['name'] !== 'string' || module['name'] === '') problems.push('`name` must be a non-empty string');
  if (typeof module['create'] !== 'function') problems.push('`create(options)` must be a function');
  if (typeof module['restore'] !== 'function') problems.push('`restore(snapshot, options)` must be a function');
  problems.push(...stampOrderProblems(module['stampOrder']));
  problems.push(...capabilityProblems(module['capabilities']));
  problems.push(...serverProblems(module['server']));
  return problems;
}

/** `server` is optional (reconciler/server-seam.ts); when present: `name`, `create`, `requestIdOf`, `metadata` (field paths), `kindOf` a function if given. */
function serverProblems(server: unknown): string[] {
  if (server === undefined) return [];
  if (typeof server !== 'object' || server === null) return ['`server` must be an object { name, create(options), requestIdOf(request), kindOf?(message), metadata } (see src/reconciler/server-seam.ts)'];
  const s = server as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof s['name'] !== 'string' || s['name'] === '') problems.push('`server.name` must be a non-empty string');
  if (typeof s['create'] !== 'function') problems.push('`server.create(options)` must be a function returning { handle, state }');
  if (typeof s['requestIdOf'] !== 'function') problems.push('`server.requestIdOf(request)` must be a function (the id `fail` is called with)');
  if (s['kindOf'] !== undefined && typeof s['kindOf'] !== 'function') problems.push('`server.kindOf(message)` must be a function when given');
  const metadata = s['metadata'];
  if (!Array.isArray(metadata) || !metadata.every((p) => typeof p === 'string' && p !== '')) problems.push('`server.metadata` must be a list of documented field paths (`kind`, `changes[].id`; exposure E2)');
  return problems;
}

/** `capabilities` is optional; when present: `stampModes` a list of 'hlc'/'wall', `remoteActions` a list of 'backup'/'admin', each optional. */
function capabilityProblems(caps: unknown): string[] {
  if (caps === undefined) return [];
  if (typeof caps !== 'object' || caps === null) return ['`capabilities` must be an object { stampModes?, remoteActions? }'];
  const c = caps as Record<string, unknown>;
  const listOf = (field: string, allowed: readonly string[]): string[] => {
    const v = c[field];
    if (v === undefined) return [];
    return Array.isArray(v) && v.every((x) => allowed.includes(x as string)) ? [] : [`\`capabilities.${field}\` must be a list of ${allowed.map((a) => `'${a}'`).join(', ')} when given`];
  };
  return [...listOf('stampModes', ['hlc', 'wall']), ...listOf('remoteActions', ['backup', 'admin'])];
}

/** `stampOrder` is optional; when present: `compare` a function, `wallMs` a function if given, `tieWindowMs` a non-negative finite number if given. */
function stampOrderProblems(order: unknown): string[] {
  if (order === undefined) return [];
  if (typeof order !== 'object' || order === null) return ['`stampOrder` must be an object { compare(a, b), wallMs?(stamp), tieWindowMs? }'];
  const o = order as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof o['compare'] !== 'function') problems.push('`stampOrder.compare(a, b)` must be a function');
  if (o['wallMs'] !== undefined && typeof o['wallMs'] !== 'function') problems.push('`stampOrder.wallMs(stamp)` must be a function when given');
  const w = o['tieWindowMs'];
  if (w !== undefined && (typeof w !== 'number' || !Number.isFinite(w) || w < 0)) problems.push('`stampOrder.tieWindowMs` must be a non-negative number of ms when given');
  return problems;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
