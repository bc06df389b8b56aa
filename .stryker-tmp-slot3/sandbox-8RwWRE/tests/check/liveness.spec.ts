// @ts-nocheck
// The liveness and efficiency checkers (redownload, backoff-reset): off unless the run-start sets
// their bound, and judged from the trace alone.
import { describe, expect, it } from 'vitest';
import { backoffReset } from '../../src/check/backoff-reset.ts';
import { redownload } from '../../src/check/redownload.ts';
import { storedPromptly } from '../../src/check/stored-promptly.ts';
import { pendingDrains } from '../../src/check/pending-drains.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

type Loose = Record<string, unknown> & { t: number; kind: string };
const withOptions = (options: Record<string, unknown>, ...events: Loose[]): TraceEvent[] =>
  [{ t: 0, kind: 'run-start', seed: 1, devices: ['a', 'b'], stampMode: 'hlc', reconciler: 'test', options }, ...events].map((e, i) => ({ ...e, i }) as unknown as TraceEvent);
const judge = (checker: typeof redownload | typeof backoffReset | typeof storedPromptly | typeof pendingDrains, trace: TraceEvent[]) => checker.check({ trace, serverState: {}, stampMode: 'hlc' });

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
    // A connection reset (server restart) is a failure too: the timeout after it is a second failure, not a first.
    const reset: Loose = { t: 20, kind: 'request-fail', device: 'a', requestId: 'a/q2', reason: 'connection-reset' };
    const afterReset = [{ t: 0, kind: 'connectivity', device: 'a', mode: 'online' }, ...ok(0, 'a/q1'), { ...timeout(10, 'a/q2')[0]!, t: 10 }, reset, ...timeout(600_000, 'a/q3'), retryAt(9_000_000, 'a/q4')];
    expect(judge(backoffReset, withOptions({ backoffResetBoundMs: 1500 }, ...afterReset))).toEqual([]);
    // A clock jump between the success and the failure moved the engine's timers: not judged.
    const jumped = [{ t: 0, kind: 'connectivity', device: 'a', mode: 'online' }, ...ok(0, 'a/q1'), { t: 5, kind: 'clock', device: 'a', offsetMs: -4000, jump: true }, ...timeout(10, 'a/q2'), retryAt(6_000_010, 'a/q3')];
    expect(judge(backoffReset, withOptions({ backoffResetBoundMs: 1500 }, ...jumped))).toEqual([]);
    // An intermittent device's link flaps unrecorded: a late retry may have waited for the link.
    const flapping = [{ t: 0, kind: 'connectivity', device: 'a', mode: 'intermittent' }, ...ok(0, 'a/q1'), ...timeout(10, 'a/q2'), retryAt(6_000_010, 'a/q3')];
    expect(judge(backoffReset, withOptions({ backoffResetBoundMs: 1500 }, ...flapping))).toEqual([]);
  });
});

const write = (t: number, opId: string, d = 'a', stamp = `${String(t).padStart(15, "0")}.00000000.${d}`): Loose => ({ t, kind: 'local-write', device: d, op: 'edit', recordId: 'r1', ok: true, version: { id: 'r1', opId, stamp, deleted: false, fields: {} }, wallMs: t / 1000 });
const stored = (t: number, opId: string, d = 'a'): Loose => ({ t, kind: 'server-apply', requestId: `${d}/q`, device: d, type: 'push', appended: [opId], deduplicated: [] });
const online = (t: number, d = 'a'): Loose => ({ t, kind: 'connectivity', device: d, mode: 'online' });
const tick = (t: number): Loose => ({ t, kind: 'outbox', device: 'z', depth: 0 });

describe('stored-promptly', () => {
  const bound = { storedWithinBoundMs: 2000 };

  it('flags a write on a stable link that is stored later than the bound, and passes one stored in time', () => {
    const late = [online(0), write(1_000_000, 'a/o1'), stored(4_000_000, 'a/o1')];
    const found = judge(storedPromptly, withOptions(bound, ...late));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/write a\/o1 of r1 at 1\.000 s was not stored on the server within 2000 ms/);
    expect(judge(storedPromptly, withOptions({}, ...late))).toEqual([]);
    expect(judge(storedPromptly, withOptions(bound, online(0), write(1_000_000, 'a/o1'), stored(2_900_000, 'a/o1'), tick(9_000_000)))).toEqual([]);
  });

  it('does not judge a write the device could not send at once: offline or intermittent, a lost message, an earlier op still unsent, a server restart', () => {
    const intermittent = { t: 0, kind: 'connectivity', device: 'a', mode: 'intermittent' };
    expect(judge(storedPromptly, withOptions(bound, intermittent, write(1_000_000, 'a/o1'), stored(9_000_000, 'a/o1')))).toEqual([]);
    const lost = [online(0), write(1_000_000, 'a/o1'), { t: 1_000_001, kind: 'msg-send', msgId: 'm1', from: 'a', to: 'server', type: 'push', requestId: 'a/q1', bytes: 1, payload: {}, senderMode: 'online' }, { t: 1_000_002, kind: 'msg-drop', msgId: 'm1', reason: 'loss' }, stored(9_000_000, 'a/o1')];
    expect(judge(storedPromptly, withOptions(bound, ...lost))).toEqual([]);
    // After the loss the device is troubled until an ok answer: a later write is not judged either.
    expect(judge(storedPromptly, withOptions(bound, ...lost.slice(0, 4), write(5_000_000, 'a/o2'), stored(9_000_000, 'a/o2')))).toEqual([]);
    // A push sent in time whose answer is held back past its timeout: the timeout, after the deadline, voids it.
    const push: Loose = { t: 1_000_001, kind: 'msg-send', msgId: 'm1', from: 'a', to: 'server', type: 'push', requestId: 'a/q1', bytes: 1, payload: {}, senderMode: 'online' };
    const slowAnswer = [online(0), write(1_000_000, 'a/o1'), push, tick(3_500_000), { t: 3_600_000, kind: 'request-fail', device: 'a', requestId: 'a/q1', reason: 'timeout' }, stored(4_000_000, 'a/o1')];
    expect(judge(storedPromptly, withOptions(bound, ...slowAnswer))).toEqual([]);
    // ...but with no request outstanding at the deadline, a late store is flagged.
    expect(judge(storedPromptly, withOptions(bound, online(0), write(1_000_000, 'a/o1'), tick(3_500_000), stored(4_000_000, 'a/o1')))).toHaveLength(1);
    const backlog = [online(0), write(1_000_000, 'a/o1'), { t: 1_500_000, kind: 'server', state: 'restart' }, write(3_600_000, 'a/o2'), stored(9_000_000, 'a/o1'), stored(9_000_001, 'a/o2')];
    expect(judge(storedPromptly, withOptions(bound, ...backlog))).toEqual([]);
  });
});

describe('pending-drains', () => {
  const bound = { pendingDrainBoundMs: 45_000 };
  const heal: Loose = { t: 10_000_000, kind: 'phase', phase: 'heal' };
  const status = (t: number, pendingOps: number): Loose => ({ t, kind: 'status', device: 'a', status: { pendingOps } });

  it('flags a device whose disclosed pending count or unstored writes outlive the bound after the heal', () => {
    const stuck = [write(1_000_000, 'a/o1'), status(1_000_000, 1), heal, tick(60_000_000)];
    const found = judge(pendingDrains, withOptions(bound, ...stuck));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/device a: 45000 ms after the heal .* still discloses 1 pending op\(s\) and 1 committed write\(s\) not on the server \(first: a\/o1\)/);
    expect(judge(pendingDrains, withOptions({}, ...stuck))).toEqual([]);
    // An engine that discloses nothing pending but never stored the write is flagged too.
    expect(judge(pendingDrains, withOptions(bound, write(1_000_000, 'a/o1'), status(1_000_000, 0), heal, tick(60_000_000)))).toHaveLength(1);
  });

  it('passes drained work, a write replaced on the server by a newer one, and a run that ended before the deadline', () => {
    expect(judge(pendingDrains, withOptions(bound, write(1_000_000, 'a/o1'), status(1_000_000, 1), heal, stored(30_000_000, 'a/o1'), status(30_000_001, 0), tick(60_000_000)))).toEqual([]);
    const replaced = [write(1_000_000, 'a/o1'), write(2_000_000, 'b/o1', 'b'), heal, stored(20_000_000, 'b/o1', 'b'), tick(60_000_000)];
    expect(judge(pendingDrains, withOptions(bound, ...replaced))).toEqual([]);
    expect(judge(pendingDrains, withOptions(bound, write(1_000_000, 'a/o1'), status(1_000_000, 1), heal, tick(50_000_000)))).toEqual([]);
  });
});
