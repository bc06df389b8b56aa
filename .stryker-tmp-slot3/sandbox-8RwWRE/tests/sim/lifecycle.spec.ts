// @ts-nocheck
import { guardEngine } from '../../src/sim/engine-guard.ts';
import { runSync } from '../../src/sim/engine-call.ts';
import { describe, expect, it } from 'vitest';
import { DeviceLifecycle, VirtualTimers } from '../../src/sim/lifecycle.ts';
import type { LifecycleRejection } from '../../src/sim/lifecycle.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import { World } from '../../src/sim/world.ts';
import { simulate } from '../../src/sim/run.ts';

function lifecycle(initialMode: 'offline' | 'intermittent' | 'online' = 'online') {
  let nowUs = 0;
  const rejections: Omit<LifecycleRejection, 'atUs'>[] = [];
  const timers = new VirtualTimers(() => nowUs);
  const life = new DeviceLifecycle('a', initialMode, timers, (r) => rejections.push(r));
  return { life, rejections, timers, setNowUs: (us: number) => (nowUs = us) };
}

describe('VirtualTimers', () => {
  it('fires due timers earliest first, ties in the order set, and only when advanced', () => {
    let nowUs = 1_000;
    const timers = new VirtualTimers(() => nowUs);
    const fired: string[] = [];
    timers.schedule(() => fired.push('late'), 5);
    timers.schedule(() => fired.push('first'), 2);
    timers.schedule(() => fired.push('tie'), 2);
    const cancelled = timers.schedule(() => fired.push('cancelled'), 1);
    timers.cancel(cancelled);
    expect(timers.nextDueUs()).toBe(3_000);
    timers.fireDue(2_999);
    expect(fired).toEqual([]);
    nowUs = 6_000;
    timers.fireDue(6_000);
    expect(fired).toEqual(['first', 'tie', 'late']);
    expect(timers.size).toBe(0);
  });

  it('posts each timer onto the caller\'s queue by id and keeps no due times of its own', () => {
    const nowUs = 1_000;
    const posted: [number, number][] = [];
    const timers = new VirtualTimers(() => nowUs, (dueUs, id) => posted.push([dueUs, id]));
    const fired: string[] = [];
    const a = timers.schedule(() => fired.push('a'), 2);
    const b = timers.schedule(() => fired.push('b'), 0);
    expect(posted).toEqual([
      [3_000, a],
      [1_000, b],
    ]);
    expect(timers.nextDueUs()).toBeNull();
    timers.cancel(a);
    timers.fire(a);
    timers.fire(b);
    timers.fire(b);
    expect(fired).toEqual(['b']);
    expect(timers.size).toBe(0);
  });

  it('is the clock XState delays run on (object keys, no global timer)', () => {
    const timers = new VirtualTimers(() => 0);
    const id = (timers.clock as { setTimeout: (fn: () => void, ms: number) => number }).setTimeout(() => {}, 10);
    expect(timers.size).toBe(1);
    (timers.clock as { clearTimeout: (id: number) => void }).clearTimeout(id);
    expect(timers.size).toBe(0);
  });
});

describe('DeviceLifecycle', () => {
  it('reads mode and link state from the connectivity actor', () => {
    const { life } = lifecycle('intermittent');
    expect(life.connectivity.getSnapshot().value).toEqual({ intermittent: 'linkUp' });
    expect([life.mode, life.linkUp]).toEqual(['intermittent', true]);
    life.flipLink();
    expect([life.mode, life.linkUp]).toEqual(['intermittent', false]);
    life.setMode('online');
    expect([life.mode, life.linkUp]).toEqual(['online', true]);
  });

  it('reads running and token validity from the process and token actors', () => {
    const { life } = lifecycle();
    expect(life.crash('now')).toBe(true);
    expect(life.running).toBe(false);
    expect(life.restart()).toBe(true);
    expect(life.running).toBe(false);
    life.restored();
    expect(life.running).toBe(true);
    life.expireToken();
    expect(life.tokenExpired).toBe(true);
    life.renewToken();
    expect(life.tokenExpired).toBe(false);
    expect(life.token.getSnapshot().value).toBe('valid');
  });

  it('refuses and records illegal lifecycle events instead of ignoring them', () => {
    const { life, rejections } = lifecycle();
    expect(life.restart()).toBe(false);
    life.crash('now');
    expect(life.canCrash('now')).toBe(false);
    expect(life.setMode('online')).toBe(false);
    expect(rejections).toEqual([
      { device: 'a', machine: 'process', event: 'RESTART', state: 'running' },
      { device: 'a', machine: 'process', event: 'CRASH', state: 'crashed' },
      { device: 'a', machine: 'connectivity', event: 'GO_ONLINE', state: 'online' },
    ]);
    expect(life.running).toBe(false);
  });

  it('does not mistake an allowed event that changes nothing for a rejection', () => {
    const { life, rejections } = lifecycle();
    expect(life.expireToken()).toBe(true);
    expect(life.expireToken()).toBe(true);
    expect(life.token.getSnapshot().value).toBe('expired');
    expect(rejections).toEqual([]);
  });
});

describe('World with lifecycle actors', () => {
  const schedule: Schedule = {
    devices: ['a', 'b'],
    initialModes: { a: 'online', b: 'intermittent' },
    clocks: { a: { offsetMs: 0, driftPpm: 0 }, b: { offsetMs: 0, driftPpm: 0 } },
    events: [
      { atMs: 100, device: 'a', action: 'create', ref: 'r', fields: { notes: 'x' } },
      { atMs: 500, device: 'a', action: 'restart' },
      { atMs: 1_000, device: 'a', action: 'crash', point: 'now' },
      { atMs: 1_200, device: 'a', action: 'crash', point: 'after-push-sent' },
      { atMs: 2_000, device: 'a', action: 'restart' },
    ],
  };
  const options = resolveSimOptions({ seed: 3, devices: 2, durationMs: 5_000, quiescenceMs: 30_000 }, 'test');

  it('records a restart of a running device and a crash of a crashed one, and applies neither', () => {
    const result = runSync(new World(options, schedule, guardEngine(defaultReconciler)).run());
    expect(result.lifecycleRejections).toEqual([
      { atUs: 500_000, device: 'a', machine: 'process', event: 'RESTART', state: 'running' },
      { atUs: 1_200_000, device: 'a', machine: 'process', event: 'CRASH', state: 'crashed' },
    ]);
    // In the trace too: each rejection, then the skip of the schedule event that asked for it.
    const told = result.trace.filter((e) => e.kind === 'lifecycle-reject' || e.kind === 'schedule-skip');
    expect(told.map((e) => [e.kind, e.t, 'action' in e ? e.action : e.event])).toEqual([
      ['lifecycle-reject', 500_000, 'RESTART'],
      ['schedule-skip', 500_000, 'restart'],
      ['lifecycle-reject', 1_200_000, 'CRASH'],
      ['schedule-skip', 1_200_000, 'crash'],
    ]);
    expect(told[1]).toMatchObject({ device: 'a', atMs: 500, code: 'lifecycle-rejected', rejected: { machine: 'process', event: 'RESTART', state: 'running' } });
    expect(result.trace.filter((e) => e.kind === 'crash').map((e) => e.t)).toEqual([1_000_000]);
    expect(result.trace.filter((e) => e.kind === 'restart').map((e) => e.t)).toEqual([2_000_000]);
    expect(result.converged).toBe(true);
  });

  it('simulate() hands the rejections on to its callers', () => {
    expect(simulate({ options, schedule }).lifecycleRejections.map((r) => r.event)).toEqual(['RESTART', 'CRASH']);
  });

  it('gives the same trace hash on every run', () => {
    const a = runSync(new World(options, schedule, guardEngine(defaultReconciler)).run());
    const b = runSync(new World(options, schedule, guardEngine(defaultReconciler)).run());
    expect(a.traceHash).toBe(b.traceHash);
  });
});
