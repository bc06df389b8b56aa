/**
 * What a `--reconciler` value names, resolved to one file: the built-in engine, a module file or
 * package folder (a path), or an installed package (a bare name, found in node_modules walking up
 * from a base folder as Node does). Replay files store module paths relative to themselves (or the
 * package name), so `replayModuleRef` and `resolveReplayModuleRef` are the one pair that writes and
 * reads them: the same file resolves to the same module on every machine and from any cwd.
 */
// @ts-nocheck

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './usage-error.ts';

export type ModuleSpec =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'package'; readonly name: string; readonly path: string };

const PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
export const MODULE_FORMATS = 'a module file (.ts, .mts, .cts, .js, .mjs or .cjs), a package folder or an installed package name';

/** Resolves a spec against `base` (the cwd on the command line, the replay file's folder in a replay). */
export function resolveModuleSpec(spec: string | undefined, base: string, flag = '--reconciler'): ModuleSpec {
  if (spec === undefined || spec === '' || spec === 'default') return { kind: 'default' };
  const asPath = resolve(base, spec);
  if (isAbsolute(spec) || spec.startsWith('.') || existsSync(asPath) || !PACKAGE_NAME.test(spec)) return { kind: 'file', path: entryOf(asPath, flag) };
  const folder = findPackageFolder(spec, base);
  if (folder === null) {
    throw new UsageError(`${flag}: ${spec}: no such file in ${base}, and no package "${spec}" installed in a node_modules folder above it; expected ${MODULE_FORMATS} (write ./${spec} for a file)`);
  }
  return { kind: 'package', name: spec, path: entryOf(folder, flag) };
}

function findPackageFolder(name: string, base: string): string | null {
  for (let dir = resolve(base); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** A file stays itself; a folder is a package: its `exports` (import/node/default/require), `main`, or index file. */
function entryOf(path: string, flag: string): string {
  if (!existsSync(path) || !statSync(path).isDirectory()) return path;
  const manifestPath = join(path, 'package.json');
  let manifest: Record<string, unknown> = {};
  if (existsSync(manifestPath)) {
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`${flag}: ${manifestPath}: not valid JSON (${error instanceof Error ? error.message : String(error)}); expected a package.json`);
    }
  }
  const fromExports = exportsEntry(manifest['exports']);
  const declared = fromExports ?? (typeof manifest['main'] === 'string' ? manifest['main'] : null);
  const candidates = declared !== null ? [declared, ...EXTENSIONS.map((e) => `${declared}${e}`), ...EXTENSIONS.map((e) => join(declared, `index${e}`))] : EXTENSIONS.map((e) => `index${e}`);
  for (const c of candidates) {
    const file = resolve(path, c);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  const what = declared !== null ? `its ${fromExports !== null ? '"exports"' : '"main"'} names ${declared}, which does not exist` : 'it has no "exports" or "main" and no index.js';
  throw new UsageError(`${flag}: ${path}: a package folder, but ${what}; expected package.json "exports" or "main" naming the module that exports the ReconcilerModule`);
}

function exportsEntry(exports: unknown): string | null {
  if (typeof exports === 'string') return exports;
  if (Array.isArray(exports)) return exports.map(exportsEntry).find((e) => e !== null) ?? null;
  if (typeof exports !== 'object' || exports === null) return null;
  const map = exports as Record<string, unknown>;
  if ('.' in map) return exportsEntry(map['.']);
  for (const condition of ['import', 'node', 'default', 'require']) {
    const entry = exportsEntry(map[condition]);
    if (entry !== null) return entry;
  }
  return null;
}

/** How a replay file written into `replayDir` names a module: 'default', the package name, or a path relative to the file. */
export function replayModuleRef(spec: ModuleSpec, replayDir: string): string {
  if (spec.kind === 'default') return 'default';
  if (spec.kind === 'package') return spec.name;
  const rel = relative(resolve(replayDir), spec.path).split(sep).join('/');
  // A module on another drive (Windows) has no relative path: the absolute one is all there is.
  if (isAbsolute(rel)) return rel;
  return rel.startsWith('../') ? rel : `./${rel}`;
}

/**
 * The module a replay file names. Version 2 files: paths relative to the file, package names found
 * from the file's folder. Version 1 files (written before): absolute paths as they are, relative
 * ones against the cwd, as they were written.
 */
export function resolveReplayModuleRef(ref: string, replayPath: string, version: number, source: string): ModuleSpec {
  const base = version >= 2 ? dirname(resolve(replayPath)) : process.cwd();
  return resolveModuleSpec(ref, base, `${source}: field "reconciler"`);
}
