// @ts-nocheck
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { connectivityEventFor, connectivityMachine } from '../../models/connectivity.ts';

describe('connectivity machine', () => {
  it('moves between the three modes and starts online', () => {
    const actor = createActor(connectivityMachine).start();
    expect(actor.getSnapshot().value).toBe('online');
    actor.send(connectivityEventFor('offline'));
    expect(actor.getSnapshot().value).toBe('offline');
    actor.send(connectivityEventFor('intermittent'));
    expect(actor.getSnapshot().value).toEqual({ intermittent: 'linkUp' });
    actor.send(connectivityEventFor('online'));
    expect(actor.getSnapshot().value).toBe('online');
  });

  it('flaps only while intermittent, and an intermittent link starts up again on re-entry', () => {
    const actor = createActor(connectivityMachine).start();
    actor.send({ type: 'LINK_DOWN' });
    expect(actor.getSnapshot().value).toBe('online');
    actor.send({ type: 'GO_INTERMITTENT' });
    actor.send({ type: 'LINK_DOWN' });
    expect(actor.getSnapshot().value).toEqual({ intermittent: 'linkDown' });
    actor.send({ type: 'LINK_DOWN' });
    expect(actor.getSnapshot().value).toEqual({ intermittent: 'linkDown' });
    actor.send({ type: 'GO_OFFLINE' });
    actor.send({ type: 'GO_INTERMITTENT' });
    expect(actor.getSnapshot().value).toEqual({ intermittent: 'linkUp' });
  });

  it('refuses a move to the mode it is already in (no transition)', () => {
    const snapshot = createActor(connectivityMachine).start().getSnapshot();
    expect(snapshot.can({ type: 'GO_ONLINE' })).toBe(false);
    expect(snapshot.can({ type: 'GO_OFFLINE' })).toBe(true);
  });
});
