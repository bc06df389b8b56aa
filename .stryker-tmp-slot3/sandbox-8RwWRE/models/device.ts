/**
 * One simulated device as the simulator drives it: connectivity, app process and session token in
 * parallel regions. The regions are the three machines' own state configs, so the composed model
 * cannot drift from its parts; their event names are disjoint, so one event moves one region.
 * Model-based tests traverse it to reach combinations the single machines never meet
 * (crashed while offline, token expiring while crashed, ...).
 */
// @ts-nocheck

import { setup } from 'xstate';
import type { MachineContext, StateNodeConfig } from 'xstate';
import { connectivityMachine } from './connectivity.ts';
import type { ConnectivityEvent } from './connectivity.ts';
import { deviceProcessMachine } from './device-process.ts';
import type { DeviceProcessEvent } from './device-process.ts';
import { AUTH_TIMEOUT_MS, sessionTokenMachine } from './session-token.ts';
import type { SessionTokenEvent } from './session-token.ts';

export type DeviceEvent = ConnectivityEvent | DeviceProcessEvent | SessionTokenEvent;

/** A region built from a machine's config: same initial state, same states, same descriptions. */
function region(machine: { config: { initial?: unknown; description?: string; states?: unknown } }): StateNodeConfig<MachineContext, DeviceEvent, never, never, never, never, string, string, never, never> {
  // The sub-machines' configs are plain data with relative targets, valid inside any parent.
  return { initial: machine.config.initial, description: machine.config.description, states: machine.config.states } as StateNodeConfig<MachineContext, DeviceEvent, never, never, never, never, string, string, never, never>;
}

export const deviceMachine = setup({
  types: { events: {} as DeviceEvent },
  delays: { authTimeout: AUTH_TIMEOUT_MS },
}).createMachine({
  id: 'device',
  description: 'One device: connectivity × process × session token.',
  type: 'parallel',
  states: {
    connectivity: region(connectivityMachine),
    process: region(deviceProcessMachine),
    token: region(sessionTokenMachine),
  },
});
