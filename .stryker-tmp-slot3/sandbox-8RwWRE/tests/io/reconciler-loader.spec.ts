// @ts-nocheck
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONCILER_PATH, loadReconciler, moduleProblems } from '../../src/io/reconciler-loader.ts';
import { UsageError } from '../../src/io/usage-error.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';

const refusal = async (spec: string): Promise<string> => {
  const error = await loadReconciler(spec).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  const message = (error as UsageError).message;
  expect(message.split('\n')).toHaveLength(1);
  return message;
};

describe('reconciler loader', () => {
  it('loads the built-in reconciler by any of its names, without importing a file', async () => {
    for (const spec of [undefined, '', 'default', DEFAULT_RECONCILER_PATH]) expect(await loadReconciler(spec)).toBe(defaultReconciler);
  });
  it('loads and validates a module file (the fixtures of broken engines are valid modules)', async () => {
    const module = await loadReconciler('tests/fixtures/broken-reconcilers/create-throws.ts');
    expect(module.name).toBe('broken-create-throws');
    expect(await loadReconciler('tests/fixtures/broken-reconcilers/create-throws.ts')).toBe(module);
  });
  it('refuses a missing path or a folder, naming the path and what was expected', async () => {
    expect(await refusal('/nonexistent/engine.ts')).toMatch(/^--reconciler: \/nonexistent\/engine\.ts: no such file; expected a module file/);
    expect(await refusal(mkdtempSync(join(tmpdir(), 'sync-lab-loader-')))).toMatch(/: a package folder, but it has no "exports" or "main" and no index\.js; expected package\.json "exports" or "main"/);
  });
  it('refuses a module that throws on import, with its message and what was expected', async () => {
    expect(await refusal('tests/fixtures/broken-modules/throws-on-import.ts')).toMatch(/throws-on-import\.ts: could not be loaded \(Error: engine configuration missing\); expected a module that imports cleanly/);
  });
  it('refuses a module without a ReconcilerModule export, saying what is missing and how to fix it', async () => {
    const none = await refusal('tests/fixtures/broken-modules/no-export.ts');
    expect(none).toContain('no-export.ts: expected a ReconcilerModule as the default export');
    expect(none).toContain('it has no default export, no `reconciler` export and no module.exports (it exports: notAReconciler)');
    expect(none).toContain('Fix: export default { name:');
    const partial = await refusal('tests/fixtures/broken-modules/missing-restore.ts');
    expect(partial).toContain('`name` must be a non-empty string; `restore(snapshot, options)` must be a function');
    expect(partial).not.toContain('`create(options)`');
  });
  it('names each problem of an export', () => {
    expect(moduleProblems({ default: null })).toEqual(['the export is null, not an object']);
    expect(moduleProblems({ reconciler: 'x' })).toEqual(['the export is a string, not an object']);
    expect(moduleProblems({ default: { name: 'n', create: () => null, restore: () => null } })).toEqual([]);
  });
});

describe('moduleProblems: a module that brings its own server', () => {
  const base = { name: 'x', create: () => ({}), restore: () => ({}) };
  it('accepts a well-formed server and names each missing part of a bad one', () => {
    expect(moduleProblems({ default: { ...base, server: { name: 'p', create: () => ({}), requestIdOf: () => 'r', metadata: ['kind'] } } })).toEqual([]);
    expect(moduleProblems({ default: { ...base, server: { name: '', create: 1, kindOf: 'push', metadata: 'kind' } } })).toEqual([
      '`server.name` must be a non-empty string',
      '`server.create(options)` must be a function returning { handle, state }',
      '`server.requestIdOf(request)` must be a function (the id `fail` is called with)',
      '`server.kindOf(message)` must be a function when given',
      '`server.metadata` must be a list of documented field paths (`kind`, `changes[].id`; exposure E2)',
    ]);
  });
});
