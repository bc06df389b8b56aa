/**
 * Loads a `ReconcilerModule` by path: the seam through which `--reconciler <module>` puts any sync
 * engine through the lab. The one loader for the main thread and the explore workers: both validate
 * a module the same way, and a module that cannot be used is refused with exit 2 (UsageError) and a
 * message naming the path, what was expected and how to fix it. The engines a module makes are
 * checked again when created, by the simulator's engine guard (src/sim/engine-guard.ts).
 */
// @ts-nocheck

import { existsSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultReconciler } from '../reconciler/index.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import { UsageError } from './usage-error.ts';
import { COMPILED } from './build-info.ts';
import { bindEngineOptions, optionsDeclarationProblems } from './engine-options.ts';
import type { EngineOptionsInput } from './engine-options.ts';
import { MODULE_FORMATS, resolveModuleSpec } from './module-spec.ts';
import type { ModuleSpec } from './module-spec.ts';

export type { EngineOptionsInput, ModuleSpec };

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

/**
 * A file with `import`/`export` in a package without `"type": "module"` is CommonJS by its
 * package.json; tsx's hooks then compile it to `require()` calls that meet the module that is
 * importing it ("Cannot require() ES Module ... in a cycle"); plain Node refuses it ("Cannot use import
 * statement outside a module") when the package says "type": "commonjs". tsx's scoped `tsImport`
 * loads it as the ES module it is written as, so such a module loads instead of failing.
 */
function isModuleSyntaxInCommonJs(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e?.code === 'ERR_REQUIRE_CYCLE_MODULE') return true;
  return typeof e?.message === 'string' && /require\(\) ES Module .* in a cycle|Cannot use import statement outside a module|Unexpected token 'export'/.test(e.message);
}

async function importScoped(path: string): Promise<unknown> {
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(pathToFileURL(path).href, import.meta.url);
}

const HOW_TO_FIX =
  'export default { name: "my-engine", create(options) { return new MyEngine(options) }, restore(snapshot, options) { ... } } (see README "Bring your own engine" and examples/minimal-reconciler.ts)';

const cache = new Map<string, Promise<ReconcilerModule>>();

/** True when the spec names the built-in reconciler (undefined, '', 'default' or its own path). */
export function isDefaultReconciler(spec: string | undefined): boolean {
  return spec === undefined || spec === '' || spec === 'default' || reconcilerPath(spec) === DEFAULT_RECONCILER_PATH;
}

/** The module file a spec names (undefined or 'default' name the built-in reconciler), relative specs against the cwd. */
export function reconcilerPath(spec: string | undefined): string {
  const resolved = resolveModuleSpec(spec, process.cwd());
  return resolved.kind === 'default' ? DEFAULT_RECONCILER_PATH : resolved.path;
}

/** What a spec names: the built-in engine, a file, or an installed package (see module-spec.ts). */
export function reconcilerSpec(spec: string | undefined): ModuleSpec {
  const resolved = resolveModuleSpec(spec, process.cwd());
  return resolved.kind !== 'default' && resolved.path === DEFAULT_RECONCILER_PATH ? { kind: 'default' } : resolved;
}

/**
 * The module a spec names, validated; loaded once per path and process, and bound to the engine
 * options when given (`ReconcilerOptions.engineOptions`, checked by the module's own schema). The
 * built-in reconciler is the one this code was built with (in a worker bundle its source path is
 * not where the bundle is).
 */
export async function loadReconciler(spec?: string, importer: ModuleImporter = importByUrl, engineOptions?: EngineOptionsInput): Promise<ReconcilerModule> {
  if (isDefaultReconciler(spec)) return bindEngineOptions(defaultReconciler, engineOptions, true);
  const path = reconcilerPath(spec);
  let loaded = cache.get(path);
  if (!loaded) {
    loaded = importModule(path, importer);
    cache.set(path, loaded);
    // A failed load is not remembered: the next attempt (after the user fixed the file) tries again.
    loaded.catch(() => cache.delete(path));
  }
  return bindEngineOptions(await loaded, engineOptions, false);
}

async function importModule(path: string, importer: ModuleImporter): Promise<ReconcilerModule> {
  if (!existsSync(path)) throw new UsageError(`--reconciler: ${path}: no such file; expected ${MODULE_FORMATS} exporting a ReconcilerModule`);
  if (!statSync(path).isFile()) throw new UsageError(`--reconciler: ${path}: is not a file; expected ${MODULE_FORMATS} exporting a ReconcilerModule`);
  let exported: unknown;
  try {
    try {
      exported = await importer(path);
    } catch (error) {
      if (!isModuleSyntaxInCommonJs(error)) throw error;
      exported = await importScoped(path);
    }
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new UsageError(`--reconciler: ${path}: could not be loaded (${firstLine(reason)}); expected a module that imports cleanly and exports a ReconcilerModule${loadHint(reason)}`);
  }
  const problems = moduleProblems(exported);
  if (problems.length > 0) throw new UsageError(`--reconciler: ${path}: expected a ReconcilerModule as the default export, as \`reconciler\`, or as module.exports: ${problems.join('; ')}. Fix: ${HOW_TO_FIX}`);
  return pick(exported) as ReconcilerModule;
}

/** How to fix the load failures users meet most. */
function loadHint(reason: string): string {
  if (/Cannot use import statement outside a module|Unexpected token 'export'/.test(reason)) return '. Fix: add "type": "module" to the package.json beside it, or name the file .mjs';
  if (/require is not defined in ES module scope/.test(reason)) return '. Fix: use import/export, or name the file .cjs for module.exports';
  if (/Cannot find (module|package)/.test(reason)) return '. Fix: install what it imports in the folder of the module (npm install), or correct the import path';
  return '';
}

/**
 * The exported module, as users write it: the default export (ESM `export default`, or a CommonJS
 * `module.exports`), a named `reconciler` export, or either of those inside a CommonJS
 * `module.exports` (a TypeScript or bundler build of `export default` into CommonJS).
 */
function pick(exported: unknown): unknown {
  const candidates = exportCandidates(exported);
  return candidates.find(looksLikeModule) ?? candidates[0];
}

function exportCandidates(exported: unknown): unknown[] {
  const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);
  const dflt = field(exported, 'default');
  return [dflt, field(exported, 'reconciler'), field(dflt, 'default'), field(dflt, 'reconciler'), field(field(dflt, 'default'), 'default')].filter((c) => c !== undefined);
}

function looksLikeModule(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['create'] === 'function';
}

/** What is wrong with a module's exports (empty when it exports a usable ReconcilerModule). */
export function moduleProblems(exported: unknown): string[] {
  const candidate = pick(exported);
  if (candidate === undefined) return [`it has no default export, no \`reconciler\` export and no module.exports (it exports: ${exportedNames(exported)})`];
  if (typeof candidate !== 'object' || candidate === null) return [`the export is ${candidate === null ? 'null' : `a ${typeof candidate}`}, not an object`];
  const module = candidate as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof module['name'] !== 'string' || module['name'] === '') problems.push('`name` must be a non-empty string');
  if (typeof module['create'] !== 'function') problems.push('`create(options)` must be a function');
  if (typeof module['restore'] !== 'function') problems.push('`restore(snapshot, options)` must be a function');
  problems.push(...stampOrderProblems(module['stampOrder']));
  problems.push(...capabilityProblems(module['capabilities']));
  problems.push(...optionsDeclarationProblems(module));
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

function exportedNames(exported: unknown): string {
  const names = typeof exported === 'object' && exported !== null ? Object.keys(exported) : [];
  return names.length === 0 ? 'nothing' : names.join(', ');
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
