// The calm-link tracker the liveness checkers share: which events end a device's calm window, and
// which make it calm again.
import { describe, expect, it } from 'vitest';
import { CalmLinks } from '../../../src/check/_internals/calm-link.ts';
import type { TraceEvent } from '../../../src/trace/events.ts';

type Loose = Record<string, unknown> & { t: number; kind: string };
const ev = (e: Loose): TraceEvent => ({ i: 0, ...e }) as unknown as TraceEvent;
const online = (d: string, t = 0): Loose => ({ t, kind: 'connectivity', device: d, mode: 'online' });
const send = (t: number, q: string, from = 'a'): Loose => ({ t, kind: 'msg-send', msgId: `s${q}`, from, to: 'server', type: 'pull', requestId: q, bytes: 1, payload: {}, senderMode: 'online' });
const answer = (t: number, q: string, ok: boolean, to = 'a'): Loose => ({ t, kind: 'msg-send', msgId: `r${q}`, from: 'server', to, type: 'response', requestId: q, bytes: 1, payload: { type: 'pull', ok }, senderMode: 'online' });
const deliver = (t: number, msgId: string, to = 'a'): Loose => ({ t, kind: 'msg-deliver', msgId, to });

function tracker(...events: Loose[]): { links: CalmLinks; voided: (string | undefined)[] } {
  const voided: (string | undefined)[] = [];
  const links = new CalmLinks((d) => voided.push(d));
  for (const e of events) links.observe(ev(e));
  return { links, voided };
}

describe('CalmLinks', () => {
  it('is calm only once the device is seen online, running, with its token, the server up', () => {
    expect(tracker().links.calm('a')).toBe(false);
    const { links, voided } = tracker(online('a'));
    expect(links.calm('a')).toBe(true);
    expect(links.calm('b')).toBe(false);
    expect(voided).toEqual(['a']);
  });

  it('ends the window of the device on a crash, an expired token or a clock jump, and is calm again after restart and renewal', () => {
    const { links, voided } = tracker(online('a'), { t: 1, kind: 'crash', device: 'a' }, { t: 2, kind: 'clock', device: 'a', jump: 5 });
    expect(links.calm('a')).toBe(false);
    links.observe(ev({ t: 3, kind: 'restart', device: 'a' }));
    expect(links.calm('a')).toBe(true);
    links.observe(ev({ t: 4, kind: 'token', device: 'a', state: 'expired' }));
    expect(links.calm('a')).toBe(false);
    links.observe(ev({ t: 5, kind: 'token', device: 'a', state: 'renewed' }));
    expect(links.calm('a')).toBe(true);
    expect(voided).toEqual(['a', 'a', 'a', 'a', 'a', 'a']);
  });

  it('a refused answer, a failed request or a lost message troubles the device until an ok answer reaches it', () => {
    const refused = tracker(online('a'), send(1, 'q1'), answer(2, 'q1', false), deliver(3, 'rq1'));
    expect(refused.links.calm('a')).toBe(false);
    refused.links.observe(ev(send(4, 'q2')));
    refused.links.observe(ev(answer(5, 'q2', true)));
    refused.links.observe(ev(deliver(6, 'rq2')));
    expect(refused.links.calm('a')).toBe(true);
    const lost = tracker(online('a'), send(1, 'q1'), { t: 2, kind: 'msg-drop', msgId: 'sq1', reason: 'loss' });
    expect(lost.links.calm('a')).toBe(false);
    expect(tracker(online('a'), send(1, 'q1'), { t: 2, kind: 'msg-drop', msgId: 'sq1', reason: 'end-of-run' }).links.calm('a')).toBe(true);
    expect(tracker(online('a'), send(1, 'q1'), { t: 2, kind: 'request-fail', device: 'a', requestId: 'q1', reason: 'timeout' }).links.calm('a')).toBe(false);
    expect(tracker(online('a'), { t: 1, kind: 'targeted', device: 'a', state: 'fired' }).links.calm('a')).toBe(false);
  });

  it('a partition cutting the device off, a server outage or the end of the fault phase ends every window', () => {
    const { links, voided } = tracker(online('a'), online('b'), { t: 1, kind: 'partition', groups: [['a', 'server'], ['b']] });
    expect([links.calm('a'), links.calm('b')]).toEqual([true, false]);
    links.observe(ev({ t: 2, kind: 'server', state: 'outage' }));
    expect(links.calm('a')).toBe(false);
    links.observe(ev({ t: 3, kind: 'server', state: 'up' }));
    links.observe(ev({ t: 4, kind: 'partition', groups: [] }));
    expect(links.calm('b')).toBe(true);
    links.observe(ev({ t: 5, kind: 'phase', phase: 'heal' }));
    expect(links.calm('b')).toBe(false);
    expect(voided.slice(2)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('with judgeHeal, the heal and the quiescence count as calm; leaving the fault phase still ends every window', () => {
    const voided: (string | undefined)[] = [];
    const links = new CalmLinks((d) => voided.push(d), true);
    for (const e of [online('a'), { t: 1, kind: 'phase', phase: 'heal' }, { t: 1, kind: 'phase', phase: 'quiescence' }]) links.observe(ev(e));
    expect(links.calm('a')).toBe(true);
    expect(voided).toEqual(['a', undefined]);
  });

  it('keeps the requests a device still waits for, by when they were sent', () => {
    const { links } = tracker(online('a'), send(10, 'q1'), send(20, 'q2'));
    expect(links.awaitsRequestSentBy('a', 9)).toBe(false);
    expect(links.awaitsRequestSentBy('a', 10)).toBe(true);
    links.observe(ev(answer(21, 'q1', true)));
    links.observe(ev(deliver(22, 'rq1')));
    expect(links.awaitsRequestSentBy('a', 15)).toBe(false);
    expect(links.awaitsRequestSentBy('a', 20)).toBe(true);
    links.observe(ev({ t: 23, kind: 'crash', device: 'a' }));
    expect(links.awaitsRequestSentBy('a', 20)).toBe(false);
  });
});
