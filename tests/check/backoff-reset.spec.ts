// backoff-reset on a device whose clock reads in coarse steps: its timers fire when the reading
// ticks, up to one step late, so its retry is allowed the bound plus one step (and no more).
import { describe, expect, it } from 'vitest';
import { backoffReset } from '../../src/check/backoff-reset.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

type Loose = Record<string, unknown> & { t: number; kind: string };
const trace = (...events: Loose[]): TraceEvent[] =>
  [{ t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'test', options: { backoffResetBoundMs: 900 } }, ...events].map((e, i) => ({ ...e, i }) as unknown as TraceEvent);
const judge = (events: Loose[]) => backoffReset.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });

const send = (t: number, q: string): Loose => ({ t, kind: 'msg-send', msgId: `s${q}`, from: 'a', to: 'server', type: 'push', requestId: q, bytes: 1, payload: {}, senderMode: 'online' });
const okAnswer = (t: number, q: string): Loose[] => [
  { t, kind: 'msg-send', msgId: `r${q}`, from: 'server', to: 'a', type: 'response', requestId: q, bytes: 1, payload: { type: 'push', ok: true, acked: [] }, senderMode: 'online' },
  { t: t + 1, kind: 'msg-deliver', msgId: `r${q}`, to: 'a' },
];
const clock = (stepMs?: number): Loose => ({ t: 0, kind: 'clock', device: 'a', offsetMs: 0, jump: false, ...(stepMs ? { stepMs } : {}) });
/** Online, a success, then a timeout at 3 s (the first failure after it), then the next request `retryAfterMs` later. */
const run = (stepMs: number | undefined, retryAfterMs: number): Loose[] => [
  clock(stepMs),
  { t: 0, kind: 'connectivity', device: 'a', mode: 'online' },
  send(10, 'a/q1'),
  ...okAnswer(20, 'a/q1'),
  send(1_000_000, 'a/q2'),
  { t: 3_000_000, kind: 'request-fail', device: 'a', requestId: 'a/q2', reason: 'timeout' },
  send(3_000_000 + retryAfterMs * 1000, 'a/q3'),
];

describe('backoff-reset and coarse device clocks', () => {
  it('allows a retry up to one clock step past the bound on a device whose clock reads in steps', () => {
    // A 500 ms first delay on a 1000 ms clock: the timer fires at the next tick, up to 1000 ms after the failure.
    expect(judge(run(1000, 1000))).toEqual([]);
    expect(judge(run(1000, 1850))).toEqual([]);
  });

  it('still flags a retry later than the bound plus the step, and says the step', () => {
    const found = judge(run(1000, 2000));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/a\/q2 failed at 3\.000 s.*no retry was sent within 900 ms \(backoffResetBoundMs\) \+ 1000 ms \(its clock reads in steps of 1000 ms\)/);
  });

  it('gives a clock that reads every millisecond no allowance', () => {
    expect(judge(run(undefined, 800))).toEqual([]);
    const found = judge(run(undefined, 1000));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/within 900 ms \(backoffResetBoundMs\); expected/);
  });

  it('a refusal after the success (an expired token) was a failed request: the timeout after it is not a first failure', () => {
    const events = run(undefined, 1000);
    const refused: Loose[] = [
      send(500_000, 'a/q1b'),
      { t: 510_000, kind: 'msg-send', msgId: 'ra/q1b', from: 'server', to: 'a', type: 'response', requestId: 'a/q1b', bytes: 1, payload: { type: 'push', ok: false, error: 'token-expired' }, senderMode: 'online' },
      { t: 510_001, kind: 'msg-deliver', msgId: 'ra/q1b', to: 'a' },
    ];
    events.splice(5, 0, ...refused);
    expect(judge(events)).toEqual([]);
  });

  it('reads the step the device has at the failure (its latest clock event)', () => {
    const events = run(1000, 1000);
    events.splice(5, 0, { ...clock(), t: 2_000_000 }); // from 2 s on, the clock reads every millisecond
    expect(judge(events)).toHaveLength(1);
  });

  it('a failed admin or backup request whose action the device then reports failed (given up) owes no retry; any other still does', () => {
    const adminRun = (action: string, failedAction: string): Loose[] => {
      const events = run(undefined, 5000);
      events[5] = { ...send(1_000_000, 'a/q2'), type: 'admin', payload: { type: 'admin', action } };
      events.splice(7, 0, { t: 3_000_000, kind: 'remote-action', device: 'a', actionId: 'a/x1', action: failedAction, state: 'failed' });
      return events;
    };
    // The admin row lets an admin action fail: the engine gave it up at its timeout and has nothing to retry.
    expect(judge(adminRun('backup-admin', 'backup-admin'))).toEqual([]);
    // Another kind of action given up says nothing of this request: its retry is still owed.
    expect(judge(adminRun('backup-admin', 'backup'))).toHaveLength(1);
    // Without the give-up, the admin request's retry is owed like any other.
    const plain = run(undefined, 5000);
    plain[5] = { ...send(1_000_000, 'a/q2'), type: 'admin', payload: { type: 'admin', action: 'backup-admin' } };
    expect(judge(plain)).toHaveLength(1);
  });
});
