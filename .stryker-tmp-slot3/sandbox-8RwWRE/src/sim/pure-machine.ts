/**
 * A lifecycle machine stepped by XState's own pure `transition` instead of an actor. The models have
 * no context, so the next state is a function of the state and the event: each (state, event) step is
 * computed by XState once per process and then looked up (link flaps alone are hundreds of thousands
 * of steps in a simulated week). What a step does besides changing state must be replayable from the
 * memo: a delayed event (XState's `after`, a raise with a delay) is set on the given timers exactly
 * as an actor sets it on its clock, and its cancel cancels it; any other action, a context or a
 * history state is refused when the machine is wired (an error naming the machine: such a machine
 * runs as an actor).
 */
// @ts-nocheck

import { initialTransition, transition } from 'xstate';
import type { AnyMachineSnapshot, AnyStateMachine, EventObject, SnapshotFrom } from 'xstate';

/** Where delayed events are set: VirtualTimers (lifecycle.ts), the clock the actors had. */
export interface MachineTimers {
  schedule(fire: () => void, delayMs: number): number;
  cancel(id: number): void;
}

/** What a step does besides changing state: a delayed event set or cancelled (by its send id). */
type PureAction = { readonly set: string; readonly delayMs: number; readonly event: EventObject } | { readonly cancel: string };

/** One step: the snapshot after an event, whether the machine allowed the event, and its actions. */
interface PureStep {
  readonly next: AnyMachineSnapshot;
  readonly allowed: boolean;
  readonly actions: readonly PureAction[];
}

/** Per machine: its initial snapshot, one snapshot per state (shared by every device and run), the steps. */
interface PureStates {
  readonly initial: PureStep;
  readonly byState: Map<string, AnyMachineSnapshot>;
  readonly steps: Map<AnyMachineSnapshot, Map<string, PureStep>>;
}
const pureMachines = new WeakMap<AnyStateMachine, PureStates>();

/** A step's memo key: the event type, plus its payload when it has one (a guard could read it). */
function eventKey(event: EventObject): string {
  for (const key in event) if (key !== 'type') return JSON.stringify(event);
  return event.type;
}

function impure(machine: AnyStateMachine, what: string): Error {
  return new Error(`sim/pure-machine: machine ${machine.id} ${what}: it must run as an actor, not as a PureMachine`);
}

function hasHistory(node: AnyStateMachine['root']): boolean {
  return node.type === 'history' || Object.values(node.states).some(hasHistory);
}

/** The one snapshot of `snapshot`'s state (the first one seen). */
function canonical(states: Pick<PureStates, 'byState'>, snapshot: AnyMachineSnapshot): AnyMachineSnapshot {
  const key = `${snapshot.status} ${JSON.stringify(snapshot.value)}`;
  const known = states.byState.get(key);
  if (known !== undefined) return known;
  states.byState.set(key, snapshot);
  return snapshot;
}

/** XState's executable actions as replayable ones; anything but a delayed raise or a cancel is refused. */
function replayable(machine: AnyStateMachine, on: string, actions: readonly { type: string; params?: unknown }[]): PureAction[] {
  return actions.map((action) => {
    const params = (action.params ?? {}) as { id?: unknown; delay?: unknown; event?: unknown; sendId?: unknown };
    if (action.type === 'xstate.raise' && typeof params.id === 'string' && typeof params.delay === 'number' && typeof params.event === 'object' && params.event !== null) {
      return { set: params.id, delayMs: params.delay, event: params.event as EventObject };
    }
    if (action.type === 'xstate.cancel' && typeof params.sendId === 'string') return { cancel: params.sendId };
    throw impure(machine, `runs the action ${action.type} on ${on}`);
  });
}

export class PureMachine<M extends AnyStateMachine> {
  private snapshot: AnyMachineSnapshot;
  private readonly states: PureStates;
  /** Delayed events set and not yet fired or cancelled: send id to timer id. */
  private readonly pending = new Map<string, number>();

  /**
   * `timers`: where delayed events are set (null: the machine must have none). `changed`: told after
   * a delayed event took effect (an event sent by `send` is the caller's to read).
   */
  constructor(
    private readonly machine: M,
    private readonly timers: MachineTimers | null = null,
    private readonly changed: () => void = () => undefined,
  ) {
    let states = pureMachines.get(machine);
    if (states === undefined) {
      if (machine.config.context !== undefined) throw impure(machine, 'has context');
      if (hasHistory(machine.root)) throw impure(machine, 'has a history state');
      const [initial, actions] = initialTransition(machine as AnyStateMachine);
      const byState = new Map<string, AnyMachineSnapshot>();
      const first = { next: canonical({ byState }, initial as AnyMachineSnapshot), allowed: true, actions: replayable(machine, 'start', actions) };
      pureMachines.set(machine, (states = { initial: first, byState, steps: new Map() }));
    }
    this.states = states;
    this.snapshot = states.initial.next;
    this.run(states.initial.actions);
  }

  getSnapshot(): SnapshotFrom<M> {
    return this.snapshot as SnapshotFrom<M>;
  }

  /** Applies `event` if the machine allows it (an allowed event may change nothing); false if it does not. */
  send(event: EventObject): boolean {
    const before = this.snapshot;
    let steps = this.states.steps.get(before);
    if (steps === undefined) this.states.steps.set(before, (steps = new Map()));
    const key = eventKey(event);
    let step = steps.get(key);
    if (step === undefined) {
      const [next, actions] = transition(this.machine, before as SnapshotFrom<M>, event as never);
      // As with an actor: the same snapshot back means no transition was enabled, unless `can` says one was (it changed nothing).
      step = { next: canonical(this.states, next as AnyMachineSnapshot), allowed: next !== before || before.can(event), actions: replayable(this.machine, event.type, actions) };
      steps.set(key, step);
    }
    this.snapshot = step.next;
    this.run(step.actions);
    return step.allowed;
  }

  can(event: EventObject): boolean {
    return this.snapshot.can(event);
  }

  /** Sets and cancels delayed events as an actor's scheduler does (a set of a pending id replaces its entry, as XState's does). */
  private run(actions: readonly PureAction[]): void {
    for (const action of actions) {
      if ('cancel' in action) {
        const timer = this.pending.get(action.cancel);
        if (timer === undefined) continue;
        this.pending.delete(action.cancel);
        this.timers?.cancel(timer);
        continue;
      }
      const timers = this.timers;
      if (timers === null) throw impure(this.machine, `sets a delayed event (${action.set}) but was given no timers`);
      const id = action.set;
      const timer = timers.schedule(() => {
        this.pending.delete(id);
        this.send(action.event);
        this.changed();
      }, action.delayMs);
      this.pending.set(id, timer);
    }
  }
}
