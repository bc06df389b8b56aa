/**
 * The model catalogue for model-based tests: which XState machine (models/) is traversed how
 * (parameterised events, state abstraction, path bounds) and where its paths start in the simulator.
 * It lives in the lab, not beside the machines, because traversal is a test concern: models/ holds
 * only the machines the simulator runs.
 */
// @ts-nocheck

import type { AnyStateMachine } from 'xstate';
import { connectivityMachine } from '../../../models/connectivity.ts';
import { deviceMachine } from '../../../models/device.ts';
import { deviceProcessMachine } from '../../../models/device-process.ts';
import type { DeviceProcessEvent } from '../../../models/device-process.ts';
import { sessionTokenMachine } from '../../../models/session-token.ts';
import { syncLifecycleMachine } from '../../../models/sync-lifecycle.ts';
import type { SyncLifecycleContext, SyncLifecycleEvent } from '../../../models/sync-lifecycle.ts';
import type { Mode } from '../../trace/events.ts';
import type { ModelTraversal } from './paths.ts';

export interface ModelDefinition {
  /** Stable id, used in path ids and coverage reports. */
  id: string;
  machine: AnyStateMachine;
  description: string;
  /** How model-based tests traverse it (parameterised events, state abstraction, path bounds). */
  traversal: ModelTraversal;
  /** Connectivity device `a` starts in when a path of this model runs in the simulator. */
  initialMode: Mode;
}

const CRASH_POINTS: DeviceProcessEvent[] = [
  { type: 'CRASH', point: 'now' },
  { type: 'CRASH', point: 'after-push-sent' },
];

const ACK_VARIANTS: SyncLifecycleEvent[] = [
  { type: 'ACK', more: true },
  { type: 'ACK', more: false },
];

export const MODELS: readonly ModelDefinition[] = [
  {
    id: 'connectivity',
    machine: connectivityMachine,
    description: 'offline / intermittent (linkUp, linkDown) / online; link flips come from the seeded network',
    traversal: { maxSimplePaths: 12 },
    initialMode: 'online',
  },
  {
    id: 'sync-lifecycle',
    machine: syncLifecycleMachine,
    description: 'offline, idle, pending, syncing, backoff, authExpired: one request at a time, backoff on failure, parked on a refused token',
    traversal: {
      events: { ACK: ACK_VARIANTS },
      // A pending retry and a refused token decide where going online leads; the failure count does not.
      abstractContext: (context) => {
        const c = context as SyncLifecycleContext;
        return [c.retryWaiting, c.authRefused];
      },
    },
    initialMode: 'offline',
  },
  {
    id: 'session-token',
    machine: sessionTokenMachine,
    description: 'valid, expired, reauthenticating (falls back to expired after authTimeout)',
    traversal: { maxSimplePaths: 8 },
    initialMode: 'online',
  },
  {
    id: 'device-process',
    machine: deviceProcessMachine,
    description: 'running, crashed (durable snapshot kept), restarting; a crash may be armed for a point of the sync round',
    traversal: { events: { CRASH: CRASH_POINTS }, maxSimplePaths: 8 },
    initialMode: 'online',
  },
  {
    id: 'device',
    machine: deviceMachine,
    description: 'one device: connectivity × process × session token in parallel regions',
    traversal: { events: { CRASH: CRASH_POINTS.slice(0, 1) } },
    initialMode: 'online',
  },
];
