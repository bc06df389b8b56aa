/**
 * The quiet point of a run (world.ts's quiet check): nothing on the wire, every device running with
 * nothing pending (ops, requests, remote actions), and every replica holding the same records.
 */
import type { RecordVersion } from '../core/record.ts';
import { settle } from './engine-call.ts';
import type { Step } from './engine-call.ts';
import { replicaDigest, sameOps, sameValues } from './replica-compare.ts';
import type { SimDevice } from './sim-device.ts';

export function* isQuiet(transportIdle: boolean, devices: Iterable<SimDevice>): Step<boolean> {
  if (!transportIdle) return false;
  let reference: RecordVersion[] | null = null;
  let referenceText: string | null = null;
  for (const device of devices) {
    const r = device.reconciler;
    if (!r || device.pending.size > 0) return false;
    const status = yield* settle(r.status());
    if (status.pendingOps > 0 || status.inFlight) return false;
    // A backup or admin action waiting for its retry is work still to do, like an op in the outbox.
    if (status.remoteActions.some((a) => a.state === 'pending' || a.state === 'in-flight')) return false;
    const versions = yield* settle(r.versions());
    // As if by canonical text, built only when the cheap tests leave it open (replica-compare.ts).
    if (reference === null) reference = versions;
    else if (!sameOps(reference, versions)) return false;
    else if (!sameValues(reference, versions) && replicaDigest(versions) !== (referenceText ??= replicaDigest(reference))) return false;
  }
  return true;
}
