/**
 * The lab's XState models: the machines the simulator runs (connectivity, sync lifecycle, session
 * token, device process, and the device as their parallel composition). Each machine is pure data
 * built with `setup(...).createMachine(...)` (named actions, guards and delays), so it loads in
 * Stately's visual editor; delays run on whatever clock the actor is given (the simulator's virtual
 * clock). How model-based tests traverse them is in src/lab/model-paths/catalogue.ts.
 */
// @ts-nocheck

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
