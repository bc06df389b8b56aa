/**
 * One simulated world: N devices running a reconciler, one sync server, a faulty network, skewed
 * clocks, and the schedule of user actions and faults, advanced by a discrete-event loop in virtual
 * microseconds on one event queue (lifecycle actors' delays included). This file is the loop and the
 * phases (fault, heal, quiescence, the deletion epilogue of deletion-epilogue.ts, end); the devices
 * are hosted by host.ts, messages travel through transport.ts, and recorder.ts decides what goes into
 * the trace (src/trace/events.ts). Nothing here reads a real clock or an unseeded random source.
 * `run()` is a generator that waits only on an async engine's pending answers (engine-call.ts): the
 * sync driver runs it straight through, the async driver awaits each answer and drains microtasks
 * after every event.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { RecordVersion } from '../core/record.ts';
import type { QuietState, TraceEvent, TraceVersion } from '../trace/events.ts';
import { DeletionEpilogue } from './deletion-epilogue.ts';
import { DeviceClock } from './clock.ts';
import { ClockRewind } from './clock-rewind.ts';
import { EngineError } from './engine-guard.ts';
import type { GuardedModule } from './engine-guard.ts';
import { EVENT_END, settle } from './engine-call.ts';
import type { Step } from './engine-call.ts';
import { EventBudget } from './event-budget.ts';
import { EventQueue, FIRST_LANE } from './event-queue.ts';
import { DeviceHost, internalError, type Skip } from './host.ts';
import { inputProbe } from './input-probe.ts';
import { readJournal } from './journal-read.ts';
import { reactionAction } from './pull-reactions.ts';
import { DeviceLifecycle, VirtualTimers } from './lifecycle.ts';
import type { LifecycleRejection } from './lifecycle.ts';
import { NetworkModel } from './network.ts';
import { recordedOptions } from './options.ts';
import type { SimOptions } from './options.ts';
import { RandomStream } from './random.ts';
import { isQuiet } from './quiet-point.ts';
import { replicaText, sameOps, sameValues } from './replica-compare.ts';
import { toTraceVersion, TraceRecorder } from './recorder.ts';
import type { Schedule, ScheduleEvent } from './schedule.ts';
import { ACCOUNT_ID, deviceMs, deviceOf } from './sim-context.ts';
import type { SimContext, SimEvent } from './sim-context.ts';
import { newSimDevice } from './sim-device.ts';
import type { SimDevice } from './sim-device.ts';
import { Transport } from './transport.ts';
import { ServerPort } from './server-port.ts';
import { revokeSession, rotateToken } from './session-faults.ts';

export { ACCOUNT_ID } from './sim-context.ts';
export { toTraceVersion } from './recorder.ts';

const QUIET_CHECK_US = 500_000;

export interface WorldResult {
  trace: TraceEvent[];
  traceHash: string;
  serverState: unknown;
  simulatedMs: number;
  converged: boolean;
  convergedAtUs: number | null;
  /**
   * Lifecycle events the device models refused (restart of a running device, ...). Each is also in the
   * trace as a `lifecycle-reject` event (and, when a schedule event asked for it, a `schedule-skip`).
   */
  lifecycleRejections: LifecycleRejection[];
}

export class World {
  private readonly ctx: SimContext;
  private readonly devices = new Map<string, SimDevice>();
  private readonly host: DeviceHost;
  private readonly transport: Transport;
  /** Schedule refs to record ids (a ref names the record its first create made). */
  private readonly refs = new Map<string, string>();
  /** The virtual clock the lifecycle actors' delays run on; their due times sit on the event queue. */
  private readonly timers: VirtualTimers;
  private readonly rejections: LifecycleRejection[] = [];
  /** The latest rejection, for the schedule-skip of the event that caused it. */
  private lastRejection: LifecycleRejection | null = null;
  private ended = false;
  private endUs: number;
  private readonly budget: EventBudget;
  private readonly epilogue: DeletionEpilogue;
  private readonly rewind = new ClockRewind();

  constructor(
    private readonly options: SimOptions,
    private readonly schedule: Schedule,
    private readonly module: GuardedModule,
    /** Under the async driver: yield `EVENT_END` after each event, so it drains the engine's microtasks. */
    private readonly markEvents = false,
  ) {
    const queue = new EventQueue<SimEvent>();
    const ctx: SimContext = {
      options,
      queue,
      recorder: new TraceRecorder(() => ctx.nowUs),
      server: new ServerPort(module, ACCOUNT_ID, options.tokenTtlMs),
      network: new NetworkModel(options),
      devices: this.devices,
      nowUs: 0,
      lastChangeUs: 0,
      healed: false,
    };
    this.ctx = ctx;
    this.timers = new VirtualTimers(
      () => ctx.nowUs,
      (dueUs, id) => queue.push(dueUs, { k: 'lifecycle-timer', id }, FIRST_LANE),
    );
    this.host = new DeviceHost(ctx, module, sha256(utf8ToBytes(`sync-lab/account-key/${options.seed}`)));
    this.transport = new Transport(ctx, this.host);
    this.host.transport = this.transport;
    this.epilogue = new DeletionEpilogue(ctx, this.host);
    this.endUs = (options.durationMs + options.quiescenceMs) * 1000;
    this.budget = new EventBudget(options);
    schedule.devices.forEach((id, index) => {
      // The schedule schema demands an entry per device (findScheduleProblem); a missing one is our bug.
      const clock = schedule.clocks[id];
      const mode = schedule.initialModes[id];
      if (!clock || !mode) throw internalError(`device ${id} has no ${clock ? 'initial mode' : 'clock'} in the schedule`);
      const life = new DeviceLifecycle(id, mode, this.timers, (r) => this.reject({ atUs: ctx.nowUs, ...r }));
      const deviceClock = new DeviceClock(clock.offsetMs, clock.driftPpm, options.clockEpochMs, clock.stepMs ?? 1);
      this.devices.set(id, newSimDevice(id, `10.0.0.${index + 1}`, deviceClock, new RandomStream(options.seed, `crypto/${id}`), life));
    });
  }

  /** A lifecycle model refused an event: kept for the result and put in the trace. */
  private reject(rejection: LifecycleRejection): void {
    this.rejections.push(rejection);
    this.lastRejection = rejection;
    const { device, machine, event, state } = rejection;
    this.ctx.recorder.emit({ kind: 'lifecycle-reject', device, machine, event, state });
  }

  *run(): Step<WorldResult> {
    try {
      return yield* this.runToEnd();
    } catch (error) {
      // The engine under test failed (engine-guard.ts): a finding about it, so the run ends here, cleanly.
      if (!(error instanceof EngineError)) throw error;
      this.ctx.recorder.emit({ kind: 'engine-error', device: error.device, call: error.call, message: error.message });
      this.ended = true;
      return yield* this.finish();
    }
  }

  private *runToEnd(): Step<WorldResult> {
    const { ctx } = this;
    const protocol = ctx.server.facts();
    ctx.recorder.emit({
      kind: 'run-start',
      seed: this.options.seed,
      devices: [...this.schedule.devices],
      stampMode: this.options.stampMode,
      reconciler: this.module.name,
      options: recordedOptions(this.options),
      ...(protocol ? { protocol } : {}),
    });
    ctx.recorder.emit({ kind: 'phase', phase: 'fault' });
    for (const device of this.devices.values()) yield* this.host.boot(device);
    for (const e of this.schedule.events) {
      // The schema keeps every event inside the fault phase (findScheduleProblem).
      if (!(e.atMs >= 0 && e.atMs < this.options.durationMs)) throw internalError(`schedule event ${e.action} at ${e.atMs} ms is outside the fault phase (0..${this.options.durationMs} ms)`);
      ctx.queue.push(Math.round(e.atMs * 1000), { k: 'schedule', e });
    }
    ctx.queue.push(0, { k: 'clock-sample' });
    ctx.queue.push(this.options.durationMs * 1000, { k: 'heal' });
    yield* this.pumpAll();

    const { queue } = ctx;
    while (!this.ended && queue.size > 0) {
      const timeUs = queue.peekTime()!;
      const item = queue.popItem();
      if (timeUs > this.endUs) break;
      ctx.nowUs = timeUs;
      const step = this.dispatch(item);
      if (step !== undefined) yield* step;
      if (this.markEvents) yield EVENT_END;
      this.budget.spend(ctx.recorder.trace, timeUs); // a livelock: an engine-error finding (run() ends the run)
    }
    return yield* this.finish();
  }

  // ---- event dispatch -------------------------------------------------------------------------

  /** The step an event runs, or nothing once done: most events call the engine, the rest need no generator. */
  private dispatch(event: SimEvent): Step<void> | undefined {
    const { ctx, host, transport } = this;
    switch (event.k) {
      case 'schedule':
        return this.apply(event.e);
      case 'deliver-request':
        return transport.deliverRequest(event.msgId, event.device, event.request);
      case 'deliver-response':
        return transport.deliverResponse(event.msgId, deviceOf(ctx, event.device), event.response, event.request);
      case 'timeout':
        return transport.timeout(deviceOf(ctx, event.device), event.requestId, event.reason);
      case 'wake':
        return host.wake(deviceOf(ctx, event.device), event.gen);
      case 'flap':
        return host.flap(deviceOf(ctx, event.device), event.gen);
      case 'lifecycle-timer':
        this.timers.fire(event.id);
        return undefined;
      case 'clock-sample':
        this.sampleClocks();
        return undefined;
      case 'server-up':
        return transport.serverUp() ? this.pumpAll() : undefined;
      case 'heal':
        return this.heal();
      case 'quiet-check':
        return this.quietCheck();
      case 'epilogue-renew':
        return this.epilogue.renew(event.device);
      case 'react-edit':
      case 'react-create':
        return this.react(event);
    }
  }

  private *pumpAll(): Step<void> {
    for (const device of this.devices.values()) yield* this.host.pump(device);
  }

  /** A user's write in the instant a pull changed something (pull-reactions.ts): one that cannot take effect is in the trace, as a schedule event's is. */
  private *react(event: Extract<SimEvent, { k: 'react-edit' | 'react-create' }>): Step<void> {
    const action = reactionAction(event, this.refs, this.ctx.nowUs / 1000);
    if (typeof action === 'string') throw internalError(action);
    const device = deviceOf(this.ctx, event.device);
    const skip = yield* this.host.userAction(device, action, this.refs);
    if (skip) this.host.skip(device, action, skip);
  }

  /** Runs one schedule event; one that is valid but cannot take effect now is a `schedule-skip`. */
  private *apply(e: ScheduleEvent): Step<void> {
    if (!('device' in e)) return yield* this.applyGlobal(e);
    const device = this.devices.get(e.device);
    if (!device) throw internalError(`schedule event ${e.action} at ${e.atMs} ms names device ${e.device}, not one of the schedule's devices`);
    this.lastRejection = null;
    const skip = yield* this.applyOn(device, e);
    if (!skip) return;
    const r = skip.code === 'lifecycle-rejected' ? (this.lastRejection as LifecycleRejection | null) : null;
    this.host.skip(device, e, skip, r ? { machine: r.machine, event: r.event, state: r.state } : undefined);
  }

  private *applyOn(device: SimDevice, e: Extract<ScheduleEvent, { device: string }>): Step<Skip | undefined> {
    const { host } = this;
    switch (e.action) {
      case 'create':
      case 'edit':
      case 'delete':
      case 'read':
        return yield* this.rewind.userAction(this.ctx, host, device, e, this.refs);
      case 'connectivity':
        return yield* host.setMode(device, e.mode);
      case 'crash':
        // A crashed device cannot crash again: the model refuses it (a lifecycle-reject, then this skip).
        if (!device.life.canCrash(e.point)) return { code: 'lifecycle-rejected', reason: `the device is not running, so it cannot crash (${e.point})` };
        if (e.point === 'now') yield* host.crash(device, 'now');
        else return host.arm(device, e.point, e.atMs);
        return undefined;
      case 'restart':
        return (yield* host.restart(device)) ? undefined : { code: 'lifecycle-rejected', reason: 'the device is running: there is nothing to restart' };
      case 'token-expire':
        return e.scope === 'session' ? revokeSession(this.ctx, device) : host.expireToken(device);
      case 'token-renew':
        if (e.rotate) return yield* rotateToken(this.ctx, host, device);
        return (yield* host.renewToken(device)) ? undefined : { code: 'lifecycle-rejected', reason: 'the token model refused a renewal now' };
      case 'clock-jump':
        host.clockJump(device, e.deltaMs);
        return undefined;
      case 'backup':
      case 'admin':
        return yield* host.remoteAction(device, e);
      case 'input-probe':
        return yield* inputProbe(this.ctx, device, e.probe, this.refs, host);
      case 'read-journal':
        return yield* readJournal(this.ctx, device);
      case 'drop-next':
      case 'delay-next':
      case 'duplicate-next':
      case 'timeout-after-apply':
      case 'on':
        this.transport.targeting.arm(e); // its targeted events say whether it fired
        return undefined;
      case 'sync-now':
        yield* this.syncNow(device);
        return undefined;
    }
  }

  /** The user asks `device` to sync now: the engine's optional syncNow, then it may transmit. */
  private *syncNow(device: SimDevice): Step<void> {
    const { targeting } = this.transport;
    const r = device.reconciler;
    if (!r) return targeting.emit(device.id, 'sync-now', 'not-fired', 'the device is crashed');
    if (typeof r.syncNow !== 'function') return targeting.emit(device.id, 'sync-now', 'unsupported', `the engine ${this.module.name} has no syncNow`);
    yield* settle(r.syncNow(deviceMs(this.ctx, device)));
    targeting.emit(device.id, 'sync-now', 'fired', 'syncNow called');
    yield* this.host.pump(device);
  }

  private *applyGlobal(e: Extract<ScheduleEvent, { action: 'partition' | 'partition-heal' | 'server-outage' | 'server-restart' }>): Step<void> {
    const { ctx } = this;
    switch (e.action) {
      case 'partition':
        ctx.network.partition(e.groups);
        ctx.recorder.emit({ kind: 'partition', groups: e.groups.map((g) => [...g]) });
        return;
      case 'partition-heal':
        ctx.network.partition(null);
        ctx.recorder.emit({ kind: 'partition', groups: [] });
        return yield* this.pumpAll();
      case 'server-outage':
        return this.transport.serverOutage(e.durationMs);
      case 'server-restart':
        return yield* this.transport.serverRestart(this.devices.values());
    }
  }

  // ---- phases ---------------------------------------------------------------------------------

  private sampleClocks(): void {
    const { ctx } = this;
    for (const device of this.devices.values()) {
      ctx.recorder.emit({ kind: 'clock', device: device.id, ...device.clock.sample(ctx.nowUs, false) });
    }
    if (this.options.clockSampleMs > 0) ctx.queue.push(ctx.nowUs + this.options.clockSampleMs * 1000, { k: 'clock-sample' });
  }

  /** Heal: links up (no loss or partitions), server up, devices restarted and online, tokens renewed; clocks stay skewed. */
  private *heal(): Step<void> {
    const { ctx, host } = this;
    ctx.healed = true;
    ctx.recorder.emit({ kind: 'phase', phase: 'heal' });
    this.transport.targeting.expire();
    const wasPartitioned = ctx.network.partitionGroups.length > 0;
    ctx.network.heal();
    if (wasPartitioned) ctx.recorder.emit({ kind: 'partition', groups: [] });
    this.transport.serverUp(true);
    for (const device of this.devices.values()) {
      host.disarm(device, 'the fault phase ended (heal) before the device reached that point');
      yield* host.renewToken(device);
      if (!device.life.running) yield* host.restart(device);
      if (device.life.mode !== 'online') yield* host.setMode(device, 'online');
      device.flapGen++;
    }
    ctx.recorder.emit({ kind: 'phase', phase: 'quiescence' });
    yield* this.pumpAll();
    ctx.queue.push(ctx.nowUs + QUIET_CHECK_US, { k: 'quiet-check' });
  }

  /** Ends the run (or starts its deletion epilogue) once nothing is pending anywhere (ops, requests, remote actions) and the replicas agree, or when time is up. */
  private *quietCheck(): Step<void> {
    const { ctx } = this;
    const quiet = yield* isQuiet(this.transport.idle, this.devices.values());
    const epilogueEndUs = quiet ? this.epilogue.start(yield* this.endState()) : null;
    if (epilogueEndUs !== null) this.endUs = epilogueEndUs; // no more quiet checks: the epilogue runs to its end
    else if (quiet || ctx.nowUs + QUIET_CHECK_US > this.endUs) this.ended = true;
    else ctx.queue.push(ctx.nowUs + QUIET_CHECK_US, { k: 'quiet-check' });
  }

  private *finish(): Step<WorldResult> {
    const { ctx } = this;
    this.transport.dropInFlight();
    const { replicas, serverLog, converged, convergedAt } = yield* this.endState();
    const final = ctx.server.finalState();
    if ('problem' in final) ctx.recorder.emit({ kind: 'engine-error', device: 'server', call: 'server.state', message: final.problem });
    ctx.recorder.emit({ kind: 'run-end', replicas, serverLog, converged, convergedAt });
    return {
      trace: ctx.recorder.trace,
      traceHash: ctx.recorder.digest(),
      serverState: 'state' in final ? final.state : undefined,
      simulatedMs: Math.floor(ctx.nowUs / 1000),
      converged,
      convergedAtUs: convergedAt,
      lifecycleRejections: this.rejections,
    };
  }

  /** The replicas, the server log and whether the replicas agree (run-end's fields, also the deletion marker's quiet state). */
  private *endState(): Step<QuietState> {
    const { ctx } = this;
    const replicas: Record<string, TraceVersion[]> = {};
    let reference: { held: RecordVersion[]; traced: TraceVersion[]; text?: string } | null = null;
    let converged = true;
    for (const device of this.devices.values()) {
      const r = device.reconciler;
      const held = r ? yield* settle(r.versions()) : [];
      const versions = (replicas[device.id] = held.map(toTraceVersion));
      if (!r || (yield* settle(r.status())).pendingOps > 0) converged = false;
      if (reference === null) reference = { held, traced: versions };
      else if (!sameOps(reference.held, held) || (!sameValues(reference.held, held) && replicaText(versions) !== (reference.text ??= replicaText(reference.traced)))) converged = false;
    }
    return { replicas, serverLog: ctx.server.serverLog(), converged, convergedAt: converged ? ctx.lastChangeUs : null };
  }
}
