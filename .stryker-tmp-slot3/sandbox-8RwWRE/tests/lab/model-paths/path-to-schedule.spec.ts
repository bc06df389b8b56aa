// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { pathToSchedule } from '../../../src/lab/model-paths/path-to-schedule.ts';
import { resolveSimOptions } from '../../../src/sim/options.ts';
import { runChecked } from '../../../src/lab/run-checked.ts';
import type { ScheduleEvent } from '../../../src/sim/schedule.ts';
import type { TraceEvent } from '../../../src/trace/events.ts';
import type { StateValue } from 'xstate';
import { checkedRunForPath, modelPathSets } from '../../../src/lab/model-paths/evidence.ts';
import { MODELS } from '../../../src/lab/model-paths/catalogue.ts';

const onA = (events: ScheduleEvent[]) => events.filter((e) => 'device' in e && e.device === 'a');

describe('pathToSchedule', () => {
  it('applies the path to device a, one step apart, with b and c editing the same entry', () => {
    const { schedule, durationMs } = pathToSchedule([{ type: 'GO_OFFLINE' }, { type: 'CRASH', point: 'now' } as never, { type: 'RESTART' }, { type: 'GO_ONLINE' }]);
    expect(schedule.devices).toEqual(['a', 'b', 'c']);
    const lifecycle = onA(schedule.events).filter((e) => !('ref' in e)).map((e) => ('action' in e ? e.action : ''));
    expect(lifecycle).toEqual(['connectivity', 'crash', 'restart', 'connectivity']);
    const sharedEdits = schedule.events.filter((e) => 'ref' in e && e.ref === 'shared' && e.action === 'edit');
    expect(new Set(sharedEdits.map((e) => ('device' in e ? e.device : '')))).toEqual(new Set(['a', 'b', 'c']));
    const times = schedule.events.map((e) => e.atMs);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(Math.max(...times)).toBeLessThan(durationMs);
  });

  it('supports two devices and the model initial mode', () => {
    const { schedule } = pathToSchedule([{ type: 'GO_ONLINE' }], { devices: 2, initialMode: 'offline' });
    expect(schedule.devices).toEqual(['a', 'b']);
    expect(schedule.initialModes).toEqual({ a: 'offline', b: 'online' });
    expect(schedule.events.some((e) => 'device' in e && e.device === 'c')).toBe(false);
    expect(Object.keys(schedule.clocks)).toEqual(['a', 'b']);
  });

  it('maps events the simulator cannot force to their causes or to waiting', () => {
    const fail = pathToSchedule([{ type: 'FAIL' }]).schedule.events;
    expect(fail.some((e) => e.action === 'server-outage')).toBe(true);
    const refused = pathToSchedule([{ type: 'REFUSED_AUTH' }]).schedule.events;
    expect(refused.some((e) => e.action === 'token-expire')).toBe(true);
    const timedOut = pathToSchedule([{ type: 'RENEW' }, { type: 'xstate.after.authTimeout.token.reauthenticating' }]).schedule.events;
    expect(timedOut.filter((e) => e.action === 'token-renew' || e.action === 'token-expire').map((e) => e.action)).toEqual(['token-renew', 'token-expire']);
    const short = pathToSchedule([{ type: 'SEND' }]).durationMs;
    const waited = pathToSchedule([{ type: 'xstate.after.pullInterval.sync.idle' }]).durationMs;
    expect(waited).toBeGreaterThan(short);
  });

  it('names the event it cannot map', () => {
    expect(() => pathToSchedule([{ type: 'TELEPORT' }])).toThrow(/path-to-schedule.*TELEPORT/);
  });

  it('gives a schedule that runs clean with every checker on', () => {
    const { schedule, durationMs } = pathToSchedule([{ type: 'GO_OFFLINE' }, { type: 'EXPIRE' }, { type: 'CRASH', point: 'now' } as never, { type: 'RESTART' }, { type: 'RENEW' }, { type: 'GO_ONLINE' }]);
    const run = runChecked({ options: resolveSimOptions({ seed: 11, durationMs, quiescenceMs: 60_000 }, 'test'), schedule });
    expect(run.violations).toEqual([]);
    expect(run.converged).toBe(true);
    expect(run.trace.filter((e) => e.kind === 'conflict').length).toBeGreaterThan(0);
  });
});

/** Device a's lifecycle as the trace shows it just before heal. */
function lifecycleBeforeHeal(trace: TraceEvent[]): { mode: string; process: string; token: string } {
  const state = { mode: 'online', process: 'running', token: 'valid' };
  for (const e of trace) {
    if (e.kind === 'phase' && e.phase === 'heal') break;
    if (!('device' in e) || e.device !== 'a') continue;
    if (e.kind === 'connectivity') state.mode = e.mode;
    else if (e.kind === 'crash') state.process = 'crashed';
    else if (e.kind === 'restart') state.process = 'running';
    else if (e.kind === 'token') state.token = e.state === 'expired' ? 'expired' : 'valid';
  }
  return state;
}

/** What the model's final state means for the simulated device (restore and re-auth are instant there). */
function expectedOf(value: StateValue): Partial<{ mode: string; process: string; token: string }> {
  const v = value as Record<string, unknown> | string;
  const region = (name: string): unknown => (typeof v === 'string' ? undefined : v[name]);
  const out: Partial<{ mode: string; process: string; token: string }> = {};
  const connectivity = region('connectivity');
  if (connectivity !== undefined) out.mode = typeof connectivity === 'string' ? connectivity : 'intermittent';
  const process = region('process');
  if (process !== undefined) out.process = process === 'crashed' ? 'crashed' : 'running';
  const token = region('token');
  if (token !== undefined) out.token = token === 'expired' ? 'expired' : 'valid';
  return out;
}

describe('model paths in the simulator', () => {
  it('leave device a, just before heal, in the state each lifecycle path ends in', () => {
    const sets = modelPathSets(MODELS.filter((m) => ['connectivity', 'session-token', 'device-process', 'device'].includes(m.id)));
    let checked = 0;
    for (const { model, paths } of sets) {
      for (const path of paths) {
        const end = path.steps.at(-1)!.state.value;
        // Single-region machines: wrap their value in the region they stand for.
        const value: StateValue = model.id === 'device' ? end : { [model.id === 'session-token' ? 'token' : model.id === 'device-process' ? 'process' : 'connectivity']: end };
        const run = checkedRunForPath(model, path);
        expect(lifecycleBeforeHeal(run.trace), `${path.id}: ${path.labels.join(' ')}`).toMatchObject(expectedOf(value));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
