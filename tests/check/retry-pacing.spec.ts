// retry-pacing: after a failed request the device waits at least retryMinDelayMs before it sends
// again; off without the bound, and void where the device had a reason of its own to send sooner.
import { describe, expect, it } from 'vitest';
import { retryPacing } from '../../src/check/retry-pacing.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

type Loose = Record<string, unknown> & { t: number; kind: string };
const judge = (options: Record<string, unknown>, ...events: Loose[]) => {
  const trace = [{ t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'test', options }, ...events].map((e, i) => ({ ...e, i }) as unknown as TraceEvent);
  return retryPacing.check({ trace, serverState: {}, stampMode: 'hlc' });
};
const BOUND = { retryMinDelayMs: 250 };
const send = (t: number, q: string, type = 'push'): Loose => ({ t, kind: 'msg-send', msgId: `s${q}`, from: 'a', to: 'server', type, requestId: q, bytes: 1, payload: {}, senderMode: 'online' });
const answer = (t: number, q: string, payload: Record<string, unknown>): Loose[] => [
  { t, kind: 'msg-send', msgId: `r${q}`, from: 'server', to: 'a', type: 'response', requestId: q, bytes: 1, payload: { type: 'push', ...payload }, senderMode: 'online' },
  { t: t + 1, kind: 'msg-deliver', msgId: `r${q}`, to: 'a' },
];
const online: Loose = { t: 0, kind: 'connectivity', device: 'a', mode: 'online' };
const timeout = (t: number, q: string): Loose => ({ t, kind: 'request-fail', device: 'a', requestId: q, reason: 'timeout' });

describe('retry-pacing', () => {
  it('is off without its bound', () => {
    expect(judge({}, online, send(10, 'a/q1'), timeout(2_000_010, 'a/q1'), send(2_000_010, 'a/q2'))).toEqual([]);
  });

  it('flags a request sent within the bound of a timeout or a refusal, and holds for one sent after it', () => {
    const found = judge(BOUND, online, send(10, 'a/q1'), timeout(2_000_010, 'a/q1'), send(2_100_010, 'a/q2'));
    expect(found.map((v) => v.message)).toEqual([expect.stringMatching(/request a\/q1 failed \(timeout\) at 2\.000 s and the device sent push a\/q2 100\.0 ms later, within 250 ms \(retryMinDelayMs\)/)]);
    expect(judge(BOUND, online, send(10, 'a/q1'), ...answer(50, 'a/q1', { ok: false, error: 'unavailable' }), send(100, 'a/q2'))[0]!.message).toMatch(/failed \(refused: unavailable\)/);
    expect(judge(BOUND, online, send(10, 'a/q1'), timeout(2_000_010, 'a/q1'), send(2_500_010, 'a/q2'))).toEqual([]);
  });

  it('does not count an ok answer, a duplicate answer, or a failure of a request no longer waited for', () => {
    expect(judge(BOUND, online, send(10, 'a/q1'), ...answer(50, 'a/q1', { ok: true, acked: [] }), send(60, 'a/q2'))).toEqual([]);
    const late = [send(10, 'a/q1'), timeout(2_000_010, 'a/q1'), send(2_500_010, 'a/q2'), ...answer(2_600_000, 'a/q1', { ok: false, error: 'unavailable' }), send(2_600_100, 'a/q3')];
    expect(judge(BOUND, online, ...late)).toEqual([]);
  });

  it('lets the device send at once where it has a reason of its own', () => {
    const after = (e: Loose) => judge(BOUND, online, send(10, 'a/q1'), timeout(1_000_000, 'a/q1'), e, send(1_000_100, 'a/q2'));
    expect(after({ t: 1_000_050, kind: 'connectivity', device: 'a', mode: 'online' })).toEqual([]);
    expect(after({ t: 1_000_050, kind: 'token', device: 'a', state: 'renewed' })).toEqual([]);
    expect(after({ t: 1_000_050, kind: 'restart', device: 'a', versions: [], pendingOps: 0 })).toEqual([]);
    expect(after({ t: 1_000_050, kind: 'clock', device: 'a', offsetMs: 0, jump: true })).toEqual([]);
    expect(after({ t: 1_000_050, kind: 'targeted', device: 'a', action: 'sync-now', state: 'fired', detail: '' })).toEqual([]);
    expect(after({ t: 1_000_050, kind: 'phase', phase: 'heal' })).toEqual([]);
  });

  it('does not judge an intermittent device, nor a refusal of a token older than the device holds', () => {
    expect(judge(BOUND, { t: 0, kind: 'connectivity', device: 'a', mode: 'intermittent' }, send(10, 'a/q1'), timeout(1_000_000, 'a/q1'), send(1_000_001, 'a/q2'))).toEqual([]);
    const renewedOnTheWire = [send(10, 'a/q1'), { t: 20, kind: 'token', device: 'a', state: 'renewed' }, ...answer(50, 'a/q1', { ok: false, error: 'token-expired' }), send(60, 'a/q2')];
    expect(judge(BOUND, online, ...renewedOnTheWire)).toEqual([]);
    expect(judge(BOUND, online, send(10, 'a/q1'), ...answer(50, 'a/q1', { ok: false, error: 'token-expired' }), send(60, 'a/q2'))).toHaveLength(1);
  });

  it('allows a device whose clock reads in coarse steps the bound less one step, and does not judge it when the step reaches the bound', () => {
    const coarse = (stepMs: number, afterMs: number) => judge(BOUND, online, { t: 0, kind: 'clock', device: 'a', offsetMs: 0, jump: false, stepMs }, send(10, 'a/q1'), timeout(1_000_000, 'a/q1'), send(1_000_000 + afterMs * 1000, 'a/q2'));
    expect(coarse(100, 160)).toEqual([]);
    expect(coarse(100, 140)[0]!.message).toMatch(/less one step of its clock \(100 ms\)/);
    expect(coarse(1000, 0)).toEqual([]);
  });
});
