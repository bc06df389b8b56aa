/**
 * An answer of an engine's own protocol reaching its device: opaque to the simulator, so what it
 * changed is read from the engine's versions before and after. Every record whose visible version
 * changed is a `merge` event (applied); sync-lab's protocol is handled by the host (host.ts), which
 * reads the op ids its pull answers carry.
 */
import type { Reconciler } from '../reconciler/types.ts';
import { toTraceVersion } from './recorder.ts';
import type { SimContext } from './sim-context.ts';
import type { SimDevice } from './sim-device.ts';

export function receiveForeign(ctx: SimContext, device: SimDevice, r: Reconciler, message: unknown, wallMs: number, react: (recordId: string) => void): void {
  const before = new Map(r.versions().map((v) => [v.id, v]));
  (r as Reconciler<unknown, unknown>).receive(message, wallMs);
  for (const now of r.versions()) {
    const was = before.get(now.id);
    if (was !== undefined && was.opId === now.opId && was.deleted === now.deleted) continue;
    ctx.lastChangeUs = ctx.nowUs;
    ctx.recorder.emit({ kind: 'merge', device: device.id, recordId: now.id, opId: now.opId, applied: true, version: toTraceVersion(now) });
    if (!now.deleted) react(now.id);
  }
  ctx.recorder.conflicts(device, r);
}
