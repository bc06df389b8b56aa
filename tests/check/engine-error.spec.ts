import { describe, expect, it } from 'vitest';
import { engineError } from '../../src/check/engine-error.ts';
import { CHECKERS, checkRun } from '../../src/check/index.ts';
import createThrows from '../fixtures/broken-reconcilers/create-throws.ts';
import pollReturnsGarbage from '../fixtures/broken-reconcilers/poll-returns-garbage.ts';
import receiveThrowsMidRun from '../fixtures/broken-reconcilers/receive-throws-mid-run.ts';
import { cleanRuns, simulateChecked, trace } from './_internals/build.ts';

describe('engine-error', () => {
  it('reports the engine-error event: which call, which device, what went wrong', () => {
    const t = trace({ t: 5, kind: 'engine-error', device: 'b', call: 'receive', message: 'threw TypeError: x is undefined' });
    const [v, ...rest] = engineError.check({ trace: t, serverState: {}, stampMode: 'hlc' });
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ checker: 'engine-error', eventIndex: 1, t: 5, devices: ['b'] });
    expect(v!.message).toContain('device b: the engine failed in receive: threw TypeError: x is undefined');
  });
  it('reports an idle-wake finding as what it is: no call failed, its own message says what was expected', () => {
    const message = 'idle wake-ups: device a was woken 51 times within 1000 ms (...); expected a device with nothing it can send to ask to be woken when it can send';
    const [v] = engineError.check({ trace: trace({ t: 80, kind: 'engine-error', device: 'a', call: 'idle-wakes', message }), serverState: {}, stampMode: 'hlc' });
    expect(v!.message).toBe(`device a: ${message}; the run stopped there`);
  });
  it('passes correct runs', () => {
    expect(cleanRuns('engine-error')).toEqual([]);
  });
  it.each([
    ['create throws', createThrows, 'create'],
    ['a method throws mid-run', receiveThrowsMidRun, 'receive'],
    ['a method returns garbage', pollReturnsGarbage, 'poll'],
  ] as const)('%s: a run of a broken engine is judged as an engine error, not as the consequences of the cut', (_, reconciler, call) => {
    const run = simulateChecked(1, reconciler);
    expect(run.violations.map((v) => v.checker)).toEqual(['engine-error']);
    expect(run.violations[0]!.message).toContain(`failed in ${call}`);
  });
  it('every checker reads a trace that ends early without crashing: cut at the engine error, and cut before run-end', () => {
    const run = simulateChecked(1, receiveThrowsMidRun);
    const cut = run.trace.findIndex((e) => e.kind === 'engine-error');
    for (const events of [run.trace, run.trace.slice(0, cut + 1), run.trace.slice(0, cut), run.trace.slice(0, 1), []]) {
      for (const checker of CHECKERS) expect(() => checker.check({ trace: events, serverState: run.serverState, stampMode: 'hlc' }), checker.id).not.toThrow();
    }
  });
  it('keeps the other checkers’ findings from before the failure and drops end-of-run verdicts', () => {
    const t = trace(
      { t: 1, kind: 'local-write', device: 'a', op: 'create', recordId: 'a/r1', ok: false, error: 'refused', wallMs: 0 },
      { t: 2, kind: 'engine-error', device: 'a', call: 'poll', message: 'threw Error: x' },
      { t: 2, kind: 'run-end', replicas: { a: [], b: [] }, serverLog: [], converged: false, convergedAt: null },
    );
    expect(checkRun({ trace: t, serverState: {}, stampMode: 'hlc' }).map((v) => v.checker)).toEqual(['engine-error', 'non-blocking']);
  });
});
