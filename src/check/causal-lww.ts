/**
 * causal-lww: a write a device makes after it has seen another write of the same record must carry a
 * greater stamp, or LWW will let the older write win. Hybrid logical clocks guarantee it; raw wall
 * clocks (`wall` mode) break it as soon as a device's clock is behind another's.
 */
import { defineChecker, key } from './_internals/facts.ts';

export const causalLww = defineChecker({
  id: 'causal-lww',
  title: 'Causally later writes win',
  property: 'a write made after seeing another write wins over it (flags the `wall`-mode skew hazard)',
  check({ trace }, found, views) {
    const { compare } = views;
    const committed = views.committed;
    // Per (device, record): the newest stamp the device has seen, and the op that carried it.
    const seen = new Map<string, { stamp: string; opId: string }>();
    const see = (device: string, recordId: string, stamp: string, opId: string): void => {
      const k = key(device, recordId);
      const held = seen.get(k);
      if (!held || compare(stamp, held.stamp) > 0) seen.set(k, { stamp, opId });
    };
    for (const e of trace) {
      if (found.full) break;
      if (e.kind === 'merge') {
        // An op of an answer with a damaged op that the device did not take (damaged-answers.ts) was not seen.
        const op = views.undecided.has(e.i) ? undefined : committed.get(e.opId);
        if (op) see(e.device, e.recordId, op.version.stamp, op.version.opId);
        if (e.version) see(e.device, e.recordId, e.version.stamp, e.version.opId);
      } else if (e.kind === 'restart') {
        for (const v of e.versions) see(e.device, v.id, v.stamp, v.opId);
      } else if (e.kind === 'local-write' && e.ok && e.version) {
        const before = seen.get(key(e.device, e.recordId));
        if (before && compare(e.version.stamp, before.stamp) <= 0) {
          const other = committed.get(before.opId)?.event.device;
          found.add(
            `device ${e.device} ${e.op === 'delete' ? 'deleted' : 'edited'} ${e.recordId} after seeing ${before.opId} @ ${before.stamp}; expected the new write to carry a greater stamp, it got ${e.version.stamp} and will lose LWW`,
            e,
            [e.device, ...(other ? [other] : [])],
            [e.recordId],
          );
        }
        see(e.device, e.recordId, e.version.stamp, e.version.opId);
      }
    }
    return found.list;
  },
});
