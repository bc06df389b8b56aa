// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { checkDeterminism } from '../../src/lab/determinism.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import type { Reconciler, ReconcilerModule } from '../../src/reconciler/types.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';

describe('determinism', () => {
  it('holds for the default reconciler', () => {
    const result = checkDeterminism({ options: resolveSimOptions({ seed: 7, durationMs: 30_000 }, 'test') });
    expect(result.deterministic).toBe(true);
    expect(result.hashes[0]).toBe(result.hashes[1]);
    expect(result.violation).toBeNull();
  });
  it('catches a reconciler with hidden state shared across runs', () => {
    // Module-level state survives between the two runs: the second run's requests differ.
    let runs = 0;
    const leaky: ReconcilerModule = {
      name: 'leaky',
      create: (o) => {
        const r = defaultReconciler.create(o);
        if (o.deviceId === 'a') runs++;
        const poll = r.poll.bind(r);
        return Object.assign(Object.create(Object.getPrototypeOf(r) as object) as Reconciler, r, { poll: (now: number) => poll(now + (runs % 2) * 100_000) });
      },
      restore: (s, o, nowMs) => defaultReconciler.restore(s, o, nowMs),
    };
    const result = checkDeterminism({ options: resolveSimOptions({ seed: 7, durationMs: 30_000 }, 'test'), reconciler: leaky });
    expect(result.deterministic).toBe(false);
    expect(result.violation?.checker).toBe('determinism');
    expect(result.firstDifference).not.toBeNull();
  });
});
