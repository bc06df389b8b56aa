/**
 * fast-check arbitraries for sync-lab inputs: simulation options, fault profiles and schedules.
 * Every value they produce passes the strict schemas (a schedule is valid for the options it is
 * meant for), so a property fails only on the engine's behaviour, and fast-check shrinks a failing
 * schedule event by event and replays it from its seed and path.
 *
 *   fc.assert(fc.property(syncLabArbitraries.schedule({ devices: 3 }), (s) =>
 *     runChecked({ schedule: s, reconciler }).violations.length === 0))
 */
import fc from 'fast-check';
import type { Profile, Schedule, ScheduleEvent, SimOptionsInput } from '../api/index.ts';
import { DEFAULT_SIM_OPTIONS, deviceIds } from '../api/index.ts';

export interface ScheduleConstraints {
  /** Devices of the run (default 3); must equal the `devices` option (runChecked takes it from the schedule). */
  devices?: number;
  /** The run's fault phase: every event falls before it (default: the default `durationMs`, 120 s). */
  durationMs?: number;
  /** Most events (default 40). */
  maxEvents?: number;
  /**
   * Fault kinds to draw besides user writes and connectivity changes (default: crashes, token
   * expiry, partitions and server outages). Clock jumps are opt-in: under `wall` stamps they are a
   * finding by design.
   */
  faults?: readonly ('crash' | 'token' | 'partition' | 'server-outage' | 'clock-jump')[];
}

const DEFAULT_FAULTS = ['crash', 'token', 'partition', 'server-outage'] as const;
const MODES = ['offline', 'intermittent', 'online'] as const;

type Step = { atMs: number; device: number; kind: string; n: number };

/** Turns drawn steps into a valid schedule: refs exist before they are used, restarts follow crashes. */
function buildSchedule(devices: string[], steps: Step[], modes: (typeof MODES)[number][]): Schedule {
  const events: ScheduleEvent[] = [];
  const created: string[] = [];
  const ordered = [...steps].sort((a, b) => a.atMs - b.atMs);
  for (const [i, s] of ordered.entries()) {
    const device = devices[s.device % devices.length]!;
    const atMs = s.atMs;
    // Nothing to edit or delete yet: the write creates instead.
    const kind = (s.kind === 'edit' || s.kind === 'delete') && created.length === 0 ? 'create' : s.kind;
    switch (kind) {
      case 'edit':
        events.push({ atMs, device, action: 'edit', ref: created[s.n % created.length]!, fields: { title: `edit ${i}` } });
        break;
      case 'delete':
        events.push({ atMs, device, action: 'delete', ref: created[s.n % created.length]! });
        break;
      case 'create': {
        const ref = `r${created.length}`;
        created.push(ref);
        events.push({ atMs, device, action: 'create', ref, fields: { title: `note ${i}` } });
        break;
      }
      case 'connectivity':
        events.push({ atMs, device, action: 'connectivity', mode: MODES[s.n % MODES.length]! });
        break;
      case 'crash':
        events.push({ atMs, device, action: 'crash', point: 'now' });
        events.push({ atMs: atMs + 1, device, action: 'restart' });
        break;
      case 'token':
        events.push({ atMs, device, action: 'token-expire' });
        events.push({ atMs: atMs + 1 + (s.n % 30_000), device, action: 'token-renew' });
        break;
      case 'partition': {
        const cut = devices[s.n % devices.length]!;
        events.push({ atMs, action: 'partition', groups: [[cut], ['server', ...devices.filter((d) => d !== cut)]] });
        events.push({ atMs: atMs + 1 + (s.n % 20_000), action: 'partition-heal' });
        break;
      }
      case 'server-outage':
        events.push({ atMs, action: 'server-outage', durationMs: 1 + (s.n % 15_000) });
        break;
      case 'clock-jump':
        events.push({ atMs, device, action: 'clock-jump', deltaMs: (s.n % 10_001) - 5_000 });
        break;
    }
  }
  return {
    devices,
    initialModes: Object.fromEntries(devices.map((d, k) => [d, modes[k] ?? 'online'])),
    clocks: Object.fromEntries(devices.map((d) => [d, { offsetMs: 0, driftPpm: 0 }])),
    // Paired events (restart, renew, heal) may land after later draws: keep the list in time order.
    events: events.sort((a, b) => a.atMs - b.atMs),
  };
}

/** A schedule valid for a run of `devices` devices and a fault phase of `durationMs`. */
function schedule(constraints: ScheduleConstraints = {}): fc.Arbitrary<Schedule> {
  const count = constraints.devices ?? 3;
  const durationMs = constraints.durationMs ?? DEFAULT_SIM_OPTIONS.durationMs;
  const faults = constraints.faults ?? DEFAULT_FAULTS;
  const devices = deviceIds(count);
  // Paired events are placed up to 30 s after their draw: draw early enough that they stay in the phase.
  const lastDraw = Math.max(0, durationMs - 30_002);
  const kinds = ['create', 'create', 'edit', 'edit', 'edit', 'delete', 'connectivity', 'connectivity', ...faults];
  const step = fc.record({
    atMs: fc.integer({ min: 0, max: lastDraw }),
    device: fc.integer({ min: 0, max: count - 1 }),
    kind: fc.constantFrom(...kinds),
    n: fc.nat({ max: 1_000_000 }),
  });
  return fc
    .tuple(fc.array(step, { maxLength: constraints.maxEvents ?? 40 }), fc.array(fc.constantFrom(...MODES), { minLength: count, maxLength: count }))
    .map(([steps, modes]) => buildSchedule(devices, steps, modes));
}

/** Simulation options (partial: the rest keep their defaults) within every schema bound. */
function options(constraints: { devices?: number } = {}): fc.Arbitrary<SimOptionsInput> {
  return fc.record({
    seed: fc.nat({ max: 0xffff_ffff }),
    devices: constraints.devices !== undefined ? fc.constant(constraints.devices) : fc.integer({ min: 1, max: 5 }),
    durationMs: fc.integer({ min: 10_000, max: 300_000 }),
    lossPercent: fc.integer({ min: 0, max: 30 }),
    duplicatePercent: fc.integer({ min: 0, max: 10 }),
    reorderPercent: fc.integer({ min: 0, max: 20 }),
    crashesPerHour: fc.integer({ min: 0, max: 30 }),
    partitionsPerHour: fc.integer({ min: 0, max: 30 }),
    tokenExpiriesPerHour: fc.integer({ min: 0, max: 30 }),
    offlinePercent: fc.integer({ min: 0, max: 50 }),
    intermittentPercent: fc.integer({ min: 0, max: 50 }),
  });
}

/** A swarm fault profile (the shape of simulations/profiles/*.yaml): drawn ranges of fault knobs. */
function profile(): fc.Arbitrary<Profile> {
  const range = (max: number) => fc.tuple(fc.nat({ max }), fc.nat({ max })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);
  return fc.record({
    name: fc.constantFrom('arb-a', 'arb-b', 'arb-c'),
    description: fc.constant('a fault profile drawn by fast-check'),
    base: fc.record({ devices: fc.integer({ min: 1, max: 5 }), durationMs: fc.integer({ min: 10_000, max: 120_000 }) }),
    ranges: fc.record({ lossPercent: range(30), crashesPerHour: range(30), partitionsPerHour: range(30) }),
    expectedFindings: fc.constant([]),
    // Now and then a variant: a share of the seeds with a knob fixed (a quiet network, say).
    variants: fc.option(
      fc.record({ name: fc.constant('quiet'), percent: fc.integer({ min: 1, max: 100 }), why: fc.constant('a quiet network for some seeds'), base: fc.record({ lossPercent: fc.nat({ max: 30 }) }) }).map((v) => [v]),
      { nil: [] },
    ),
  });
}

export const syncLabArbitraries = { schedule, options, profile };
export { schedule, options, profile };
