/**
 * The damaged-answer fault (damagedPulledOpPercent): in a seeded share of the pull answers that reach
 * a device carrying another device's ops, one such op arrives with its ciphertext damaged in transit
 * (a flaky storage read, a caching proxy, a bit flip): one base64 character of the payload replaced,
 * or the ciphertext cut short. Either way the AEAD cannot open it. TRANSIENT: only the copy that
 * reaches the device is changed (a new answer object; the server's stored op and its recorded answer
 * are untouched), so the next pull brings the op intact and a correct engine, which stops before the
 * op and retries, converges.
 *
 * The lab never decrypts: it changes bytes of the protocol's `ciphertext` field (core/wire.ts: base64
 * of nonce || AEAD ciphertext) and nothing else, so what it asks of an engine is only what the AEAD
 * gives any engine. Drawn from its own stream (`faults/damaged-answers`), only while faults are on
 * (before the heal), only for a server speaking sync-lab's protocol (callers refuse or leave it
 * undrawn otherwise: unsupportedServerFaults, withoutServerFaults).
 */
import type { PulledOp, PullResponse } from '../core/wire.ts';
import type { AnswerDamageEvent } from '../trace/answer-damage-event.ts';
import { RandomStream } from './random.ts';
import { SYNC_LAB_PROTOCOL } from './request-damage-protocol.ts';
import type { Outgoing } from './server-port.ts';
import type { SimContext } from './sim-context.ts';

export type AnswerDamage = AnswerDamageEvent['damage'];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * `ciphertext` (base64) with one character replaced by another base64 character (`at` in [0, 1),
 * `shift` in 1..63 picks which and by what; a character outside the alphabet becomes one inside it). Only characters before the last significant one are
 * chosen: each carries six whole bits of the decoded bytes, so a decoded byte always differs. Null
 * when the text is too short to hold two significant characters.
 */
export function changeByte(ciphertext: string, at: number, shift: number): string | null {
  const significant = ciphertext.replace(/=+$/, '').length;
  if (significant < 2) return null;
  const i = Math.min(significant - 2, Math.floor(at * (significant - 1)));
  const was = BASE64.indexOf(ciphertext[i]!);
  const now = BASE64[((was < 0 ? 0 : was) + shift) % 64]!;
  return `${ciphertext.slice(0, i)}${now}${ciphertext.slice(i + 1)}`;
}

/** `ciphertext` cut to half its length (whole base64 quanta, so it still decodes): the AEAD tag is gone. */
export function truncate(ciphertext: string): string {
  return ciphertext.slice(0, Math.floor(ciphertext.length / 8) * 4);
}

export class AnswerDamageFault {
  private readonly rng: RandomStream;

  private constructor(private readonly ctx: SimContext) {
    this.rng = new RandomStream(ctx.options.seed, 'faults/damaged-answers');
  }

  /** The fault for this world, or undefined when its knob is 0 (then nothing is drawn). */
  static of(ctx: SimContext): AnswerDamageFault | undefined {
    if (ctx.options.damagedPulledOpPercent <= 0) return undefined;
    if (ctx.server.builtin === null && ctx.server.module.name !== SYNC_LAB_PROTOCOL) {
      throw new Error(`sim/answer-damage: damagedPulledOpPercent with protocol ${ctx.server.module.name}; callers refuse it first (unsupportedServerFaults)`);
    }
    return new AnswerDamageFault(ctx);
  }

  /**
   * Answer copy `msgId` of `request` is about to reach `device`: the answer it receives, either
   * `response` itself or a copy with one op damaged (recorded as `answer-damage`).
   */
  deliver(device: string, msgId: string, request: Outgoing, response: unknown): unknown {
    const { ctx, rng } = this;
    if (ctx.healed || request.kind !== 'pull' || !isPullAnswer(response)) return response;
    const foreign: number[] = [];
    response.ops.forEach((op, n) => {
      if (op.deviceId !== device && typeof op.ciphertext === 'string' && op.ciphertext.length >= 8) foreign.push(n);
    });
    if (foreign.length === 0 || !rng.chance(ctx.options.damagedPulledOpPercent)) return response;
    const index = rng.pick(foreign);
    const op = response.ops[index]!;
    const damage: AnswerDamage = rng.chance(50) ? 'byte-changed' : 'truncated';
    const ciphertext = damage === 'truncated' ? truncate(op.ciphertext) : changeByte(op.ciphertext, rng.float(), rng.int(1, 63))!;
    ctx.recorder.emit({ kind: 'answer-damage', device, msgId, requestId: request.requestId, opId: op.opId, recordId: op.recordId, seq: op.seq, damage });
    const ops = response.ops.map((o, n) => (n === index ? { ...o, ciphertext } : o));
    return { ...response, ops };
  }
}

/** A successful sync-lab pull answer with its ops (an own server's answer is checked, not trusted). */
function isPullAnswer(response: unknown): response is PullResponse & { ops: readonly PulledOp[] } {
  if (typeof response !== 'object' || response === null) return false;
  const r = response as { type?: unknown; ok?: unknown; ops?: unknown };
  return r.type === 'pull' && r.ok === true && Array.isArray(r.ops) && r.ops.every((op) => typeof op === 'object' && op !== null);
}
