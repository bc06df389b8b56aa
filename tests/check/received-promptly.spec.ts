// received-promptly: off unless the run sets its bounds; times, from the trace alone, how long a
// device takes to hold a write stored on the server, in the calm windows of calm-link.ts.
import { describe, expect, it } from 'vitest';
import { receivedPromptly } from '../../src/check/received-promptly.ts';
import type { TraceEvent } from '../../src/trace/events.ts';
import { stamp, version } from './_internals/build.ts';

type Loose = Record<string, unknown> & { t: number; kind: string };
const run = (options: Record<string, unknown>, ...events: Loose[]): TraceEvent[] =>
  [{ t: 0, kind: 'run-start', seed: 1, devices: ['a', 'b'], stampMode: 'hlc', reconciler: 'test', options }, { t: 0, kind: 'phase', phase: 'fault' }, ...events].map((e, i) => ({ ...e, i }) as unknown as TraceEvent);
const judge = (trace: TraceEvent[]) => receivedPromptly.check({ trace, serverState: {}, stampMode: 'hlc' });
const bounds = { receiveWithinBoundMs: 2000, receiveAfterReconnectBoundMs: 500 };

const v1 = version('a/r1', 'a/o1', stamp(1000, 'a'));
const online = (t: number, device: string): Loose => ({ t, kind: 'connectivity', device, mode: 'online' });
const offline = (t: number, device: string): Loose => ({ t, kind: 'connectivity', device, mode: 'offline' });
const written = (t: number): Loose => ({ t, kind: 'local-write', device: 'a', op: 'create', recordId: 'a/r1', ok: true, version: v1, wallMs: t / 1000 });
const stored = (t: number): Loose => ({ t, kind: 'server-apply', requestId: 'a/q1', device: 'a', type: 'push', appended: ['a/o1'], deduplicated: [] });
const merged = (t: number, v = v1): Loose => ({ t, kind: 'merge', device: 'b', recordId: 'a/r1', opId: v.opId, applied: true, version: v });
const tick = (t: number): Loose => ({ t, kind: 'outbox', device: 'a', depth: 0, groups: [] });

describe('received-promptly', () => {
  it('flags a calm device that does not hold a stored write within the bound, and is off without bounds', () => {
    const late = [online(0, 'a'), online(0, 'b'), written(100_000), stored(200_000), tick(2_300_000)];
    const found = judge(run(bounds, ...late));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/device b did not hold a's write a\/o1 of a\/r1 .* within 2000 ms \(receiveWithinBoundMs\)/);
    expect(judge(run({}, ...late))).toEqual([]);
  });

  it('passes a device that holds the write, or a newer version of the record, in time', () => {
    expect(judge(run(bounds, online(0, 'a'), online(0, 'b'), written(100_000), stored(200_000), merged(2_100_000), tick(9_000_000)))).toEqual([]);
    const newer = version('a/r1', 'b/o7', stamp(5000, 'b'));
    expect(judge(run(bounds, online(0, 'a'), online(0, 'b'), written(100_000), stored(200_000), merged(1_000_000, newer), tick(9_000_000)))).toEqual([]);
  });

  it('does not judge a device that was not calm at the store, nor one disturbed before the deadline', () => {
    expect(judge(run(bounds, online(0, 'a'), written(100_000), stored(200_000), tick(9_000_000)))).toEqual([]);
    expect(judge(run(bounds, online(0, 'a'), online(0, 'b'), written(100_000), stored(200_000), { t: 1_000_000, kind: 'crash', device: 'b' }, tick(9_000_000)))).toEqual([]);
    expect(judge(run(bounds, online(0, 'a'), online(0, 'b'), written(100_000), stored(200_000), { t: 1_000_000, kind: 'server', state: 'outage' }, tick(9_000_000)))).toEqual([]);
    // A clock jump moves the engine's timers: stores are not timed until the device received something again.
    expect(judge(run(bounds, online(0, 'a'), online(0, 'b'), { t: 50_000, kind: 'clock', device: 'b', offsetMs: -90_000, jump: true }, written(100_000), stored(200_000), tick(9_000_000)))).toEqual([]);
    // A run that ends before the deadline is not judged.
    expect(judge(run(bounds, online(0, 'a'), online(0, 'b'), written(100_000), stored(200_000), tick(2_000_000)))).toEqual([]);
  });

  it('times a device that comes online again from its reconnect, with the reconnect bound', () => {
    const back = [online(0, 'a'), offline(0, 'b'), written(100_000), stored(200_000), online(1_000_000, 'b')];
    const found = judge(run(bounds, ...back, tick(1_600_000)));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/before the device came calm again at 1\.000 s.*receiveAfterReconnectBoundMs|within 500 ms \(receiveAfterReconnectBoundMs\)/);
    expect(judge(run(bounds, ...back, merged(1_400_000), tick(9_000_000)))).toEqual([]);
    expect(judge(run({ receiveWithinBoundMs: 2000 }, ...back, tick(1_600_000)))).toEqual([]);
  });

  it('waits for a request the device sent before the deadline, and takes the merges its answer brings', () => {
    const send: Loose = { t: 2_100_000, kind: 'msg-send', msgId: 'm1', from: 'b', to: 'server', type: 'pull', requestId: 'b/q1', bytes: 1, payload: {}, senderMode: 'online' };
    const answer: Loose = { t: 2_150_000, kind: 'msg-send', msgId: 'm2', from: 'server', to: 'b', type: 'response', requestId: 'b/q1', bytes: 1, payload: { ok: true }, senderMode: 'online' };
    const base = [online(0, 'a'), online(0, 'b'), written(100_000), stored(200_000), { ...send, t: 2_000_000 }, { ...answer, t: 2_300_000 }];
    const other = version('a/r2', 'a/o9', stamp(900, 'a'));
    expect(judge(run(bounds, ...base, { t: 2_900_000, kind: 'msg-deliver', msgId: 'm2', to: 'b' }, { t: 2_900_000, kind: 'merge', device: 'b', recordId: 'a/r2', opId: 'a/o9', applied: true, version: other }, merged(2_900_000), tick(9_000_000)))).toEqual([]);
    expect(judge(run(bounds, ...base, { t: 2_900_000, kind: 'msg-deliver', msgId: 'm2', to: 'b' }, tick(9_000_000)))).toHaveLength(1);
  });
});
