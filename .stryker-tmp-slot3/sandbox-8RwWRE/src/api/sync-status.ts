/**
 * A small helper for an adapter's `status()` (the sync-state disclosure of NORM-021): it remembers
 * what the disclosure needs as the adapter's requests go and come, the way the built-in engine does
 * (a success clears the last error; a `token-expired` answer sets `authExpired` until a new token),
 * and builds the `SyncStatus` the checkers read. Plain data, no clock of its own: every reading is
 * the device-clock ms the simulator passed to the call.
 */
// @ts-nocheck

import type { ConnectivityMode, RemoteActionStatus, SyncStatus } from '../reconciler/types.ts';

export type SyncErrorKind = NonNullable<SyncStatus['lastError']>['code'];

export class SyncStatusTracker {
  private connectivity: ConnectivityMode;
  private inFlight = false;
  private lastSyncOkAtMs: number | null = null;
  private lastError: SyncStatus['lastError'] = null;
  private authExpired = false;
  private retryAtMs: number | null = null;

  constructor(connectivity: ConnectivityMode = 'online') {
    this.connectivity = connectivity;
  }

  setConnectivity(mode: ConnectivityMode): void {
    this.connectivity = mode;
  }

  /** A request left (from `poll`). */
  sent(): void {
    this.inFlight = true;
  }

  /** A response that took effect (from `receive`): the last error and any backoff are over. */
  succeeded(nowMs: number): void {
    this.inFlight = false;
    this.lastSyncOkAtMs = nowMs;
    this.lastError = null;
    this.retryAtMs = null;
  }

  /** A request that failed (`fail`, or an error response), and when the adapter will retry (null: not backing off). */
  failed(code: SyncErrorKind, message: string, nowMs: number, retryAtMs: number | null = null): void {
    this.inFlight = false;
    this.lastError = { code, atMs: nowMs, message };
    this.retryAtMs = retryAtMs;
    if (code === 'token-expired') this.authExpired = true;
  }

  /** A new session token (`setToken`): authentication is no longer expired. */
  tokenRenewed(): void {
    this.authExpired = false;
  }

  /** The disclosure, with what only the adapter knows: its unacknowledged ops and remote actions. */
  status(pendingOps: number, remoteActions: readonly RemoteActionStatus[] = []): SyncStatus {
    return {
      connectivity: this.connectivity,
      pendingOps,
      inFlight: this.inFlight,
      lastSyncOkAtMs: this.lastSyncOkAtMs,
      lastError: this.lastError,
      authExpired: this.authExpired,
      retryAtMs: this.retryAtMs,
      remoteActions: [...remoteActions],
    };
  }
}
