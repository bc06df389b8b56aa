// What the pacing checkers read alike: the run's bound, the device's mode and clock step, its awaited requests.
import { describe, expect, it } from 'vitest';
import { PacingLedger, runBound } from '../../../src/check/_internals/pacing.ts';
import type { TraceEvent } from '../../../src/trace/events.ts';

type Loose = Record<string, unknown> & { t: number; kind: string };
const ev = (e: Loose): TraceEvent => ({ i: 0, ...e }) as unknown as TraceEvent;
const start = (options: Record<string, unknown>): TraceEvent => ev({ t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'test', options });

describe('runBound', () => {
  it('reads a number the run sets, and nothing else', () => {
    expect(runBound([start({ retryMinDelayMs: 250 })], 'retryMinDelayMs')).toBe(250);
    expect(runBound([start({ retryMinDelayMs: '250' })], 'retryMinDelayMs')).toBeUndefined();
    expect(runBound([start({})], 'retryMinDelayMs')).toBeUndefined();
    expect(runBound([], 'retryMinDelayMs')).toBeUndefined();
  });
});

describe('PacingLedger', () => {
  it('follows the mode and the clock step of each device', () => {
    const l = new PacingLedger();
    expect([l.mode('a'), l.stepMs('a')]).toEqual([undefined, 0]);
    l.observe(ev({ t: 1, kind: 'connectivity', device: 'a', mode: 'online' }));
    l.observe(ev({ t: 2, kind: 'clock', device: 'a', stepMs: 100 }));
    expect([l.mode('a'), l.stepMs('a')]).toEqual(['online', 100]);
    l.observe(ev({ t: 3, kind: 'clock', device: 'a', jump: 5 }));
    expect(l.stepMs('a')).toBe(0);
  });

  it('settles an awaited request once, and forgets those a crash or going offline abandoned', () => {
    const l = new PacingLedger();
    l.observe(ev({ t: 7, kind: 'msg-send', msgId: 'sq1', from: 'a', to: 'server', type: 'push', requestId: 'q1', bytes: 1, payload: {}, senderMode: 'online' }));
    l.observe(ev({ t: 8, kind: 'msg-send', msgId: 'rq1', from: 'server', to: 'a', type: 'response', requestId: 'q1', bytes: 1, payload: { ok: false, error: 'unavailable' }, senderMode: 'online' }));
    const delivery = ev({ t: 9, kind: 'msg-deliver', msgId: 'rq1', to: 'a' }) as Extract<TraceEvent, { kind: 'msg-deliver' }>;
    expect(l.answerOf(delivery)).toEqual({ requestId: 'q1', ok: false, error: 'unavailable' });
    expect(l.answerOf({ ...delivery, to: 'server' })).toBeUndefined();
    expect(l.settle('a', 'q1')).toBe(7);
    expect(l.settle('a', 'q1')).toBeUndefined();
    l.observe(ev({ t: 10, kind: 'msg-send', msgId: 'sq2', from: 'a', to: 'server', type: 'push', requestId: 'q2', bytes: 1, payload: {}, senderMode: 'online' }));
    l.observe(ev({ t: 11, kind: 'connectivity', device: 'a', mode: 'offline' }));
    expect(l.settle('a', 'q2')).toBeUndefined();
    l.observe(ev({ t: 12, kind: 'msg-send', msgId: 'sq3', from: 'a', to: 'server', type: 'push', requestId: 'q3', bytes: 1, payload: {}, senderMode: 'online' }));
    l.observe(ev({ t: 13, kind: 'crash', device: 'a' }));
    expect(l.settle('a', 'q3')).toBeUndefined();
  });
});
