/**
 * The lifecycle of each simulated device, held by XState machines from models/: connectivity
 * (offline / intermittent with linkUp, linkDown / online), the app process (running / crashed /
 * restarting) and the session token (valid / expired / reauthenticating). The world sends them the
 * lifecycle events and reads mode, link, running and token validity from them; the per-operation
 * hot path (writes, messages, merges) stays plain code and only reads the cached answers.
 *
 * The machines have no context, so each steps by XState's own pure `transition`, each (state, event)
 * step computed once per process and then looked up (pure-machine.ts; link flaps are the most
 * frequent lifecycle events, and an actor's macrostep per flap was 8–18% of a run).
 *
 * Delays (the token's auth timeout) run on `VirtualTimers`, a clock driven by the simulator's virtual time whose due times
 * sit on the world's one event queue: nothing here touches a real timer. An event the model does not
 * allow in the current state (a restart of a running device, a crash of a crashed one) is not
 * applied: it is recorded as a `LifecycleRejection` so schedules that ask for impossible things are
 * visible instead of silently ignored.
 */
// @ts-nocheck

import type { ActorOptions, AnyStateMachine, EventObject } from 'xstate';
import { connectivityEventFor, connectivityMachine } from '../../models/connectivity.ts';
import { deviceProcessMachine } from '../../models/device-process.ts';
import type { CrashPoint, DeviceProcessEvent } from '../../models/device-process.ts';
import { sessionTokenMachine } from '../../models/session-token.ts';
import type { Mode } from '../trace/events.ts';
import { EventQueue, FIRST_LANE } from './event-queue.ts';
import { PureMachine } from './pure-machine.ts';

export { PureMachine } from './pure-machine.ts';

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
 * The clock of the lifecycle machines (pure-machine.ts sets their delayed events here; an XState
 * actor takes it as `createActor(machine, { clock })`): a timer is due at a virtual
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

function stateName(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One device's three lifecycle machines and the answers the world reads from them. */
export class DeviceLifecycle {
  readonly connectivity: PureMachine<typeof connectivityMachine>;
  readonly process: PureMachine<typeof deviceProcessMachine>;
  readonly token: PureMachine<typeof sessionTokenMachine>;
  /** Cached from the machines' snapshots after every event (the hot path reads these). */
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
    // An auth timeout that fires changes the token's state: re-read it then too.
    this.token = new PureMachine(sessionTokenMachine, timers, () => this.refresh('token'));
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

  private allowed(machine: LifecycleMachine, actor: PureMachine<AnyStateMachine>, event: EventObject): boolean {
    if (actor.can(event)) return true;
    this.onReject({ device: this.deviceId, machine, event: event.type, state: stateName(actor.getSnapshot().value) });
    return false;
  }

  private send(machine: LifecycleMachine, actor: PureMachine<AnyStateMachine>, event: EventObject): boolean {
    const state = actor.getSnapshot().value;
    if (!actor.send(event)) {
      this.onReject({ device: this.deviceId, machine, event: event.type, state: stateName(state) });
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
