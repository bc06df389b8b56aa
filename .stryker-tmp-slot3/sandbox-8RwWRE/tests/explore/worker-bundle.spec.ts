// @ts-nocheck
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKER_MANIFEST, bundledWorker, cachedWorkerBundle } from '../../src/explore/worker-bundle.ts';

// Copies of the real manifest, altered one way each: the real one is shared with other test files.
let manifest: { esbuild: string; bundle: string; inputs: Record<string, string> };
let bundle = '';
const dir = mkdtempSync(join(tmpdir(), 'sync-lab-worker-bundle-'));
const variant = (name: string, change: (m: typeof manifest) => void): string => {
  const copy = structuredClone(manifest);
  change(copy);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(copy));
  return path;
};

beforeAll(async () => {
  bundle = await bundledWorker();
  manifest = JSON.parse(readFileSync(WORKER_MANIFEST, 'utf8'));
});

describe('explore worker bundle', () => {
  it('is built to disk with a manifest of every input (sources and packages)', () => {
    expect(existsSync(bundle)).toBe(true);
    const inputs = Object.keys(manifest.inputs);
    expect(inputs).toContain('src/explore/worker-main.ts');
    expect(inputs).toContain('src/reconciler/reconciler.ts');
    // The worker loads modules with the main thread's loader and runs engines behind the same guard.
    expect(inputs).toContain('src/io/reconciler-loader.ts');
    expect(inputs).toContain('src/sim/engine-guard.ts');
    expect(inputs.some((p) => p.startsWith('node_modules/zod/'))).toBe(true);
  });

  it('is reused while every input hashes the same', () => {
    expect(cachedWorkerBundle(variant('same', () => undefined))).toBe(bundle);
  });

  it('is rebuilt when any input changed, esbuild changed, the bundle is gone or the manifest is bad', () => {
    const first = Object.keys(manifest.inputs)[0]!;
    expect(cachedWorkerBundle(variant('edited', (m) => void (m.inputs[first] = '0'.repeat(64))))).toBeNull();
    expect(cachedWorkerBundle(variant('moved', (m) => void (m.inputs['src/no-such-file.ts'] = '0'.repeat(64))))).toBeNull();
    expect(cachedWorkerBundle(variant('esbuild', (m) => void (m.esbuild = '0.0.0')))).toBeNull();
    expect(cachedWorkerBundle(variant('gone', (m) => void (m.bundle = join(dir, 'gone.mjs'))))).toBeNull();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"esbuild": 1');
    expect(cachedWorkerBundle(bad)).toBeNull();
    expect(cachedWorkerBundle(join(dir, 'missing.json'))).toBeNull();
  });
});
