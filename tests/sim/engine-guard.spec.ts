import { describe, expect, it } from 'vitest';
import { defaultReconciler, DefaultReconciler } from '../../src/reconciler/index.ts';
import type { DurableSnapshot, SyncReconciler, ReconcilerModule, ReconcilerOptions } from '../../src/reconciler/types.ts';
import { EngineError, guardEngine, missingReconcilerMethods, RECONCILER_METHODS, SnapshotRefusal } from '../../src/sim/engine-guard.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';
import type { EngineErrorEvent } from '../../src/trace/events.ts';
import createReturnsEmpty from '../fixtures/broken-reconcilers/create-returns-empty.ts';
import createThrows from '../fixtures/broken-reconcilers/create-throws.ts';
import pollReturnsGarbage from '../fixtures/broken-reconcilers/poll-returns-garbage.ts';
import receiveThrowsMidRun from '../fixtures/broken-reconcilers/receive-throws-mid-run.ts';

/** The guard over a synchronous engine: every answer is the value itself (never a pending call). */
function syncGuard(module: ReconcilerModule): { create(o: ReconcilerOptions): SyncReconciler; restore(s: DurableSnapshot, o: ReconcilerOptions, nowMs: number): SyncReconciler } {
  const guarded = guardEngine(module);
  return { create: (o) => guarded.create(o) as unknown as SyncReconciler, restore: (s, o, nowMs) => guarded.restore(s, o, nowMs) as unknown as SyncReconciler };
}

const options = (deviceId = 'a'): ReconcilerOptions => ({
  deviceId,
  accountId: 'acct-1',
  stampMode: 'hlc',
  accountKey: new Uint8Array(32),
  nonces: (n) => new Uint8Array(n),
  token: 't',
});

/** The default engine with one method replaced. */
function withMethod(name: keyof SyncReconciler, replacement: (inner: DefaultReconciler) => unknown): ReconcilerModule {
  return {
    name: `patched-${name}`,
    create: (o) => {
      const inner = new DefaultReconciler(o);
      return Object.assign(Object.create(inner) as SyncReconciler, { [name]: replacement(inner) });
    },
    restore: defaultReconciler.restore,
  };
}

function caught(action: () => unknown): EngineError {
  try {
    action();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected an EngineError');
}

describe('engine guard: create and restore', () => {
  it('turns a create() that throws into an EngineError naming the call, the device and the message', () => {
    const error = caught(() => syncGuard(createThrows).create(options('b')));
    expect(error).toMatchObject({ call: 'create', device: 'b' });
    expect(error.message).toBe('threw Error: cannot open the local database');
  });
  it('refuses a create() that returns {} and lists every missing Reconciler method', () => {
    const error = caught(() => syncGuard(createReturnsEmpty).create(options()));
    expect(error.call).toBe('create');
    for (const method of RECONCILER_METHODS) expect(error.message).toContain(method);
  });
  it('refuses a create() that returns a non-object, and a restore() that returns an incomplete engine', () => {
    const notObject: ReconcilerModule = { name: 'n', create: () => 42 as unknown as SyncReconciler, restore: () => ({ poll: () => undefined }) as unknown as SyncReconciler };
    expect(caught(() => syncGuard(notObject).create(options())).message).toBe('returned a number, expected an object with every Reconciler method');
    const restored = caught(() => syncGuard(notObject).restore({ format: 'x', deviceId: 'a' }, options(), 0));
    expect(restored.call).toBe('restore');
    expect(restored.message).toContain('create, read, list');
    expect(restored.message).not.toContain('poll');
  });
  it('names exactly the methods an object lacks', () => {
    expect(missingReconcilerMethods(new DefaultReconciler(options()))).toEqual([]);
    expect(missingReconcilerMethods(null)).toEqual([...RECONCILER_METHODS]);
  });
});

describe('engine guard: methods', () => {
  it('forwards a correct engine untouched (same answers, same objects)', () => {
    const plain = new DefaultReconciler(options());
    const guarded = syncGuard(defaultReconciler).create(options());
    const a = plain.create({ notes: 'x' }, 1000);
    const b = guarded.create({ notes: 'x' }, 1000);
    expect(b).toEqual(a);
    expect(guarded.read(b.id)).toEqual(plain.read(a.id));
    expect(guarded.poll(1000)).toEqual(plain.poll(1000));
    expect(guarded.status()).toEqual(plain.status());
  });
  it('keeps at most the first 1000 characters of an engine’s own error message', () => {
    const engine = syncGuard(withMethod('poll', () => () => {
      throw new Error('x'.repeat(50_000));
    })).create(options());
    const message = caught(() => engine.poll(0)).message;
    expect(message.length).toBeLessThan(1100);
    expect(message).toContain('(50007 characters)');
  });
  it('turns a throw in a sync method into an EngineError', () => {
    const engine = syncGuard(withMethod('setConnectivity', () => () => {
      throw new RangeError('bad mode');
    })).create(options());
    expect(caught(() => engine.setConnectivity('online', 0))).toMatchObject({ call: 'setConnectivity', device: 'a', message: 'threw RangeError: bad mode' });
  });
  it.each([
    ['poll', () => () => 'PUSH', 'returned a string, expected a sync request object or undefined'],
    ['nextWakeMs', () => () => Number.NaN, 'returned NaN, expected a finite number of ms or null'],
    ['versions', () => () => null, 'returned null, expected an array of record versions'],
    ['status', () => () => ({ pendingOps: 0 }), 'returned a status with remoteActions undefined'],
    ['requestBackup', () => () => 7, 'returned a number, expected an action id (a string)'],
    ['create', () => () => ({ id: 'r', opId: 'o', deleted: false, fields: {}, stamp: { wallMs: -1, counter: 0, deviceId: 'a' } }), 'stamp.wallMs is -1'],
  ] as const)('refuses garbage from %s', (method, replacement, message) => {
    const engine = syncGuard(withMethod(method, replacement)).create(options());
    const call = (engine as unknown as Record<string, (...args: unknown[]) => unknown>)[method]!.bind(engine);
    const error = caught(() => call({ notes: 'x' }, 0));
    expect(error.call).toBe(method);
    expect(error.message).toContain(message);
  });
  it('lets a refused user action through as it is (the world records it; it is not an engine fault)', () => {
    const refusal = new Error('offline: sync first');
    const engine = syncGuard(withMethod('create', () => () => {
      throw refusal;
    })).create(options());
    expect(() => engine.create({ notes: 'x' }, 0)).toThrow(refusal);
    expect(engine.poll(0)).toBeUndefined();
  });
  it('after the first fault, answers without calling the failed engine again, and throws no more', () => {
    let polls = 0;
    const module = syncGuard(withMethod('poll', () => () => {
      polls++;
      throw new Error('boom');
    }));
    const engine = module.create(options());
    engine.versions();
    caught(() => engine.poll(0));
    expect(engine.poll(0)).toBeUndefined();
    expect(polls).toBe(1);
    expect(engine.versions()).toEqual([]);
    expect(engine.status().pendingOps).toBeGreaterThanOrEqual(0);
    expect(() => module.create(options('b'))).toThrow(EngineError);
  });
});

describe('engine guard in the simulator', () => {
  const run = (reconciler: ReconcilerModule, seed = 1) => simulate({ options: resolveSimOptions({ seed }, 'test'), reconciler });
  const engineError = (trace: ReturnType<typeof run>['trace']) => trace.find((e): e is EngineErrorEvent => e.kind === 'engine-error');

  it.each([
    ['create throws', createThrows, 'create', 'threw Error: cannot open the local database'],
    ['create returns {}', createReturnsEmpty, 'create', 'returned an object without the Reconciler method(s) create, read'],
    ['a method throws mid-run', receiveThrowsMidRun, 'receive', 'threw TypeError: cursor'],
    ['a method returns garbage', pollReturnsGarbage, 'poll', 'returned a string, expected a sync request object'],
  ] as const)('%s: the run ends cleanly with engine-error then run-end', (_, reconciler, call, message) => {
    const result = run(reconciler);
    const event = engineError(result.trace);
    expect(event).toBeDefined();
    expect(event!.call).toBe(call);
    expect(event!.message).toContain(message);
    expect(result.trace.at(-1)!.kind).toBe('run-end');
    expect(result.trace.slice(event!.i + 1).every((e) => e.kind === 'msg-drop' || e.kind === 'run-end')).toBe(true);
    expect(result.converged).toBe(false);
    // Deterministic like any run.
    expect(run(reconciler).traceHash).toBe(result.traceHash);
  });
  it('a mid-run failure happens after the engine did real work, on the device that failed', () => {
    const result = run(receiveThrowsMidRun);
    const event = engineError(result.trace)!;
    expect(result.trace.slice(0, event.i).some((e) => e.kind === 'merge' && e.device === event.device)).toBe(true);
  });
  it('the default engine never trips the guard', () => {
    for (const seed of [1, 2, 3]) expect(engineError(run(defaultReconciler, seed).trace)).toBeUndefined();
  });
});

describe('engine guard: restore of a damaged snapshot (restoreDamaged)', () => {
  const saved = new DefaultReconciler(options()).save();
  it('reports a throw as a SnapshotRefusal with the bare message, and the engine stays usable', () => {
    const guarded = guardEngine(defaultReconciler);
    let refusal: unknown;
    try {
      guarded.restoreDamaged({ ...saved, format: 'other/v0' }, options(), 0);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(SnapshotRefusal);
    expect((refusal as SnapshotRefusal).message).toMatch(/^threw SnapshotError: reconciler\/snapshot: invalid field format/);
    expect((refusal as SnapshotRefusal).reason).toMatch(/^reconciler\/snapshot: invalid field format/);
    expect(() => guarded.restore(saved, options(), 0)).not.toThrow();
  });
  it('still trips the guard when restore returns what is not an engine', () => {
    const guarded = guardEngine({ ...defaultReconciler, restore: () => ({}) as unknown as SyncReconciler });
    expect(() => guarded.restoreDamaged(saved, options(), 0)).toThrow(EngineError);
    expect(() => guarded.create(options())).toThrow(EngineError);
  });
});
