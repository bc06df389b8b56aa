// The strict schedule schema: the shape (scheduleSchema) and the checks against the run's options
// (findScheduleProblem). Each malformed input class is refused with the field path and what was
// expected; every schedule the generator or the model paths produce passes.
import { describe, expect, it } from 'vitest';
import type { EventObject } from 'xstate';
import { builtInProfiles, drawOptions, loadProfile } from '../../src/explore/profile.ts';
import { SCHEDULE_LIMITS, assertValidSchedule, findScheduleProblem, scheduleSchema } from '../../src/sim/schedule.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import { generateSchedule } from '../../src/sim/workload.ts';
import { pathToSchedule } from '../../src/lab/model-paths/path-to-schedule.ts';

const CONTEXT = { devices: 2, durationMs: 10_000 };

function valid(): Schedule {
  return {
    devices: ['a', 'b'],
    initialModes: { a: 'online', b: 'offline' },
    clocks: { a: { offsetMs: 0, driftPpm: 0 }, b: { offsetMs: -500, driftPpm: 100 } },
    events: [
      { atMs: 100, device: 'a', action: 'create', ref: 'x', fields: { notes: 'hello' } },
      { atMs: 200, device: 'b', action: 'edit', ref: 'x', fields: { notes: 'changed' } },
      { atMs: 300, device: 'a', action: 'crash', point: 'after-push-sent' },
      { atMs: 900, device: 'a', action: 'restart' },
      { atMs: 1000, action: 'partition', groups: [['a', 'server'], ['b']] },
      { atMs: 2000, action: 'partition-heal' },
      { atMs: 3000, action: 'server-outage', durationMs: 500 },
      { atMs: 4000, device: 'b', action: 'clock-jump', deltaMs: -60_000 },
    ],
  };
}

/** `field: expected` of the first problem, or 'ok'. */
function judge(raw: unknown, context = CONTEXT): string {
  const parsed = scheduleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys : [])];
    return `${path.join('.')}: ${issue.message}`;
  }
  const problem = findScheduleProblem(parsed.data as Schedule, context);
  return problem ? `${problem.path.join('.')}: ${problem.expected}` : 'ok';
}

function withEvent(event: unknown, index = 1): unknown {
  const s = valid() as { events: unknown[] };
  s.events.splice(index, 0, event);
  return s;
}

describe('the strict schedule schema', () => {
  it('accepts a valid schedule', () => {
    expect(judge(valid())).toBe('ok');
  });

  // The table of input classes: each one is refused, naming the field and what was expected.
  const cases: [string, unknown, RegExp][] = [
    ['an unknown action', withEvent({ atMs: 1, device: 'a', action: 'teleport' }), /^events\.1\.action: Invalid discriminator value/],
    ['an unknown field', withEvent({ atMs: 1, device: 'a', action: 'restart', colour: 'red' }), /^events\.1\.colour: Unrecognized key/],
    ['a missing field', withEvent({ atMs: 1, device: 'a', action: 'connectivity' }), /^events\.1\.mode: /],
    ['a create without fields', withEvent({ atMs: 150, device: 'a', action: 'create', ref: 'y' }), /^events\.1\.fields: Invalid input: expected record/],
    ['a create with empty fields', withEvent({ atMs: 150, device: 'a', action: 'create', ref: 'y', fields: {} }), /^events\.1\.fields: expected at least one field/],
    ['a bad crash point', withEvent({ atMs: 1, device: 'a', action: 'crash', point: 'mid-air' }), /^events\.1\.point: Invalid option: expected one of "now"\|"after-push-sent"\|"before-pull-apply"/],
    ['a bad connectivity mode', withEvent({ atMs: 1, device: 'a', action: 'connectivity', mode: 'flaky' }), /^events\.1\.mode: Invalid option: expected one of "offline"\|"intermittent"\|"online"/],
    ['a string where a number belongs', withEvent({ atMs: '100', device: 'a', action: 'restart' }), /^events\.1\.atMs: Invalid input: expected number, received string/],
    ['a negative time', withEvent({ atMs: -1, device: 'a', action: 'restart' }), /^events\.1\.atMs: Too small/],
    ['a negative outage', withEvent({ atMs: 1, action: 'server-outage', durationMs: -5 }), /^events\.1\.durationMs: Too small/],
    ['a huge outage', withEvent({ atMs: 1, action: 'server-outage', durationMs: 1e15 }), new RegExp(`^events\\.1\\.durationMs: Too big: expected number to be <=${SCHEDULE_LIMITS.maxOutageMs}`)],
    ['a clock jump of -10^14 ms', withEvent({ atMs: 1, device: 'a', action: 'clock-jump', deltaMs: -1e14 }), new RegExp(`^events\\.1\\.deltaMs: Too small: expected number to be >=-${SCHEDULE_LIMITS.maxClockOffsetMs}`)],
    ['clock jumps adding up beyond a year', { ...valid(), events: [0, 1, 2].map((i) => ({ atMs: i, device: 'a', action: 'clock-jump', deltaMs: 200 * 24 * 3600_000 })) }, /^events\.1\.deltaMs: takes device a's clock 34560000000 ms from true time; expected at most ±31536000000 ms/],
    ['a huge clock offset', { ...valid(), clocks: { a: { offsetMs: 1e14, driftPpm: 0 }, b: { offsetMs: 0, driftPpm: 0 } } }, /^clocks\.a\.offsetMs: Too big/],
    ['an unknown device in an event', withEvent({ atMs: 1, device: 'q', action: 'restart' }), /^events\.1\.device: "q" is not one of the schedule's devices \(a, b\)/],
    ['a device outside the options\' device count', { ...valid(), devices: ['a', 'c'], initialModes: { a: 'online', c: 'online' }, clocks: { a: { offsetMs: 0, driftPpm: 0 }, c: { offsetMs: 0, driftPpm: 0 } }, events: [] }, /^devices\.1: "c" is not a device of this run \(options\.devices = 2: a, b\)/],
    ['duplicate device ids', { ...valid(), devices: ['a', 'a'] }, /^devices\.1: "a" is listed twice/],
    ['a device without an initial mode', { ...valid(), initialModes: { a: 'online' } }, /^initialModes: an entry for device "b"/],
    ['a clock for a device that is not there', { ...valid(), clocks: { ...valid().clocks, z: { offsetMs: 0, driftPpm: 0 } } }, /^clocks\.z: not one of the schedule's devices/],
    ['an edit of an unknown ref', withEvent({ atMs: 150, device: 'a', action: 'edit', ref: 'nope', fields: { notes: 'x' } }), /^events\.1\.ref: ref "nope" is not created by any earlier event/],
    ['a read before the create (by time)', withEvent({ atMs: 50, device: 'a', action: 'read', ref: 'x' }, 2), /^events\.2\.ref: ref "x" is not created by any earlier event/],
    ['a ref the simulator names its own records with', withEvent({ atMs: 150, device: 'b', action: 'create', ref: 'reaction:1', fields: { notes: 'x' } }), /^events\.1\.ref: expected a ref not starting with "probe:" or "reaction:" \(the simulator names its own records so\)/],
    ['a second create of one ref', withEvent({ atMs: 150, device: 'b', action: 'create', ref: 'x', fields: { notes: 'x' } }), /^events\.1\.ref: ref "x" is already created/],
    ['an event after the fault phase (the simulator would drop it)', withEvent({ atMs: 10_000, device: 'a', action: 'restart' }), /^events\.1\.atMs: 10000 is not inside the fault phase; expected < durationMs \(10000\)/],
    ['a partition with an unknown member', withEvent({ atMs: 1, action: 'partition', groups: [['a'], ['mars']] }), /^events\.1\.groups\.1\.0: "mars" is neither 'server' nor one of the schedule's devices/],
    ['a partition naming a member twice', withEvent({ atMs: 1, action: 'partition', groups: [['a', 'b'], ['b']] }), /^events\.1\.groups\.1\.0: "b" is in more than one place/],
    ['an unknown admin action', withEvent({ atMs: 1, device: 'a', action: 'admin', adminAction: 'format-disk' }), /^events\.1\.adminAction: Invalid option/],
    ['no devices', { ...valid(), devices: [] }, /^devices: Too small/],
  ];

  it.each(cases)('refuses %s', (_, raw, expected) => {
    expect(judge(raw)).toMatch(expected);
  });

  it('passes every schedule the generator draws from every shipped profile', () => {
    for (const name of builtInProfiles()) {
      const profile = loadProfile(name);
      for (let seed = 1; seed <= 5; seed++) {
        const options = drawOptions(profile, seed);
        expect(judge(generateSchedule(options), options), `${name} seed ${seed}`).toBe('ok');
      }
    }
  });

  it('passes the model-path schedules, and a mapping bug there is an error naming the field', () => {
    const path: EventObject[] = [{ type: 'GO_OFFLINE' }, { type: 'CRASH', point: 'before-pull-apply' } as EventObject, { type: 'RESTART' }, { type: 'GO_ONLINE' }];
    const { schedule, durationMs } = pathToSchedule(path);
    expect(judge(schedule, { devices: 3, durationMs })).toBe('ok');
    const broken = { ...schedule, events: [...schedule.events, { atMs: 1, device: 'a', action: 'edit' as const, ref: 'never-created', fields: { notes: 'x' } }] };
    expect(() => assertValidSchedule(broken, { devices: 3, durationMs }, 'models/path-to-schedule')).toThrow(/models\/path-to-schedule: invalid schedule: field "events\.\d+\.ref": ref "never-created" is not created/);
  });
});
