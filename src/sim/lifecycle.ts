/**
 * The lifecycle of each simulated device, held by XState actors from models/: connectivity
 * (offline / intermittent with linkUp, linkDown / online), the app process (running / crashed /
 * restarting) and the session token (valid / expired / reauthenticating). The world sends them the
 * lifecycle events and reads mode, link, running and token validity from them; the per-operation
 * hot path (writes, messages, merges) stays plain code and only reads the cached answers.
 *
 * Connectivity and the process have no context, actions or delays: each steps by XState's own pure
 * `transition`, and each (state, event) step is computed once per process and then looked up
 * (`PureMachine`; link flaps are the most frequent lifecycle events). The token machine has a delay,
 * so it runs as an actor.
 *
 * Actor delays run on `VirtualTimers`, a clock driven by the simulator's virtual time whose due times
 * sit on the world's one event queue: nothing here touches a real timer. An event the model does not
 * allow in the current state (a restart of a running device, a crash of a crashed one) is not
 * applied: it is recorded as a `LifecycleRejection` so schedules that ask for impossible things are
 * visible instead of silently ignored.
 */
import { createActor, initialTransition, transition } from 'xstate';
import type { Actor, ActorOptions, AnyMachineSnapshot, AnyStateMachine, EventObject, SnapshotFrom } from 'xstate';
import { connectivityEventFor, connectivityMachine } from '../../models/connectivity.ts';
import { deviceProcessMachine } from '../../models/device-process.ts';
import type { CrashPoint, DeviceProcessEvent } from '../../models/device-process.ts';
import { sessionTokenMachine } from '../../models/session-token.ts';
import type { Mode } from '../trace/events.ts';
import { EventQueue, FIRST_LANE } from './event-queue.ts';

export type LifecycleMachine = 'connectivity' | 'process' | 'token';

export interface LifecycleRejection {
  /** Simulated time (µs) the event was refused at. */
  atUs: number;
  device: string;
  machine: LifecycleMachine;
  event: string;
  /** The state the machine was in, e.g. `"running"`. */
  state: string;
}

/** XState's clock interface (`createActor(machine, { clock })`). */
export type ActorClock = NonNullable<ActorOptions<AnyStateMachine>['clock']>;

/** Where a timer's due time goes: the world's event queue, or a queue of the timers' own. */
export type PostTimer = (dueUs: number, id: number) => void;

/**
 * The clock XState actors get (`createActor(machine, { clock })`): a timer is due at a virtual
 * microsecond and is posted, by id, onto the simulator's one event queue (lane FIRST_LANE, so at a
 * given instant it fires before any other event, ties in the order set); the world calls `fire(id)`
 * when it pops. Only the callbacks are kept here (a cancelled timer's id just finds nothing).
 * Without a queue to post to (machine tests), the timers keep a queue of their own, advanced with
 * `fireDue`.
 */
export class VirtualTimers {
  private readonly callbacks = new Map<number, () => void>();
  private readonly own: EventQueue<number> | null;
  private readonly post: PostTimer;
  private nextId = 1;
  readonly clock: ActorClock;

  constructor(
    private readonly nowUs: () => number,
    post?: PostTimer,
  ) {
    const own = post ? null : new EventQueue<number>();
    this.own = own;
    this.post = post ?? ((dueUs, id) => own?.push(dueUs, id, FIRST_LANE));
    // Quoted keys: this object is the simulated clock, not a use of the global timer functions.
    this.clock = { 'setTimeout': (fn: () => void, ms: number) => this.schedule(fn, ms), 'clearTimeout': (id: number) => this.cancel(id) };
  }

  schedule(fire: () => void, delayMs: number): number {
    const id = this.nextId++;
    this.callbacks.set(id, fire);
    this.post(this.nowUs() + Math.max(0, Math.round(delayMs * 1000)), id);
    return id;
  }

  cancel(id: number): void {
    this.callbacks.delete(id);
  }

  /** Runs timer `id` if it is still set (the world calls this when the timer's queue entry pops). */
  fire(id: number): void {
    const callback = this.callbacks.get(id);
    if (!callback) return;
    this.callbacks.delete(id);
    callback();
  }

  /** Timers set and neither fired nor cancelled. */
  get size(): number {
    return this.callbacks.size;
  }

  /** Earliest due time of a live timer on the timers' own queue, or null (none, or posted to the world's). */
  nextDueUs(): number | null {
    const own = this.own;
    if (!own) return null;
    while (own.size > 0) {
      const time = own.peekTime() as number;
      if (this.callbacks.has(own.peekItem() as number)) return time;
      own.pop();
    }
    return null;
  }

  /** Fires every timer of the timers' own queue due at or before `nowUs` (timers set while firing too). */
  fireDue(nowUs: number): void {
    const own = this.own;
    if (!own) return;
    while (own.size > 0 && (own.peekTime() as number) <= nowUs) this.fire(own.pop().item);
  }
}

/** One step of a pure machine: the snapshot after an event, and whether the machine allowed the event. */
interface PureStep {
  readonly next: AnyMachineSnapshot;
  readonly allowed: boolean;
}

/**
 * Per machine: one snapshot per state (a machine without context is its state value), and per
 * snapshot and event key the step. XState snapshots are immutable, so devices and runs share them.
 */
interface PureStates {
  readonly initial: AnyMachineSnapshot;
  readonly byState: Map<string, AnyMachineSnapshot>;
  readonly steps: WeakMap<AnyMachineSnapshot, Map<string, PureStep>>;
}
const pureMachines = new WeakMap<AnyStateMachine, PureStates>();

/** A step's memo key: the event type, plus its payload when it has one (a guard could read it). */
function eventKey(event: EventObject): string {
  for (const key in event) if (key !== 'type') return JSON.stringify(event);
  return event.type;
}

/** The machine did something a memoised step cannot replay: our bug, caught where the machine is wired. */
function impure(machine: AnyStateMachine, what: string): Error {
  return new Error(`sim/lifecycle: machine ${machine.id} ${what}: it must run as an actor, not as a PureMachine`);
}

/** A state node of `node`'s tree that is a history state (its snapshot is more than its state value). */
function hasHistory(node: AnyStateMachine['root']): boolean {
  return node.type === 'history' || Object.values(node.states).some(hasHistory);
}

/** The one snapshot of `snapshot`'s state (the first one seen). */
function canonical(states: PureStates, snapshot: AnyMachineSnapshot): AnyMachineSnapshot {
  const key = `${snapshot.status} ${JSON.stringify(snapshot.value)}`;
  const known = states.byState.get(key);
  if (known !== undefined) return known;
  states.byState.set(key, snapshot);
  return snapshot;
}

/**
 * A machine without context, actions or delays (so no timer, no side effect: the next snapshot is a
 * function of the snapshot and the event), stepped by XState's pure `transition`. Each step is
 * computed by XState once per (snapshot, event) and then looked up. A step that runs any action
 * throws: such a machine needs an actor.
 */
export class PureMachine<M extends AnyStateMachine> {
  private snapshot: AnyMachineSnapshot;

  private readonly states: PureStates;

  constructor(private readonly machine: M) {
    let states = pureMachines.get(machine);
    if (states === undefined) {
      if (machine.config.context !== undefined) throw impure(machine, 'has context');
      if (hasHistory(machine.root)) throw impure(machine, 'has a history state');
      const [initial, actions] = initialTransition(machine as AnyStateMachine);
      if (actions.length > 0) throw impure(machine, `ran ${actions.length} action(s) on start (actions, delays or invocations)`);
      states = { initial: initial as AnyMachineSnapshot, byState: new Map(), steps: new WeakMap() };
      canonical(states, states.initial);
      pureMachines.set(machine, states);
    }
    this.states = states;
    this.snapshot = states.initial;
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
      if (actions.length > 0) throw impure(this.machine, `ran ${actions.length} action(s) on ${event.type} (actions, delays or invocations)`);
      // As with an actor: the same snapshot back means no transition was enabled, unless `can` says one was (it changed nothing).
      step = { next: canonical(this.states, next as AnyMachineSnapshot), allowed: next !== before || before.can(event) };
      steps.set(key, step);
    }
    this.snapshot = step.next;
    return step.allowed;
  }

  can(event: EventObject): boolean {
    return this.snapshot.can(event);
  }
}

function stateName(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One device's three lifecycle actors and the answers the world reads from them. */
export class DeviceLifecycle {
  readonly connectivity: PureMachine<typeof connectivityMachine>;
  readonly process: PureMachine<typeof deviceProcessMachine>;
  readonly token: Actor<typeof sessionTokenMachine>;
  /** Cached from the actors' snapshots after every event (the hot path reads these). */
  mode: Mode = 'online';
  linkUp = true;
  running = true;
  tokenExpired = false;

  constructor(
    readonly deviceId: string,
    initialMode: Mode,
    private readonly timers: VirtualTimers,
    private readonly onReject: (rejection: Omit<LifecycleRejection, 'atUs'>) => void,
  ) {
    this.connectivity = new PureMachine(connectivityMachine);
    this.process = new PureMachine(deviceProcessMachine);
    this.token = createActor(sessionTokenMachine, { clock: timers.clock }).start();
    if (initialMode !== 'online') this.send('connectivity', this.connectivity, connectivityEventFor(initialMode));
  }

  /** Moves to `mode`; false (and a rejection) if the model does not allow it from here. */
  setMode(mode: Mode): boolean {
    return this.send('connectivity', this.connectivity, connectivityEventFor(mode));
  }

  /** An intermittent link flips (the network decides when). */
  flipLink(): boolean {
    return this.send('connectivity', this.connectivity, { type: this.linkUp ? 'LINK_DOWN' : 'LINK_UP' });
  }

  crash(point: CrashPoint): boolean {
    const event: DeviceProcessEvent = { type: 'CRASH', point };
    return this.send('process', this.process, event);
  }

  /** Whether a crash may strike now (arming one needs a running process as well). */
  canCrash(point: CrashPoint): boolean {
    const event: DeviceProcessEvent = { type: 'CRASH', point };
    return this.allowed('process', this.process, event);
  }

  /** Starts a restart; the world restores the reconciler and then calls `restored`. */
  restart(): boolean {
    return this.send('process', this.process, { type: 'RESTART' });
  }

  restored(): boolean {
    return this.send('process', this.process, { type: 'RESTORED' });
  }

  expireToken(): boolean {
    return this.send('token', this.token, { type: 'EXPIRE' });
  }

  /** Asks for a new token; the simulated server answers at once, so AUTHENTICATED follows. */
  renewToken(): boolean {
    return this.send('token', this.token, { type: 'RENEW' }) && this.send('token', this.token, { type: 'AUTHENTICATED' });
  }

  stop(): void {
    this.token.stop();
  }

  private allowed(machine: LifecycleMachine, actor: PureMachine<AnyStateMachine>, event: EventObject): boolean {
    if (actor.can(event)) return true;
    this.onReject({ device: this.deviceId, machine, event: event.type, state: stateName(actor.getSnapshot().value) });
    return false;
  }

  private send(machine: LifecycleMachine, actor: Actor<AnyStateMachine> | PureMachine<AnyStateMachine>, event: EventObject): boolean {
    if (actor instanceof PureMachine) {
      const state = actor.getSnapshot().value;
      if (!actor.send(event)) {
        this.onReject({ device: this.deviceId, machine, event: event.type, state: stateName(state) });
        return false;
      }
      this.refresh(machine);
      return true;
    }
    const before = actor.getSnapshot();
    actor.send(event);
    // XState keeps the same snapshot object when nothing changed: either no transition was enabled
    // (a rejection) or an enabled one changed nothing (EXPIRE while expired). `can` tells them apart
    // on this rare path only, so the common path pays for one transition, not two.
    if (actor.getSnapshot() === before && !before.can(event)) {
      this.onReject({ device: this.deviceId, machine, event: event.type, state: stateName(before.value) });
      return false;
    }
    this.refresh(machine);
    return true;
  }

  /** Re-reads the answers of one machine from its state value (cheaper than `matches` per field). */
  private refresh(machine: LifecycleMachine): void {
    switch (machine) {
      case 'connectivity': {
        const value = this.connectivity.getSnapshot().value;
        // `value` is 'offline' | 'online' | { intermittent: 'linkUp' | 'linkDown' }.
        this.mode = typeof value === 'string' ? (value as Mode) : 'intermittent';
        this.linkUp = typeof value === 'string' || value.intermittent !== 'linkDown';
        return;
      }
      case 'process':
        this.running = this.process.getSnapshot().value === 'running';
        return;
      case 'token':
        this.tokenExpired = this.token.getSnapshot().value !== 'valid';
        return;
    }
  }
}
