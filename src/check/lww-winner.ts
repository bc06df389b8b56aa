/**
 * lww-winner: each record's visible version is the LWW maximum of the committed writes the device has
 * seen. A merge never leaves a version older than the one it replaced or than the op it merged, and at
 * the end each replica holds the oracle's maximum. The content shown is compared too: a version that
 * carries a committed op's id must carry that write's fields, every one of them.
 */
import type { TraceVersion } from '../trace/events.ts';
import { defineChecker, describe, key } from './_internals/facts.ts';
import { contentDiff } from './_internals/content.ts';

export const lwwWinner = defineChecker({
  id: 'lww-winner',
  title: 'Last write wins',
  property: "each record's visible version is the LWW maximum of all its committed writes",
  check({ trace }, found, views) {
    const { compare } = views;
    const committed = views.committed;
    const visible = new Map<string, TraceVersion>();
    for (const e of trace) {
      if (found.full) break;
      if (e.kind === 'local-write' && e.ok && e.version) visible.set(key(e.device, e.recordId), e.version);
      else if (e.kind === 'restart') for (const v of e.versions) visible.set(key(e.device, v.id), v);
      else if (e.kind === 'merge') {
        const k = key(e.device, e.recordId);
        const was = visible.get(k);
        // An op of an answer with a damaged op that the device did not take (it stopped there): no floor.
        const incoming = views.undecided.has(e.i) ? undefined : committed.get(e.opId)?.version;
        const now = e.version ?? undefined;
        if (now) visible.set(k, now);
        const floor = [was, incoming].filter((v): v is TraceVersion => v !== undefined);
        const beaten = floor.find((v) => !now || compare(now.stamp, v.stamp) < 0);
        if (beaten) {
          found.add(
            `device ${e.device} merged ${e.opId} into ${e.recordId}: expected the visible version to be the LWW maximum (at least ${describe(beaten)}), saw ${describe(now)}`,
            e,
            [e.device, ...(incoming ? [committed.get(e.opId)!.event.device] : [])],
            [e.recordId],
          );
          continue;
        }
        // The version shown must be a committed write as it was written: same op id, same content.
        const shown = now ? committed.get(now.opId) : undefined;
        const differs = now && shown ? contentDiff(shown.version, now) : null;
        if (differs) {
          found.add(`device ${e.device} merged ${e.opId} into ${e.recordId}: expected it to show ${describe(now)} as written by ${shown!.event.device}, ${differs}`, e, [e.device, shown!.event.device], [e.recordId]);
        }
      }
    }
    const end = views.end;
    if (end && end.converged) {
      const oracle = views.oracle;
      for (const [device, versions] of Object.entries(end.replicas)) {
        for (const v of versions) {
          const want = oracle.get(v.id);
          if (want && want.opId !== v.opId && compare(want.stamp, v.stamp) > 0) {
            found.add(`at the end, device ${device} holds ${v.id} as ${describe(v)}; expected the LWW maximum ${describe(want)}`, end, [device], [v.id]);
            break;
          }
          const differs = want && want.opId === v.opId ? contentDiff(want, v) : null;
          if (differs) {
            found.add(`at the end, device ${device} holds ${v.id} as ${describe(v)}; expected the content of that winning write, ${differs}`, end, [device], [v.id]);
            break;
          }
        }
      }
    }
    return found.list;
  },
});
