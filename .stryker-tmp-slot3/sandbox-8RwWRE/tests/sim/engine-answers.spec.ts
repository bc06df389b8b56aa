// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { DefaultReconciler } from '../../src/reconciler/index.ts';
import type { ReconcilerModule, ReconcilerOptions, SyncReconciler } from '../../src/reconciler/types.ts';
import { traceErrorText, VersionChecks } from '../../src/sim/engine-answers.ts';
import { EngineError, guardEngine } from '../../src/sim/engine-guard.ts';

const stamp = () => ({ wallMs: 1, counter: 0, deviceId: 'a' });
const version = () => ({ id: 'r1', opId: 'o1', deleted: false, fields: { note: 'x', tags: ['a'] }, stamp: stamp() });
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

describe('VersionChecks: a checked version is skipped only when it cannot have changed', () => {
  it('re-checks a mutable version, so a stamp broken in place after a good answer is refused', () => {
    const checks = new VersionChecks();
    const v = version();
    expect(checks.versions([v])).toBeNull();
    v.stamp.wallMs = -1;
    expect(checks.versions([v])).toMatch(/stamp\.wallMs is -1/);
  });
  it('re-checks a frozen version whose fields are not frozen (fields broken in place are refused)', () => {
    const checks = new VersionChecks();
    const fields: Record<string, unknown> = { note: 'x' };
    const v = Object.freeze({ id: 'r1', opId: 'o1', deleted: false, fields, stamp: Object.freeze(stamp()) });
    expect(checks.versions([v])).toBeNull();
    fields['note'] = Number.NaN;
    expect(checks.versions([v])).toMatch(/fields\.note is NaN/);
  });
  it('re-checks a frozen version with a getter (its answer can change)', () => {
    const checks = new VersionChecks();
    let wallMs = 1;
    const s = Object.freeze({ get wallMs() { return wallMs; }, counter: 0, deviceId: 'a' });
    const v = Object.freeze({ id: 'r1', opId: 'o1', deleted: false, fields: Object.freeze({}), stamp: s });
    expect(checks.version(v)).toBeNull();
    wallMs = 0.5;
    expect(checks.version(v)).toMatch(/wallMs is 0.5/);
  });
  it('checks a deeply frozen version once: the next answers do not read it again', () => {
    const checks = new VersionChecks();
    let reads = 0;
    const v = new Proxy(deepFreeze(version()), { get: (target, key) => (reads++, Reflect.get(target, key)) });
    expect(checks.versions([v])).toBeNull();
    expect(reads).toBeGreaterThan(0);
    reads = 0;
    expect(checks.versions([v, v])).toBeNull();
    expect(checks.version(v)).toBeNull();
    expect(reads).toBe(0);
  });
  it('still refuses a version that was never good, frozen or not', () => {
    const checks = new VersionChecks();
    const bad = deepFreeze({ ...version(), opId: 7 });
    expect(checks.versions([bad])).toMatch(/opId a number/);
    expect(checks.versions([bad])).toMatch(/opId a number/);
  });
  it('compares a repeated answer with a copy of the last one: a bad item the engine adds in place, or past its end, is still refused', () => {
    const checks = new VersionChecks();
    const held = [deepFreeze(version()), deepFreeze({ ...version(), id: 'r2' })];
    expect(checks.versions(held)).toBeNull();
    // The engine hands out its own array and changes it: the copy, not the array, is what was checked.
    held.splice(1, 0, { ...version(), id: 'r3', opId: 7 } as never);
    expect(checks.versions(held)).toMatch(/#1.*opId a number/);
    expect(checks.versions([held[0], held[2]])).toBeNull();
    expect(checks.versions([held[0], held[2], undefined])).toMatch(/returned undefined/);
    // One version gone, another new: found as the one after, and the new one checked.
    expect(checks.versions([held[2], deepFreeze({ ...version(), id: 'r4', deleted: 'no' })])).toMatch(/#1.*deleted a string/);
  });
});

describe('the guard with the version cache', () => {
  const options: ReconcilerOptions = { deviceId: 'a', accountId: 'acct-1', stampMode: 'hlc', accountKey: new Uint8Array(32), nonces: (n) => new Uint8Array(n), token: 't' };
  it('an engine that breaks a version it already answered, in place, is an engine error on the next versions()', () => {
    const held = [version()];
    const module: ReconcilerModule = {
      name: 'mutates-in-place',
      create: (o) => Object.assign(Object.create(new DefaultReconciler(o)) as SyncReconciler, { versions: () => held }),
      restore: () => {
        throw new Error('unused');
      },
    };
    const engine = guardEngine(module).create(options) as unknown as SyncReconciler;
    expect(engine.versions()).toBe(held);
    held[0]!.stamp.counter = -3;
    let error: unknown;
    try {
      engine.versions();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ call: 'versions', device: 'a' });
  });
  it('the default engine answers frozen versions, so they are checked once', () => {
    const engine = new DefaultReconciler(options);
    engine.create({ note: 'x', tags: ['t'] }, 1);
    const [v] = engine.versions();
    expect(Object.isFrozen(v) && Object.isFrozen(v!.stamp) && Object.isFrozen(v!.fields) && Object.isFrozen(v!.fields['tags'])).toBe(true);
  });
});

describe('traceErrorText', () => {
  it("records a missing record as not-found also when the engine's error class is another copy's (an installed 'sync-lab' package)", () => {
    class RecordNotFoundError extends Error {
      constructor(id: string) {
        super(`reconciler: record ${id} does not exist`);
        this.name = 'RecordNotFoundError';
      }
    }
    expect(traceErrorText(new RecordNotFoundError('a/r1'))).toBe('not-found: reconciler: record a/r1 does not exist');
    expect(traceErrorText(new TypeError('boom'))).toBe('TypeError: boom');
  });
});
