/**
 * A package-lock.json for a throw-away consumer project that depends on the packed sync-lab tarball
 * (and, for its own tests, on vitest), copied from sync-lab's own lock: every package is pinned to
 * the version, tarball URL and integrity `npm ci` already fetched, so `npm ci --offline` in the
 * consumer takes everything from the npm cache and never asks the registry (a range would need
 * the registry's metadata, which the cache of `npm ci` does not hold).
 */
// @ts-nocheck

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  [key: string]: unknown;
}

interface Lock {
  packages: Record<string, LockEntry>;
}

/** The lock key node would resolve `name` to from the package at `from` (nested node_modules first). */
function resolveKey(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[key]) return key;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

export function consumerLock(ours: Lock, tarball: string, extra: readonly string[]): { lock: unknown; packageJson: unknown } {
  const root = ours.packages[''] as LockEntry & { name: string; version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const keep = new Map<string, LockEntry>();
  const visit = (key: string, optional: boolean): void => {
    if (keep.has(key)) return;
    const entry = ours.packages[key]!;
    const { dev: _dev, devOptional: _devOptional, optional: _optional, ...rest } = entry;
    keep.set(key, { ...rest, ...(optional || entry.optional ? { optional: true } : {}) });
    const edges: [string, boolean][] = [
      ...Object.keys(entry.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !entry.peerDependenciesMeta?.[n]?.optional).map((n): [string, boolean] => [n, false]),
    ];
    for (const [name, opt] of edges) {
      const target = resolveKey(ours.packages, key, name);
      if (target) visit(target, optional || opt);
      else if (!opt) throw new Error(`consumer-lock: ${key} needs ${name}, which sync-lab's lock does not hold`);
    }
  };
  for (const name of Object.keys(root.dependencies)) visit(`node_modules/${name}`, false);
  for (const name of extra) visit(`node_modules/${name}`, false);
  const pinned = Object.fromEntries(extra.map((name) => [name, ours.packages[`node_modules/${name}`]!.version!]));
  const dependencies = { 'sync-lab': `file:${tarball}`, ...pinned };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies },
    'node_modules/sync-lab': { version: root.version, resolved: `file:${tarball}`, license: 'MIT', dependencies: root.dependencies, bin: { 'sync-lab': 'bin/sync-lab.js' }, engines: { node: '>=20.19' } },
  };
  for (const [key, entry] of [...keep].sort(([a], [b]) => a.localeCompare(b))) {
    // sync-lab's own top-level dependencies sit under it in the consumer only if they clash; here none do.
    packages[key] = entry;
  }
  return {
    lock: { name: 'consumer', lockfileVersion: 3, requires: true, packages },
    packageJson: { name: 'consumer', private: true, type: 'module', dependencies },
  };
}
