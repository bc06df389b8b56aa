// @ts-nocheck
import { runSync } from '../../src/sim/engine-call.ts';
import { describe, expect, it } from 'vitest';
import { bareWorld } from './_internals/context.ts';

const clean = { lossPercent: 0, duplicatePercent: 0, reorderPercent: 0, oneWayFailurePercent: 0 };

describe('Transport', () => {
  it('drops what an offline device sends at once, and fails the request at once (no link)', () => {
    const w = bareWorld(clean, { a: 'offline' });
    const a = w.device('a');
    runSync(w.host.boot(a));
    a.reconciler!.create({ notes: 'offline entry' }, 1_000);
    runSync(w.transport.send(a, { type: 'pull', requestId: 'a/q1', accountId: 'acct-1', deviceId: 'a', token: a.token, cursor: 0, limit: 10 }));
    const drop = w.ctx.recorder.trace.at(-1)!;
    expect(drop).toMatchObject({ kind: 'msg-drop', reason: 'offline' });
    expect(w.transport.idle).toBe(true);
    const { timeUs, item } = w.ctx.queue.pop();
    expect([timeUs, item]).toEqual([0, { k: 'timeout', device: 'a', requestId: 'a/q1', reason: 'no-link' }]);
  });

  it('carries a request to the server and the answer back, recording every step', () => {
    const w = bareWorld(clean);
    const a = w.device('a');
    runSync(w.host.boot(a));
    runSync(w.transport.send(a, { type: 'pull', requestId: 'a/q9', accountId: 'acct-1', deviceId: 'a', token: a.token, cursor: 0, limit: 10 }));
    expect(w.transport.idle).toBe(false);
    const order: string[] = [];
    // Two steps: the request reaches the server, the answer reaches the device.
    for (let step = 0; step < 2; step++) {
      let next = w.ctx.queue.pop();
      while (next.item.k === 'timeout') next = w.ctx.queue.pop();
      const { timeUs, item } = next;
      w.ctx.nowUs = timeUs;
      order.push(item.k);
      if (item.k === 'deliver-request') runSync(w.transport.deliverRequest(item.msgId, item.device, item.request));
      if (item.k === 'deliver-response') runSync(w.transport.deliverResponse(item.msgId, w.device(item.device), item.response, item.request));
    }
    expect(order).toEqual(['deliver-request', 'deliver-response']);
    expect(w.kinds().filter((k) => k.startsWith('msg') || k === 'server-apply').slice(0, 5)).toEqual(['msg-send', 'msg-deliver', 'server-apply', 'msg-send', 'msg-deliver']);
    expect(w.ctx.recorder.trace.find((e) => e.kind === 'server-apply')).toMatchObject({ requestId: 'a/q9', device: 'a' });
  });

  it('drops requests during a server outage and brings the server back only when it is over', () => {
    const w = bareWorld(clean);
    w.transport.serverOutage(1_000);
    expect(w.transport.serverUp()).toBe(false);
    runSync(w.transport.deliverRequest('m1', 'a', w.ctx.server.outgoing({ type: 'pull', requestId: 'a/q1', accountId: 'acct-1', deviceId: 'a', token: 't', cursor: 0, limit: 10 })));
    expect(w.ctx.recorder.trace.at(-1)).toMatchObject({ kind: 'msg-drop', msgId: 'm1', reason: 'server-outage' });
    w.ctx.nowUs = 1_000_000;
    expect(w.transport.serverUp()).toBe(true);
    expect(w.kinds()).toEqual(['server', 'msg-drop', 'server']);
  });
});
