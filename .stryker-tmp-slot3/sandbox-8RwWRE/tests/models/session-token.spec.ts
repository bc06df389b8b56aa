// @ts-nocheck
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { AUTH_TIMEOUT_MS, sessionTokenMachine } from '../../models/session-token.ts';
import { virtualClock } from './_internals/clock.ts';

describe('session-token machine', () => {
  it('expires, re-authenticates and is valid again', () => {
    const { clock } = virtualClock();
    const actor = createActor(sessionTokenMachine, { clock }).start();
    actor.send({ type: 'EXPIRE' });
    expect(actor.getSnapshot().value).toBe('expired');
    actor.send({ type: 'RENEW' });
    expect(actor.getSnapshot().value).toBe('reauthenticating');
    actor.send({ type: 'AUTHENTICATED' });
    expect(actor.getSnapshot().value).toBe('valid');
  });

  it('falls back to expired after authTimeout of simulated time, and only then', () => {
    const sim = virtualClock();
    const actor = createActor(sessionTokenMachine, { clock: sim.clock }).start();
    actor.send({ type: 'RENEW' });
    expect(sim.timers.size).toBe(1);
    sim.advanceMs(AUTH_TIMEOUT_MS - 1);
    expect(actor.getSnapshot().value).toBe('reauthenticating');
    sim.advanceMs(1);
    expect(actor.getSnapshot().value).toBe('expired');
    expect(sim.timers.size).toBe(0);
  });

  it('cancels the timeout on the virtual clock when the answer comes first', () => {
    const sim = virtualClock();
    const actor = createActor(sessionTokenMachine, { clock: sim.clock }).start();
    actor.send({ type: 'RENEW' });
    actor.send({ type: 'AUTHENTICATED' });
    expect(sim.timers.size).toBe(0);
    sim.advanceMs(AUTH_TIMEOUT_MS * 3);
    expect(actor.getSnapshot().value).toBe('valid');
  });
});
