// Connectivity blips (connectivityBlipsPerHour, src/sim/connectivity-blips.ts): brief disconnects, each
// two ordinary connectivity events (offline, then back to the mode the device was in), from a stream of
// their own; off, nothing is drawn and the schedule is what it was.
import { describe, expect, it } from 'vitest';
import { connectivityBlips } from '../../src/sim/connectivity-blips.ts';
import { resolveSimOptions, OptionsError } from '../../src/sim/options.ts';
import { RandomStream } from '../../src/sim/random.ts';
import type { ScheduleEvent } from '../../src/sim/schedule.ts';
import { generateSchedule } from '../../src/sim/workload.ts';
import { simulate } from '../../src/sim/run.ts';

const base = { seed: 7, devices: 3, durationMs: 60_000, opsPerMinute: 60, modeChangesPerHour: 120 };
const options = (over: Record<string, unknown>) => resolveSimOptions({ ...base, ...over }, 'test');
const connectivity = (events: readonly ScheduleEvent[]) => events.filter((e): e is Extract<ScheduleEvent, { action: 'connectivity' }> => e.action === 'connectivity');

describe('connectivityBlipsPerHour', () => {
  it('off: the schedule is what it was, and run-start does not list the knobs', () => {
    expect(generateSchedule(options({ connectivityBlipsPerHour: 0 }))).toEqual(generateSchedule(options({})));
    const { trace } = simulate({ options: resolveSimOptions({ ...base, durationMs: 5_000, quiescenceMs: 20_000 }, 'test') });
    expect(JSON.stringify(trace[0])).not.toMatch(/connectivityBlip/);
  });

  it('on: only connectivity events are added; every other event is as it was', () => {
    const off = generateSchedule(options({}));
    const on = generateSchedule(options({ connectivityBlipsPerHour: 600 }));
    const rest = (events: readonly ScheduleEvent[]) => events.filter((e) => e.action !== 'connectivity');
    expect(rest(on.events)).toEqual(rest(off.events));
    expect(on.initialModes).toEqual(off.initialModes);
    expect(connectivity(on.events).length).toBeGreaterThan(connectivity(off.events).length);
    for (const e of connectivity(off.events)) expect(on.events).toContainEqual(e);
  });

  it('each blip: offline for a drawn length within the bounds, then back to the mode the plan had', () => {
    const rng = new RandomStream(1, 'test');
    const changes = [{ atMs: 5_000, mode: 'intermittent' as const }, { atMs: 20_000, mode: 'offline' as const }, { atMs: 30_000, mode: 'online' as const }];
    const times = [1_000, 1_300, 4_900, 8_000, 25_000, 31_000, 59_900];
    const out = connectivityBlips(rng, 'a', times, 'online', changes, { connectivityBlipMinMs: 200, connectivityBlipMaxMs: 800, durationMs: 60_000 });
    // 1,300 starts inside the blip at 1,000; 4,900 holds the regular change at 5,000; 25,000 is offline by the plan; 59,500 ends after the fault phase.
    expect(out.filter((e) => 'mode' in e && e.mode === 'offline').map((e) => e.atMs)).toEqual([1_000, 8_000, 31_000]);
    for (let i = 0; i < out.length; i += 2) {
      const [down, up] = [out[i]!, out[i + 1]!];
      expect(up.atMs - down.atMs).toBeGreaterThanOrEqual(200);
      expect(up.atMs - down.atMs).toBeLessThanOrEqual(800);
      expect(up).toMatchObject({ action: 'connectivity', device: 'a', mode: down.atMs === 8_000 ? 'intermittent' : 'online' });
    }
  });

  it('a blip shorter than its bounds allow is refused, naming the field', () => {
    expect(() => options({ connectivityBlipMinMs: 900, connectivityBlipMaxMs: 500 })).toThrow(OptionsError);
    expect(() => options({ connectivityBlipMinMs: 900, connectivityBlipMaxMs: 500 })).toThrow(/connectivityBlipMaxMs/);
  });
});
