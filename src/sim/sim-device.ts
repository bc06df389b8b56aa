/**
 * What the world holds for one simulated device: its clock, nonce stream and lifecycle actors, the
 * reconciler running on it (null while crashed) and its durable snapshot, the requests the transport
 * waits on, and what the recorder has already reported about it.
 */
import type { DurableSnapshot } from '../reconciler/types.ts';
import type { GuardedEngine } from './engine-call.ts';
import type { DeviceClock } from './clock.ts';
import type { DeviceLifecycle } from './lifecycle.ts';
import type { RandomStream } from './random.ts';
import type { ArmedCrashPoint } from '../core/crash-point.ts';

/** A crash armed for a point of the sync round (a crash `now` strikes at once). */
export type { ArmedCrashPoint } from '../core/crash-point.ts';

export interface SimDevice {
  readonly id: string;
  readonly address: string;
  readonly clock: DeviceClock;
  readonly nonces: RandomStream;
  /** Connectivity mode, link state, process and token state: XState actors (lifecycle.ts). */
  readonly life: DeviceLifecycle;
  reconciler: GuardedEngine | null;
  snapshot: DurableSnapshot | null;
  token: string;
  armedCrash: ArmedCrashPoint | null;
  /** Schedule time (ms) of the crash event that armed `armedCrash` (for its skip, if it never strikes). */
  armedCrashAtMs: number;
  /** Requests the transport still waits on (for timeouts). */
  readonly pending: Set<string>;
  outboxDepth: number;
  readonly actionStates: Map<string, string>;
  conflictsSeen: number;
  wakeGen: number;
  wakeAtUs: number | null;
  flapGen: number;
  /**
   * When (µs) the app last renewed the session because the status said authExpired: at most once an
   * instant, or an engine still saying authExpired right after its fresh token would have the app renew
   * forever (a stack overflow, the lab's exit 3); its status is judged by status-fields, the next pump renews again.
   */
  appRenewedAtUs: number;
  /** Requests the reconciler handed over (poll) since the world began: a wake-up that leaves it unchanged is idle (idle-wakes.ts). */
  requestsPolled: number;
}

/** A device as the world starts it: not booted yet (no reconciler), nothing pending, nothing reported. */
export function newSimDevice(id: string, address: string, clock: DeviceClock, nonces: RandomStream, life: DeviceLifecycle): SimDevice {
  return {
    id,
    address,
    clock,
    nonces,
    life,
    reconciler: null,
    snapshot: null,
    token: '',
    armedCrash: null,
    armedCrashAtMs: 0,
    pending: new Set(),
    outboxDepth: 0,
    actionStates: new Map(),
    conflictsSeen: 0,
    wakeGen: 0,
    wakeAtUs: null,
    flapGen: 0,
    appRenewedAtUs: -1,
    requestsPolled: 0,
  };
}
