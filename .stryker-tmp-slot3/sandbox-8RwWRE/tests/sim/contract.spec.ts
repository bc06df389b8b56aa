/**
 * The contract in src/reconciler/types.ts and the simulator agree (issue 13, point 4): a recording
 * engine (the default one, every call logged) shows the calls the simulator makes.
 */
// @ts-nocheck

import { describe, expect, it } from 'vitest';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import type { ReconcilerModule, SyncReconciler } from '../../src/reconciler/types.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate, simulateAsync } from '../../src/sim/run.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import { asyncModule } from '../fixtures/engines/_async-wrap.ts';

type Call = { device: string; call: string; args: unknown[] };

/** The default engine with every call of the sequence-relevant methods logged in `calls`. */
function recording(calls: Call[]): ReconcilerModule & { create: (o: never) => SyncReconciler } {
  const logged = (engine: SyncReconciler): SyncReconciler => {
    const watched = new Set(['setConnectivity', 'fail', 'receive', 'poll']);
    return new Proxy(engine, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function' || !watched.has(String(key))) return value;
        return (...args: unknown[]) => {
          const answer = (value as (...a: unknown[]) => unknown).apply(target, args);
          // A poll that sent nothing is noise here.
          if (key !== 'poll' || answer !== undefined) calls.push({ device: target.deviceId, call: String(key), args: key === 'poll' ? [(answer as { requestId: string }).requestId] : key === 'receive' ? [(args[0] as { requestId: string }).requestId] : args.slice(0, 2) });
          return answer;
        };
      },
    });
  };
  return {
    name: 'recording',
    create: (options) => logged(defaultReconciler.create(options)),
    restore: (snapshot, options, nowMs) => {
      calls.push({ device: options.deviceId, call: 'restore', args: [nowMs] });
      return logged(defaultReconciler.restore(snapshot, options, nowMs));
    },
  };
}

const still = { offsetMs: 0, driftPpm: 0 };
const schedule: Schedule = {
  devices: ['a', 'b'],
  initialModes: { a: 'online', b: 'online' },
  clocks: { a: { offsetMs: 250, driftPpm: 0 }, b: still },
  events: [
    // At 0 ms the first pull of each device is on the wire (sent by the first pump, answered later).
    { atMs: 0, device: 'a', action: 'connectivity', mode: 'offline' },
    { atMs: 1_000, device: 'a', action: 'connectivity', mode: 'online' },
    { atMs: 2_000, device: 'a', action: 'crash', point: 'now' },
    { atMs: 3_000, device: 'a', action: 'restart' },
  ],
};
const options = resolveSimOptions({ seed: 11, devices: 2, durationMs: 5_000, quiescenceMs: 20_000, lossPercent: 0 }, 'test');

describe('the Reconciler contract (types.ts) as the simulator keeps it', () => {
  it('going offline: setConnectivity(offline), then fail(requestId, no-link) for the request in flight, each in the trace', () => {
    const calls: Call[] = [];
    const run = simulate({ options, schedule, reconciler: recording(calls) });
    const a = calls.filter((c) => c.device === 'a');
    const sent = a.find((c) => c.call === 'poll')!.args[0] as string;
    const offline = a.findIndex((c) => c.call === 'setConnectivity' && c.args[0] === 'offline');
    expect(offline).toBeGreaterThan(a.findIndex((c) => c.call === 'poll'));
    expect(a[offline + 1]).toEqual({ device: 'a', call: 'fail', args: [sent, 'no-link'] });
    // Its answer never reaches the engine: the request failed.
    expect(a.some((c) => c.call === 'receive' && c.args[0] === sent)).toBe(false);
    expect(run.trace).toContainEqual(expect.objectContaining({ kind: 'request-fail', device: 'a', requestId: sent, reason: 'no-link' }));
  });

  it('restore(snapshot, options, nowMs) receives the device clock reading at the restart', () => {
    const calls: Call[] = [];
    const run = simulate({ options, schedule, reconciler: recording(calls) });
    const restart = run.trace.find((e) => e.kind === 'restart')!;
    // Device a's clock runs 250 ms ahead of true time from the epoch.
    expect(calls.filter((c) => c.call === 'restore')).toEqual([{ device: 'a', call: 'restore', args: [options.clockEpochMs + Math.floor(restart.t / 1000) + 250] }]);
  });

  it('the async driver makes the same calls in the same order', async () => {
    const sync: Call[] = [];
    const async: Call[] = [];
    simulate({ options, schedule, reconciler: recording(sync) });
    const wrapped = asyncModule(recording(async) as never, 'recording');
    await simulateAsync({ options, schedule, reconciler: wrapped });
    expect(async).toEqual(sync);
  });
});
