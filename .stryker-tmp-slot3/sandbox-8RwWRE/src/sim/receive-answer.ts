/**
 * An answer reaching its device: handed to the engine, and what it changed recorded as `merge`
 * events. sync-lab's pull answers name their ops, so each is recorded applied or not; an answer of an
 * engine's own protocol is opaque, so what it changed is read from the engine's versions before and
 * after. Generators like every engine-calling path (engine-call.ts): they yield only where an async
 * engine answered with a promise.
 */
// @ts-nocheck

import type { RecordVersion } from '../core/record.ts';
import type { SyncResponse } from '../core/wire.ts';
import { versionIndex } from './engine-answers.ts';
import { PendingCall, settle } from './engine-call.ts';
import type { GuardedEngine, Step } from './engine-call.ts';
import { toTraceVersion } from './recorder.ts';
import type { SimContext } from './sim-context.ts';
import type { SimDevice } from './sim-device.ts';

export function* receiveForeign(ctx: SimContext, device: SimDevice, r: GuardedEngine, message: unknown, wallMs: number, react: (recordId: string) => void): Step<void> {
  const before = new Map((yield* settle<RecordVersion[]>(r.versions())).map((v) => [v.id, v]));
  // The message is the engine's own answer shape; the guard passes it through untouched.
  const received = r.receive(message as SyncResponse, wallMs);
  if (received instanceof PendingCall) yield received;
  for (const now of yield* settle<RecordVersion[]>(r.versions())) {
    const was = before.get(now.id);
    if (was !== undefined && was.opId === now.opId && was.deleted === now.deleted) continue;
    ctx.lastChangeUs = ctx.nowUs;
    ctx.recorder.emit({ kind: 'merge', device: device.id, recordId: now.id, opId: now.opId, applied: true, version: toTraceVersion(now) });
    if (!now.deleted) react(now.id);
  }
}

/**
 * sync-lab's answer: a pull that carried ops records each op's merge (applied or not; a duplicate or
 * late answer a correct engine ignores yields events only where it changed what the device shows).
 */
export function* receiveBuiltin(ctx: SimContext, device: SimDevice, r: GuardedEngine, response: SyncResponse, wallMs: number, awaited: boolean, react: (recordId: string) => void): Step<void> {
  // Hot path: answers settled inline (see the host's recordConflicts).
  if (response.type !== 'pull' || !response.ok || response.ops.length === 0) {
    const received = r.receive(response, wallMs);
    if (received instanceof PendingCall) yield received;
    return;
  }
  const touched = new Map<string, string>();
  for (const op of response.ops) touched.set(op.recordId, op.opId);
  let held = r.versions();
  const before = versionIndex(held instanceof PendingCall ? ((yield held) as RecordVersion[]) : held, touched);
  const received = r.receive(response, wallMs);
  if (received instanceof PendingCall) yield received;
  held = r.versions();
  const after = versionIndex(held instanceof PendingCall ? ((yield held) as RecordVersion[]) : held, touched);
  for (const [recordId, opId] of touched) {
    const now = after.get(recordId);
    const was = before.get(recordId);
    const applied = now !== undefined && (was === undefined || was.opId !== now.opId);
    if (applied) ctx.lastChangeUs = ctx.nowUs;
    else if (!awaited) continue;
    ctx.recorder.emit({ kind: 'merge', device: device.id, recordId, opId, applied, version: now ? toTraceVersion(now) : null });
    if (applied && now && !now.deleted) react(recordId);
  }
}
