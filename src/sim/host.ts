/**
 * Device hosting: each device runs the reconciler module, and the host is its app and its OS. It
 * boots, crashes (keeping the durable snapshot) and restores the reconciler, relays user actions,
 * connectivity changes, token renewals and clock readings to it, lets it transmit (`pump`), hands it
 * the server's answers and records what they changed, and wakes it when it asked to be woken.
 *
 * Every method that calls the engine is a generator (`Step`, see engine-call.ts): it waits (yields)
 * only where an async engine answered with a promise, so a synchronous engine runs straight through.
 */
import type { RecordVersion } from '../core/record.ts';
import type { SyncRequest, SyncResponse } from '../core/wire.ts';
import type { ReconcilerOptions, SyncStatus } from '../reconciler/types.ts';
import type { GuardedModule } from './engine-guard.ts';
import { traceErrorText } from './engine-answers.ts';
import { PendingCall, settle } from './engine-call.ts';
import type { GuardedEngine, Step } from './engine-call.ts';
import type { Mode, ScheduleSkipCode } from '../trace/events.ts';
import { toTraceVersion } from './recorder.ts';
import type { ScheduleEvent } from './schedule.ts';
import { PullReactions } from './pull-reactions.ts';
import { ACCOUNT_ID, deviceMs, nowMs } from './sim-context.ts';
import { syncPolicyOf } from './options.ts';
import type { SimContext } from './sim-context.ts';
import type { ArmedCrashPoint, SimDevice } from './sim-device.ts';
import type { Transport, TransportHost } from './transport.ts';
import { receiveBuiltin, receiveForeign } from './receive-answer.ts';
import { SnapshotDamageFault } from './snapshot-damage-fault.ts';
import { IdleWakes } from './idle-wakes.ts';

const MAX_POLLS_PER_PUMP = 16;
type UserAction = Extract<ScheduleEvent, { action: 'create' | 'edit' | 'delete' | 'read' }>;

/** Why a valid schedule event could not take effect; the world records it as a `schedule-skip`. */
export interface Skip {
  code: ScheduleSkipCode;
  reason: string;
}

export const NOT_RUNNING: Skip = { code: 'device-not-running', reason: 'the device is crashed (not restarted yet): nobody can use it' };

/** A bug in the simulator: an event the schedule schema or the world's own bookkeeping makes impossible. */
export function internalError(what: string): Error {
  return new Error(`sim/world: internal error: ${what}`);
}

export class DeviceHost implements TransportHost {
  /** Set once by the world, right after both are built (each needs the other). */
  transport!: Transport;
  /** Its user's writes in the instant a pull changed something (editAfterPullPercent, createAfterPullPercent). */
  private readonly reactions: PullReactions;
  /** Damaged snapshots offered at restarts (userStorageDamagePercent), or undefined when off. */
  private readonly snapshotDamage: SnapshotDamageFault | undefined;
  /** Wake-ups after which the device sent nothing (idleWakesPerDeviceSecondMax), or undefined when off. */
  private readonly idleWakes: IdleWakes | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly module: GuardedModule,
    private readonly accountKey: Uint8Array,
  ) {
    this.snapshotDamage = SnapshotDamageFault.of(ctx);
    this.idleWakes = IdleWakes.of(ctx.options);
    this.reactions = new PullReactions(ctx);
  }

  private reconcilerOptions(device: SimDevice): ReconcilerOptions {
    return {
      deviceId: device.id,
      accountId: ACCOUNT_ID,
      stampMode: this.ctx.options.stampMode,
      accountKey: this.accountKey,
      nonces: (length) => device.nonces.bytes(length),
      token: device.token,
      ...(this.ctx.options.syncPolicy === undefined ? {} : { policy: syncPolicyOf(this.ctx.options.syncPolicy) }),
    };
  }

  *boot(device: SimDevice): Step<void> {
    if (this.ctx.options.syncPolicy !== undefined && this.module.capabilities?.syncPolicy !== true) {
      // Callers check this first (unsupportedSyncPolicy) and refuse with exit 2; reaching here is our bug.
      throw new Error(`sim: options.syncPolicy given to engine ${this.module.name}, which does not declare capabilities.syncPolicy`);
    }
    const { ctx } = this;
    device.token = ctx.server.issueToken(device.id, nowMs(ctx));
    const r = yield* settle(this.module.create(this.reconcilerOptions(device)));
    device.reconciler = r;
    const mode = device.life.mode;
    ctx.recorder.emit({ kind: 'connectivity', device: device.id, mode });
    ctx.recorder.emit({ kind: 'clock', device: device.id, ...device.clock.sample(ctx.nowUs, false) });
    yield* settle(r.setConnectivity(mode, deviceMs(ctx, device)));
    if (mode === 'intermittent') this.startFlapping(device);
    yield* this.syncCounters(device, r);
  }

  *crash(device: SimDevice, point: ArmedCrashPoint | 'now'): Step<void> {
    const r = device.reconciler;
    // Callers crash running devices only (the schedule path asks the process model first, armed points need a live request).
    if (!r) throw internalError(`crash (${point}) of device ${device.id}, which is not running`);
    if (point === 'now') this.disarm(device, `the device crashed at once (a crash 'now') before the armed point came`);
    if (!device.life.crash(point)) throw internalError(`the process model refused crash (${point}) of device ${device.id} after allowing it`);
    device.snapshot = yield* settle(r.save());
    device.reconciler = null;
    device.armedCrash = null;
    device.pending.clear();
    device.wakeGen++;
    device.wakeAtUs = null;
    this.ctx.recorder.emit({ kind: 'crash', device: device.id, point });
  }

  /** False when the process model refuses (a restart of a running device): the rejection is in the trace. */
  *restart(device: SimDevice): Step<boolean> {
    const { ctx } = this;
    if (!device.life.restart()) return false;
    if (!device.snapshot) throw new Error(`sim/world: device ${device.id} is restarting without a durable snapshot`);
    const wallMs = deviceMs(ctx, device);
    const accepted = this.snapshotDamage ? yield* this.snapshotDamage.offer(device, device.snapshot, this.module, this.reconcilerOptions(device), wallMs) : undefined;
    const r = accepted ?? (yield* settle(this.module.restore(device.snapshot, this.reconcilerOptions(device), wallMs)));
    device.reconciler = r;
    device.life.restored();
    device.armedCrash = null;
    yield* settle(r.setConnectivity(device.life.mode, wallMs));
    if (!device.life.tokenExpired) yield* settle(r.setToken(device.token, wallMs));
    ctx.lastChangeUs = ctx.nowUs;
    const versions = yield* settle(r.versions());
    const { pendingOps } = yield* settle(r.status());
    ctx.recorder.emit({ kind: 'restart', device: device.id, versions: versions.map(toTraceVersion), pendingOps });
    yield* this.syncCounters(device, r);
    yield* this.pump(device);
    return true;
  }

  /** Records a schedule event that could not take effect (`atMs`: its schedule time). */
  skip(device: SimDevice, e: { action: string; atMs: number; ref?: string }, why: Skip, rejected?: { machine: string; event: string; state: string }): void {
    const ref = e.ref === undefined ? {} : { ref: e.ref };
    this.ctx.recorder.emit({ kind: 'schedule-skip', device: device.id, action: e.action, ...ref, atMs: e.atMs, code: why.code, reason: why.reason, ...(rejected ? { rejected } : {}) });
  }

  /**
   * Arms a crash for a point of the sync round; a crash already armed and not struck yet is a skip.
   * Both points are moments of a push or a pull: on an engine's own protocol whose server module
   * declares no `kindOf` no message is either, so the crash could never strike and is not armed.
   */
  arm(device: SimDevice, point: ArmedCrashPoint, atMs: number): Skip | undefined {
    const server = this.ctx.server;
    if (!server.kinds) {
      return { code: 'unsupported-by-server', reason: `crash ${point}: the engine's own protocol ${server.module.name} declares no kindOf, so a ${point === 'after-push-sent' ? 'push' : 'pull'} cannot be told apart and the crash could never strike` };
    }
    if (device.armedCrash !== null) {
      this.skip(device, { action: 'crash', atMs: device.armedCrashAtMs }, { code: 'crash-replaced', reason: `crash armed for ${device.armedCrash} was replaced by a crash armed for ${point} at ${atMs} ms before it struck` });
    }
    device.armedCrash = point;
    device.armedCrashAtMs = atMs;
    return undefined;
  }

  /** Drops an armed crash that has not struck (heal, or another crash came first): a skip, with `why`. */
  disarm(device: SimDevice, why: string): void {
    if (device.armedCrash === null) return;
    this.skip(device, { action: 'crash', atMs: device.armedCrashAtMs }, { code: 'crash-never-struck', reason: `crash armed for ${device.armedCrash} never struck: ${why}` });
    device.armedCrash = null;
  }

  /** After create/restore: the conflict log and status so far are not news. */
  private *syncCounters(device: SimDevice, r: GuardedEngine): Step<void> {
    device.conflictsSeen = yield* settle(r.conflictsTotal());
  }

  /** Records the conflicts the engine logged since the device's last look. */
  private *recordConflicts(device: SimDevice, r: GuardedEngine): Step<void> {
    // Hot path: settled inline (`yield*` of a helper costs a generator per call, see engine-call.ts).
    const counted = r.conflictsTotal();
    const total = counted instanceof PendingCall ? ((yield counted) as number) : counted;
    if (total <= device.conflictsSeen) return;
    this.ctx.recorder.conflicts(device, total, yield* settle(r.conflicts()));
  }

  /** A forced sign-out; a skip when the engine's own server has no sessions to expire. */
  expireToken(device: SimDevice): Skip | undefined {
    const { ctx } = this;
    if (!ctx.server.sessions) return { code: 'unsupported-by-server', reason: `the engine's server (${ctx.server.module.name}) has no sessions (no issueToken/expireTokensOf), so there is no token to expire` };
    ctx.server.expireTokensOf(device.id, nowMs(ctx));
    device.life.expireToken();
    ctx.recorder.emit({ kind: 'token', device: device.id, state: 'expired' });
    return undefined;
  }

  /** False when the token model refuses (the rejection is in the trace). */
  *renewToken(device: SimDevice, byApp = false): Step<boolean> {
    const { ctx } = this;
    if (byApp) device.appRenewedAtUs = ctx.nowUs;
    if (!device.life.renewToken()) return false;
    device.token = ctx.server.issueToken(device.id, nowMs(ctx));
    ctx.recorder.emit({ kind: 'token', device: device.id, state: 'renewed' });
    if (device.reconciler) {
      yield* settle(device.reconciler.setToken(device.token, deviceMs(ctx, device)));
      yield* this.pump(device);
    }
    return true;
  }

  /** Switches the device's connectivity; a skip when it cannot (already in that mode, or the model refuses). */
  *setMode(device: SimDevice, mode: Mode): Step<Skip | undefined> {
    if (device.life.mode === mode) return { code: 'same-mode', reason: `the device is already ${mode}` };
    // An intermittent link starts up (the model's initial substate); other modes have no link state.
    if (!device.life.setMode(mode)) return { code: 'lifecycle-rejected', reason: `the connectivity model refused going ${mode}` };
    this.ctx.recorder.emit({ kind: 'connectivity', device: device.id, mode });
    device.flapGen++;
    if (mode === 'intermittent') this.startFlapping(device);
    // The OS tells the app the link is gone, then every request in flight fails (types.ts, setConnectivity).
    const lost = mode === 'offline' ? [...device.pending] : [];
    if (mode === 'offline') device.pending.clear();
    const r = device.reconciler;
    if (r) {
      const wallMs = deviceMs(this.ctx, device);
      yield* settle(r.setConnectivity(mode, wallMs));
      for (const requestId of lost) {
        this.ctx.recorder.emit({ kind: 'request-fail', device: device.id, requestId, reason: 'no-link' });
        yield* settle(r.fail(requestId, 'no-link', wallMs));
      }
      yield* this.pump(device);
    }
    return undefined;
  }

  private startFlapping(device: SimDevice): void {
    this.ctx.queue.push(this.ctx.nowUs + this.ctx.network.flapUs(), { k: 'flap', device: device.id, gen: device.flapGen });
  }

  *flap(device: SimDevice, gen: number): Step<void> {
    if (gen !== device.flapGen || device.life.mode !== 'intermittent' || this.ctx.healed) return;
    device.life.flipLink();
    this.startFlapping(device);
    if (device.life.linkUp) yield* this.pump(device);
  }

  clockJump(device: SimDevice, deltaMs: number): void {
    device.clock.jump(deltaMs);
    this.ctx.recorder.emit({ kind: 'clock', device: device.id, ...device.clock.sample(this.ctx.nowUs, true) });
  }

  /** A backup or an admin action asked of the server through the reconciler. */
  *remoteAction(device: SimDevice, e: Extract<ScheduleEvent, { action: 'backup' | 'admin' }>): Step<Skip | undefined> {
    const r = device.reconciler;
    if (!r) return NOT_RUNNING;
    const kind = e.action === 'backup' ? 'backup' : e.adminAction;
    const wallMs = deviceMs(this.ctx, device);
    const actionId = yield* settle(e.action === 'backup' ? r.requestBackup(wallMs) : r.requestAdmin(e.adminAction, wallMs));
    device.actionStates.set(actionId, 'requested');
    this.ctx.recorder.emit({ kind: 'remote-action', device: device.id, actionId, action: kind, state: 'requested' });
    yield* this.pump(device);
    return undefined;
  }

  // ---- users ----------------------------------------------------------------------------------

  /** `refs`: schedule refs to record ids, filled by creates. A skip when the action cannot take effect. */
  *userAction(device: SimDevice, e: UserAction, refs: Map<string, string>): Step<Skip | undefined> {
    const { recorder } = this.ctx;
    const r = device.reconciler;
    if (!r) return NOT_RUNNING;
    const wallMs = deviceMs(this.ctx, device);
    if (e.action === 'create') {
      let version: RecordVersion;
      try {
        version = yield* settle(r.create(e.fields, wallMs));
      } catch (error) {
        recorder.emit({ kind: 'local-write', device: device.id, op: 'create', recordId: `ref:${e.ref}`, ok: false, error: traceErrorText(error), wallMs });
        yield* this.pump(device);
        return undefined; // refused by the engine: the failed local-write says so
      }
      // The schema refuses a second create of one ref, so a ref is bound once.
      if (refs.has(e.ref)) throw internalError(`ref ${e.ref} created twice (create at ${e.atMs} ms on ${device.id})`);
      refs.set(e.ref, version.id);
      yield* this.afterWrite(device, 'create', version, wallMs, null, e.ref);
      return undefined;
    }
    const recordId = refs.get(e.ref);
    if (recordId === undefined) return { code: 'ref-not-created', reason: `ref ${e.ref} names no record: its create did not take effect (skipped, or refused by the engine)` };
    let visible: RecordVersion | undefined;
    try {
      visible = yield* settle(r.read(recordId));
    } catch (error) {
      recorder.emit({ kind: 'local-read', device: device.id, recordId, version: null, ok: false, error: traceErrorText(error) });
      return e.action === 'read' ? undefined : { code: 'read-failed', reason: `reading ${recordId} to ${e.action} it failed (see the local-read before this)` };
    }
    if (!visible) {
      // The user cannot act on (or read) a record this device does not show.
      const held = (yield* settle(r.versions())).find((v) => v.id === recordId);
      if (held?.deleted) return { code: 'record-deleted', reason: `the device shows ${recordId} as deleted` };
      // `when: 'shown'`: the user does this once the record shows (tried again after each answer; a skip if never).
      if (e.when === 'shown' && !this.ctx.healed) {
        this.transport.targeting.waitShown(device.id, e);
        return undefined;
      }
      return { code: 'record-not-shown', reason: `the device does not show ${recordId} yet (it has not received its create)` };
    }
    if (e.action === 'read') {
      recorder.emit({ kind: 'local-read', device: device.id, recordId, version: toTraceVersion(visible), ok: true });
      return undefined;
    }
    let version: RecordVersion;
    try {
      version = yield* settle(e.action === 'edit' ? r.edit(recordId, e.fields, wallMs) : r.delete(recordId, wallMs));
    } catch (error) {
      recorder.emit({ kind: 'local-write', device: device.id, op: e.action, recordId, ok: false, error: traceErrorText(error), wallMs });
      yield* this.pump(device);
      return undefined;
    }
    yield* this.afterWrite(device, e.action, version, wallMs, visible.opId);
    return undefined;
  }

  /** Records the write with the version it was editing (`base`), then reads it back in the same instant (commit-immediate). */
  private *afterWrite(device: SimDevice, op: 'create' | 'edit' | 'delete', version: RecordVersion, wallMs: number, base: string | null, ref?: string): Step<void> {
    const { ctx } = this;
    ctx.lastChangeUs = ctx.nowUs;
    const named = ref !== undefined && ctx.options.traceRefs === true ? { ref } : {};
    ctx.recorder.emit({ kind: 'local-write', device: device.id, op, recordId: version.id, ok: true, version: toTraceVersion(version), wallMs, base, ...named });
    const r = device.reconciler!;
    try {
      const seen = yield* settle(r.read(version.id));
      ctx.recorder.emit({ kind: 'local-read', device: device.id, recordId: version.id, version: seen ? toTraceVersion(seen) : null, ok: true });
    } catch (error) {
      ctx.recorder.emit({ kind: 'local-read', device: device.id, recordId: version.id, version: null, ok: false, error: traceErrorText(error) });
    }
    yield* this.pump(device);
  }

  // ---- the reconciler's side of the wire ------------------------------------------------------

  /** Lets the reconciler transmit whatever it wants to now, then records what it discloses. */
  *pump(device: SimDevice): Step<void> {
    for (let n = 0; n < MAX_POLLS_PER_PUMP; n++) {
      const r = device.reconciler;
      if (!r) return;
      const polled = r.poll(deviceMs(this.ctx, device));
      const request = polled instanceof PendingCall ? ((yield polled) as SyncRequest | undefined) : polled;
      if (!request) break;
      device.requestsPolled++;
      yield* this.transport.send(device, request);
    }
    const r = device.reconciler;
    if (!r) return;
    const answer = r.status();
    const status = answer instanceof PendingCall ? ((yield answer) as SyncStatus) : answer;
    this.ctx.recorder.observe(device, status);
    // A lapsed session (TTL) is renewed by the app, as a real client re-authenticates; once an instant (SimDevice.appRenewedAtUs).
    if (status.authExpired && !device.life.tokenExpired && !this.ctx.healed && device.appRenewedAtUs !== this.ctx.nowUs) yield* this.renewToken(device, true);
    const wake = r.nextWakeMs(deviceMs(this.ctx, device));
    this.scheduleWake(device, wake instanceof PendingCall ? ((yield wake) as number | null) : wake);
  }

  /**
   * Hands a response to the reconciler and records the merges and conflicts it caused. `awaited`:
   * the device was still waiting for this answer. A duplicate or late answer is ignored by a correct
   * reconciler, so it yields merge events only where it did change what the device shows.
   */
  *receive(device: SimDevice, r: GuardedEngine, message: unknown, awaited: boolean): Step<void> {
    const { ctx } = this;
    const wallMs = deviceMs(ctx, device);
    if (ctx.server.builtin) yield* receiveBuiltin(ctx, device, r, message as SyncResponse, wallMs, awaited, (id) => this.reactions.changed(device.id, id));
    else yield* receiveForeign(ctx, device, r, message, wallMs, (id) => this.reactions.changed(device.id, id));
    yield* this.recordConflicts(device, r);
  }

  /** Queues the wake-up the engine asked for (`wakeMs`: its `nextWakeMs`). */
  private scheduleWake(device: SimDevice, wakeMs: number | null): void {
    const { ctx } = this;
    if (wakeMs === null) return;
    let atUs = device.clock.trueUsAt(wakeMs, ctx.nowUs);
    if (atUs <= ctx.nowUs) atUs = ctx.nowUs + 1000;
    if (device.wakeAtUs !== null && device.wakeAtUs <= atUs && device.wakeAtUs > ctx.nowUs) return;
    device.wakeGen++;
    device.wakeAtUs = atUs;
    ctx.queue.push(atUs, { k: 'wake', device: device.id, gen: device.wakeGen });
  }

  /** A wake the reconciler asked for; stale wakes (superseded, or before a crash) do nothing. One that sent nothing is idle (idle-wakes.ts). */
  *wake(device: SimDevice, gen: number): Step<void> {
    if (gen !== device.wakeGen) return;
    device.wakeAtUs = null;
    const polled = device.requestsPolled;
    yield* this.pump(device);
    if (device.requestsPolled === polled) this.idleWakes?.idle(device.id, this.ctx.nowUs);
  }
}
