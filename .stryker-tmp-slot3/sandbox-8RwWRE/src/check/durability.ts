/**
 * durability: no write the user was told is saved is lost. After a restart the restored replica holds
 * each record the device wrote at a stamp at least as new as the one it reported; at the end every
 * committed op is in the server log or superseded there by a newer op of the same record.
 */
// @ts-nocheck

import { defineChecker, key } from './_internals/facts.ts';

export const durability = defineChecker({
  id: 'durability',
  title: 'Saved writes survive',
  property: 'no write the user was told is saved is lost by a crash, restart or failed sync',
  check({ trace }, found, views) {
    const { compare } = views;
    // Per (device, record): the newest stamp this device told its user was saved.
    const told = new Map<string, { stamp: string; opId: string; device: string; recordId: string }>();
    for (const e of trace) {
      if (found.full) break;
      if (e.kind === 'local-write' && e.ok && e.version) {
        told.set(key(e.device, e.recordId), { stamp: e.version.stamp, opId: e.version.opId, device: e.device, recordId: e.recordId });
      } else if (e.kind === 'merge' && e.version) {
        const k = key(e.device, e.recordId);
        const held = told.get(k);
        if (held && compare(e.version.stamp, held.stamp) > 0) told.delete(k);
      } else if (e.kind === 'restart') {
        const restored = new Map(e.versions.map((v) => [v.id, v]));
        for (const saved of told.values()) {
          if (saved.device !== e.device) continue;
          const v = restored.get(saved.recordId);
          if (!v || compare(v.stamp, saved.stamp) < 0) {
            found.add(
              `device ${e.device} restarted without ${saved.recordId} at ${saved.stamp} (op ${saved.opId}), which its user was told is saved; expected a version at least that new, saw ${v ? v.stamp : 'no version'}`,
              e,
              [e.device],
              [saved.recordId],
            );
          }
        }
      }
    }
    const log = views.serverLog;
    if (!log) return found.list;
    for (const { version, event } of views.committed.values()) {
      if (found.full) break;
      if (!log.reached(version)) {
        found.add(
          `committed op ${version.opId} of ${version.id} (device ${event.device} told its user it was saved at t=${event.t}µs) never reached the server and nothing newer replaced it; expected it in the server log`,
          event,
          [event.device],
          [version.id],
        );
      }
    }
    return found.list;
  },
});
