/**
 * An answer of an engine's own protocol reaching its device: opaque to the simulator, so what it
 * changed is read from the engine's versions before and after. Every record whose visible version
 * changed is a `merge` event (applied); sync-lab's protocol is handled by the host (host.ts), which
 * reads the op ids its pull answers carry. A generator like every engine-calling path (engine-call.ts):
 * it yields only where an async engine answered with a promise.
 */
import type { RecordVersion } from '../core/record.ts';
import type { SyncResponse } from '../core/wire.ts';
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
