/**
 * delete-semantics: a tombstone is not resurrected by an older write, neither when a merge lands
 * during the run nor in the final replicas. A record is deleted while a tombstone is the newest
 * version of it the device knows (at the end: the newest committed): a tombstone a newer live write
 * overtook deletes nothing, and an older version shown after that (a wall-mode write stamped below
 * the version it replaced, shown to its writer until a pull settles) is for the LWW checkers to judge.
 */
import type { TraceVersion } from '../trace/events.ts';
import { defineChecker, describe, key } from './_internals/facts.ts';

export const deleteSemantics = defineChecker({
  id: 'delete-semantics',
  title: 'Deletes stick',
  property: 'a tombstone is not resurrected by an older write',
  check({ trace }, found, views) {
    const { compare } = views;
    // Per (device, record): the newest version the device knows; a tombstone there means deleted.
    const newest = new Map<string, TraceVersion>();
    const note = (device: string, v: TraceVersion): void => {
      const k = key(device, v.id);
      const held = newest.get(k);
      if (!held || compare(v.stamp, held.stamp) > 0) newest.set(k, v);
    };
    for (const e of trace) {
      if (found.full) break;
      if (e.kind === 'local-write' && e.ok && e.version) note(e.device, e.version);
      else if (e.kind === 'restart') e.versions.forEach((v) => note(e.device, v));
      else if (e.kind === 'merge' && e.version) {
        const dead = newest.get(key(e.device, e.recordId));
        if (!e.version.deleted && dead?.deleted && compare(e.version.stamp, dead.stamp) < 0) {
          found.add(`device ${e.device}: ${e.recordId} was deleted (${describe(dead)}); expected it to stay deleted, saw the older ${describe(e.version)} bring it back`, e, [e.device], [e.recordId]);
        }
        note(e.device, e.version);
      }
    }
    const end = views.end;
    if (!end) return found.list;
    const latest = new Map<string, TraceVersion>();
    for (const { version } of views.committed.values()) {
      const held = latest.get(version.id);
      if (!held || compare(version.stamp, held.stamp) > 0) latest.set(version.id, version);
    }
    for (const [device, versions] of Object.entries(end.replicas)) {
      for (const v of versions) {
        const dead = latest.get(v.id);
        if (!v.deleted && dead?.deleted && compare(v.stamp, dead.stamp) < 0) {
          found.add(`at the end, device ${device} shows ${v.id} as the older ${describe(v)}; expected the newer delete ${describe(dead)} to stick`, end, [device], [v.id]);
        }
      }
    }
    return found.list;
  },
});
