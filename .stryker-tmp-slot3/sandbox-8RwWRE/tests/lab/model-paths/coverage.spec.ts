// @ts-nocheck
import { createActor } from 'xstate';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import { allStateIds, allTransitionKeys, coverageOf, eventTypeLabel, sumCoverage, transitionsTaken } from '../../../src/lab/model-paths/coverage.ts';
import type { CoveragePath } from '../../../src/lab/model-paths/coverage.ts';
import { deviceProcessMachine } from '../../../models/device-process.ts';
import { syncLifecycleMachine } from '../../../models/sync-lifecycle.ts';
import type { SyncLifecycleEvent } from '../../../models/sync-lifecycle.ts';

/** A path recorded by running an actor: the snapshots it went through. */
function record(machine: typeof syncLifecycleMachine, events: SyncLifecycleEvent[]): CoveragePath {
  const actor = createActor(machine).start();
  const start = actor.getSnapshot() as AnyMachineSnapshot;
  const steps: { event: EventObject; state: AnyMachineSnapshot }[] = [];
  for (const event of events) {
    actor.send(event);
    steps.push({ event, state: actor.getSnapshot() as AnyMachineSnapshot });
  }
  return { start, steps };
}

describe('coverage', () => {
  it('lists every state node and every transition definition, guarded alternatives separately', () => {
    expect(allStateIds(deviceProcessMachine)).toEqual(['process.running', 'process.crashed', 'process.restarting']);
    const keys = allTransitionKeys(syncLifecycleMachine);
    expect(keys.filter((k) => k.startsWith('sync.offline --GO_ONLINE'))).toEqual([
      'sync.offline --GO_ONLINE[0]--> sync.authExpired',
      'sync.offline --GO_ONLINE[1]--> sync.backoff',
      'sync.offline --GO_ONLINE[2]--> sync.pending',
    ]);
    expect(keys).toContain('sync.backoff --after(backoffDelay)[0]--> sync.pending');
    expect(keys).toContain('sync.offline --TOKEN_RENEWED[0]--> (stay)');
  });

  it('names the guarded alternative an event actually took', () => {
    const path = record(syncLifecycleMachine, [{ type: 'GO_ONLINE' }, { type: 'SEND' }, { type: 'FAIL' }, { type: 'GO_OFFLINE' }, { type: 'GO_ONLINE' }]);
    const before = path.steps[3]!.state;
    const after = path.steps[4]!;
    expect(transitionsTaken(syncLifecycleMachine, before, after.event, after.state)).toEqual(['sync.offline --GO_ONLINE[1]--> sync.backoff']);
  });

  it('reports what a partial path set misses', () => {
    const coverage = coverageOf(syncLifecycleMachine, [record(syncLifecycleMachine, [{ type: 'GO_ONLINE' }, { type: 'SEND' }, { type: 'ACK', more: false }])]);
    expect(coverage.states).toMatchObject({ covered: 4, total: 6 });
    expect(coverage.states.missing).toEqual(['sync.authExpired', 'sync.backoff']);
    expect(coverage.transitions.covered).toBe(3);
    expect(coverage.transitions.missing).toContain('sync.syncing --FAIL[0]--> sync.backoff');
    const total = sumCoverage({ sync: coverage, again: coverage });
    expect(total.states).toMatchObject({ covered: 8, total: 12 });
    expect(total.states.missing).toContain('sync: sync.backoff');
  });

  it('labels delayed events by their delay name', () => {
    expect(eventTypeLabel('xstate.after.backoffDelay.sync.backoff', 'sync.backoff')).toBe('after(backoffDelay)');
    expect(eventTypeLabel('xstate.after.authTimeout.token.reauthenticating')).toBe('after(authTimeout)');
    expect(eventTypeLabel('SEND')).toBe('SEND');
  });
});
