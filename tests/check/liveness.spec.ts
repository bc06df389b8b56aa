// The liveness and efficiency checkers (redownload, backoff-reset): off unless the run-start sets
// their bound, and judged from the trace alone.
import { describe, expect, it } from 'vitest';
import { backoffReset } from '../../src/check/backoff-reset.ts';
import { redownload } from '../../src/check/redownload.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

type Loose = Record<string, unknown> & { t: number; kind: string };
const withOptions = (options: Record<string, unknown>, ...events: Loose[]): TraceEvent[] =>
  [{ t: 0, kind: 'run-start', seed: 1, devices: ['a', 'b'], stampMode: 'hlc', reconciler: 'test', options }, ...events].map((e, i) => ({ ...e, i }) as unknown as TraceEvent);
const judge = (checker: typeof redownload | typeof backoffReset, trace: TraceEvent[]) => checker.check({ trace, serverState: {}, stampMode: 'hlc' });

const pullSend = (t: number, q: string): Loose => ({ t, kind: 'msg-send', msgId: `s${q}`, from: 'a', to: 'server', type: 'pull', requestId: q, bytes: 1, payload: {}, senderMode: 'online' });
const pullAnswer = (t: number, q: string, ops: string[]): Loose => ({ t, kind: 'msg-send', msgId: `r${q}`, from: 'server', to: 'a', type: 'response', requestId: q, bytes: 1, payload: { type: 'pull', ok: true, ops: ops.map((opId, k) => ({ seq: k + 1, opId })) }, senderMode: 'online' });
const deliver = (t: number, msgId: string): Loose => ({ t, kind: 'msg-deliver', msgId, to: 'a' });

describe('redownload', () => {
  const twice = [pullSend(1, 'a/q1'), pullAnswer(2, 'a/q1', ['b/o1']), deliver(3, 'ra/q1'), pullSend(4, 'a/q2'), pullAnswer(5, 'a/q2', ['b/o1']), deliver(6, 'ra/q2')];

  it('flags an op a device downloads again after it received the answer that carried it', () => {
    const found = judge(redownload, withOptions({ redownloadBoundOps: 0 }, ...twice));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/device a downloaded op b\/o1 again/);
  });

  it('is off without a bound, and allows up to the bound', () => {
    expect(judge(redownload, withOptions({}, ...twice))).toEqual([]);
    expect(judge(redownload, withOptions({ redownloadBoundOps: 1 }, ...twice))).toEqual([]);
  });

  it('does not count an answer the device no longer waited for (timed out, or it went offline)', () => {
    const timedOut = [pullSend(1, 'a/q1'), pullAnswer(2, 'a/q1', ['b/o1']), { t: 2, kind: 'request-fail', device: 'a', requestId: 'a/q1', reason: 'timeout' }, deliver(3, 'ra/q1'), pullSend(4, 'a/q2'), pullAnswer(5, 'a/q2', ['b/o1']), deliver(6, 'ra/q2')];
    expect(judge(redownload, withOptions({ redownloadBoundOps: 0 }, ...timedOut))).toEqual([]);
    const offline = [pullSend(1, 'a/q1'), pullAnswer(2, 'a/q1', ['b/o1']), { t: 2, kind: 'connectivity', device: 'a', mode: 'offline' }, deliver(3, 'ra/q1'), pullSend(4, 'a/q2'), pullAnswer(5, 'a/q2', ['b/o1']), deliver(6, 'ra/q2')];
    expect(judge(redownload, withOptions({ redownloadBoundOps: 0 }, ...offline))).toEqual([]);
    // A duplicated request answered twice: the refusal arrived first and ended the wait; the late ok answer is not received.
    const refusal: Loose = { t: 2, kind: 'msg-send', msgId: 'xa/q1', from: 'server', to: 'a', type: 'response', requestId: 'a/q1', bytes: 1, payload: { type: 'pull', ok: false, error: 'token-expired' }, senderMode: 'online' };
    const refusedFirst = [pullSend(1, 'a/q1'), pullAnswer(2, 'a/q1', ['b/o1']), refusal, deliver(3, 'xa/q1'), deliver(3, 'ra/q1'), pullSend(4, 'a/q2'), pullAnswer(5, 'a/q2', ['b/o1']), deliver(6, 'ra/q2')];
    expect(judge(redownload, withOptions({ redownloadBoundOps: 0 }, ...refusedFirst))).toEqual([]);
  });
});

describe('backoff-reset', () => {
  const ok = (t: number, q: string): Loose[] => [
    { t, kind: 'msg-send', msgId: `s${q}`, from: 'a', to: 'server', type: 'push', requestId: q, bytes: 1, payload: {}, senderMode: 'online' },
    { t: t + 1, kind: 'msg-send', msgId: `r${q}`, from: 'server', to: 'a', type: 'response', requestId: q, bytes: 1, payload: { type: 'push', ok: true, acked: [] }, senderMode: 'online' },
    deliver(t + 2, `r${q}`),
  ];
  const timeout = (t: number, q: string): Loose[] => [
    { t, kind: 'msg-send', msgId: `s${q}`, from: 'a', to: 'server', type: 'push', requestId: q, bytes: 1, payload: {}, senderMode: 'online' },
    { t: t + 2_000_000, kind: 'request-fail', device: 'a', requestId: q, reason: 'timeout' },
  ];
  const retryAt = (t: number, q: string): Loose => ({ t, kind: 'msg-send', msgId: `s${q}`, from: 'a', to: 'server', type: 'push', requestId: q, bytes: 1, payload: {}, senderMode: 'online' });

  it('flags a first failure after a success that is not retried within the bound', () => {
    const online = { t: 0, kind: 'connectivity', device: 'a', mode: 'online' };
    const slow = [online, ...ok(0, 'a/q1'), ...timeout(10, 'a/q2'), retryAt(2_000_010 + 4_000_000, 'a/q3')];
    const found = judge(backoffReset, withOptions({ backoffResetBoundMs: 1500 }, ...slow));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/a\/q2 failed .* no retry was sent within 1500 ms/);
    expect(judge(backoffReset, withOptions({}, ...slow))).toEqual([]);
  });

  it('passes a prompt retry, and does not judge a delay the device had its own reason for', () => {
    const prompt = [...ok(0, 'a/q1'), ...timeout(10, 'a/q2'), retryAt(2_000_010 + 500_000, 'a/q3')];
    expect(judge(backoffReset, withOptions({ backoffResetBoundMs: 1500 }, ...prompt))).toEqual([]);
    const offline = [...ok(0, 'a/q1'), ...timeout(10, 'a/q2'), { t: 2_100_000, kind: 'connectivity', device: 'a', mode: 'offline' }, retryAt(9_000_000, 'a/q3')];
    expect(judge(backoffReset, withOptions({ backoffResetBoundMs: 1500 }, ...offline))).toEqual([]);
    // A second failure in a row may wait longer (no success between).
    const second = [...timeout(0, 'a/q1'), ...timeout(2_500_000, 'a/q2'), retryAt(9_000_000, 'a/q3')];
    expect(judge(backoffReset, withOptions({ backoffResetBoundMs: 1500 }, ...second))).toEqual([]);
    // An intermittent device's link flaps unrecorded: a late retry may have waited for the link.
    const flapping = [{ t: 0, kind: 'connectivity', device: 'a', mode: 'intermittent' }, ...ok(0, 'a/q1'), ...timeout(10, 'a/q2'), retryAt(6_000_010, 'a/q3')];
    expect(judge(backoffReset, withOptions({ backoffResetBoundMs: 1500 }, ...flapping))).toEqual([]);
  });
});
