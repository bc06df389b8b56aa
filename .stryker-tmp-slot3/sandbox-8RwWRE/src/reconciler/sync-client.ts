/**
 * The sync client's timing state: which request is in flight (one at a time), the session token,
 * the pull cursor and schedule, and backoff. It decides *whether* and *what kind* of request may go
 * out now; the reconciler builds it. No I/O: the caller passes the device clock reading every time.
 */
// @ts-nocheck

import { Backoff } from './backoff.ts';
import type { ConnectivityMode, SyncPolicy } from './types.ts';
import type { OpId } from '../core/ids.ts';

export type InFlight =
  | { readonly requestId: string; readonly type: 'push'; readonly opIds: readonly OpId[] }
  | { readonly requestId: string; readonly type: 'pull' }
  | { readonly requestId: string; readonly type: 'backup' | 'admin'; readonly actionId: string };

export type NextRequestKind = 'push' | 'pull' | 'action';

export class SyncClient {
  connectivity: ConnectivityMode = 'offline';
  inFlight: InFlight | null = null;
  authExpired = false;
  accountDeleted = false;
  cursor = 0;
  /** Set after a push round, a pull that said `more`, reconnect and re-auth. */
  pullDue = true;
  private nextPullAt = 0;
  readonly backoff: Backoff;

  constructor(readonly policy: SyncPolicy) {
    this.backoff = new Backoff(policy.backoffInitialMs, policy.backoffMaxMs);
  }

  /** Whether any request may be transmitted at `nowMs` (offline: never). */
  canSend(nowMs: number): boolean {
    return this.connectivity !== 'offline' && this.inFlight === null && !this.authExpired && !this.accountDeleted && !this.backoff.waiting(nowMs);
  }

  pullWanted(nowMs: number): boolean {
    return this.pullDue || nowMs >= this.nextPullAtMs(nowMs);
  }

  /** The next interval pull, clamped so a clock jumped backwards does not postpone it beyond one interval. */
  nextPullAtMs(nowMs: number): number {
    if (this.nextPullAt > nowMs + this.policy.pullIntervalMs) this.nextPullAt = nowMs + this.policy.pullIntervalMs;
    return this.nextPullAt;
  }

  pullFinished(more: boolean, nowMs: number): void {
    this.pullDue = more;
    this.nextPullAt = nowMs + this.policy.pullIntervalMs;
  }

  /** Time at which a request could go out given whether data or actions are waiting, or null. */
  nextWakeMs(nowMs: number, workWaiting: boolean): number | null {
    if (this.connectivity === 'offline' || this.inFlight !== null || this.authExpired || this.accountDeleted) return null;
    const due = workWaiting || this.pullDue ? nowMs : Math.max(nowMs, this.nextPullAtMs(nowMs));
    const retryAt = this.backoff.retryAtMs(nowMs);
    return retryAt !== null && retryAt > due ? retryAt : due;
  }

  setConnectivity(mode: ConnectivityMode): boolean {
    const previous = this.connectivity;
    this.connectivity = mode;
    if (mode !== 'offline' && previous !== mode) this.pullDue = true;
    return previous !== mode;
  }

  succeeded(): void {
    this.backoff.reset();
  }

  failed(nowMs: number): number {
    return this.backoff.fail(nowMs);
  }
}
