/**
 * Engine options (src/io/engine-options.ts): the module's own schema or parse function decides,
 * its refusal is a usage error naming where the value came from and the field, and every engine
 * the bound module makes gets the parsed value as `options.engineOptions`.
 */
// @ts-nocheck

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bindEngineOptions, readEngineOptionsFile } from '../../src/io/engine-options.ts';
import { moduleProblems } from '../../src/io/reconciler-loader.ts';
import { UsageError } from '../../src/io/usage-error.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import type { ReconcilerModule, ReconcilerOptions, SyncReconcilerModule } from '../../src/reconciler/types.ts';

/** A module that records the options each create/restore received. */
function recording(extra: Partial<ReconcilerModule> = {}): { module: ReconcilerModule; seen: { call: string; engineOptions: unknown; rest: unknown[] }[] } {
  const seen: { call: string; engineOptions: unknown; rest: unknown[] }[] = [];
  const module: ReconcilerModule = {
    name: 'recording',
    create: (o: ReconcilerOptions) => (seen.push({ call: 'create', engineOptions: o.engineOptions, rest: [] }), defaultReconciler.create(o)),
    restore: ((s: never, o: ReconcilerOptions, ...rest: unknown[]) => (seen.push({ call: 'restore', engineOptions: o.engineOptions, rest }), defaultReconciler.restore(s, o, rest[0] as number))) as ReconcilerModule['restore'],
    ...extra,
  };
  return { module, seen };
}

const source = 'test: --reconciler-options: opts.json';
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('engine options', () => {
  it('pass the parsed value to create and restore (and any further restore arguments through)', () => {
    const schema = z.object({ batch: z.number().int().default(4), name: z.string() }).strict();
    const { module, seen } = recording({ optionsSchema: schema });
    const bound = bindEngineOptions(module, { value: { name: 'x' }, source }, false);
    expect(bound.name).toBe('recording');
    const engine = (bound.create as SyncReconcilerModule['create'])({ deviceId: 'd1', accountId: 'a', stampMode: 'hlc', accountKey: new Uint8Array(32), nonces: (n) => new Uint8Array(n), token: 't' });
    (bound.restore as (...a: unknown[]) => unknown)(engine.save(), { deviceId: 'd1', accountId: 'a', stampMode: 'hlc', accountKey: new Uint8Array(32), nonces: (n: number) => new Uint8Array(n), token: 't' }, 1234);
    expect(seen).toEqual([
      { call: 'create', engineOptions: { batch: 4, name: 'x' }, rest: [] },
      { call: 'restore', engineOptions: { batch: 4, name: 'x' }, rest: [1234] },
    ]);
  });

  it('refuse a value the module schema refuses, naming the source and the field', () => {
    const { module } = recording({ optionsSchema: z.object({ batch: z.number() }).strict() });
    expect(refusal(() => bindEngineOptions(module, { value: { batch: 'many' }, source }, false))).toMatch(/^test: --reconciler-options: opts\.json: field "batch": .*number.* \(the optionsSchema of recording\)$/);
    expect(refusal(() => bindEngineOptions(module, { value: { batch: 1, extra: 1 }, source }, false))).toMatch(/field "\(root\)"|field "extra"/);
    // The schema decides even without a file: required options are said to be missing.
    expect(refusal(() => bindEngineOptions(module, undefined, false))).toMatch(/^--reconciler recording: no --reconciler-options given: field "\(root\)"/);
  });

  it('use parseOptions when declared, its error as the reason', () => {
    const { module, seen } = recording({
      parseOptions(value: unknown) {
        if (typeof value !== 'object' || value === null || !('mode' in value)) throw new Error('field "mode": expected "fast" or "safe"');
        return { mode: (value as { mode: string }).mode.toUpperCase() };
      },
    });
    expect(refusal(() => bindEngineOptions(module, { value: {}, source }, false))).toBe(`${source}: field "mode": expected "fast" or "safe" (the parseOptions of recording)`);
    bindEngineOptions(module, { value: { mode: 'fast' }, source }, false).create({ deviceId: 'd1', accountId: 'a', stampMode: 'hlc', accountKey: new Uint8Array(32), nonces: (n) => new Uint8Array(n), token: 't' });
    expect(seen[0]?.engineOptions).toEqual({ mode: 'FAST' });
  });

  it('leave a module without options untouched, and refuse options for the built-in engine', () => {
    const { module } = recording();
    expect(bindEngineOptions(module, undefined, false)).toBe(module);
    expect(refusal(() => bindEngineOptions(defaultReconciler, { value: {}, source }, true))).toBe(`${source}: the built-in reconciler takes no engine options; expected --reconciler <your module> with them, or no --reconciler-options`);
  });

  it('read JSON or YAML files, refusing what is not plain JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-engine-options-'));
    writeFileSync(join(dir, 'a.yaml'), 'batch: 3\nnames: [x, y]\n');
    writeFileSync(join(dir, 'b.yaml'), 'limits:\n  batch: .inf\n');
    writeFileSync(join(dir, 'c.json'), '{ "batch": ');
    expect(readEngineOptionsFile('run', join(dir, 'a.yaml'))).toEqual({ value: { batch: 3, names: ['x', 'y'] }, source: `run: --reconciler-options: ${join(dir, 'a.yaml')}` });
    expect(refusal(() => readEngineOptionsFile('run', join(dir, 'b.yaml')))).toBe(`run: --reconciler-options: ${join(dir, 'b.yaml')}: field "limits.batch": expected a finite number`);
    expect(refusal(() => readEngineOptionsFile('run', join(dir, 'c.json')))).toMatch(/^run: --reconciler-options: .*c\.json: not valid JSON/);
    expect(refusal(() => readEngineOptionsFile('run', join(dir, 'missing.json')))).toMatch(/^run: --reconciler-options: .*missing\.json: no such options file/);
  });

  it('a module declaring a malformed optionsSchema or parseOptions is refused when loaded', () => {
    const base = { name: 'n', create: () => null, restore: () => null };
    expect(moduleProblems({ default: { ...base, optionsSchema: {} } })).toEqual(['`optionsSchema` must be a schema with `safeParse(value)` (a zod schema) when given']);
    expect(moduleProblems({ default: { ...base, parseOptions: 'x' } })).toEqual(['`parseOptions(value)` must be a function when given']);
  });
});
