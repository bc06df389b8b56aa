/**
 * Connectivity of one device, as the spec names the modes: offline (no link at all), intermittent
 * (the link flaps: linkUp / linkDown), online. Mode changes come from the user or the OS; link flips
 * while intermittent come from the seeded network stream, so this machine has no delays of its own.
 */
// @ts-nocheck

import { setup } from 'xstate';

export type ConnectivityEvent =
  | { type: 'GO_OFFLINE' }
  | { type: 'GO_INTERMITTENT' }
  | { type: 'GO_ONLINE' }
  | { type: 'LINK_DOWN' }
  | { type: 'LINK_UP' };

import type { ConnectivityMode } from '../src/core/connectivity-mode.ts';

export type { ConnectivityMode };

export const connectivityMachine = setup({
  types: { events: {} as ConnectivityEvent },
}).createMachine({
  id: 'connectivity',
  description: 'Connectivity mode of one device; intermittent links flap up and down.',
  initial: 'online',
  states: {
    offline: {
      description: 'No link at all: nothing may be transmitted.',
      on: { GO_INTERMITTENT: 'intermittent', GO_ONLINE: 'online' },
    },
    intermittent: {
      description: 'The link flaps; requests may fail or time out part-way.',
      initial: 'linkUp',
      on: { GO_OFFLINE: 'offline', GO_ONLINE: 'online' },
      states: {
        linkUp: { on: { LINK_DOWN: 'linkDown' } },
        linkDown: { on: { LINK_UP: 'linkUp' } },
      },
    },
    online: {
      description: 'Link up; network faults may still occur.',
      on: { GO_OFFLINE: 'offline', GO_INTERMITTENT: 'intermittent' },
    },
  },
});

/** The event that moves a device into `mode`. */
export function connectivityEventFor(mode: ConnectivityMode): ConnectivityEvent {
  switch (mode) {
    case 'offline':
      return { type: 'GO_OFFLINE' };
    case 'intermittent':
      return { type: 'GO_INTERMITTENT' };
    case 'online':
      return { type: 'GO_ONLINE' };
  }
}
