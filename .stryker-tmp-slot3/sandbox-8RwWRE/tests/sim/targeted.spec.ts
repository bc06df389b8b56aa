// @ts-nocheck
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

describe('user actions with when: shown', () => {
  const minimal = () => loadReconciler('examples/minimal-reconciler.ts');
  const skips = (trace: readonly TraceEvent[]) => trace.filter((e): e is Extract<TraceEvent, { kind: 'schedule-skip' }> => e.kind === 'schedule-skip');
  const withoutWhen = (schedule: Schedule): Schedule => ({ ...schedule, events: schedule.events.map((e) => ('when' in e && e.action !== 'on' ? (({ when: _, ...rest }) => rest)(e) : e) as typeof e) });

  it('wait for the record to show on an engine with other request timing, then happen right after the answer that showed it', async () => {
    const engine = await minimal();
    const s = scenario('conflict-intermittent');
    // Timed by the clock alone, c edits before this engine has pulled the entry: a skip.
    const timed = runChecked({ options: s.options, schedule: withoutWhen(s.schedule), reconciler: engine });
    expect(skips(timed.trace).map((e) => `${e.device} ${e.action} ${e.code}`)).toContain('c edit record-not-shown');
    const run = runChecked({ options: s.options, schedule: s.schedule, reconciler: engine });
    expect(run.violations).toEqual([]);
    expect(skips(run.trace)).toEqual([]);
    const edit = run.trace.find((e) => e.kind === 'local-write' && e.device === 'c' && e.op === 'edit')!;
    expect(edit.t).toBeGreaterThan(13_500_000); // later than its atMs: it waited
    const before = run.trace.filter((e) => e.i < edit.i && e.t === edit.t);
    expect(before.some((e) => e.kind === 'msg-deliver' && e.to === 'c')).toBe(true);
  });

  it('a record that never shows before the fault phase ends is a record-not-shown skip at the heal, with its reason', () => {
    const s = scenario('essential-intermittent');
    // b is cut off from the server for the whole fault phase: it never receives Monday or Wednesday.
    const schedule: Schedule = { ...s.schedule, events: [{ atMs: 0, action: 'partition', groups: [['a', 'server'], ['b']] }, ...s.schedule.events] };
    const run = runChecked({ options: s.options, schedule });
    const heal = run.trace.find((e) => e.kind === 'phase' && e.phase === 'heal')!;
    const found = skips(run.trace).filter((e) => e.device === 'b');
    expect(found.map((e) => `${e.action} ${e.ref} ${e.code} ${e.atMs}`)).toEqual(['read monday record-not-shown 18000', 'read wednesday record-not-shown 18000']);
    for (const e of found) {
      expect(e.t).toBe(heal.t);
      expect(e.reason).toContain('(when: shown) waited from 18000 ms');
    }
    expect(run.trace.some((e) => e.kind === 'local-read' && e.device === 'b')).toBe(false);
  });

  it('is allowed on edit, delete and read only, as the value shown', () => {
    const s = scenario('essential-intermittent');
    const withEvent = (e: unknown) => scheduleSchema.safeParse({ ...s.schedule, events: [...s.schedule.events, e] }).success;
    expect(withEvent({ atMs: 1, device: 'b', action: 'delete', ref: 'monday', when: 'shown' })).toBe(true);
    expect(withEvent({ atMs: 1, device: 'b', action: 'delete', ref: 'monday', when: 'later' })).toBe(false);
    expect(withEvent({ atMs: 1, device: 'b', action: 'create', ref: 'x', fields: { notes: 'x' }, when: 'shown' })).toBe(false);
  });
});
