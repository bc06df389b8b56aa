/**
 * The damaged-request fault (damagedRequestPercent): a seeded share of the requests devices send is
 * ALSO delivered to the server as a damaged copy (request-damage.ts), as a buggy or hostile client on
 * the same account would send it. The real request travels untouched, so a correct engine can only be
 * harmed through its server. The copy arrives either before the real request (never later than the
 * network's least latency, so a server that remembers a refusal by request id answers the real one
 * with it) or after every copy of it (more than 4 × latencyMaxMs: past the latency and any reordering).
 * Its answer reaches no device (its sender is not simulated): `damaged-apply` records it as
 * `not-delivered`. Copies are not lost in a server restart; one arriving in an outage is not handled
 * (`server-outage`), one still on its way when the run ends neither (`end-of-run`).
 *
 * Drawn from its own stream (`faults/damaged-requests`; whether a damaged push hits push ownership, and
 * which way, from `faults/damaged-requests/ownership`), only while faults are on (before the heal),
 * only for a request that went on the wire, and only for a server speaking sync-lab's protocol.
 * damagedRemoteActionPercent adds copies of backup and admin requests the main draw left undamaged,
 * their damage aimed at the kind's own fields (remoteActionDamagesFor), from a stream of its own
 * (`faults/damaged-requests/remote-actions`), so the main stream's draws stay as they were; the same
 * rules apply (callers refuse or leave it undrawn otherwise: unsupportedServerFaults, withoutServerFaults).
 */
import type { ServerAnswer } from '../reconciler/server-seam.ts';
import { RandomStream } from './random.ts';
import { damageRequest, damagesFor, OWNERSHIP_SHARE_PERCENT, ownershipDamagesFor, remoteActionDamagesFor } from './request-damage.ts';
import type { DamagedRequest } from './request-damage.ts';
import { SYNC_LAB_PROTOCOL } from './request-damage-protocol.ts';
import type { Outgoing } from './server-port.ts';
import { deviceOf } from './sim-context.ts';
import type { SimContext } from './sim-context.ts';
import type { SimDevice } from './sim-device.ts';

interface Copy {
  readonly device: string;
  readonly requestId: string;
}

export class RequestDamageFault {
  private readonly rng: RandomStream;
  /** Whether a damaged push hits push ownership, and which way: its own stream, so the main stream's draws stay as they were. */
  private readonly ownershipRng: RandomStream;
  /** Damaged copies of backup and admin requests (damagedRemoteActionPercent): its own stream. */
  private readonly remoteRng: RandomStream;
  /** Copies on their way to the server, by copy id, in the order sent. */
  private readonly pending = new Map<string, Copy>();

  private constructor(private readonly ctx: SimContext) {
    this.rng = new RandomStream(ctx.options.seed, 'faults/damaged-requests');
    this.ownershipRng = new RandomStream(ctx.options.seed, 'faults/damaged-requests/ownership');
    this.remoteRng = new RandomStream(ctx.options.seed, 'faults/damaged-requests/remote-actions');
  }

  /** The fault for this world, or undefined when both its knobs are 0 (then nothing is drawn). */
  static of(ctx: SimContext): RequestDamageFault | undefined {
    if (ctx.options.damagedRequestPercent <= 0 && ctx.options.damagedRemoteActionPercent <= 0) return undefined;
    // The built-in server speaks the protocol by definition; an engine's own server says so by its name.
    if (ctx.server.builtin === null && ctx.server.module.name !== SYNC_LAB_PROTOCOL) {
      throw new Error(`sim/request-damage-fault: damagedRequestPercent or damagedRemoteActionPercent with protocol ${ctx.server.module.name}; callers refuse it first (unsupportedServerFaults)`);
    }
    return new RequestDamageFault(ctx);
  }

  /** The device sent `request` (message `msgId`) onto the wire: maybe a damaged copy follows it to the server. */
  onSend(device: SimDevice, msgId: string, request: Outgoing): void {
    const { ctx, rng } = this;
    if (ctx.healed) return;
    if (ctx.options.damagedRequestPercent > 0 && rng.chance(ctx.options.damagedRequestPercent)) {
      this.damageAny(device, msgId, request);
      return;
    }
    // Backup and admin requests the main draw left undamaged: a copy aimed at the kind's own fields.
    const message = request.message;
    if (ctx.options.damagedRemoteActionPercent <= 0 || typeof message !== 'object' || message === null || Array.isArray(message)) return;
    const entries = remoteActionDamagesFor(message as Record<string, unknown>).length;
    if (entries === 0 || !this.remoteRng.chance(ctx.options.damagedRemoteActionPercent)) return;
    const copyId = `${msgId}.damaged`;
    this.send(device, copyId, request, damageRequest(message as Record<string, unknown>, this.remoteRng.int(0, entries - 1), 0, `extra:${copyId}`, 'remote-action'), this.remoteRng);
  }

  /** A damaged copy drawn from the whole catalogue (damagedRequestPercent). */
  private damageAny(device: SimDevice, msgId: string, request: Outgoing): void {
    const { rng } = this;
    const message = request.message;
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return;
    const json = message as Record<string, unknown>;
    const ops = Array.isArray(json['ops']) ? (json['ops'] as unknown[]).length : 0;
    const opIndex = ops > 0 ? rng.int(0, ops - 1) : 0;
    const index = rng.int(0, damagesFor(json, opIndex).length - 1);
    const copyId = `${msgId}.damaged`;
    const ownership = ownershipDamagesFor(json, opIndex).length;
    const damaged =
      ownership > 0 && this.ownershipRng.chance(OWNERSHIP_SHARE_PERCENT)
        ? damageRequest(json, this.ownershipRng.int(0, ownership - 1), opIndex, `extra:${copyId}`, 'ownership')
        : damageRequest(json, index, opIndex, `extra:${copyId}`);
    this.send(device, copyId, request, damaged, rng);
  }

  /** Records the copy and puts it on its way to the server (its delay drawn from `rng`). */
  private send(device: SimDevice, copyId: string, request: Outgoing, damaged: DamagedRequest, rng: RandomStream): void {
    const { ctx } = this;
    const { latencyMinMs, latencyMaxMs } = ctx.options;
    const delayUs = rng.chance(50) ? rng.int(0, latencyMinMs * 1000) : rng.int(4 * latencyMaxMs * 1000 + 1, 5 * latencyMaxMs * 1000 + 1);
    ctx.recorder.emit({
      kind: 'request-damage',
      device: device.id,
      requestId: request.requestId,
      copyId,
      type: request.kind,
      path: damaged.path,
      damage: damaged.damage,
      expect: damaged.expect,
      value: damaged.value,
      ...(damaged.marker === undefined ? {} : { marker: damaged.marker }),
    });
    this.pending.set(copyId, { device: device.id, requestId: request.requestId });
    const copy: Outgoing = { message: damaged.message, requestId: request.requestId, kind: request.kind };
    ctx.queue.push(ctx.nowUs + delayUs, { k: 'deliver-request', msgId: copyId, device: device.id, request: copy });
  }

  /**
   * A message reached the server: if it is a damaged copy, the server handles it here (`handle`; not
   * at all while `serverDown`) and true is returned; false for any other message.
   */
  deliver(msgId: string, copy: Outgoing, serverDown: boolean, handle: (request: Outgoing, device: SimDevice) => ServerAnswer<unknown>): boolean {
    const sent = this.pending.get(msgId);
    if (sent === undefined) return false;
    this.pending.delete(msgId);
    const base = { kind: 'damaged-apply', copyId: msgId, requestId: sent.requestId, device: sent.device } as const;
    if (serverDown) {
      this.ctx.recorder.emit({ ...base, outcome: 'server-outage', appended: [], deduplicated: [], answer: 'not-delivered' });
      return true;
    }
    const answer = handle(copy, deviceOf(this.ctx, sent.device));
    this.ctx.recorder.emit({
      ...base,
      outcome: 'handled',
      appended: [...(answer.stored ?? [])],
      deduplicated: [...(answer.deduplicated ?? [])],
      ...(answer.error === undefined ? {} : { error: answer.error }),
      ...(answer.response === undefined ? {} : { response: recordedAnswer(answer.response) }),
      answer: 'not-delivered',
    });
    return true;
  }

  /** At the end of the run, copies still on their way never reached the server (recorded so). */
  dropPending(): void {
    for (const [copyId, sent] of this.pending) {
      this.ctx.recorder.emit({ kind: 'damaged-apply', copyId, requestId: sent.requestId, device: sent.device, outcome: 'end-of-run', appended: [], deduplicated: [], answer: 'not-delivered' });
    }
    this.pending.clear();
  }
}

/** The copy's answer for the trace: whole, but a pull's ops by their ids (the answer goes nowhere; what it carried is judged by id). */
function recordedAnswer(response: unknown): unknown {
  if (typeof response !== 'object' || response === null || !Array.isArray((response as { ops?: unknown }).ops)) return response;
  const ops = (response as { ops: unknown[] }).ops.map((op) => (typeof op === 'object' && op !== null ? (op as { opId?: unknown }).opId ?? null : null));
  return { ...response, ops };
}
