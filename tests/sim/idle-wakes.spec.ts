import { describe, expect, it } from 'vitest';
import { drawOptions, loadProfile } from '../../src/explore/profile.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { EngineError } from '../../src/sim/engine-answers.ts';
import { runSync } from '../../src/sim/engine-call.ts';
import { IDLE_WAKE_WINDOW_US, IdleWakes } from '../../src/sim/idle-wakes.ts';
import { DEFAULT_SIM_OPTIONS, OFF_BY_DEFAULT_KNOBS, resolveSimOptions } from '../../src/sim/options.ts';
import type { SimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';
import busyWakesOffline from '../fixtures/explore-broken/busy-wakes-offline.ts';
import { bareWorld } from './_internals/context.ts';

const bound = (max: number) => IdleWakes.of({ idleWakesPerDeviceSecondMax: max })!;
/** Idle wake-ups of `device` at each of `timesMs` (true time). */
const idleAt = (wakes: IdleWakes, device: string, timesMs: readonly number[]) => {
  for (const t of timesMs) wakes.idle(device, t * 1000);
};
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
/** The error `f` throws (the test fails if it throws none). */
function thrown(f: () => void): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('idle-wake bound (idleWakesPerDeviceSecondMax)', () => {
  it('is an off-by-default knob of at most 1,000 that the default and all profiles set to 50 in base (their draws stay as they were)', () => {
    expect(DEFAULT_SIM_OPTIONS.idleWakesPerDeviceSecondMax).toBe(0);
    expect(OFF_BY_DEFAULT_KNOBS).toContain('idleWakesPerDeviceSecondMax');
    expect(() => resolveSimOptions({ idleWakesPerDeviceSecondMax: -1 }, 'test')).toThrow(/idleWakesPerDeviceSecondMax/);
    expect(() => resolveSimOptions({ idleWakesPerDeviceSecondMax: 1001 }, 'test')).toThrow(/idleWakesPerDeviceSecondMax/);
    for (const name of ['default', 'all']) {
      const profile = loadProfile(name);
      expect(profile.base['idleWakesPerDeviceSecondMax'], name).toBe(50);
      expect(profile.ranges['idleWakesPerDeviceSecondMax'], name).toBeUndefined();
      expect(drawOptions(profile, 7).idleWakesPerDeviceSecondMax).toBe(50);
    }
    expect(IdleWakes.of({ idleWakesPerDeviceSecondMax: 0 })).toBeUndefined();
    expect(IDLE_WAKE_WINDOW_US).toBe(1_000_000);
  });

  it('allows the bound within one simulated second and throws the finding at the one past it, naming device, count, window, knob and what was expected', () => {
    const wakes = bound(50);
    idleAt(wakes, 'a', range(30, 50));
    expect(wakes.countOf('a')).toBe(50);
    const error = thrown(() => wakes.idle('a', 80_000));
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ call: 'idle-wakes', device: 'a' });
    expect(error.message).toBe(
      "idle wake-ups: device a was woken 51 times within 1000 ms (from 30 to 80 ms) at the times it asked for (nextWakeMs) and sent no request after any of them (bound: idleWakesPerDeviceSecondMax 50 per device per simulated second); expected a device with nothing it can send (offline, waiting for an answer or its backoff) to ask to be woken when it can send, not again and again (a busy wait drains a phone's battery)",
    );
  });

  it('counts in a sliding window of one second, (now - 1 s, now]: wake-ups a second old no longer count', () => {
    const slid = bound(3);
    idleAt(slid, 'a', [0, 400, 800]);
    slid.idle('a', 1_000_000); // the one at 0 ms is exactly a second old: out
    expect(slid.countOf('a')).toBe(3);
    expect(() => slid.idle('a', 1_399_999)).toThrow(/woken 4 times within 1000 ms \(from 400 to 1399.999 ms\)/);
    // A window that has emptied starts again, and the ring wraps (more wake-ups than its size, none ever too close).
    const steady = bound(2);
    idleAt(steady, 'a', range(0, 40).map((i) => i * 500));
    expect(steady.countOf('a')).toBe(2);
    idleAt(steady, 'a', [60_000]);
    expect(steady.countOf('a')).toBe(1);
  });

  it('counts each device on its own', () => {
    const wakes = bound(2);
    idleAt(wakes, 'a', [1, 2]);
    idleAt(wakes, 'b', [1, 2]);
    expect([wakes.countOf('a'), wakes.countOf('b'), wakes.countOf('c')]).toEqual([2, 2, 0]);
    expect(() => wakes.idle('b', 3000)).toThrow(/device b was woken 3 times/);
  });

  it('in the host: a wake-up after which the device sent a request is not idle, one after which it sent nothing is, a stale one is not a wake-up', () => {
    const w = bareWorld({ idleWakesPerDeviceSecondMax: 1 });
    const a = w.device('a');
    runSync(w.host.boot(a));
    runSync(w.host.wake(a, a.wakeGen)); // sends its first pull: not idle
    expect(a.requestsPolled).toBe(1);
    expect(w.kinds()).toContain('msg-send');
    w.ctx.nowUs = 1000;
    runSync(w.host.wake(a, a.wakeGen)); // the pull is in flight: nothing to send, the 1st idle wake-up
    for (let i = 0; i < 3; i++) runSync(w.host.wake(a, a.wakeGen + 1)); // stale: nothing woke
    w.ctx.nowUs = 2000;
    expect(() => runSync(w.host.wake(a, a.wakeGen))).toThrow(/idle wake-ups: device a was woken 2 times within 1000 ms \(from 1 to 2 ms\)/);
  });

  // hlc stamps: wall seeds of the default profile show causal-lww on purpose (a declared expected finding).
  const profiled = (seed: number, extra: Partial<SimOptions> = {}) => resolveSimOptions({ ...drawOptions(loadProfile('default'), seed), stampMode: 'hlc', ...extra }, 'test');

  it('ends the run of an engine busy-waking offline with an engine-error finding (call idle-wakes); without the bound nothing sees it', () => {
    const cut = runChecked({ options: profiled(1), reconciler: busyWakesOffline });
    expect(cut.trace.find((e) => e.kind === 'engine-error')).toMatchObject({ call: 'idle-wakes', device: 'a' });
    expect(cut.violations.map((v) => v.checker)).toEqual(['engine-error']);
    expect(cut.violations[0]!.message).toMatch(/^device a: idle wake-ups: device a was woken 51 times within 1000 ms .*idleWakesPerDeviceSecondMax 50.*; the run stopped there$/);
    expect(cut.trace[cut.trace.length - 1]!.kind).toBe('run-end');
    // The bug this bound exists for: sync is untouched and the event budget is far off, so every checker holds.
    const unbounded = runChecked({ options: profiled(1, { idleWakesPerDeviceSecondMax: 0 }), reconciler: busyWakesOffline });
    expect(unbounded.violations).toEqual([]);
  });

  it('is never near reached by the default engine: at a tenth of the profiles\' bound, seeds of the default and all profiles stay clean', () => {
    const seeds: [profile: string, seed: number][] = [...range(1, 30).map((s) => ['default', s] as [string, number]), ...range(1, 15).map((s) => ['all', s] as [string, number])];
    for (const [profile, seed] of seeds) {
      const options = resolveSimOptions({ ...drawOptions(loadProfile(profile), seed), idleWakesPerDeviceSecondMax: 5 }, 'test');
      const run = simulate({ options });
      expect(run.trace.filter((e) => e.kind === 'engine-error'), `${profile} seed ${seed}`).toEqual([]);
    }
  });

  it('off (0) changes nothing: the pinned trace hash is unchanged; on, the default engine\'s trace differs only in run-start recording it', () => {
    // tests/sim/trace-hash-pins.spec.ts pins run/42 (the built-in defaults) at this hash.
    expect(simulate({ options: resolveSimOptions({ seed: 42, idleWakesPerDeviceSecondMax: 0 }, 'test') }).traceHash).toBe('v2:bb8571e2beaf1b3ef2eae216390d851a117db52ad10132f183f0bdd5d5d5362b');
    const off = simulate({ options: profiled(3, { idleWakesPerDeviceSecondMax: 0 }) });
    const on = simulate({ options: profiled(3) });
    const [startOff, ...restOff] = off.trace;
    const [startOn, ...restOn] = on.trace;
    expect(startOff!.kind === 'run-start' && 'idleWakesPerDeviceSecondMax' in startOff!.options).toBe(false);
    expect(startOn!.kind === 'run-start' && startOn!.options['idleWakesPerDeviceSecondMax']).toBe(50);
    expect(restOn).toEqual(restOff);
  });
});
