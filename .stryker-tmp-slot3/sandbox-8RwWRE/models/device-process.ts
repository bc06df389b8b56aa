/**
 * The device process: running, crashed (volatile state gone, the durable snapshot kept), restarting
 * (restoring from the snapshot). A crash may strike at once or be armed for a point of the sync round
 * (after a push is sent, before a pull is applied); the crash itself is the CRASH event.
 */
// @ts-nocheck

import { setup } from 'xstate';

import type { CrashPoint } from '../src/core/crash-point.ts';

export type { CrashPoint };

export type DeviceProcessEvent =
  | { type: 'CRASH'; point: CrashPoint }
  | { type: 'RESTART' }
  | { type: 'RESTORED' };

export const deviceProcessMachine = setup({
  types: { events: {} as DeviceProcessEvent },
}).createMachine({
  id: 'process',
  description: 'Lifecycle of the app process on one device.',
  initial: 'running',
  states: {
    running: {
      description: 'The reconciler is loaded; users can read and write.',
      on: { CRASH: 'crashed' },
    },
    crashed: {
      description: 'Nothing runs; only the durable snapshot (store + outbox) survives.',
      on: { RESTART: 'restarting' },
    },
    restarting: {
      description: 'Restoring the reconciler from the durable snapshot.',
      on: { RESTORED: 'running', CRASH: 'crashed' },
    },
  },
});
