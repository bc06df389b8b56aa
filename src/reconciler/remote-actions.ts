/**
 * Remote actions (cloud backup, account deletion, backup admin): optional, online-only capabilities.
 * They queue while the device cannot reach the server and retry after transport failures or an
 * unavailable server; a refusal that retrying cannot fix marks them failed.
 */
import type { SyncErrorCode } from '../core/wire.ts';
import type { RemoteActionKind, RemoteActionState, RemoteActionStatus } from './types.ts';

/** Actions queued or remembered at once. */
export const MAX_REMOTE_ACTIONS = 1_000;
/** Attempts before an admin action is given up as failed (a backup is never given up for a retryable failure). */
export const MAX_ACTION_ATTEMPTS = 50;
/** Finished actions kept for status disclosure. */
const FINISHED_KEPT = 50;

export interface RemoteAction {
  id: string;
  kind: RemoteActionKind;
  state: RemoteActionState;
  attempts: number;
  lastError: SyncErrorCode | 'transport' | null;
}

export class RemoteActionQueue {
  private actions: RemoteAction[] = [];

  add(id: string, kind: RemoteActionKind): void {
    if (this.unfinished().length >= MAX_REMOTE_ACTIONS) {
      throw new Error(`reconciler/remote-actions: ${MAX_REMOTE_ACTIONS} remote actions are already waiting`);
    }
    this.actions.push({ id, kind, state: 'pending', attempts: 0, lastError: null });
    this.trimFinished();
  }

  /** The oldest pending action. */
  nextPending(): RemoteAction | undefined {
    return this.actions.find((a) => a.state === 'pending');
  }

  get(id: string): RemoteAction | undefined {
    return this.actions.find((a) => a.id === id);
  }

  start(id: string): void {
    const a = this.get(id);
    if (a) {
      a.state = 'in-flight';
      a.attempts++;
    }
  }

  done(id: string): void {
    const a = this.get(id);
    if (a) {
      a.state = 'done';
      a.lastError = null;
    }
    this.trimFinished();
  }

  /**
   * A retryable failure sends the action back to pending; an admin action until it runs out of
   * attempts ("may fail or retry"), a backup always ("may remain pending or retry", never given up
   * for what a retry can fix).
   */
  failed(id: string, error: SyncErrorCode | 'transport', retryable: boolean): void {
    const a = this.get(id);
    if (!a) return;
    a.lastError = error;
    a.state = retryable && (a.kind === 'backup' || a.attempts < MAX_ACTION_ATTEMPTS) ? 'pending' : 'failed';
    this.trimFinished();
  }

  /** After a restart nothing is in flight: an action that was is pending again. */
  requeueInFlight(): void {
    for (const a of this.actions) if (a.state === 'in-flight') a.state = 'pending';
  }

  unfinished(): RemoteAction[] {
    return this.actions.filter((a) => a.state === 'pending' || a.state === 'in-flight');
  }

  status(): RemoteActionStatus[] {
    return this.actions.map((a) => ({ ...a }));
  }

  private trimFinished(): void {
    const finished = this.actions.filter((a) => a.state === 'done' || a.state === 'failed');
    if (finished.length <= FINISHED_KEPT) return;
    const drop = new Set(finished.slice(0, finished.length - FINISHED_KEPT));
    this.actions = this.actions.filter((a) => !drop.has(a));
  }

  static from(actions: readonly RemoteAction[]): RemoteActionQueue {
    const q = new RemoteActionQueue();
    q.actions = actions.map((a) => ({ ...a }));
    q.requeueInFlight();
    return q;
  }
}
