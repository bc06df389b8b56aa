// @ts-nocheck
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { __unsafe_getAllOwnEventDescriptors, createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { SyncRequest } from '../../src/core/wire.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import type { SyncReconciler } from '../../src/reconciler/types.ts';
import { SyncServer } from '../../src/server/sync-server.ts';
import { DEFAULT_SYNC_POLICY } from '../../src/reconciler/types.ts';
import { Backoff } from '../../src/reconciler/backoff.ts';
import { backoffDelayMs, FAILURES_SATURATE_AT, syncLifecycleMachine } from '../../models/sync-lifecycle.ts';
import type { SyncLifecycleEvent } from '../../models/sync-lifecycle.ts';
import { virtualClock } from './_internals/clock.ts';

function started() {
  const sim = virtualClock();
  const actor = createActor(syncLifecycleMachine, { clock: sim.clock }).start();
  return { sim, actor };
}

describe('sync-lifecycle machine', () => {
  it('starts offline, syncs once online, and idles after an ack with nothing more to send', () => {
    const { actor } = started();
    expect(actor.getSnapshot().value).toBe('offline');
    actor.send({ type: 'LOCAL_WRITE' });
    expect(actor.getSnapshot().value).toBe('offline');
    actor.send({ type: 'GO_ONLINE' });
    expect(actor.getSnapshot().value).toBe('pending');
    actor.send({ type: 'SEND' });
    actor.send({ type: 'ACK', more: true });
    expect(actor.getSnapshot().value).toBe('pending');
    actor.send({ type: 'SEND' });
    actor.send({ type: 'ACK', more: false });
    expect(actor.getSnapshot().value).toBe('idle');
  });

  it('pulls again after the pull interval of simulated time', () => {
    const { sim, actor } = started();
    actor.send({ type: 'GO_ONLINE' });
    actor.send({ type: 'SEND' });
    actor.send({ type: 'ACK', more: false });
    sim.advanceMs(DEFAULT_SYNC_POLICY.pullIntervalMs - 1);
    expect(actor.getSnapshot().value).toBe('idle');
    sim.advanceMs(1);
    expect(actor.getSnapshot().value).toBe('pending');
  });

  it('backs off exponentially on the virtual clock, like the reconciler Backoff', () => {
    const { sim, actor } = started();
    actor.send({ type: 'GO_ONLINE' });
    const backoff = new Backoff(DEFAULT_SYNC_POLICY.backoffInitialMs, DEFAULT_SYNC_POLICY.backoffMaxMs);
    for (let failure = 1; failure <= FAILURES_SATURATE_AT + 2; failure++) {
      actor.send({ type: 'SEND' });
      actor.send({ type: 'FAIL' });
      const delay = backoffDelayMs(actor.getSnapshot().context.failures);
      expect(delay, `failure ${failure}`).toBe(backoff.delayFor(failure));
      sim.advanceMs(delay - 1);
      expect(actor.getSnapshot().value).toBe('backoff');
      sim.advanceMs(1);
      expect(actor.getSnapshot().value).toBe('pending');
    }
    actor.send({ type: 'SEND' });
    actor.send({ type: 'ACK', more: false });
    expect(actor.getSnapshot().context.failures).toBe(0);
  });

  it('parks on a refused token, across going offline, until a new token arrives', () => {
    const { actor } = started();
    actor.send({ type: 'GO_ONLINE' });
    actor.send({ type: 'SEND' });
    actor.send({ type: 'REFUSED_AUTH' });
    expect(actor.getSnapshot().value).toBe('authExpired');
    actor.send({ type: 'GO_OFFLINE' });
    actor.send({ type: 'GO_ONLINE' });
    expect(actor.getSnapshot().value).toBe('authExpired');
    actor.send({ type: 'GO_OFFLINE' });
    actor.send({ type: 'TOKEN_RENEWED' });
    expect(actor.getSnapshot().value).toBe('offline');
    actor.send({ type: 'GO_ONLINE' });
    expect(actor.getSnapshot().value).toBe('pending');
  });

  it('comes back online into backoff when the last request failed', () => {
    const { actor } = started();
    actor.send({ type: 'GO_ONLINE' });
    actor.send({ type: 'SEND' });
    actor.send({ type: 'FAIL' });
    actor.send({ type: 'GO_OFFLINE' });
    actor.send({ type: 'GO_ONLINE' });
    expect(actor.getSnapshot().value).toBe('backoff');
  });
});

/**
 * Conformance: the model against the real reconciler. A random walk over the model's enabled events
 * drives both the machine and a DefaultReconciler talking to a SyncServer (sans-IO, by hand); after
 * every step the phase the reconciler discloses (status + nextWakeMs) must be the model's state.
 * Time advances only by the model's own delays, on the same virtual clock for both.
 */
describe('sync-lifecycle machine against the real reconciler', () => {
  const ACCOUNT = 'acct-1';
  const EPOCH_MS = 1_773_705_600_000;

  function phaseOf(r: SyncReconciler, nowMs: number): string {
    const s = r.status();
    if (s.connectivity === 'offline') return 'offline';
    if (s.authExpired) return 'authExpired';
    if (s.inFlight) return 'syncing';
    if (s.retryAtMs !== null && s.retryAtMs > nowMs) return 'backoff';
    const wake = r.nextWakeMs(nowMs);
    return wake !== null && wake <= nowMs ? 'pending' : 'idle';
  }

  function walk(choices: number[]): void {
    const sim = virtualClock();
    let nowMs = EPOCH_MS;
    const server = new SyncServer();
    let nonce = 0;
    const r = defaultReconciler.create({
      deviceId: 'a',
      accountId: ACCOUNT,
      stampMode: 'hlc',
      accountKey: sha256(utf8ToBytes('model conformance key')),
      nonces: (length) => sha256(utf8ToBytes(`nonce/${nonce++}`)).subarray(0, length),
      token: server.issueToken(ACCOUNT, 'a', nowMs),
    });
    const actor = createActor(syncLifecycleMachine, { clock: sim.clock }).start();
    let request: SyncRequest | undefined;
    const log: string[] = [];
    for (const choice of choices) {
      const snapshot = actor.getSnapshot();
      const enabled = __unsafe_getAllOwnEventDescriptors(snapshot) as string[];
      const type = enabled[choice % enabled.length]!;
      log.push(type);
      let event: SyncLifecycleEvent | null = null;
      switch (type) {
        case 'GO_ONLINE':
        case 'GO_OFFLINE':
          r.setConnectivity(type === 'GO_ONLINE' ? 'online' : 'offline', nowMs);
          event = { type };
          break;
        case 'LOCAL_WRITE':
          r.create({ notes: `entry ${log.length}` }, nowMs);
          event = { type };
          break;
        case 'SEND':
          request = r.poll(nowMs);
          expect(request, `model says pending, reconciler sends nothing after ${log.join(' ')}`).toBeDefined();
          event = { type };
          break;
        case 'ACK':
          r.receive(server.handle(request, nowMs, '10.0.0.1'), nowMs);
          event = { type, more: phaseOf(r, nowMs) === 'pending' };
          break;
        case 'FAIL':
          r.fail(request!.requestId, 'timeout', nowMs);
          event = { type };
          break;
        case 'REFUSED_AUTH':
          server.expireTokensOf(ACCOUNT, 'a', nowMs);
          r.receive(server.handle(request, nowMs, '10.0.0.1'), nowMs);
          event = { type };
          break;
        case 'TOKEN_RENEWED':
          r.setToken(server.issueToken(ACCOUNT, 'a', nowMs), nowMs);
          event = { type };
          break;
        default: {
          // A delayed transition: let exactly its delay pass on the shared virtual clock.
          const due = sim.timers.nextDueUs();
          expect(due, `no timer for ${type}`).not.toBeNull();
          const stepMs = due! / 1000 - (nowMs - EPOCH_MS);
          nowMs += stepMs;
          sim.advanceMs(stepMs);
        }
      }
      if (event) actor.send(event);
      expect(phaseOf(r, nowMs), log.join(' ')).toBe(actor.getSnapshot().value);
    }
  }

  it('discloses the phase the model is in after every step of 1500 random walks', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 40 }), (choices) => walk(choices)),
      { numRuns: 1500, seed: 20260317 },
    );
  });
});
