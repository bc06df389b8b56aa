// @ts-nocheck
// The engine-direct baseline replays exactly what the simulator asked of the engines: replayed engines end where the run's did.
import { describe, expect, it } from 'vitest';
import { recordingModule, replayEngineCalls } from '../../src/cli/bench-direct.ts';
import type { EngineCall } from '../../src/cli/bench-direct.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';
import { toTraceVersion } from '../../src/sim/recorder.ts';

describe('engine-direct baseline', () => {
  it('records every engine call and leaves the run (and its trace hash) unchanged', () => {
    const options = resolveSimOptions({ seed: 3, devices: 3, durationMs: 300_000 }, 'test');
    const calls: EngineCall[] = [];
    const recorded = simulate({ options, reconciler: recordingModule(defaultReconciler, calls) });
    const plain = simulate({ options });
    expect(recorded.traceHash).toBe(plain.traceHash);
    expect(calls.filter((c) => c.call === 'module.create')).toHaveLength(3);
    expect(calls.some((c) => c.call === 'receive')).toBe(true);
    expect(calls.some((c) => c.call === 'create')).toBe(true); // a user's record create, not a new engine
  });

  it('replayed without the simulator, fresh engines end holding what each device held at the end of the run', () => {
    // Crashes make the run restore engines from snapshots; the replay must rebuild those too.
    const options = resolveSimOptions({ seed: 5, devices: 3, durationMs: 600_000, crashesPerHour: 30 }, 'test');
    const calls: EngineCall[] = [];
    const run = simulate({ options, reconciler: recordingModule(defaultReconciler, calls) });
    expect(calls.some((c) => c.call === 'module.restore')).toBe(true);
    const engines = replayEngineCalls(defaultReconciler, structuredClone(calls));
    const end = run.trace.at(-1)!;
    if (end.kind !== 'run-end') throw new Error('expected a run-end');
    // The last engine made for each device is the one that ran to the end.
    const last = new Map(engines.map((e) => [e.deviceId, e]));
    expect([...last.keys()].sort()).toEqual(Object.keys(end.replicas).sort());
    for (const [device, engine] of last) expect(engine.versions().map(toTraceVersion)).toEqual(end.replicas[device]);
  });
});
