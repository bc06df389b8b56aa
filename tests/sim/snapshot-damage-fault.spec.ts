// The damaged-snapshot fault (userStorageDamagePercent, src/sim/snapshot-damage-fault.ts): at restarts
// the storage first hands restore a damaged copy; a refusal is recorded and the intact copy restored
// (the run goes on as without the fault), an accepted copy is recorded with what the intact one
// restores. Off, nothing is drawn (trace-hash-pins holds every pinned hash).
import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/lab/run-checked.ts';
import { simulate } from '../../src/sim/run.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { DefaultReconciler, restoreReconciler } from '../../src/reconciler/index.ts';
import type { SyncReconcilerModule } from '../../src/reconciler/types.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

const opts = (over: Record<string, unknown>) => resolveSimOptions({ seed: 3, devices: 3, durationMs: 60_000, quiescenceMs: 60_000, crashesPerHour: 1200, restartDelayMs: 1000, ...over }, 'test');
const of = <K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) => trace.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
/** The trace without the fault's own events and the run-start, events numbered anew. */
const rest = (trace: readonly TraceEvent[]) => trace.filter((e) => e.kind !== 'snapshot-damage' && e.kind !== 'run-start').map(({ i: _i, ...e }) => e);

describe('userStorageDamagePercent', () => {
  it('off: no damage, no event, and run-start does not list the knob', () => {
    const { trace } = simulate({ options: opts({}) });
    expect(of(trace, 'snapshot-damage')).toEqual([]);
    expect(JSON.stringify(trace[0])).not.toContain('userStorageDamagePercent');
  });

  it('on: each damage comes right before the restart of its device; the default engine refuses, saying why, and the run goes on as without it', () => {
    const on = runChecked({ options: opts({ userStorageDamagePercent: 100 }) });
    const damages = of(on.trace, 'snapshot-damage');
    expect(damages.length).toBeGreaterThan(5);
    for (const d of damages) {
      expect(d).toMatchObject({ accepted: false, error: expect.stringMatching(/^threw SnapshotError: reconciler\/snapshot: /), reason: expect.stringMatching(/^reconciler\/snapshot: /) });
      const next = on.trace.find((e) => e.i > d.i && e.kind !== 'snapshot-damage');
      expect(next).toMatchObject({ kind: 'restart', device: d.device });
    }
    expect(on.violations).toEqual([]);
    expect(rest(on.trace)).toEqual(rest(simulate({ options: opts({}) }).trace));
  });

  it('an accepted damage is recorded with what the intact snapshot restores, and the device runs on what the engine made of it', () => {
    // Reads a snapshot of another device (or no object at all) as empty: a fresh engine, nothing of what was saved.
    const forgetful: SyncReconcilerModule = {
      name: 'forgets-foreign',
      create: (options) => new DefaultReconciler(options),
      restore: (snapshot, options) => (snapshot.deviceId === options.deviceId ? restoreReconciler(snapshot, options) : new DefaultReconciler(options)),
    };
    const run = runChecked({ options: opts({ userStorageDamagePercent: 100 }), reconciler: forgetful });
    const accepted = of(run.trace, 'snapshot-damage').filter((d) => d.accepted);
    expect(accepted.length).toBeGreaterThan(0);
    let lost = 0;
    for (const d of accepted) {
      expect(['foreign', 'not-object']).toContain(d.damage);
      const restart = of(run.trace, 'restart').find((e) => e.i > d.i && e.device === d.device)!;
      expect(restart.i).toBe(d.i + 1);
      expect(restart.versions).toEqual([]);
      if (d.intact!.versions.length > 0) lost++;
    }
    expect(lost).toBeGreaterThan(0);
    expect(run.violations.map((v) => v.checker)).toContain('snapshot-damage');
  });

  it('same seed, same damages', () => {
    const a = simulate({ options: opts({ userStorageDamagePercent: 50 }) });
    const b = simulate({ options: opts({ userStorageDamagePercent: 50 }) });
    expect(a.traceHash).toBe(b.traceHash);
    expect(of(a.trace, 'snapshot-damage').length).toBeGreaterThan(0);
  });

  it('not drawn after the heal', () => {
    const { trace } = simulate({ options: opts({ userStorageDamagePercent: 100 }) });
    const heal = trace.find((e) => e.kind === 'phase' && e.phase === 'heal')!;
    expect(heal).toBeDefined();
    for (const d of of(trace, 'snapshot-damage')) expect(d.t).toBeLessThan(heal.t);
  });
});
