/**
 * The transport between devices and the sync server: sends a request (and arms its timeout), decides
 * whether it crosses (the device's link, partitions, the network's loss, delay and duplication),
 * delivers it to the server while the server is up, sends the answer back the same way (or loses it:
 * a one-way failure), and fails a request that timed out. Every message's fate goes into the trace.
 * What calls the engine (through the host) is a generator, a `Step` (engine-call.ts).
 */
import type { SyncRequest, SyncResponse } from '../core/wire.ts';
import type { GuardedEngine, Step } from './engine-call.ts';
import { settle } from './engine-call.ts';
import type { ServerAnswer } from '../reconciler/server-seam.ts';
import { EngineError } from './engine-guard.ts';
import type { Outgoing } from './server-port.ts';
import type { MessageDropEvent } from '../trace/events.ts';
import { deviceMs, deviceOf, nowMs } from './sim-context.ts';
import type { SimContext } from './sim-context.ts';
import type { ArmedCrashPoint, SimDevice } from './sim-device.ts';
import { Targeting } from './targeted.ts';
import type { TriggerMoment } from './schedule.ts';
import { RandomStream } from './random.ts';
import type { PushFault, ServerFault } from '../server/index.ts';
import { RequestDamageFault } from './request-damage-fault.ts';
import { AnswerDamageFault } from './answer-damage.ts';

type DropReason = MessageDropEvent['reason'];

/** What the transport asks of the device host when a message arrives or a request fails. */
export interface TransportHost {
  /** Lets the device's reconciler transmit what it wants to now. */
  pump(device: SimDevice): Step<void>;
  crash(device: SimDevice, point: ArmedCrashPoint): Step<void>;
  /** Hands an answer to the reconciler; `awaited`: the device was still waiting for it. */
  receive(device: SimDevice, r: GuardedEngine, response: unknown, awaited: boolean): Step<void>;
}

export class Transport {
  /** Message copies on the wire (delivered or dropped at the end of the run). */
  private readonly inFlight = new Set<string>();
  /** Copies lost in a server restart: their drop is in the trace already; their delivery does nothing. */
  private readonly lostInRestart = new Set<string>();
  private msgCounter = 0;
  /** While > 0 the server is in an outage until this µs. */
  private serverDownUntilUs = 0;
  /** Targeted faults and protocol-relative triggers armed by the schedule. */
  readonly targeting: Targeting;
  /** Server-fault streams, made only when their knob is on (off, nothing is drawn). */
  private partialApply: RandomStream | undefined;
  private busy: RandomStream | undefined;
  private quota: RandomStream | undefined;
  private slowAcks: RandomStream | undefined;
  /** Damaged copies of requests (damagedRequestPercent, damagedRemoteActionPercent), or undefined when both are off. */
  private readonly damage: RequestDamageFault | undefined;
  /** Pull answers with one op damaged in transit (damagedPulledOpPercent), or undefined when off. */
  private readonly answers: AnswerDamageFault | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly host: TransportHost,
  ) {
    this.targeting = new Targeting(ctx);
    this.damage = RequestDamageFault.of(ctx);
    this.answers = AnswerDamageFault.of(ctx);
  }

  /** The device reached a protocol moment: what its triggers run happens right after this event. */
  private moment(device: SimDevice, moment: TriggerMoment, requestId: string): void {
    for (const then of this.targeting.moment(device.id, moment, requestId)) {
      this.ctx.queue.push(this.ctx.nowUs, { k: 'schedule', e: { ...then, atMs: this.ctx.nowUs / 1000 } as never });
    }
  }

  /** One-way delay of a targeted message: the network's latency for it (never lost: the aim decides its fate). */
  private targetedDelayUs(): number {
    const fate = this.ctx.network.fate();
    return fate.kind === 'deliver' ? fate.delaysUs[0]! : this.ctx.options.latencyMinMs * 1000;
  }

  /** Nothing is on the wire. */
  get idle(): boolean {
    return this.inFlight.size === 0;
  }

  /** Sends what the engine's `poll` returned: sync-lab's request or, for an engine's own protocol, its message. */
  *send(device: SimDevice, message: unknown): Step<void> {
    const { ctx } = this;
    const msgId = `m${++this.msgCounter}`;
    const request = ctx.server.outgoing(message);
    ctx.recorder.emit({
      kind: 'msg-send',
      msgId,
      from: device.id,
      to: 'server',
      type: request.kind,
      requestId: request.requestId,
      bytes: ctx.recorder.bytesOf(message as object),
      payload: message,
      senderMode: device.life.mode,
    });
    device.pending.add(request.requestId);
    // With no link at all the send fails at once (the OS refuses it); otherwise the transport times out.
    const offline = device.life.mode === 'offline';
    const failAfterUs = offline ? 0 : ctx.options.requestTimeoutMs * 1000;
    ctx.queue.push(ctx.nowUs + failAfterUs, { k: 'timeout', device: device.id, requestId: request.requestId, reason: offline ? 'no-link' : 'timeout' });
    const blocked = this.linkBlock(device);
    if (!blocked) this.damage?.onSend(device, msgId, request);
    const aim = blocked || this.targeting.idle ? undefined : this.targeting.take(device.id, 'request', request.kind, request.requestId);
    if (blocked) {
      ctx.recorder.emit({ kind: 'msg-drop', msgId, reason: blocked });
    } else if (aim !== undefined && aim.action !== 'timeout-after-apply') {
      if (aim.action === 'drop-next') {
        ctx.recorder.emit({ kind: 'msg-drop', msgId, reason: 'targeted' });
      } else {
        const delay = this.targetedDelayUs() + aim.delayMs * 1000;
        const delays = aim.action === 'duplicate-next' ? [delay, delay + 1000] : [delay];
        this.inFlight.add(msgId);
        delays.forEach((d, copy) => {
          const id = copy === 0 ? msgId : `${msgId}.${copy}`;
          if (copy > 0) {
            this.inFlight.add(id);
            ctx.recorder.emit({ kind: 'msg-duplicate', msgId, copyId: id });
          }
          ctx.queue.push(ctx.nowUs + d, { k: 'deliver-request', msgId: id, device: device.id, request });
        });
      }
    } else {
      const fate = ctx.network.fate();
      if (fate.kind === 'drop') {
        ctx.recorder.emit({ kind: 'msg-drop', msgId, reason: fate.reason });
      } else {
        this.inFlight.add(msgId);
        fate.delaysUs.forEach((delay, copy) => {
          const id = copy === 0 ? msgId : `${msgId}.${copy}`;
          if (copy > 0) {
            this.inFlight.add(id);
            ctx.recorder.emit({ kind: 'msg-duplicate', msgId, copyId: id });
          }
          ctx.queue.push(ctx.nowUs + delay, { k: 'deliver-request', msgId: id, device: device.id, request });
        });
      }
    }
    if (!blocked && aim?.action !== 'drop-next' && !this.targeting.idle) {
      this.moment(device, 'request-in-flight', request.requestId);
      if (request.kind === 'pull') this.moment(device, 'pull-in-flight', request.requestId);
      if (request.kind === 'push') {
        this.moment(device, 'push-in-flight', request.requestId);
        // Only sync-lab's push names its ops (an engine's own protocol has this trigger refused at arm time).
        const builtinPush = ctx.server.builtin ? (message as Extract<SyncRequest, { type: 'push' }>) : undefined;
        if (builtinPush && device.outboxDepth > builtinPush.ops.length) this.moment(device, 'outbox-draining', request.requestId);
      }
    }
    if (device.armedCrash === 'after-push-sent' && request.kind === 'push') yield* this.host.crash(device, 'after-push-sent');
  }

  /** Why nothing can cross between this device and the server right now, if anything. */
  private linkBlock(device: SimDevice): DropReason | null {
    const mode = device.life.mode;
    if (mode === 'offline') return 'offline';
    if (mode === 'intermittent' && !device.life.linkUp) return 'link-down';
    if (!this.ctx.network.canReachServer(device.id)) return 'partition';
    return null;
  }

  *deliverRequest(msgId: string, deviceId: string, request: Outgoing): Step<void> {
    const { ctx } = this;
    if (this.damage?.deliver(msgId, request, this.serverDownUntilUs > 0, (copy, from) => this.handle(copy, from, undefined))) return;
    if (this.lostInRestart.delete(msgId)) return;
    this.inFlight.delete(msgId);
    if (this.serverDownUntilUs > 0) {
      ctx.recorder.emit({ kind: 'msg-drop', msgId, reason: 'server-outage' });
      return;
    }
    // `on request-at-server`: what the trigger runs comes first, in this instant; the request is then delivered again (its trigger spent).
    const atServer = this.targeting.idle ? [] : this.targeting.moment(deviceId, 'request-at-server', request.requestId);
    if (atServer.length > 0) {
      for (const then of atServer) ctx.queue.push(ctx.nowUs, { k: 'schedule', e: { ...then, atMs: ctx.nowUs / 1000 } as never });
      this.inFlight.add(msgId);
      ctx.queue.push(ctx.nowUs, { k: 'deliver-request', msgId, device: deviceId, request });
      return;
    }
    ctx.recorder.emit({ kind: 'msg-deliver', msgId, to: 'server' });
    const device = deviceOf(ctx, deviceId);
    const busy = this.drawBusy();
    const overQuota = !busy && this.drawOverQuota(request);
    const fault = busy || overQuota ? undefined : this.drawPushFault(request);
    const result = this.handle(request, device, busy ? { busy: true } : overQuota ? { overQuota: true } : fault);
    const response = result.response;
    const pushed = fault ? (request.message as Extract<SyncRequest, { type: 'push' }>).ops.length : 0;
    ctx.recorder.emit({
      kind: 'server-apply',
      requestId: request.requestId,
      device: deviceId,
      type: request.kind,
      appended: [...(result.stored ?? [])],
      deduplicated: [...(result.deduplicated ?? [])],
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(fault && request.kind === 'push' ? { partial: { stored: Math.min(fault.storeOnly, pushed), of: pushed, answer: fault.answer } } : {}),
      ...(busy ? { busy: true as const } : {}),
      ...(overQuota ? { overQuota: true as const } : {}),
    });
    // The engine's own server may choose not to answer: the device's request then times out.
    if (response === undefined) return;
    const responseId = `m${++this.msgCounter}`;
    ctx.recorder.emit({
      kind: 'msg-send',
      msgId: responseId,
      from: 'server',
      to: deviceId,
      type: 'response',
      requestId: request.requestId,
      bytes: ctx.recorder.bytesOf(response as object),
      payload: response,
      senderMode: 'online',
    });
    if (!this.targeting.idle) {
      if (this.targeting.takeTimeoutAfterApply(request.requestId)) {
        // Applied, then the answer is lost and the device gives up on the request at once.
        ctx.recorder.emit({ kind: 'msg-drop', msgId: responseId, reason: 'targeted' });
        yield* this.timeout(device, request.requestId, 'timeout');
        return;
      }
      const aim = this.targeting.take(deviceId, 'response', request.kind, request.requestId);
      if (aim !== undefined) {
        if (aim.action === 'drop-next') {
          ctx.recorder.emit({ kind: 'msg-drop', msgId: responseId, reason: 'targeted' });
          return;
        }
        const delay = this.targetedDelayUs() + aim.delayMs * 1000;
        const delays = aim.action === 'duplicate-next' ? [delay, delay + 1000] : [delay];
        delays.forEach((d, copy) => {
          const id = copy === 0 ? responseId : `${responseId}.${copy}`;
          if (copy > 0) ctx.recorder.emit({ kind: 'msg-duplicate', msgId: responseId, copyId: id });
          this.inFlight.add(id);
          ctx.queue.push(ctx.nowUs + d, { k: 'deliver-response', msgId: id, device: deviceId, response, request });
        });
        return;
      }
    }
    if (ctx.network.responseLost()) {
      ctx.recorder.emit({ kind: 'msg-drop', msgId: responseId, reason: 'one-way' });
      return;
    }
    const fate = ctx.network.fate();
    if (fate.kind === 'drop') {
      ctx.recorder.emit({ kind: 'msg-drop', msgId: responseId, reason: fate.reason });
      return;
    }
    const slowUs = this.slowAckUs(request);
    fate.delaysUs.forEach((delay, copy) => {
      delay += slowUs;
      const id = copy === 0 ? responseId : `${responseId}.${copy}`;
      if (copy > 0) ctx.recorder.emit({ kind: 'msg-duplicate', msgId: responseId, copyId: id });
      this.inFlight.add(id);
      ctx.queue.push(ctx.nowUs + delay, { k: 'deliver-response', msgId: id, device: deviceId, response, request });
    });
  }

  /** The server handles one request; a throw or a malformed answer from an engine's own server is an engine fault. */
  private handle(request: Outgoing, device: SimDevice, fault: ServerFault | undefined): ServerAnswer<unknown> {
    const { ctx } = this;
    const client = { deviceId: device.id, address: device.address };
    if (ctx.server.builtin) return ctx.server.handle(request.message, nowMs(ctx), client, fault);
    // A throw is the port's engine-error (server-port.ts); a non-object answer is this one.
    const answer: unknown = ctx.server.handle(request.message, nowMs(ctx), client, undefined);
    if (typeof answer !== 'object' || answer === null) throw new EngineError('server.handle', device.id, `returned ${answer === null ? 'null' : typeof answer}, expected a ServerAnswer object`);
    return answer as ServerAnswer<unknown>;
  }

  /** The push fault drawn for the request being handled (built-in server only). */
  private drawnFault: PushFault | undefined;

  /** With serverBusyPercent, the built-in server sheds this request (any type): `unavailable`, nothing stored or changed. */
  private drawBusy(): boolean {
    const percent = this.ctx.options.serverBusyPercent;
    if (percent > 0 && !this.ctx.server.builtin) throw new Error('sim/transport: serverBusyPercent with an engine\'s own server; callers refuse it first (unsupportedServerFaults)');
    if (percent <= 0 || this.ctx.healed) return false;
    this.busy ??= new RandomStream(this.ctx.options.seed, 'faults/server-busy');
    return this.busy.chance(percent);
  }

  /** With backupQuotaRefusalPercent, the built-in server refuses this backup request for good (over quota: `bad-request`). */
  private drawOverQuota(outgoing: Outgoing): boolean {
    const percent = this.ctx.options.backupQuotaRefusalPercent;
    if (percent > 0 && !this.ctx.server.builtin) throw new Error('sim/transport: backupQuotaRefusalPercent with an engine\'s own server; callers refuse it first (unsupportedServerFaults)');
    if (percent <= 0 || this.ctx.healed || (outgoing.message as SyncRequest).type !== 'backup') return false;
    this.quota ??= new RandomStream(this.ctx.options.seed, 'faults/backup-quota');
    return this.quota.chance(percent);
  }

  /** With partialApplyPercent, a push of ops is applied in part: a shorter prefix stored, then acked or failed. */
  private drawPushFault(outgoing: Outgoing): PushFault | undefined {
    this.drawnFault = undefined;
    const percent = this.ctx.options.partialApplyPercent;
    if (percent > 0 && !this.ctx.server.builtin) throw new Error('sim/transport: partialApplyPercent with an engine\'s own server; callers refuse it first (unsupportedServerFaults)');
    const request = outgoing.message as SyncRequest;
    // Faults end at the heal, like every other fault: the liveness phase judges a healthy server.
    if (percent <= 0 || this.ctx.healed || request.type !== 'push' || request.ops.length === 0) return undefined;
    this.partialApply ??= new RandomStream(this.ctx.options.seed, 'faults/partial-apply');
    if (!this.partialApply.chance(percent)) return undefined;
    const answer = this.partialApply.chance(50) ? 'ack-stored' : 'fail';
    this.drawnFault = { storeOnly: this.partialApply.int(0, request.ops.length - 1), answer };
    return this.drawnFault;
  }

  /** With slowAckPercent, a push's answer is held back past the request timeout (extra µs, 0 when not). */
  private slowAckUs(request: Outgoing): number {
    const percent = this.ctx.options.slowAckPercent;
    if (percent <= 0 || this.ctx.healed || request.kind !== 'push') return 0;
    this.slowAcks ??= new RandomStream(this.ctx.options.seed, 'faults/slow-acks');
    if (!this.slowAcks.chance(percent)) return 0;
    const timeoutMs = this.ctx.options.requestTimeoutMs;
    return Math.round((timeoutMs + this.slowAcks.float() * 2 * timeoutMs) * 1000);
  }

  /** `request`: the request this answers (its id is what the device awaits; its kind says what was asked). */
  *deliverResponse(msgId: string, device: SimDevice, response: unknown, request: Outgoing): Step<void> {
    const { recorder } = this.ctx;
    if (this.lostInRestart.delete(msgId)) return;
    this.inFlight.delete(msgId);
    const r = device.reconciler;
    if (!r) {
      recorder.emit({ kind: 'msg-drop', msgId, reason: 'crashed' });
      return;
    }
    const blocked = this.linkBlock(device);
    if (blocked) {
      recorder.emit({ kind: 'msg-drop', msgId, reason: blocked });
      return;
    }
    if (device.armedCrash === 'before-pull-apply' && request.kind === 'pull') {
      recorder.emit({ kind: 'msg-drop', msgId, reason: 'crashed' });
      yield* this.host.crash(device, 'before-pull-apply');
      return;
    }
    // What reaches the device: the answer, or a copy with one op damaged in transit (answer-damage.ts).
    const received = this.answers ? this.answers.deliver(device.id, msgId, request, response) : response;
    recorder.emit({ kind: 'msg-deliver', msgId, to: device.id });
    const awaited = device.pending.delete(request.requestId);
    yield* this.host.receive(device, r, received, awaited);
    // User actions waiting for a record to show (`when: 'shown'`) are tried again right after this event.
    for (const e of this.targeting.takeShown(device.id)) this.ctx.queue.push(this.ctx.nowUs, { k: 'schedule', e });
    // An ack is sync-lab's wire format: an engine's own protocol has this trigger refused at arm time.
    const acked = this.ctx.server.builtin !== null && request.kind === 'push' && (response as SyncResponse).ok;
    if (awaited && acked && !this.targeting.idle) this.moment(device, 'after-ack', request.requestId);
    yield* this.host.pump(device);
  }

  *timeout(device: SimDevice, requestId: string, reason: 'timeout' | 'no-link' | 'connection-reset'): Step<void> {
    if (!device.pending.delete(requestId)) return;
    const r = device.reconciler;
    if (!r) return;
    this.ctx.recorder.emit({ kind: 'request-fail', device: device.id, requestId, reason });
    yield* settle(r.fail(requestId, reason, deviceMs(this.ctx, device)));
    yield* this.host.pump(device);
  }

  /** A server outage of `durationMs` starts now (overlapping outages extend it). */
  serverOutage(durationMs: number): void {
    const { ctx } = this;
    const until = ctx.nowUs + durationMs * 1000;
    if (this.serverDownUntilUs === 0) ctx.recorder.emit({ kind: 'server', state: 'outage' });
    this.serverDownUntilUs = Math.max(this.serverDownUntilUs, until);
    ctx.queue.push(this.serverDownUntilUs, { k: 'server-up' });
  }

  /** The server comes back if its outage is over (or, `force`, at the heal); true if it did. */
  serverUp(force = false): boolean {
    if (this.serverDownUntilUs === 0 || (!force && this.ctx.nowUs < this.serverDownUntilUs)) return false;
    this.serverDownUntilUs = 0;
    this.ctx.recorder.emit({ kind: 'server', state: 'up' });
    return true;
  }

  /**
   * The server restarts (serverRestartsPerHour): what it stores is durable and kept, but every
   * connection is reset, so every message on the wire is lost and every device waiting for an answer
   * over a live link is told at once (`connection-reset`); a device whose link is down finds out by
   * its timeout. The request the server was about to answer is among the lost, applied or not.
   */
  *serverRestart(devices: Iterable<SimDevice>): Step<void> {
    const { ctx } = this;
    ctx.recorder.emit({ kind: 'server', state: 'restart' });
    for (const msgId of this.inFlight) {
      ctx.recorder.emit({ kind: 'msg-drop', msgId, reason: 'server-restart' });
      this.lostInRestart.add(msgId);
    }
    this.inFlight.clear();
    for (const device of devices) {
      if (this.linkBlock(device) !== null) continue;
      for (const requestId of [...device.pending]) yield* this.timeout(device, requestId, 'connection-reset');
    }
  }

  /** At the end of the run, what is still on the wire is dropped (and recorded so). */
  dropInFlight(): void {
    this.damage?.dropPending();
    for (const msgId of this.inFlight) this.ctx.recorder.emit({ kind: 'msg-drop', msgId, reason: 'end-of-run' });
    this.inFlight.clear();
  }
}
