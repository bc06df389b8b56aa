// @ts-nocheck
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import type { AnyStateMachine, EventObject } from 'xstate';
import { connectivityMachine } from '../../models/connectivity.ts';
import { deviceProcessMachine } from '../../models/device-process.ts';
import { AUTH_TIMEOUT_MS, sessionTokenMachine } from '../../models/session-token.ts';
import { VirtualTimers } from '../../src/sim/lifecycle.ts';
import { PureMachine } from '../../src/sim/pure-machine.ts';

const connectivityEvents: EventObject[] = ['GO_OFFLINE', 'GO_INTERMITTENT', 'GO_ONLINE', 'LINK_DOWN', 'LINK_UP'].map((type) => ({ type }));
const processEvents = [{ type: 'CRASH', point: 'now' }, { type: 'CRASH', point: 'after-push-sent' }, { type: 'RESTART' }, { type: 'RESTORED' }] as EventObject[];
const tokenEvents: EventObject[] = ['EXPIRE', 'RENEW', 'AUTHENTICATED'].map((type) => ({ type }));

/**
 * The pure runner and an actor of the same machine, each on its own virtual timers, fed the same
 * events with time passing between them: same states, same verdicts, same timers pending.
 */
function sameAsActor(machine: AnyStateMachine, events: EventObject[]): void {
  const step = fc.record({ event: fc.constantFrom(...events), waitMs: fc.constantFrom(0, 1, AUTH_TIMEOUT_MS / 2, AUTH_TIMEOUT_MS) });
  fc.assert(
    fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      let nowUs = 0;
      const pureTimers = new VirtualTimers(() => nowUs);
      const actorTimers = new VirtualTimers(() => nowUs);
      const pure = new PureMachine(machine, pureTimers);
      const actor = createActor(machine, { clock: actorTimers.clock }).start();
      for (const { event, waitMs } of steps) {
        const allowed = actor.getSnapshot().can(event);
        actor.send(event);
        expect(pure.can(event)).toBe(allowed);
        expect(pure.send(event)).toBe(allowed);
        expect(pure.getSnapshot().value).toEqual(actor.getSnapshot().value);
        expect(pureTimers.size).toBe(actorTimers.size);
        nowUs += waitMs * 1000;
        pureTimers.fireDue(nowUs);
        actorTimers.fireDue(nowUs);
        expect(pure.getSnapshot().value).toEqual(actor.getSnapshot().value);
      }
    }),
  );
}

describe('PureMachine', () => {
  it('steps the connectivity machine exactly as an actor does, allowed and refused events alike', () => {
    sameAsActor(connectivityMachine, connectivityEvents);
  });

  it('steps the process machine exactly as an actor does', () => {
    sameAsActor(deviceProcessMachine, processEvents);
  });

  it('steps the token machine exactly as an actor does, its auth timeout set, cancelled and fired on the same timers', () => {
    sameAsActor(sessionTokenMachine, tokenEvents);
  });

  it('fires a delayed event on the virtual timers and says so', () => {
    let nowUs = 0;
    const timers = new VirtualTimers(() => nowUs);
    let changes = 0;
    const token = new PureMachine(sessionTokenMachine, timers, () => changes++);
    token.send({ type: 'RENEW' });
    expect(timers.nextDueUs()).toBe(AUTH_TIMEOUT_MS * 1000);
    nowUs = AUTH_TIMEOUT_MS * 1000;
    timers.fireDue(nowUs);
    expect([token.getSnapshot().value, changes]).toEqual(['expired', 1]);
  });

  it('shares one snapshot per state, so a step is computed once and then looked up', () => {
    const a = new PureMachine(connectivityMachine);
    const b = new PureMachine(connectivityMachine);
    a.send({ type: 'GO_INTERMITTENT' });
    b.send({ type: 'GO_INTERMITTENT' });
    a.send({ type: 'LINK_DOWN' });
    a.send({ type: 'LINK_UP' });
    expect(a.getSnapshot()).toBe(b.getSnapshot());
  });

  it('refuses what a memoised step cannot replay: a delay without timers, an action, a context', () => {
    expect(() => new PureMachine(sessionTokenMachine).send({ type: 'RENEW' })).toThrow(/token sets a delayed event .* given no timers/);
    const logging = setup({ actions: { note: () => undefined } }).createMachine({ id: 'logging', initial: 'a', states: { a: { on: { GO: { target: 'a', actions: 'note' } } } } });
    expect(() => new PureMachine(logging).send({ type: 'GO' })).toThrow(/logging runs the action note on GO.*must run as an actor/);
    const counting = setup({}).createMachine({ id: 'counting', context: { n: 0 }, initial: 'a', states: { a: {} } });
    expect(() => new PureMachine(counting)).toThrow(/counting has context/);
  });
});
