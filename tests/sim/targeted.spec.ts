// Targeted faults and protocol-relative triggers: each takes effect on exactly the message or moment
// it aims at, is in the trace (armed, fired, not-fired, unsupported), catches the engine it is for,
// and leaves schedules without them untouched.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/explore/scenario-file.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { loadReconciler } from '../../src/io/reconciler-loader.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import type { Reconciler, ReconcilerModule } from '../../src/reconciler/types.ts';
import { scheduleSchema, findScheduleProblem } from '../../src/sim/schedule.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

const scenario = (name: string) => loadScenario(`simulations/reviewer/${name}.yaml`);
const targeted = (trace: readonly TraceEvent[]) => trace.filter((e): e is Extract<TraceEvent, { kind: 'targeted' }> => e.kind === 'targeted');

describe('targeted faults', () => {
  it('drop-next ack: the server applied the push, the answer is dropped, the retry is deduplicated', () => {
    const s = scenario('targeted-dropped-ack');
    const run = runChecked({ options: s.options, schedule: s.schedule });
    expect(run.violations).toEqual([]);
    const fired = targeted(run.trace).find((e) => e.state === 'fired')!;
    expect(fired).toMatchObject({ action: 'drop-next', device: 'a' });
    const response = run.trace.find((e) => e.kind === 'msg-send' && e.from === 'server' && e.requestId === fired.requestId)!;
    expect(run.trace.some((e) => e.kind === 'msg-drop' && e.reason === 'targeted' && 'msgId' in response && e.msgId === response.msgId)).toBe(true);
    const applies = run.trace.filter((e) => e.kind === 'server-apply' && e.type === 'push' && e.device === 'a');
    expect(applies.some((e) => e.kind === 'server-apply' && e.deduplicated.length > 0)).toBe(true);
  });

  it('timeout-after-apply: the device fails the request at once after the server stored it', () => {
    const s = scenario('targeted-timeout-after-apply');
    const run = runChecked({ options: s.options, schedule: s.schedule });
    expect(run.violations).toEqual([]);
    const fired = targeted(run.trace).find((e) => e.state === 'fired')!;
    const apply = run.trace.findIndex((e) => e.kind === 'server-apply' && e.requestId === fired.requestId);
    const fail = run.trace.findIndex((e) => e.kind === 'request-fail' && e.requestId === fired.requestId);
    expect(apply).toBeGreaterThan(0);
    expect(fail).toBeGreaterThan(apply);
    expect(run.trace[fail]!.t).toBe(run.trace[apply]!.t);
  });

  it('catches the engines these faults are for', async () => {
    const freshIds = await loadReconciler('tests/fixtures/broken-reconcilers/fresh-op-ids-on-retry.ts');
    for (const name of ['targeted-dropped-ack', 'targeted-timeout-after-apply']) {
      const s = scenario(name);
      const run = runChecked({ options: s.options, schedule: s.schedule, reconciler: freshIds });
      expect(run.violations.map((v) => v.checker), name).toContain('no-duplicates');
    }
    // Shows a write only once acked: the held-back answer leaves b showing a stale value it was told is saved.
    const afterAck = await loadReconciler('tests/fixtures/broken-reconcilers/visible-after-ack.ts');
    const s = scenario('targeted-delayed-pull-answer');
    expect(runChecked({ options: s.options, schedule: s.schedule, reconciler: afterAck }).violations.map((v) => v.checker)).toContain('commit-immediate');
  });

  it('sync-now on an engine without syncNow is recorded as unsupported, not skipped silently', async () => {
    const s = scenario('targeted-sync-now');
    // The default engine without its optional syncNow (a Proxy hides the method, every other call goes through).
    const hide = (r: Reconciler): Reconciler =>
      new Proxy(r, { get: (target, prop) => (prop === 'syncNow' ? undefined : (Reflect.get(target, prop, target) as unknown)) });
    const engine: ReconcilerModule = { name: 'no-sync-now', create: (o) => hide(defaultReconciler.create(o)), restore: (snap, o, now) => hide(defaultReconciler.restore(snap, o, now)) };
    const run = runChecked({ options: s.options, schedule: s.schedule, reconciler: engine });
    expect(targeted(run.trace)).toEqual([expect.objectContaining({ action: 'sync-now', state: 'unsupported' })]);
  });

  it('an aim whose message never comes is recorded as not fired when the fault phase ends', () => {
    const s = scenario('targeted-sync-now');
    const schedule: Schedule = { ...s.schedule, events: [...s.schedule.events, { atMs: 100, device: 'a', action: 'drop-next', message: 'request', of: 'admin' }] };
    const run = runChecked({ options: s.options, schedule });
    expect(targeted(run.trace).filter((e) => e.device === 'a').map((e) => e.state)).toEqual(['armed', 'not-fired']);
  });
});

describe('protocol-relative triggers', () => {
  it('fire at the device\'s protocol moment: the edit happens while the pull is in flight, before its answer', () => {
    const s = scenario('targeted-edit-during-pull');
    const run = runChecked({ options: s.options, schedule: s.schedule });
    expect(run.violations).toEqual([]);
    const fired = targeted(run.trace).find((e) => e.action === 'on' && e.state === 'fired' && e.device === 'b')!;
    const edit = run.trace.findIndex((e) => e.kind === 'local-write' && e.device === 'b' && e.i > fired.i);
    const answer = run.trace.findIndex((e) => e.kind === 'msg-deliver' && e.to === 'b' && e.i > fired.i);
    expect(edit).toBeGreaterThan(0);
    expect(answer).toBeGreaterThan(edit);
    expect(run.trace[edit]!.t).toBe(fired.t);
  });

  it('the schema refuses a triggered create, an unknown moment and a trigger inside a trigger', () => {
    const s = scenario('targeted-edit-during-pull');
    const base = { ...s.schedule, events: [...s.schedule.events] };
    const withEvent = (e: unknown) => ({ ...base, events: [...base.events, e] });
    expect(scheduleSchema.safeParse(withEvent({ atMs: 1, device: 'a', action: 'on', when: 'whenever', then: { device: 'a', action: 'sync-now' } })).success).toBe(false);
    expect(scheduleSchema.safeParse(withEvent({ atMs: 1, device: 'a', action: 'on', when: 'after-ack', then: { device: 'a', action: 'on', when: 'after-ack', then: { device: 'a', action: 'sync-now' } } })).success).toBe(false);
    const create = withEvent({ atMs: 1, device: 'a', action: 'on', when: 'after-ack', then: { device: 'a', action: 'create', ref: 'x', fields: { notes: 'x' } } });
    expect(scheduleSchema.safeParse(create).success).toBe(true);
    expect(findScheduleProblem(create as Schedule, { devices: 2, durationMs: 20000 })?.path).toEqual(['events', base.events.length, 'then', 'action']);
  });

  it('schedules without targeted events record none (their traces are unchanged)', () => {
    const s = loadScenario('simulations/reviewer/crash-mid-sync.json');
    expect(targeted(runChecked({ options: s.options, schedule: s.schedule }).trace)).toEqual([]);
  });
});
