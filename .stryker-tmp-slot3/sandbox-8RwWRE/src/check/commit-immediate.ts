/** commit-immediate: every local write is visible in the same device's next read, in the same tick. */
// @ts-nocheck

import type { LocalReadEvent } from '../trace/events.ts';
import { defineChecker, describe } from './_internals/facts.ts';

export const commitImmediate = defineChecker({
  id: 'commit-immediate',
  title: 'Local writes commit immediately',
  property: "every local write is visible in the same device's next read, in the same tick",
  check({ trace }, found) {
    for (let n = 0; n < trace.length && !found.full; n++) {
      const w = trace[n]!;
      if (w.kind !== 'local-write' || !w.ok || !w.version) continue;
      let read: LocalReadEvent | undefined;
      for (let m = n + 1; m < trace.length; m++) {
        const e = trace[m]!;
        if (e.t !== w.t) break;
        if (e.kind === 'local-read' && e.device === w.device && e.recordId === w.recordId) {
          read = e;
          break;
        }
      }
      const expected = w.version.deleted ? null : w.version;
      const seen = read?.version ?? null;
      const ok = read !== undefined && read.ok && (expected === null ? seen === null : seen?.opId === expected.opId && seen.stamp === expected.stamp);
      if (!ok) {
        const saw = !read ? 'no read in the same tick' : read.ok ? describe(seen) : `a failed read: ${read.error ?? 'no error'}`;
        found.add(
          `device ${w.device} wrote ${w.recordId} (${w.op}); expected its next read at t=${w.t}µs to show ${expected ? describe(expected) : 'the record deleted'}, saw ${saw}`,
          read ?? w,
          [w.device],
          [w.recordId],
        );
      }
    }
    return found.list;
  },
});
