/**
 * The lab's XState models and how model-based tests traverse them. Each machine is pure data built
 * with `setup(...).createMachine(...)` (named actions, guards and delays), so it loads in Stately's
 * visual editor; delays run on whatever clock the actor is given (the simulator's virtual clock).
 */
import type { AnyStateMachine } from 'xstate';
import { connectivityMachine } from './connectivity.ts';
import { deviceMachine } from './device.ts';
import { deviceProcessMachine } from './device-process.ts';
import type { ModelTraversal } from './paths.ts';
import { sessionTokenMachine } from './session-token.ts';
import { syncLifecycleMachine } from './sync-lifecycle.ts';
import type { SyncLifecycleContext, SyncLifecycleEvent } from './sync-lifecycle.ts';
import type { DeviceProcessEvent } from './device-process.ts';
import type { Mode } from '../src/trace/events.ts';

export { connectivityMachine, connectivityEventFor } from './connectivity.ts';
export type { ConnectivityEvent, ConnectivityMode } from './connectivity.ts';
export { deviceProcessMachine } from './device-process.ts';
export type { CrashPoint, DeviceProcessEvent } from './device-process.ts';
export { sessionTokenMachine, AUTH_TIMEOUT_MS } from './session-token.ts';
export type { SessionTokenEvent } from './session-token.ts';
export { syncLifecycleMachine, backoffDelayMs } from './sync-lifecycle.ts';
export type { SyncLifecycleContext, SyncLifecycleEvent } from './sync-lifecycle.ts';
export { deviceMachine } from './device.ts';
export type { DeviceEvent } from './device.ts';

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
