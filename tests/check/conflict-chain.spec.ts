// A pull carrying a chain of versions with two conflict steps: the default engine logs each step
// where it happened (c/o1 lost to b/o4, b/o4 lost to a/o3), and a/o4 then updates a/o3. The
// checkers must accept entries that form a path from the old visible version (d/o2) to the new one
// (a/o4): before, they wanted one entry linking both ends, a false red of the correct default engine
// found at seed 300423 of the default profile. An engine that logs nothing stays caught
// (tests/check/conflict-log.spec.ts, fixture logs-no-conflicts).
import { describe, expect, it } from 'vitest';
import { readReplayFile } from '../../src/explore/replay-file.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { Causality } from '../../src/check/_internals/causality.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

const file = readReplayFile('tests/fixtures/replays/conflict-chain-default-300423.json');

describe('conflict chains within one receive', () => {
  it('the default engine passes the chain of seed 300423 (two conflict steps, then an update)', () => {
    const run = runChecked({ options: file.options, schedule: file.schedule });
    const chainMerge = run.trace.find((e) => e.kind === 'merge' && e.device === 'd' && e.version?.opId === 'a/o4');
    expect(chainMerge).toBeDefined();
    expect(run.violations).toEqual([]);
  });

  it('a path needs every step: without the middle entry the change is not accounted for', () => {
    const w = (i: number, device: string, opId: string, stamp: string, base: string | null): TraceEvent =>
      ({ i, t: i, kind: 'local-write', ok: true, device, op: base ? 'edit' : 'create', recordId: 'r', base, version: { id: 'r', opId, stamp, deleted: false, fields: {} } }) as unknown as TraceEvent;
    const trace = [
      w(0, 'a', 'a/o1', 's1', null),
      w(1, 'd', 'd/o2', 's2', 'a/o1'),
      w(2, 'c', 'c/o1', 's3', 'd/o2'),
      w(3, 'b', 'b/o4', 's4', 'a/o1'),
      w(4, 'a', 'a/o3', 's5', 'a/o1'),
      w(5, 'a', 'a/o4', 's6', 'a/o3'),
    ];
    const causality = new Causality(trace);
    const was = { opId: 'd/o2', stamp: 's2' };
    const now = { opId: 'a/o4', stamp: 's6' };
    const steps = [{ winner: 's4', loser: 's3' }, { winner: 's5', loser: 's4' }];
    expect(causality.chainLinks('r', steps, now, was)).toBe(true);
    expect(causality.chainLinks('r', [steps[1]!], now, was)).toBe(false);
    expect(causality.chainLinks('r', [steps[0]!], now, was)).toBe(false);
    expect(causality.chainLinks('r', [], now, was)).toBe(false);
    expect(causality.chainLinks('r', [{ winner: 's6', loser: 's1' }], now, was)).toBe(true);
  });

  it('reads an entry\'s stamps on its own record: another record\'s op with the same stamp does not break the path', () => {
    // Wall mode raises a stamp only above the device's own versions of the same record, so a's write
    // of record q may carry s5 too (found with examples/minimal-reconciler.ts at default seed 520).
    const w = (i: number, recordId: string, device: string, opId: string, stamp: string, base: string | null): TraceEvent =>
      ({ i, t: i, kind: 'local-write', ok: true, device, op: base ? 'edit' : 'create', recordId, base, version: { id: recordId, opId, stamp, deleted: false, fields: {} } }) as unknown as TraceEvent;
    const chain = [w(0, 'r', 'a', 'a/o1', 's1', null), w(1, 'r', 'd', 'd/o2', 's2', 'a/o1'), w(2, 'r', 'c', 'c/o1', 's3', 'd/o2'), w(3, 'r', 'a', 'a/o3', 's5', 'a/o1'), w(4, 'r', 'a', 'a/o4', 's6', 'a/o3')];
    const was = { opId: 'd/o2', stamp: 's2' };
    const now = { opId: 'a/o4', stamp: 's6' };
    const step = [{ winner: 's5', loser: 's3' }];
    expect(new Causality([...chain, w(5, 'q', 'a', 'a/o9', 's5', null)]).chainLinks('r', step, now, was)).toBe(true);
    expect(new Causality([...chain, w(5, 'q', 'a', 'a/o9', 's5', null)]).opOf('q', 's5')).toBe('a/o9');
    // A wall clock that went back may repeat a stamp on the same record: the step counts for either op.
    const twice = new Causality([...chain, w(5, 'r', 'b', 'b/o9', 's5', 'a/o1')]);
    expect(twice.opOf('r', 's5')).toBeUndefined();
    expect(twice.opsOf('r', 's5')).toEqual(['a/o3', 'b/o9']);
    expect(twice.chainLinks('r', step, now, was)).toBe(true);
    // And a step from a version never reached still counts for nothing.
    expect(twice.chainLinks('r', [{ winner: 's5', loser: 's1' }], now, was)).toBe(false);
  });
});
