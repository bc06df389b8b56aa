// retry-growth: from the n-th consecutive failure on, the wait before the next request reaches the floor;
// off without both options, and void where the device had a reason of its own to send sooner.
import { describe, expect, it } from 'vitest';
import { retryGrowth } from '../../src/check/retry-growth.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

type Loose = Record<string, unknown> & { t: number; kind: string };
const judge = (options: Record<string, unknown>, ...events: Loose[]) => {
  const trace = [{ t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'test', options }, ...events].map((e, i) => ({ ...e, i }) as unknown as TraceEvent);
  return retryGrowth.check({ trace, serverState: {}, stampMode: 'hlc' }).map((v) => v.message);
};
const BOUND = { retryGrowthAfterFailures: 3, retryGrowthMinDelayMs: 800 };
const online: Loose = { t: 0, kind: 'connectivity', device: 'a', mode: 'online' };
const send = (t: number, q: string): Loose => ({ t, kind: 'msg-send', msgId: `s${q}`, from: 'a', to: 'server', type: 'push', requestId: q, bytes: 1, payload: {}, senderMode: 'online' });
const timeout = (t: number, q: string): Loose => ({ t, kind: 'request-fail', device: 'a', requestId: q, reason: 'timeout' });
const ok = (t: number, q: string): Loose[] => [
  { t, kind: 'msg-send', msgId: `r${q}`, from: 'server', to: 'a', type: 'response', requestId: q, bytes: 1, payload: { type: 'push', ok: true, acked: [] }, senderMode: 'online' },
  { t: t + 1, kind: 'msg-deliver', msgId: `r${q}`, to: 'a' },
];
/** `delaysMs[k]`: the wait after failure k+1 before the next request; each request times out after 2 s. */
const stretch = (delaysMs: number[], between: Loose[] = []): Loose[] => {
  const out: Loose[] = [online];
  let t = 10;
  delaysMs.forEach((d, k) => {
    out.push(send(t, `a/q${k + 1}`));
    t += 2_000_000;
    out.push(timeout(t, `a/q${k + 1}`));
    if (k === 1) out.push(...between.map((e) => ({ ...e, t: t + 1 })));
    t += d * 1000;
  });
  out.push(send(t, 'a/qlast'));
  return out;
};

describe('retry-growth', () => {
  it('is off unless both options are set', () => {
    expect(judge({}, ...stretch([500, 500, 500, 500]))).toEqual([]);
    expect(judge({ retryGrowthMinDelayMs: 800 }, ...stretch([500, 500, 500, 500]))).toEqual([]);
  });

  it('flags a constant delay from the n-th failure in a row, and holds for growing ones', () => {
    expect(judge(BOUND, ...stretch([500, 500, 500]))).toEqual([expect.stringMatching(/request a\/q3 failed \(timeout\) at 7\.000 s, failure 3 in a row, and the device sent push a\/qlast 500\.0 ms later; expected the wait to have grown to at least 800 ms/)]);
    expect(judge(BOUND, ...stretch([500, 1000, 2000, 4000]))).toEqual([]);
    expect(judge(BOUND, ...stretch([300, 600, 900, 1200]))).toEqual([]);
    expect(judge(BOUND, ...stretch([500, 500]))).toEqual([]);
  });

  it('starts the count again after a success or a reason of the device own', () => {
    const ends = (e: Loose[]) => judge(BOUND, ...stretch([500, 500, 500], e));
    expect(ends([{ t: 0, kind: 'connectivity', device: 'a', mode: 'online' }])).toEqual([]);
    expect(ends([{ t: 0, kind: 'token', device: 'a', state: 'renewed' }])).toEqual([]);
    expect(ends([{ t: 0, kind: 'clock', device: 'a', offsetMs: 0, jump: true }])).toEqual([]);
    expect(ends([{ t: 0, kind: 'targeted', device: 'a', action: 'sync-now', state: 'fired', detail: '' }])).toEqual([]);
    expect(ends([{ t: 0, kind: 'phase', phase: 'heal' }])).toEqual([]);
    expect(ends([{ t: 0, kind: 'clock', device: 'a', offsetMs: 0, jump: false }])).toHaveLength(1);
    // A success between failures 2 and 3: failure 3 is the first of a new stretch.
    const events = stretch([500, 500, 500]);
    const third = events.findIndex((e) => e.kind === 'msg-send' && e.requestId === 'a/q3');
    const withSuccess = [...events.slice(0, third), send(4_400_000, 'a/qok'), ...ok(4_450_000, 'a/qok'), ...events.slice(third)];
    expect(judge(BOUND, ...withSuccess)).toEqual([]);
  });

  it('does not judge an intermittent device, and lowers the floor by a coarse clock step', () => {
    const intermittent = stretch([500, 500, 500]).map((e) => (e.kind === 'connectivity' ? { ...e, mode: 'intermittent' } : e));
    expect(judge(BOUND, ...intermittent)).toEqual([]);
    const coarse = (stepMs: number) => judge(BOUND, { t: 0, kind: 'clock', device: 'a', offsetMs: 0, jump: false, stepMs }, ...stretch([500, 500, 700]));
    expect(coarse(100)).toEqual([]);
    expect(coarse(10)).toHaveLength(1);
  });
});
