// @ts-nocheck
// future-stamp hazard (issue 11.8): a committed stamp ahead of true time by more than the bound,
// with the writes it beat; reported apart from violations. Both ways: without the default
// reconciler's clock-lead policy a device that pulled the jumped stamp runs ahead on every record;
// with it, only the jumped device's writes and the edits made on top of them are ahead.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkHazards } from '../../src/check/hazards.ts';
import { loadScenario } from '../../src/explore/scenario-file.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import followsAnyClock from '../fixtures/broken-reconcilers/follows-any-clock.ts';
import { stamp, trace, version, write } from './_internals/build.ts';

const EPOCH = 1_773_705_600_000;
const DAY = 86_400_000;

describe('future-stamp hazard', () => {
  const withEpoch = (...events: Parameters<typeof trace>) => {
    const t = trace(...events);
    return [{ ...t[0]!, options: { clockEpochMs: EPOCH } } as (typeof t)[0], ...t.slice(1)];
  };
  // a writes at t=1 s stamped a day ahead; b writes the same record at t=2 s with a true stamp and loses.
  const ahead = version('a/r1', 'a/o1', stamp(EPOCH + 1_000 + DAY, 'a'));
  const later = version('a/r1', 'b/o1', stamp(EPOCH + 2_000, 'b'));
  const onTime = version('b/r1', 'b/o2', stamp(EPOCH + 3_000 + 299_000, 'b'));

  it('names the write, how far ahead it is and the later writes it beat', () => {
    const found = checkHazards(withEpoch(...write(1_000_000, 'a', ahead, 'create'), ...write(2_000_000, 'b', later), ...write(3_000_000, 'b', onTime, 'create')));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ hazard: 'future-stamp', eventIndex: 1, devices: ['a', 'b'], records: ['a/r1'], aheadMs: DAY, beat: ['b/o1'] });
    expect(found[0]!.message).toContain(`${DAY} ms ahead of true time (bound 300000 ms); it beat 1 later write(s) of the record: b/o1 by b`);
  });

  it('honours the bound: a write within it is no hazard, a smaller bound catches it', () => {
    const events = withEpoch(...write(3_000_000, 'b', onTime, 'create'));
    expect(checkHazards(events)).toEqual([]);
    expect(checkHazards(events, { futureStampBoundMs: 60_000 })).toHaveLength(1);
  });

  it('needs the clock epoch of the run to know true time', () => {
    expect(checkHazards(trace(...write(1_000_000, 'a', ahead, 'create')))).toEqual([]);
  });

  const scenario = loadScenario(fileURLToPath(new URL('../../simulations/reviewer/clock-jump-day-ahead.json', import.meta.url)));
  const run = (reconciler?: typeof followsAnyClock) => runChecked({ options: scenario.options, schedule: scenario.schedule, ...(reconciler ? { reconciler } : {}) });

  it('default reconciler: the jumped write beat c\'s later edit; b\'s new entry is on time (clock-lead policy); no violation', () => {
    const result = run();
    expect(result.violations).toEqual([]);
    expect(result.hazards.map((h) => [h.devices[0], h.records[0], h.beat])).toEqual([
      ['a', 'a/r1', ['c/o1']],
      // b edited Monday after seeing a's write: stamped just above it, so it still wins (causal-lww holds).
      ['b', 'a/r1', []],
    ]);
    // The policy's log, disclosed in b's status.
    const logged = result.trace.find((e) => e.kind === 'status' && e.device === 'b' && 'clockLeadRefused' in e.status);
    expect(logged).toBeDefined();
  });

  it('without the policy, b follows the jumped clock: its new entry on another record is a day ahead too', () => {
    const result = run(followsAnyClock);
    expect(result.violations).toEqual([]);
    const records = result.hazards.filter((h) => h.devices[0] === 'b').map((h) => h.records[0]);
    expect(records).toContain('b/r1');
    expect(run().hazards.some((h) => h.records[0] === 'b/r1')).toBe(false);
  });
});
