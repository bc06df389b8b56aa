// @ts-nocheck
// The examples are written as a user writes an adapter: everything they take from sync-lab comes
// from its public API (src/api/index.ts, the module users import as 'sync-lab', adapter kit included),
// never from the lab's internals, so what they need and the kit lacks shows here first.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../examples');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.[cm]?[jt]s$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('examples import sync-lab only through its public API', () => {
  it('no example file imports from src/ other than src/api/index.ts', () => {
    const files = sources(root);
    expect(files.map((f) => relative(root, f))).toEqual(expect.arrayContaining(['yjs/engine.ts', 'yjs/index.ts', 'indexeddb/engine.ts', 'indexeddb/index.ts', 'minimal-reconciler.ts']));
    const internal = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/from\s+'([^']+)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => spec.includes('/src/') && !/\/src\/api\/index\.ts$/.test(spec))
        .map((spec) => `${relative(root, f)}: ${spec}`),
    );
    expect(internal).toEqual([]);
  });
});
