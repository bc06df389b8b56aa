// @ts-nocheck
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { allStateIds, allTransitionKeys } from '../../src/lab/model-paths/coverage.ts';
import { connectivityMachine } from '../../models/connectivity.ts';
import { deviceMachine } from '../../models/device.ts';
import { deviceProcessMachine } from '../../models/device-process.ts';
import { AUTH_TIMEOUT_MS, sessionTokenMachine } from '../../models/session-token.ts';
import { virtualClock } from './_internals/clock.ts';

describe('device machine (composed)', () => {
  it('has exactly the states and transitions of its three parts, one region each', () => {
    const parts = [connectivityMachine, deviceProcessMachine, sessionTokenMachine];
    const rename = (id: string) => id.replace(/^connectivity|^process|^token/, (m) => `device.${m}`);
    const expectedStates = ['device.connectivity', 'device.process', 'device.token', ...parts.flatMap((m) => allStateIds(m).map(rename))];
    expect(allStateIds(deviceMachine).sort()).toEqual(expectedStates.sort());
    const expectedTransitions = parts.flatMap((m) => allTransitionKeys(m)).map((k) => k.replace(/(^|[ ,>]|after\()(connectivity|process|token)/g, '$1device.$2'));
    expect(allTransitionKeys(deviceMachine).sort()).toEqual(expectedTransitions.sort());
  });

  it('moves one region per event and runs the token delay on the virtual clock', () => {
    const sim = virtualClock();
    const actor = createActor(deviceMachine, { clock: sim.clock }).start();
    actor.send({ type: 'GO_OFFLINE' });
    actor.send({ type: 'CRASH', point: 'now' });
    actor.send({ type: 'RENEW' });
    expect(actor.getSnapshot().value).toEqual({ connectivity: 'offline', process: 'crashed', token: 'reauthenticating' });
    sim.advanceMs(AUTH_TIMEOUT_MS);
    expect(actor.getSnapshot().value).toEqual({ connectivity: 'offline', process: 'crashed', token: 'expired' });
  });
});
