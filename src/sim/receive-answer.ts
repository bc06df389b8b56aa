/**
 * An answer reaching its device: handed to the engine, and what it changed recorded as `merge`
 * events. sync-lab's pull answers name their ops, so each is recorded applied or not; an answer of an
 * engine's own protocol is opaque, so what it changed is read from the engine's versions before and
 * after. Every answer of either kind is also compared whole, before and after: a change to what the
 * device shows that the answer did not name (a push acknowledgement that undoes a local write, a pull
 * that drops or rewrites another record) is recorded too, never left out of the trace. Generators like
 * every engine-calling path (engine-call.ts): they yield only where an async engine answered with a
 * promise.
 */
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
  let held = r.versions();
  const shownBefore = held instanceof PendingCall ? ((yield held) as RecordVersion[]) : held;
  if (response.type !== 'pull' || !response.ok || response.ops.length === 0) {
    const received = r.receive(response, wallMs);
    if (received instanceof PendingCall) yield received;
    held = r.versions();
    recordUnnamedChanges(ctx, device, shownBefore, held instanceof PendingCall ? ((yield held) as RecordVersion[]) : held, undefined, react);
    return;
  }
  const touched = new Map<string, string>();
  for (const op of response.ops) touched.set(op.recordId, op.opId);
  const before = versionIndex(shownBefore, touched);
  const received = r.receive(response, wallMs);
  if (received instanceof PendingCall) yield received;
  held = r.versions();
  const shownAfter = held instanceof PendingCall ? ((yield held) as RecordVersion[]) : held;
  const after = versionIndex(shownAfter, touched);
  for (const [recordId, opId] of touched) {
    const now = after.get(recordId);
    const was = before.get(recordId);
    const applied = now !== undefined && (was === undefined || was.opId !== now.opId);
    if (applied) ctx.lastChangeUs = ctx.nowUs;
    else if (!awaited) continue;
    ctx.recorder.emit({ kind: 'merge', device: device.id, recordId, opId, applied, version: now ? toTraceVersion(now) : null });
    if (applied && now && !now.deleted) react(recordId);
  }
  recordUnnamedChanges(ctx, device, shownBefore, shownAfter, touched, react);
}

/**
 * Records, as `merge` events of the version now shown, every record whose shown version an answer
 * changed without naming it (`named`: the records of the ops a pull carried, recorded above). An
 * engine that keeps its version objects between calls costs one identity pass. A record that
 * disappeared is not recorded here (a correct engine deletes by tombstone; convergence and durability
 * judge the end state).
 */
function recordUnnamedChanges(ctx: SimContext, device: SimDevice, before: readonly RecordVersion[], after: readonly RecordVersion[], named: ReadonlyMap<string, string> | undefined, react: (recordId: string) => void): void {
  if (before.length === after.length) {
    let same = true;
    for (let i = 0; i < before.length && same; i++) same = before[i] === after[i];
    if (same) return;
  }
  const was = new Map<string, RecordVersion>();
  for (const v of before) was.set(v.id, v);
  for (const now of after) {
    if (named?.has(now.id)) continue;
    const old = was.get(now.id);
    if (old !== undefined && old.opId === now.opId && old.deleted === now.deleted) continue;
    ctx.lastChangeUs = ctx.nowUs;
    ctx.recorder.emit({ kind: 'merge', device: device.id, recordId: now.id, opId: now.opId, applied: true, version: toTraceVersion(now) });
    if (!now.deleted) react(now.id);
  }
}
