/**
 * The user workload and the fault plan of a run, drawn from the seed into an explicit `Schedule`.
 *
 * Entries are realistic pain-journal entries with seeded, distinctive notes, so the exposure checks
 * scan for real content. Edits and deletes lean toward the same few records (`hotRecords`) so that
 * devices collide and conflicts happen often.
 */
import type { SimOptions } from './options.ts';
import { RandomStream } from './random.ts';
import { deviceIds, DRAWN_TRIGGER_MOMENTS, INPUT_PROBES } from './schedule.ts';
import type { JournalFields, Schedule, ScheduleEvent, TriggeredEvent } from './schedule.ts';
import type { Mode } from '../trace/events.ts';
import { CRASH_POINTS } from '../core/crash-point.ts';
import { connectivityBlips } from './connectivity-blips.ts';

const LOCATIONS = ['lower-back', 'left-knee', 'right-knee', 'right-shoulder', 'neck', 'left-hip', 'wrists', 'forehead', 'jaw'];
const MEDICATIONS = ['ibuprofen 400mg', 'paracetamol 1g', 'naproxen 250mg', 'amitriptyline 10mg', 'gabapentin 300mg', 'codeine 30mg'];
const FEELINGS = ['throbbing', 'burning', 'stabbing', 'dull', 'aching', 'sharp', 'tingling'];
const CAUSES = ['after the long walk', 'after gardening', 'after a bad night', 'when the weather turned', 'after the physio session', 'after lifting the shopping'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** One journal entry; `serial` makes the note unique so a leak can be traced to its write. */
export function journalEntry(rng: RandomStream, serial: number): JournalFields {
  const day = rng.int(1, 28);
  const month = rng.int(1, 12);
  const where = rng.pick(LOCATIONS);
  const locations = [where, ...(rng.chance(40) ? [rng.pick(LOCATIONS)] : [])].filter((v, i, a) => a.indexOf(v) === i);
  return {
    date: `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    painLevel: rng.int(0, 10),
    locations,
    medications: rng.chance(60) ? [rng.pick(MEDICATIONS)] : [],
    notes: `${rng.pick(DAYS)}: ${rng.pick(FEELINGS)} pain in the ${where} ${rng.pick(CAUSES)} (entry ${serial})`,
  };
}

/** Times of a Poisson process with `perHour` events per hour over [0, durationMs). */
function arrivals(rng: RandomStream, perHour: number, durationMs: number): number[] {
  const out: number[] = [];
  if (perHour <= 0) return out;
  const ratePerMs = perHour / 3_600_000;
  let t = rng.exponential(ratePerMs);
  while (t < durationMs && out.length < 100_000) {
    out.push(Math.floor(t));
    t += rng.exponential(ratePerMs);
  }
  return out;
}

function drawMode(rng: RandomStream, options: SimOptions): Mode {
  const roll = rng.float() * 100;
  if (roll < options.offlinePercent) return 'offline';
  if (roll < options.offlinePercent + options.intermittentPercent) return 'intermittent';
  return 'online';
}

/**
 * The labelled random streams of a schedule: one per fault kind (and per device where the fault is
 * per device), so a knob changes only its own kind's draws. Raising `crashesPerHour` draws more
 * crash times, from the crash streams only: partitions, outages, token expiries, clock jumps,
 * backups, connectivity and the user workload stay exactly as they were (a clean ablation).
 */
export const SCHEDULE_STREAMS = {
  workload: 'workload',
  partitions: 'faults/partitions',
  serverOutages: 'faults/server-outages',
  serverRestarts: 'faults/server-restarts',
  /** Initial connectivity mode and mode changes of one device. */
  connectivity: (device: string) => `connectivity/${device}`,
  /** Brief disconnects of one device: when, and how long (connectivityBlipsPerHour). */
  connectivityBlips: (device: string) => `faults/connectivity-blips/${device}`,
  /** Initial clock offset and drift of one device. */
  clock: (device: string) => `clocks/${device}`,
  clockJumps: (device: string) => `faults/clock-jumps/${device}`,
  crashes: (device: string) => `faults/crashes/${device}`,
  tokenExpiries: (device: string) => `faults/token-expiries/${device}`,
  /** Whether each forced token expiry of one device ends only its current session (sessionRevokePercent). */
  sessionRevokes: (device: string) => `faults/session-revokes/${device}`,
  /** Token renewals placed while one device's next request is in flight, and whether each rotates (relativeRenewalsPerHour). */
  relativeRenewals: (device: string) => `triggers/renewals/${device}`,
  /** Sign-outs placed the instant one device's next request reaches the server, and whether each ends only the current session (relativeSignOutsPerHour). */
  relativeSignOuts: (device: string) => `triggers/sign-outs/${device}`,
  /** Crashes placed while one device's next remote action (backup or admin) is on the wire (actionCrashesPerHour). */
  actionCrashes: (device: string) => `triggers/action-crashes/${device}`,
  backups: (device: string) => `faults/backups/${device}`,
  /** Backup admin actions of one device (adminActionsPerHour). */
  adminActions: (device: string) => `faults/admin-actions/${device}`,
  /** Ties: whether a device's clock is coarse (and its step), whether it shares the first device's clock, edit bursts. */
  clockStep: (device: string) => `ties/clock-step/${device}`,
  sharedClock: (device: string) => `ties/shared-clock/${device}`,
  bursts: 'ties/bursts',
  editAfterPull: (device: string) => `ties/edit-after-pull/${device}`,
  createAfterPull: (device: string) => `ties/create-after-pull/${device}`,
  /** Which user writes' acks poke another device into syncing, and which device (pokeAfterAckPercent). */
  pokes: 'ties/pokes',
  /** Protocol-relative placement: which user edits and deletes wait for a protocol moment, and the relative faults of a device. */
  relativeEdits: 'triggers/edits',
  relativeFaults: (device: string) => `triggers/faults/${device}`,
  /** Input probes of one device: when, and which (userInputProbesPerHour). */
  inputProbes: (device: string) => `faults/input-probes/${device}`,
  /** Which user reads read the whole journal instead of one entry (journalReadPercent). */
  journalReads: 'workload/journal-reads',
} as const;

/** What a protocol-relative fault does when its moment comes (relativeFaultsPerHour). */
function relativeFault(rng: RandomStream, device: string, options: SimOptions): TriggeredEvent {
  switch (rng.int(0, 3)) {
    case 0:
      return { action: 'server-restart' };
    case 1:
      return { action: 'server-outage', durationMs: options.serverOutageDurationMs };
    case 2:
      return { device, action: 'crash', point: 'now' };
    default:
      return { device, action: 'timeout-after-apply' };
  }
}

/** Steps a coarse device clock reads in, as real platforms do. */
export const CLOCK_STEPS_MS = [1, 10, 100, 1000] as const;

export function generateSchedule(options: SimOptions): Schedule {
  const devices = deviceIds(options.devices);
  const stream = (name: string) => new RandomStream(options.seed, name);
  const workload = stream(SCHEDULE_STREAMS.workload);
  const duration = options.durationMs;

  const initialModes: Record<string, Mode> = {};
  const clockPlan: Schedule['clocks'] = {};
  const modes = new Map<string, RandomStream>();
  for (const device of devices) {
    const connectivity = stream(SCHEDULE_STREAMS.connectivity(device));
    modes.set(device, connectivity);
    initialModes[device] = drawMode(connectivity, options);
    const clock = stream(SCHEDULE_STREAMS.clock(device));
    clockPlan[device] = {
      offsetMs: clock.int(-options.clockOffsetMaxMs, options.clockOffsetMaxMs),
      driftPpm: clock.int(-options.driftPpmMax, options.driftPpmMax),
    };
    // Tie knobs draw from streams of their own, and only when on: off, the plan is what it was.
    const first = devices[0]!;
    if (options.sharedClockPercent > 0 && device !== first && stream(SCHEDULE_STREAMS.sharedClock(device)).chance(options.sharedClockPercent)) {
      // The very same clock: the first device's offset, drift and step (a coarse one is coarse on both).
      clockPlan[device] = { ...clockPlan[first]! };
    } else if (options.quantisedClockPercent > 0) {
      const steps = stream(SCHEDULE_STREAMS.clockStep(device));
      if (steps.chance(options.quantisedClockPercent)) {
        const stepMs = options.quantisedClockStepMs ?? steps.pick(CLOCK_STEPS_MS);
        if (stepMs > 1) clockPlan[device] = { ...clockPlan[device]!, stepMs };
      }
    }
  }

  const events: ScheduleEvent[] = [];
  const bursts = options.burstPercent > 0 ? stream(SCHEDULE_STREAMS.bursts) : undefined;
  // A user edit or delete placed relative to the protocol: armed at its time, done at the device's next drawn moment.
  const relative = options.relativeEditPercent > 0 ? stream(SCHEDULE_STREAMS.relativeEdits) : undefined;
  const place = (e: Extract<ScheduleEvent, { action: 'edit' | 'delete' }>): ScheduleEvent => {
    if (!relative?.chance(options.relativeEditPercent)) return e;
    const { atMs, ...then } = e;
    return { atMs, device: e.device, action: 'on', when: relative.pick(DRAWN_TRIGGER_MOMENTS), then };
  };

  // A server's poke: at the writer's next ack, another device syncs at once (an `on after-ack` trigger).
  const pokes = options.pokeAfterAckPercent > 0 && devices.length > 1 ? stream(SCHEDULE_STREAMS.pokes) : undefined;
  const poke = (atMs: number, device: string): void => {
    if (!pokes?.chance(options.pokeAfterAckPercent)) return;
    const other = pokes.pick(devices.filter((d) => d !== device));
    events.push({ atMs, device, action: 'on', when: 'after-ack', then: { device: other, action: 'sync-now' } });
  };

  // User workload.
  const refs: string[] = [];
  let serial = 0;
  const mix = options.createPercent + options.editPercent + options.deletePercent + options.readPercent;
  const journal = options.journalReadPercent > 0 ? stream(SCHEDULE_STREAMS.journalReads) : undefined;
  for (const atMs of arrivals(workload, options.opsPerMinute * 60, duration)) {
    const device = workload.pick(devices);
    const roll = workload.float() * mix;
    const pickRef = (): string =>
      workload.chance(options.hotPercent) ? refs[workload.int(0, Math.min(options.hotRecords, refs.length) - 1)]! : workload.pick(refs);
    if (refs.length === 0 || roll < options.createPercent) {
      const ref = `r${refs.length + 1}`;
      refs.push(ref);
      events.push({ atMs, device, action: 'create', ref, fields: journalEntry(workload, ++serial) });
      poke(atMs, device);
    } else if (roll < options.createPercent + options.editPercent) {
      const ref = pickRef();
      events.push(place({ atMs, device, action: 'edit', ref, fields: journalEntry(workload, ++serial) }));
      poke(atMs, device);
      if (bursts?.chance(options.burstPercent)) {
        // The same record edited by every device in the same millisecond: ties on the wall clock.
        for (const other of devices) {
          if (other !== device) events.push({ atMs, device: other, action: 'edit', ref, fields: journalEntry(bursts, ++serial) });
        }
      }
    } else if (roll < options.createPercent + options.editPercent + options.deletePercent) {
      events.push(place({ atMs, device, action: 'delete', ref: pickRef() }));
      poke(atMs, device);
    } else {
      // Drawn after the read's own draw, on its own stream: at 0 nothing changes.
      const ref = pickRef();
      events.push(journal?.chance(options.journalReadPercent) ? { atMs, device, action: 'read-journal' } : { atMs, device, action: 'read', ref });
    }
  }

  // Connectivity changes, per device.
  for (const device of devices) {
    const connectivity = modes.get(device)!;
    const changes: { atMs: number; mode: Mode }[] = [];
    for (const atMs of arrivals(connectivity, options.modeChangesPerHour, duration)) {
      const mode = drawMode(connectivity, options);
      changes.push({ atMs, mode });
      events.push({ atMs, device, action: 'connectivity', mode });
    }
    // Off by default: no stream is drawn, so runs without blips keep their schedules.
    if (options.connectivityBlipsPerHour > 0) {
      const blips = stream(SCHEDULE_STREAMS.connectivityBlips(device));
      events.push(...connectivityBlips(blips, device, arrivals(blips, options.connectivityBlipsPerHour, duration), initialModes[device]!, changes, options));
    }
  }

  // Device faults: crashes (with restart), token expiry (with renewal), clock jumps, backups.
  for (const device of devices) {
    const crashes = stream(SCHEDULE_STREAMS.crashes(device));
    for (const atMs of arrivals(crashes, options.crashesPerHour, duration)) {
      const point = crashes.pick(CRASH_POINTS);
      events.push({ atMs, device, action: 'crash', point });
      const restartAt = atMs + options.restartDelayMs;
      if (restartAt < duration) events.push({ atMs: restartAt, device, action: 'restart' });
    }
    // Off by default: no stream is drawn, so runs without one-session revokes keep their schedules.
    const revokes = options.sessionRevokePercent > 0 ? stream(SCHEDULE_STREAMS.sessionRevokes(device)) : undefined;
    for (const atMs of arrivals(stream(SCHEDULE_STREAMS.tokenExpiries(device)), options.tokenExpiriesPerHour, duration)) {
      events.push(revokes?.chance(options.sessionRevokePercent) ? { atMs, device, action: 'token-expire', scope: 'session' } : { atMs, device, action: 'token-expire' });
      const renewAt = atMs + options.tokenRenewDelayMs;
      if (renewAt < duration) events.push({ atMs: renewAt, device, action: 'token-renew' });
    }
    const jumps = stream(SCHEDULE_STREAMS.clockJumps(device));
    for (const atMs of arrivals(jumps, options.clockJumpsPerHour, duration)) {
      events.push({ atMs, device, action: 'clock-jump', deltaMs: jumps.int(-options.clockJumpMaxMs, options.clockJumpMaxMs) });
    }
    for (const atMs of arrivals(stream(SCHEDULE_STREAMS.backups(device)), options.backupsPerHour, duration)) {
      events.push({ atMs, device, action: 'backup' });
    }
    // Only when asked for, so a run without it draws nothing from the stream (and keeps its trace).
    if (options.adminActionsPerHour > 0) {
      for (const atMs of arrivals(stream(SCHEDULE_STREAMS.adminActions(device)), options.adminActionsPerHour, duration)) {
        events.push({ atMs, device, action: 'admin', adminAction: 'backup-admin' });
      }
    }
    // Off by default: no stream is drawn, so runs without probes keep their schedules.
    if (options.userInputProbesPerHour > 0) {
      const probes = stream(SCHEDULE_STREAMS.inputProbes(device));
      for (const atMs of arrivals(probes, options.userInputProbesPerHour, duration)) events.push({ atMs, device, action: 'input-probe', probe: probes.pick(INPUT_PROBES) });
    }
    // A renewal while the device's next request (of any kind) is on the wire; half of them rotate (the old session ends).
    if (options.relativeRenewalsPerHour > 0) {
      const renewals = stream(SCHEDULE_STREAMS.relativeRenewals(device));
      for (const atMs of arrivals(renewals, options.relativeRenewalsPerHour, duration)) {
        events.push({ atMs, device, action: 'on', when: 'request-in-flight', then: renewals.chance(50) ? { device, action: 'token-renew', rotate: true } : { device, action: 'token-renew' } });
      }
    }
    // A sign-out (or one-session revoke) in the very instant the device's next request reaches the server, before it is handled.
    if (options.relativeSignOutsPerHour > 0) {
      const signOuts = stream(SCHEDULE_STREAMS.relativeSignOuts(device));
      for (const atMs of arrivals(signOuts, options.relativeSignOutsPerHour, duration)) {
        events.push({ atMs, device, action: 'on', when: 'request-at-server', then: signOuts.chance(50) ? { device, action: 'token-expire', scope: 'session' } : { device, action: 'token-expire' } });
      }
    }
    // A crash while the device's next backup or admin request is on the wire (its snapshot then holds the
    // action in flight), and the usual restart; if the moment has not come by then the restart is a
    // schedule-skip and the heal restarts the device.
    if (options.actionCrashesPerHour > 0) {
      for (const atMs of arrivals(stream(SCHEDULE_STREAMS.actionCrashes(device)), options.actionCrashesPerHour, duration)) {
        events.push({ atMs, device, action: 'on', when: 'action-in-flight', then: { device, action: 'crash', point: 'now' } });
        const restartAt = atMs + options.restartDelayMs;
        if (restartAt < duration) events.push({ atMs: restartAt, device, action: 'restart' });
      }
    }
    if (options.relativeFaultsPerHour > 0) {
      const faults = stream(SCHEDULE_STREAMS.relativeFaults(device));
      for (const atMs of arrivals(faults, options.relativeFaultsPerHour, duration)) {
        const when = faults.pick(DRAWN_TRIGGER_MOMENTS);
        events.push({ atMs, device, action: 'on', when, then: relativeFault(faults, device, options) });
      }
    }
  }

  // Network-wide faults.
  const members = [...devices, 'server'];
  const partitions = stream(SCHEDULE_STREAMS.partitions);
  for (const atMs of arrivals(partitions, options.partitionsPerHour, duration)) {
    const side = members.filter(() => partitions.chance(50));
    const other = members.filter((m) => !side.includes(m));
    if (side.length === 0 || other.length === 0) continue;
    events.push({ atMs, action: 'partition', groups: [side, other] });
    const healAt = atMs + options.partitionDurationMs;
    if (healAt < duration) events.push({ atMs: healAt, action: 'partition-heal' });
  }
  for (const atMs of arrivals(stream(SCHEDULE_STREAMS.serverOutages), options.serverOutagesPerHour, duration)) {
    events.push({ atMs, action: 'server-outage', durationMs: options.serverOutageDurationMs });
  }
  // Off by default: no stream is drawn, so runs without restarts keep their schedules.
  if (options.serverRestartsPerHour > 0) {
    for (const atMs of arrivals(stream(SCHEDULE_STREAMS.serverRestarts), options.serverRestartsPerHour, duration)) events.push({ atMs, action: 'server-restart' });
  }

  // Stable sort: events at the same ms keep generation order.
  events.sort((a, b) => a.atMs - b.atMs);
  return { devices, initialModes, clocks: clockPlan, events };
}
