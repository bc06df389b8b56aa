/**
 * The sync client's lifecycle as src/reconciler/sync-client.ts behaves: one request at a time,
 * nothing at all while offline, exponential backoff without jitter after a failure, and a refused
 * (expired) token parks sync until a new token arrives, while local writes keep going to the outbox.
 *
 *   offline ── GO_ONLINE ──▶ pending (or back to backoff / authExpired, which survive going offline)
 *   a new token (TOKEN_RENEWED) resets the backoff wherever it arrives, as SyncClient.succeeded does
 *   idle ── LOCAL_WRITE / pull interval ──▶ pending ── SEND ──▶ syncing
 *   syncing ── ACK ──▶ pending (more work) | idle;  FAIL ──▶ backoff ── backoffDelay ──▶ pending
 *   syncing ── REFUSED_AUTH ──▶ authExpired ── TOKEN_RENEWED ──▶ pending
 *
 * Delays (`pullInterval`, `backoffDelay`) run on the clock the actor is given: the simulator's
 * virtual clock, never the wall. One abstraction: time spent offline is not modelled, so a retry
 * time that passes while offline still counts as waiting when the device comes back.
 */
// @ts-nocheck

import { assign, setup } from 'xstate';
import { DEFAULT_SYNC_POLICY } from '../src/reconciler/types.ts';

export type SyncLifecycleEvent =
  | { type: 'GO_OFFLINE' }
  | { type: 'GO_ONLINE' }
  | { type: 'LOCAL_WRITE' }
  | { type: 'SEND' }
  /** `more`: the outbox still holds ops or a pull said more (the next request is due at once). */
  | { type: 'ACK'; more: boolean }
  | { type: 'FAIL' }
  | { type: 'REFUSED_AUTH' }
  | { type: 'TOKEN_RENEWED' };

export interface SyncLifecycleContext {
  /** Consecutive failures, saturated where the backoff delay reaches its ceiling. */
  failures: number;
  /** A retry time is set and has not come yet (going offline does not cancel it). */
  retryWaiting: boolean;
  /** The server refused the token; sync waits for a new one even across going offline. */
  authRefused: boolean;
}

const { backoffInitialMs, backoffMaxMs, pullIntervalMs } = DEFAULT_SYNC_POLICY;
/** Failures beyond this leave the delay at backoffMaxMs, so counting further adds no state. */
export const FAILURES_SATURATE_AT = Math.ceil(Math.log2(backoffMaxMs / backoffInitialMs)) + 1;

/** The reconciler's Backoff.delayFor, restated: exponential from initial to max, no jitter. */
export function backoffDelayMs(failures: number): number {
  return Math.min(backoffMaxMs, backoffInitialMs * 2 ** Math.max(failures - 1, 0));
}

export const syncLifecycleMachine = setup({
  types: { context: {} as SyncLifecycleContext, events: {} as SyncLifecycleEvent },
  actions: {
    countFailure: assign({ failures: ({ context }) => Math.min(context.failures + 1, FAILURES_SATURATE_AT), retryWaiting: true }),
    retryDue: assign({ retryWaiting: false }),
    // A success or a new token resets the backoff (SyncClient.succeeded).
    resetFailures: assign({ failures: 0, retryWaiting: false }),
    markAuthRefused: assign({ authRefused: true }),
    clearAuth: assign({ authRefused: false }),
  },
  guards: {
    authWasRefused: ({ context }) => context.authRefused,
    backingOff: ({ context }) => context.retryWaiting,
    moreWork: ({ event }) => event.type === 'ACK' && event.more,
  },
  delays: {
    pullInterval: pullIntervalMs,
    backoffDelay: ({ context }) => backoffDelayMs(context.failures),
  },
}).createMachine({
  id: 'sync',
  description: 'Sync client lifecycle of one device (push outbox, pull since cursor, backoff, auth).',
  context: { failures: 0, retryWaiting: false, authRefused: false },
  initial: 'offline',
  states: {
    offline: {
      description: 'No request may go out; local writes queue in the outbox.',
      on: {
        GO_ONLINE: [
          { guard: 'authWasRefused', target: 'authExpired' },
          { guard: 'backingOff', target: 'backoff' },
          { target: 'pending' },
        ],
        TOKEN_RENEWED: { actions: ['clearAuth', 'resetFailures'] },
      },
    },
    idle: {
      description: 'Nothing to push; the next pull waits for the pull interval.',
      on: { LOCAL_WRITE: 'pending', GO_OFFLINE: 'offline' },
      after: { pullInterval: 'pending' },
    },
    pending: {
      description: 'A push or pull is due and may be sent now.',
      on: { SEND: 'syncing', GO_OFFLINE: 'offline', TOKEN_RENEWED: { actions: 'resetFailures' } },
    },
    syncing: {
      description: 'One request is in flight.',
      on: {
        ACK: [
          { guard: 'moreWork', target: 'pending', actions: 'resetFailures' },
          { target: 'idle', actions: 'resetFailures' },
        ],
        FAIL: { target: 'backoff', actions: 'countFailure' },
        REFUSED_AUTH: { target: 'authExpired', actions: 'markAuthRefused' },
        GO_OFFLINE: 'offline',
      },
    },
    backoff: {
      description: 'A request failed; the outbox is as it was; retry after the backoff delay.',
      on: { GO_OFFLINE: 'offline', TOKEN_RENEWED: { target: 'pending', actions: 'resetFailures' } },
      after: { backoffDelay: { target: 'pending', actions: 'retryDue' } },
    },
    authExpired: {
      description: 'The server refused the token: local use continues, the outbox is kept, sync waits for re-auth.',
      on: {
        TOKEN_RENEWED: { target: 'pending', actions: ['clearAuth', 'resetFailures'] },
        GO_OFFLINE: 'offline',
      },
    },
  },
});
