// Why same-ms-absorption is invisible on the record it took the stamp from: the bug happens, but the default
// engine's clock-lead floor (src/reconciler/local-write.ts: a write is stamped above the version of the record
// the device shows) still stamps the write above every op of that record the device saw. Per-record LWW only
// ever compares a write with ops of the same record, so no LWW checker can see it there. What shows it is the
// device's next write to another record in that millisecond (a new entry right after a pull,
// createAfterPullPercent): stamped below the stamp the clock took, an undisclosed clock-lead refusal that
// status-fields judges (tests/explore/broken-fixtures.spec.ts finds it with the default profile).
import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/lab/run-checked.ts';
import { loadReconciler } from '../../src/io/reconciler-loader.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

// Both clocks read whole seconds (as a coarse platform clock does) with the same offset: a's three
// writes and b's pull and reaction edit all fall in one device millisecond.
const schedule: Schedule = {
  devices: ['a', 'b'],
  initialModes: { a: 'online', b: 'online' },
  clocks: { a: { offsetMs: 0, driftPpm: 0, stepMs: 1000 }, b: { offsetMs: 0, driftPpm: 0, stepMs: 1000 } },
  events: [
    { atMs: 100, device: 'a', action: 'create', ref: 'r', fields: { notes: 'one' } },
    { atMs: 110, device: 'a', action: 'edit', ref: 'r', fields: { notes: 'two' } },
    { atMs: 120, device: 'a', action: 'edit', ref: 'r', fields: { notes: 'three' } },
    { atMs: 400, device: 'b', action: 'sync-now' },
  ],
};
const options = resolveSimOptions(
  {
    seed: 1, devices: 2, durationMs: 900, quiescenceMs: 30_000, latencyMinMs: 5, latencyMaxMs: 20, lossPercent: 0, duplicatePercent: 0, reorderPercent: 0, oneWayFailurePercent: 0,
    offlinePercent: 0, intermittentPercent: 0, modeChangesPerHour: 0, partitionsPerHour: 0, serverOutagesPerHour: 0, crashesPerHour: 0, tokenExpiriesPerHour: 0, clockJumpsPerHour: 0, backupsPerHour: 0,
    editAfterPullPercent: 100,
  },
  'test',
);

/** b's reaction edit of r and the newest stamp of a's it had merged before it, as the trace shows them. */
function reaction(trace: readonly TraceEvent[]): { wallMs: number; stamp: string; remote: string } {
  let remote = '';
  for (const e of trace) {
    if (e.kind === 'merge' && e.device === 'b' && e.applied && e.version) remote = e.version.stamp;
    if (e.kind === 'local-write' && e.device === 'b' && e.op === 'edit' && e.ok && e.version) return { wallMs: e.wallMs, stamp: e.version.stamp, remote };
  }
  throw new Error('no reaction edit on b');
}

describe('same-ms-absorption: masked by the clock-lead floor', () => {
  it('b edits in the same device ms as the pulled stamp; the buggy clock would stamp it below, yet the write gets the correct stamp and no checker fires', async () => {
    const buggy = await loadReconciler('tests/fixtures/explore-broken/same-ms-absorption.ts');
    const run = runChecked({ options, schedule, reconciler: buggy });
    const r = reaction(run.trace);
    const [remoteWall, remoteCounter] = r.remote.split('.').map(Number) as [number, number];
    // The situation the bug needs: the reaction is in the pulled op's own millisecond and a's counter is above 0,
    // so the forgetful clock's own tick, (wall, 0, b), is below the pulled stamp.
    expect(r.wallMs).toBe(remoteWall);
    expect(remoteCounter).toBeGreaterThan(0);
    const forgetfulTick = `${String(remoteWall).padStart(15, '0')}.00000000.b`;
    expect(forgetfulTick < r.remote).toBe(true);
    // The floor stamps the write just above the version b shows (counter + 1). The correct HLC absorbed the
    // pulled stamp and ticked once more, so its stamp is a counter higher: the traces differ, but both writes
    // beat what b saw, which is all per-record LWW asks (encoded stamps sort as strings).
    const correct = runChecked({ options, schedule });
    expect(r.stamp > r.remote).toBe(true);
    expect(r.stamp).toBe(`${String(remoteWall).padStart(15, '0')}.${String(remoteCounter + 1).padStart(8, '0')}.b`);
    expect(reaction(correct.trace).stamp > r.stamp).toBe(true);
    expect(run.violations).toEqual([]);
    expect(correct.violations).toEqual([]);
  });
});
