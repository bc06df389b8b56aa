// @ts-nocheck
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { deviceProcessMachine } from '../../models/device-process.ts';

describe('device-process machine', () => {
  it('runs, crashes, restarts and is running again once restored', () => {
    const actor = createActor(deviceProcessMachine).start();
    expect(actor.getSnapshot().value).toBe('running');
    actor.send({ type: 'CRASH', point: 'after-push-sent' });
    expect(actor.getSnapshot().value).toBe('crashed');
    actor.send({ type: 'RESTART' });
    expect(actor.getSnapshot().value).toBe('restarting');
    actor.send({ type: 'RESTORED' });
    expect(actor.getSnapshot().value).toBe('running');
  });

  it('does not allow a restart of a running process or a crash of a crashed one', () => {
    const actor = createActor(deviceProcessMachine).start();
    expect(actor.getSnapshot().can({ type: 'RESTART' })).toBe(false);
    actor.send({ type: 'CRASH', point: 'now' });
    expect(actor.getSnapshot().can({ type: 'CRASH', point: 'now' })).toBe(false);
    expect(actor.getSnapshot().can({ type: 'RESTORED' })).toBe(false);
  });

  it('can crash again while restoring', () => {
    const actor = createActor(deviceProcessMachine).start();
    actor.send({ type: 'CRASH', point: 'now' });
    actor.send({ type: 'RESTART' });
    actor.send({ type: 'CRASH', point: 'now' });
    expect(actor.getSnapshot().value).toBe('crashed');
  });
});
