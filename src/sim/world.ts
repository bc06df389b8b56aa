/**
 * One simulated world: N devices running a reconciler, one sync server, a faulty network, skewed
 * clocks, and the schedule of user actions and faults, advanced by a discrete-event loop in virtual
 * microseconds. Everything observable goes into the trace (see trace.ts for the rules the checkers
 * rely on). Nothing here reads a real clock or an unseeded random source.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CanonicalHasher, CanonicalMemo, canonicalJson } from '../core/canonical.ts';
import type { RecordVersion } from '../core/record.ts';
import { encodeStamp } from '../core/stamp.ts';
import type { SyncRequest, SyncResponse } from '../core/wire.ts';
import type { DurableSnapshot, Reconciler, ReconcilerModule, ReconcilerOptions } from '../reconciler/types.ts';
import { RecordNotFoundError } from '../reconciler/types.ts';
import { SyncServer } from '../server/index.ts';
import { DeviceClock } from './clock.ts';
import { EngineError } from './engine-guard.ts';
import { EventQueue } from './event-queue.ts';
import { DeviceLifecycle, VirtualTimers } from './lifecycle.ts';
import type { LifecycleRejection } from './lifecycle.ts';
import { NetworkModel } from './network.ts';
import type { SimOptions } from './options.ts';
import { RandomStream } from './random.ts';
import type { Schedule, ScheduleEvent } from './schedule.ts';
import type { ArmedCrashPoint as CrashPoint, CrashPoint as AnyCrashPoint } from '../core/crash-point.ts';
import type { MessageDropEvent, Mode, TraceEvent, TraceVersion } from '../trace/events.ts';

export const ACCOUNT_ID = 'acct-1';
const QUIET_CHECK_US = 500_000;
const MAX_POLLS_PER_PUMP = 16;

type DropReason = MessageDropEvent['reason'];
type Emitted = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'i' | 't'> : never) : never;

type SimEvent =
  | { k: 'schedule'; e: ScheduleEvent }
  | { k: 'deliver-request'; msgId: string; device: string; request: SyncRequest }
  | { k: 'deliver-response'; msgId: string; device: string; response: SyncResponse }
  | { k: 'timeout'; device: string; requestId: string; reason: 'timeout' | 'no-link' }
  | { k: 'wake'; device: string; gen: number }
  | { k: 'flap'; device: string; gen: number }
  | { k: 'clock-sample' }
  | { k: 'server-up' }
  | { k: 'heal' }
  | { k: 'quiet-check' };

interface SimDevice {
  readonly id: string;
  readonly address: string;
  readonly clock: DeviceClock;
  readonly nonces: RandomStream;
  /** Connectivity mode, link state, process and token state: XState actors (lifecycle.ts). */
  readonly life: DeviceLifecycle;
  reconciler: Reconciler | null;
  snapshot: DurableSnapshot | null;
  token: string;
  armedCrash: CrashPoint | null;
  /** Requests the transport still waits on (for timeouts). */
  readonly pending: Set<string>;
  outboxDepth: number;
  statusKey: string;
  readonly actionStates: Map<string, string>;
  conflictsSeen: number;
  wakeGen: number;
  wakeAtUs: number | null;
  flapGen: number;
}

export interface WorldResult {
  trace: TraceEvent[];
  traceHash: string;
  serverState: unknown;
  simulatedMs: number;
  converged: boolean;
  convergedAtUs: number | null;
  /** Lifecycle events the device models refused (restart of a running device, ...); not in the trace. */
  lifecycleRejections: LifecycleRejection[];
}

export function toTraceVersion(v: RecordVersion): TraceVersion {
  return { id: v.id, stamp: encodeStamp(v.stamp), deleted: v.deleted, fields: v.fields as TraceVersion['fields'], opId: v.opId };
}

export class World {
  private readonly queue = new EventQueue<SimEvent>();
  private readonly trace: TraceEvent[] = [];
  /**
   * Payloads are measured (bytes) and then logged; their canonical text is computed once. Cleared after
   * every event, so a reconciler that reuses and mutates a request object later can never get a stale text.
   */
  private readonly canonical = new CanonicalMemo();
  private readonly hasher = new CanonicalHasher(this.canonical);
  private readonly server: SyncServer;
  private readonly network: NetworkModel;
  private readonly devices = new Map<string, SimDevice>();
  private readonly refs = new Map<string, string>();
  private readonly inFlightMessages = new Set<string>();
  private readonly accountKey: Uint8Array;
  /** The virtual clock the lifecycle actors' delays run on. */
  private readonly timers = new VirtualTimers(() => this.nowUs);
  private readonly rejections: LifecycleRejection[] = [];
  private nowUs = 0;
  private msgCounter = 0;
  private serverDownUntilUs = 0;
  private lastChangeUs = 0;
  private healed = false;
  private ended = false;
  private readonly endUs: number;

  constructor(
    private readonly options: SimOptions,
    private readonly schedule: Schedule,
    private readonly module: ReconcilerModule,
  ) {
    this.server = new SyncServer({ tokenTtlMs: options.tokenTtlMs });
    this.network = new NetworkModel(options);
    this.accountKey = sha256(utf8ToBytes(`sync-lab/account-key/${options.seed}`));
    this.endUs = (options.durationMs + options.quiescenceMs) * 1000;
    schedule.devices.forEach((id, index) => {
      const clock = schedule.clocks[id] ?? { offsetMs: 0, driftPpm: 0 };
      this.devices.set(id, {
        id,
        address: `10.0.0.${index + 1}`,
        clock: new DeviceClock(clock.offsetMs, clock.driftPpm, options.clockEpochMs),
        nonces: new RandomStream(options.seed, `crypto/${id}`),
        life: new DeviceLifecycle(id, schedule.initialModes[id] ?? 'online', this.timers, (r) => this.rejections.push({ atUs: this.nowUs, ...r })),
        reconciler: null,
        snapshot: null,
        token: '',
        armedCrash: null,
        pending: new Set(),
        outboxDepth: 0,
        statusKey: '',
        actionStates: new Map(),
        conflictsSeen: 0,
        wakeGen: 0,
        wakeAtUs: null,
        flapGen: 0,
      });
    });
  }

  run(): WorldResult {
    try {
      return this.runToEnd();
    } catch (error) {
      // The engine under test failed (engine-guard.ts): a finding about it, so the run ends here, cleanly.
      if (!(error instanceof EngineError)) throw error;
      this.emit({ kind: 'engine-error', device: error.device, call: error.call, message: error.message });
      this.ended = true;
      return this.finish();
    }
  }

  private runToEnd(): WorldResult {
    this.emit({
      kind: 'run-start',
      seed: this.options.seed,
      devices: [...this.schedule.devices],
      stampMode: this.options.stampMode,
      reconciler: this.module.name,
      options: { ...this.options },
    });
    this.emit({ kind: 'phase', phase: 'fault' });
    for (const device of this.devices.values()) this.boot(device);
    for (const e of this.schedule.events) {
      if (e.atMs < this.options.durationMs) this.queue.push(Math.max(0, Math.round(e.atMs * 1000)), { k: 'schedule', e });
    }
    this.queue.push(0, { k: 'clock-sample' });
    this.queue.push(this.options.durationMs * 1000, { k: 'heal' });
    for (const device of this.devices.values()) this.pump(device);

    while (!this.ended && this.queue.size > 0) {
      const { timeUs, item } = this.queue.pop();
      if (timeUs > this.endUs) break;
      this.fireLifecycleTimers(timeUs);
      this.nowUs = timeUs;
      this.dispatch(item);
    }
    if (!this.ended) this.nowUs = Math.max(this.nowUs, Math.min(this.endUs, this.nowUs));
    return this.finish();
  }

  /** Lifecycle actor delays due before the next event fire at their own virtual time. */
  private fireLifecycleTimers(untilUs: number): void {
    while (this.timers.size > 0) {
      const due = this.timers.nextDueUs();
      if (due === null || due > untilUs) return;
      this.nowUs = Math.max(this.nowUs, due);
      this.timers.fireDue(this.nowUs);
    }
  }

  // ---- event dispatch -------------------------------------------------------------------------

  private dispatch(event: SimEvent): void {
    switch (event.k) {
      case 'schedule':
        return this.apply(event.e);
      case 'deliver-request':
        return this.deliverRequest(event.msgId, event.device, event.request);
      case 'deliver-response':
        return this.deliverResponse(event.msgId, this.device(event.device), event.response);
      case 'timeout':
        return this.timeout(this.device(event.device), event.requestId, event.reason);
      case 'wake': {
        const device = this.device(event.device);
        if (event.gen !== device.wakeGen) return;
        device.wakeAtUs = null;
        return this.pump(device);
      }
      case 'flap':
        return this.flap(this.device(event.device), event.gen);
      case 'clock-sample':
        return this.sampleClocks();
      case 'server-up':
        if (this.nowUs >= this.serverDownUntilUs && this.serverDownUntilUs > 0) {
          this.serverDownUntilUs = 0;
          this.emit({ kind: 'server', state: 'up' });
          for (const device of this.devices.values()) this.pump(device);
        }
        return;
      case 'heal':
        return this.heal();
      case 'quiet-check':
        return this.quietCheck();
    }
  }

  private apply(e: ScheduleEvent): void {
    if (!('device' in e)) return this.applyGlobal(e);
    const device = this.devices.get(e.device);
    if (!device) return;
    switch (e.action) {
      case 'create':
      case 'edit':
      case 'delete':
      case 'read':
        return this.userAction(device, e);
      case 'connectivity':
        return this.setMode(device, e.mode);
      case 'crash':
        // A crashed device cannot crash again: the model refuses it and records the rejection.
        if (!device.life.canCrash(e.point)) return;
        if (e.point === 'now') return this.crash(device, 'now');
        device.armedCrash = e.point;
        return;
      case 'restart':
        return this.restart(device);
      case 'token-expire':
        this.server.expireTokensOf(ACCOUNT_ID, device.id, this.nowMs());
        device.life.expireToken();
        this.emit({ kind: 'token', device: device.id, state: 'expired' });
        return;
      case 'token-renew':
        return this.renewToken(device);
      case 'clock-jump':
        device.clock.jump(e.deltaMs);
        this.emit({ kind: 'clock', device: device.id, offsetMs: device.clock.skewMs(this.nowUs), jump: true });
        return;
      case 'backup':
      case 'admin': {
        const r = device.reconciler;
        if (!r) return;
        const kind = e.action === 'backup' ? 'backup' : e.adminAction;
        const actionId = e.action === 'backup' ? r.requestBackup(this.deviceMs(device)) : r.requestAdmin(e.adminAction, this.deviceMs(device));
        device.actionStates.set(actionId, 'requested');
        this.emit({ kind: 'remote-action', device: device.id, actionId, action: kind, state: 'requested' });
        return this.pump(device);
      }
    }
  }

  private applyGlobal(e: Extract<ScheduleEvent, { action: 'partition' | 'partition-heal' | 'server-outage' }>): void {
    switch (e.action) {
      case 'partition':
        this.network.partition(e.groups);
        this.emit({ kind: 'partition', groups: e.groups.map((g) => [...g]) });
        return;
      case 'partition-heal':
        this.network.partition(null);
        this.emit({ kind: 'partition', groups: [] });
        for (const device of this.devices.values()) this.pump(device);
        return;
      case 'server-outage': {
        const until = this.nowUs + e.durationMs * 1000;
        if (this.serverDownUntilUs === 0) this.emit({ kind: 'server', state: 'outage' });
        this.serverDownUntilUs = Math.max(this.serverDownUntilUs, until);
        this.queue.push(this.serverDownUntilUs, { k: 'server-up' });
        return;
      }
    }
  }

  // ---- users ----------------------------------------------------------------------------------

  private userAction(device: SimDevice, e: Extract<ScheduleEvent, { action: 'create' | 'edit' | 'delete' | 'read' }>): void {
    const r = device.reconciler;
    if (!r) return; // the device is off: nobody can use it
    const wallMs = this.deviceMs(device);
    if (e.action === 'create') {
      let version: RecordVersion;
      try {
        version = r.create(e.fields, wallMs);
      } catch (error) {
        this.emit({ kind: 'local-write', device: device.id, op: 'create', recordId: `ref:${e.ref}`, ok: false, error: describe(error), wallMs });
        return this.pump(device);
      }
      if (!this.refs.has(e.ref)) this.refs.set(e.ref, version.id);
      return this.afterWrite(device, 'create', version, wallMs);
    }
    const recordId = this.refs.get(e.ref);
    if (recordId === undefined) return;
    let visible: RecordVersion | undefined;
    try {
      visible = r.read(recordId);
    } catch (error) {
      this.emit({ kind: 'local-read', device: device.id, recordId, version: null, ok: false, error: describe(error) });
      return;
    }
    if (!visible) return; // the user cannot act on a record this device does not show
    if (e.action === 'read') {
      this.emit({ kind: 'local-read', device: device.id, recordId, version: toTraceVersion(visible), ok: true });
      return;
    }
    let version: RecordVersion;
    try {
      version = e.action === 'edit' ? r.edit(recordId, e.fields, wallMs) : r.delete(recordId, wallMs);
    } catch (error) {
      this.emit({ kind: 'local-write', device: device.id, op: e.action, recordId, ok: false, error: describe(error), wallMs });
      return this.pump(device);
    }
    this.afterWrite(device, e.action, version, wallMs);
  }

  /** Records the write, then reads it back in the same instant (commit-immediate). */
  private afterWrite(device: SimDevice, op: 'create' | 'edit' | 'delete', version: RecordVersion, wallMs: number): void {
    this.lastChangeUs = this.nowUs;
    this.emit({ kind: 'local-write', device: device.id, op, recordId: version.id, ok: true, version: toTraceVersion(version), wallMs });
    const r = device.reconciler!;
    try {
      const seen = r.read(version.id);
      this.emit({ kind: 'local-read', device: device.id, recordId: version.id, version: seen ? toTraceVersion(seen) : null, ok: true });
    } catch (error) {
      this.emit({ kind: 'local-read', device: device.id, recordId: version.id, version: null, ok: false, error: describe(error) });
    }
    this.pump(device);
  }

  // ---- device lifecycle -----------------------------------------------------------------------

  private reconcilerOptions(device: SimDevice): ReconcilerOptions {
    return {
      deviceId: device.id,
      accountId: ACCOUNT_ID,
      stampMode: this.options.stampMode,
      accountKey: this.accountKey,
      nonces: (length) => device.nonces.bytes(length),
      token: device.token,
    };
  }

  private boot(device: SimDevice): void {
    device.token = this.server.issueToken(ACCOUNT_ID, device.id, this.nowMs());
    device.reconciler = this.module.create(this.reconcilerOptions(device));
    const mode = device.life.mode;
    this.emit({ kind: 'connectivity', device: device.id, mode });
    this.emit({ kind: 'clock', device: device.id, offsetMs: device.clock.skewMs(this.nowUs), jump: false });
    device.reconciler.setConnectivity(mode, this.deviceMs(device));
    if (mode === 'intermittent') this.startFlapping(device);
    this.syncCounters(device);
  }

  private crash(device: SimDevice, point: AnyCrashPoint): void {
    const r = device.reconciler;
    if (!r) return;
    device.life.crash(point);
    device.snapshot = r.save();
    device.reconciler = null;
    device.armedCrash = null;
    device.pending.clear();
    device.wakeGen++;
    device.wakeAtUs = null;
    this.emit({ kind: 'crash', device: device.id, point });
  }

  private restart(device: SimDevice): void {
    // Restarting a running device is refused by the process model (and recorded as a rejection).
    if (!device.life.restart()) return;
    if (!device.snapshot) throw new Error(`sim/world: device ${device.id} is restarting without a durable snapshot`);
    const r = this.module.restore(device.snapshot, this.reconcilerOptions(device));
    device.reconciler = r;
    device.life.restored();
    device.armedCrash = null;
    const wallMs = this.deviceMs(device);
    r.setConnectivity(device.life.mode, wallMs);
    if (!device.life.tokenExpired) r.setToken(device.token, wallMs);
    this.lastChangeUs = this.nowUs;
    this.emit({ kind: 'restart', device: device.id, versions: r.versions().map(toTraceVersion), pendingOps: r.status().pendingOps });
    this.syncCounters(device);
    this.pump(device);
  }

  /** After create/restore: the conflict log and status so far are not news. */
  private syncCounters(device: SimDevice): void {
    const r = device.reconciler!;
    device.conflictsSeen = conflictCount(r);
  }

  private renewToken(device: SimDevice): void {
    device.token = this.server.issueToken(ACCOUNT_ID, device.id, this.nowMs());
    device.life.renewToken();
    this.emit({ kind: 'token', device: device.id, state: 'renewed' });
    if (device.reconciler) {
      device.reconciler.setToken(device.token, this.deviceMs(device));
      this.pump(device);
    }
  }

  private setMode(device: SimDevice, mode: Mode): void {
    if (device.life.mode === mode) return;
    // An intermittent link starts up (the model's initial substate); other modes have no link state.
    device.life.setMode(mode);
    this.emit({ kind: 'connectivity', device: device.id, mode });
    device.flapGen++;
    if (mode === 'intermittent') this.startFlapping(device);
    // The OS tells the app the link is gone; the reconciler drops what it had in flight.
    if (mode === 'offline') device.pending.clear();
    if (device.reconciler) {
      device.reconciler.setConnectivity(mode, this.deviceMs(device));
      this.pump(device);
    }
  }

  private startFlapping(device: SimDevice): void {
    this.queue.push(this.nowUs + this.network.flapUs(), { k: 'flap', device: device.id, gen: device.flapGen });
  }

  private flap(device: SimDevice, gen: number): void {
    if (gen !== device.flapGen || device.life.mode !== 'intermittent' || this.healed) return;
    device.life.flipLink();
    this.startFlapping(device);
    if (device.life.linkUp) this.pump(device);
  }

  // ---- the wire -------------------------------------------------------------------------------

  /** Lets the reconciler transmit whatever it wants to now, then records what it discloses. */
  private pump(device: SimDevice): void {
    for (let n = 0; n < MAX_POLLS_PER_PUMP; n++) {
      const r = device.reconciler;
      if (!r) return;
      const request = r.poll(this.deviceMs(device));
      if (!request) break;
      this.send(device, request);
    }
    const r = device.reconciler;
    if (!r) return;
    this.observe(device, r);
    this.scheduleWake(device, r);
  }

  private send(device: SimDevice, request: SyncRequest): void {
    const msgId = `m${++this.msgCounter}`;
    this.emit({
      kind: 'msg-send',
      msgId,
      from: device.id,
      to: 'server',
      type: request.type,
      requestId: request.requestId,
      bytes: this.canonical.text(request).length,
      payload: request,
      senderMode: device.life.mode,
    });
    device.pending.add(request.requestId);
    // With no link at all the send fails at once (the OS refuses it); otherwise the transport times out.
    const offline = device.life.mode === 'offline';
    const failAfterUs = offline ? 0 : this.options.requestTimeoutMs * 1000;
    this.queue.push(this.nowUs + failAfterUs, { k: 'timeout', device: device.id, requestId: request.requestId, reason: offline ? 'no-link' : 'timeout' });
    const blocked = this.linkBlock(device);
    if (blocked) {
      this.emit({ kind: 'msg-drop', msgId, reason: blocked });
    } else {
      const fate = this.network.fate();
      if (fate.kind === 'drop') {
        this.emit({ kind: 'msg-drop', msgId, reason: fate.reason });
      } else {
        this.inFlightMessages.add(msgId);
        fate.delaysUs.forEach((delay, copy) => {
          const id = copy === 0 ? msgId : `${msgId}.${copy}`;
          if (copy > 0) {
            this.inFlightMessages.add(id);
            this.emit({ kind: 'msg-duplicate', msgId, copyId: id });
          }
          this.queue.push(this.nowUs + delay, { k: 'deliver-request', msgId: id, device: device.id, request });
        });
      }
    }
    if (device.armedCrash === 'after-push-sent' && request.type === 'push') this.crash(device, 'after-push-sent');
  }

  /** Why nothing can cross between this device and the server right now, if anything. */
  private linkBlock(device: SimDevice): DropReason | null {
    const mode = device.life.mode;
    if (mode === 'offline') return 'offline';
    if (mode === 'intermittent' && !device.life.linkUp) return 'link-down';
    if (!this.network.canReachServer(device.id)) return 'partition';
    return null;
  }

  private deliverRequest(msgId: string, deviceId: string, request: SyncRequest): void {
    this.inFlightMessages.delete(msgId);
    if (this.serverDownUntilUs > 0) {
      this.emit({ kind: 'msg-drop', msgId, reason: 'server-outage' });
      return;
    }
    this.emit({ kind: 'msg-deliver', msgId, to: 'server' });
    const device = this.device(deviceId);
    const result = this.server.handleDetailed(request, this.nowMs(), device.address);
    const response = result.response;
    this.emit({
      kind: 'server-apply',
      requestId: request.requestId,
      device: deviceId,
      type: request.type,
      appended: result.appended,
      deduplicated: result.deduplicated,
      ...(response.ok ? {} : { error: response.error }),
    });
    const responseId = `m${++this.msgCounter}`;
    this.emit({
      kind: 'msg-send',
      msgId: responseId,
      from: 'server',
      to: deviceId,
      type: 'response',
      requestId: request.requestId,
      bytes: this.canonical.text(response).length,
      payload: response,
      senderMode: 'online',
    });
    if (this.network.responseLost()) {
      this.emit({ kind: 'msg-drop', msgId: responseId, reason: 'one-way' });
      return;
    }
    const fate = this.network.fate();
    if (fate.kind === 'drop') {
      this.emit({ kind: 'msg-drop', msgId: responseId, reason: fate.reason });
      return;
    }
    fate.delaysUs.forEach((delay, copy) => {
      const id = copy === 0 ? responseId : `${responseId}.${copy}`;
      if (copy > 0) this.emit({ kind: 'msg-duplicate', msgId: responseId, copyId: id });
      this.inFlightMessages.add(id);
      this.queue.push(this.nowUs + delay, { k: 'deliver-response', msgId: id, device: deviceId, response });
    });
  }

  private deliverResponse(msgId: string, device: SimDevice, response: SyncResponse): void {
    this.inFlightMessages.delete(msgId);
    const r = device.reconciler;
    if (!r) {
      this.emit({ kind: 'msg-drop', msgId, reason: 'crashed' });
      return;
    }
    const blocked = this.linkBlock(device);
    if (blocked) {
      this.emit({ kind: 'msg-drop', msgId, reason: blocked });
      return;
    }
    if (device.armedCrash === 'before-pull-apply' && response.type === 'pull') {
      this.emit({ kind: 'msg-drop', msgId, reason: 'crashed' });
      this.crash(device, 'before-pull-apply');
      return;
    }
    this.emit({ kind: 'msg-deliver', msgId, to: device.id });
    const awaited = device.pending.delete(response.requestId);
    this.receive(device, r, response, awaited);
    this.pump(device);
  }

  /** Hands a response to the reconciler and records the merges and conflicts it caused. */
  /**
   * `awaited`: the device was still waiting for this answer. A duplicate or late answer is ignored
   * by a correct reconciler, so it yields merge events only where it did change what the device shows.
   */
  private receive(device: SimDevice, r: Reconciler, response: SyncResponse, awaited: boolean): void {
    const wallMs = this.deviceMs(device);
    if (response.type !== 'pull' || !response.ok || response.ops.length === 0) {
      r.receive(response, wallMs);
      this.recordConflicts(device, r);
      return;
    }
    const touched = new Map<string, string>();
    for (const op of response.ops) touched.set(op.recordId, op.opId);
    const before = versionIndex(r.versions(), touched);
    r.receive(response, wallMs);
    const after = versionIndex(r.versions(), touched);
    for (const [recordId, opId] of touched) {
      const now = after.get(recordId);
      const was = before.get(recordId);
      const applied = now !== undefined && (was === undefined || was.opId !== now.opId);
      if (applied) this.lastChangeUs = this.nowUs;
      else if (!awaited) continue;
      this.emit({ kind: 'merge', device: device.id, recordId, opId, applied, version: now ? toTraceVersion(now) : null });
    }
    this.recordConflicts(device, r);
  }

  private recordConflicts(device: SimDevice, r: Reconciler): void {
    const total = conflictCount(r);
    if (total <= device.conflictsSeen) return;
    const log = r.conflicts();
    const fresh = log.slice(Math.max(0, log.length - (total - device.conflictsSeen)));
    device.conflictsSeen = total;
    for (const c of fresh) {
      this.emit({
        kind: 'conflict',
        device: device.id,
        recordId: c.recordId,
        winner: encodeStamp(c.winner),
        loser: encodeStamp(c.loser),
        rule: c.rule,
        outcome: c.outcome,
      });
    }
  }

  private timeout(device: SimDevice, requestId: string, reason: 'timeout' | 'no-link'): void {
    if (!device.pending.delete(requestId)) return;
    const r = device.reconciler;
    if (!r) return;
    this.emit({ kind: 'request-fail', device: device.id, requestId, reason });
    r.fail(requestId, reason, this.deviceMs(device));
    this.pump(device);
  }

  /** Records outbox depth, disclosed status and remote-action outcomes when they change. */
  private observe(device: SimDevice, r: Reconciler): void {
    const status = r.status();
    if (status.pendingOps !== device.outboxDepth) {
      device.outboxDepth = status.pendingOps;
      this.emit({ kind: 'outbox', device: device.id, depth: status.pendingOps });
    }
    const key = canonicalJson(status);
    if (key !== device.statusKey) {
      device.statusKey = key;
      // A private copy for the trace (the reconciler may reuse its objects); parsed from canonical text, so that is its text.
      const copy = JSON.parse(key) as Record<string, unknown>;
      this.canonical.remember(copy, key);
      this.emit({ kind: 'status', device: device.id, status: copy });
    }
    for (const action of status.remoteActions) {
      if (device.actionStates.get(action.id) === action.state) continue;
      device.actionStates.set(action.id, action.state);
      this.emit({ kind: 'remote-action', device: device.id, actionId: action.id, action: action.kind, state: action.state });
    }
    // A session that lapsed on its own (TTL) is renewed by the app, as a real client re-authenticates.
    if (status.authExpired && !device.life.tokenExpired && !this.healed) this.renewToken(device);
  }

  private scheduleWake(device: SimDevice, r: Reconciler): void {
    const wakeMs = r.nextWakeMs(this.deviceMs(device));
    if (wakeMs === null) return;
    let atUs = device.clock.trueUsAt(wakeMs, this.nowUs);
    if (atUs <= this.nowUs) atUs = this.nowUs + 1000;
    if (device.wakeAtUs !== null && device.wakeAtUs <= atUs && device.wakeAtUs > this.nowUs) return;
    device.wakeGen++;
    device.wakeAtUs = atUs;
    this.queue.push(atUs, { k: 'wake', device: device.id, gen: device.wakeGen });
  }

  // ---- phases ---------------------------------------------------------------------------------

  private sampleClocks(): void {
    for (const device of this.devices.values()) {
      this.emit({ kind: 'clock', device: device.id, offsetMs: device.clock.skewMs(this.nowUs), jump: false });
    }
    if (this.options.clockSampleMs > 0) this.queue.push(this.nowUs + this.options.clockSampleMs * 1000, { k: 'clock-sample' });
  }

  /** Heal: links up (no loss or partitions), server up, devices restarted and online, tokens renewed; clocks stay skewed. */
  private heal(): void {
    this.healed = true;
    this.emit({ kind: 'phase', phase: 'heal' });
    const wasPartitioned = this.network.partitionGroups.length > 0;
    this.network.heal();
    if (wasPartitioned) this.emit({ kind: 'partition', groups: [] });
    if (this.serverDownUntilUs > 0) {
      this.serverDownUntilUs = 0;
      this.emit({ kind: 'server', state: 'up' });
    }
    for (const device of this.devices.values()) {
      device.armedCrash = null;
      this.renewToken(device);
      if (!device.life.running) this.restart(device);
      if (device.life.mode !== 'online') this.setMode(device, 'online');
      device.flapGen++;
    }
    this.emit({ kind: 'phase', phase: 'quiescence' });
    for (const device of this.devices.values()) this.pump(device);
    this.queue.push(this.nowUs + QUIET_CHECK_US, { k: 'quiet-check' });
  }

  /** Ends the run once nothing is pending anywhere and the replicas agree, or when time is up. */
  private quietCheck(): void {
    if (this.isQuiet() || this.nowUs + QUIET_CHECK_US > this.endUs) {
      this.ended = true;
      return;
    }
    this.queue.push(this.nowUs + QUIET_CHECK_US, { k: 'quiet-check' });
  }

  private isQuiet(): boolean {
    if (this.inFlightMessages.size > 0) return false;
    let reference: string | null = null;
    for (const device of this.devices.values()) {
      const r = device.reconciler;
      if (!r || device.pending.size > 0) return false;
      const status = r.status();
      if (status.pendingOps > 0 || status.inFlight) return false;
      const digest = canonicalJson(r.versions().map(toTraceVersion));
      if (reference === null) reference = digest;
      else if (digest !== reference) return false;
    }
    return true;
  }

  private finish(): WorldResult {
    for (const msgId of this.inFlightMessages) this.emit({ kind: 'msg-drop', msgId, reason: 'end-of-run' });
    this.inFlightMessages.clear();
    const replicas: Record<string, TraceVersion[]> = {};
    let reference: string | null = null;
    let converged = true;
    for (const device of this.devices.values()) {
      const r = device.reconciler;
      const versions = r ? r.versions().map(toTraceVersion) : [];
      replicas[device.id] = versions;
      const digest = canonicalJson(versions);
      if (!r || r.status().pendingOps > 0) converged = false;
      if (reference === null) reference = digest;
      else if (digest !== reference) converged = false;
    }
    const serverLog = this.server.log(ACCOUNT_ID).map((op) => ({
      seq: op.seq,
      opId: op.opId,
      recordId: op.recordId,
      stamp: op.stamp,
      ciphertextLength: op.ciphertextLength,
    }));
    const convergedAt = converged ? this.lastChangeUs : null;
    this.emit({ kind: 'run-end', replicas, serverLog, converged, convergedAt });
    return {
      trace: this.trace,
      traceHash: this.hasher.digest(),
      serverState: this.server.dump(),
      simulatedMs: Math.floor(this.nowUs / 1000),
      converged,
      convergedAtUs: convergedAt,
      lifecycleRejections: this.rejections,
    };
  }

  // ---- helpers --------------------------------------------------------------------------------

  private emit(event: Emitted): void {
    const full = { i: this.trace.length, t: this.nowUs, ...event } as TraceEvent;
    this.trace.push(full);
    this.hasher.update(full);
    this.canonical.clear();
  }

  private device(id: string): SimDevice {
    const device = this.devices.get(id);
    if (!device) throw new Error(`sim/world: unknown device ${id}`);
    return device;
  }

  private deviceMs(device: SimDevice): number {
    return device.clock.readMs(this.nowUs);
  }

  private nowMs(): number {
    return Math.floor(this.nowUs / 1000);
  }
}

function conflictCount(r: Reconciler): number {
  const counted = r as Reconciler & { conflictsTotal?: () => number };
  return typeof counted.conflictsTotal === 'function' ? counted.conflictsTotal() : r.conflicts().length;
}

function versionIndex(versions: RecordVersion[], wanted: Map<string, string>): Map<string, RecordVersion> {
  const index = new Map<string, RecordVersion>();
  for (const v of versions) if (wanted.has(v.id)) index.set(v.id, v);
  return index;
}

function describe(error: unknown): string {
  // Every refused user action is described here; an engine fault is not one: it ends the run (see run()).
  if (error instanceof EngineError) throw error;
  if (error instanceof RecordNotFoundError) return `not-found: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
