/**
 * The clock-rewind fault (clockRewindPercent, crashAfterRewindPercent): a device's wall clock goes
 * back to the reading it had at its own latest write of the record it is about to edit again.
 * Random backward jumps almost never land on that very millisecond; this one does, on purpose:
 * - half the rewinds land on that reading itself: the new write is made in the same device millisecond
 *   as the version the device holds (a `wall` clock reads it again; its stamp must still differ from,
 *   and rank above, that version's);
 * - half land one clock step below it: the new write reads earlier than the version it edits (in
 *   `wall` mode it is stamped below it, so the engine must remember the held version and let it win
 *   once it syncs); after half of those edits the user edits the record again at once, its clock one
 *   more step below (two writes stamped one below the other before any pull).
 * After a rewound write, in `crashAfterRewindPercent` of them the device crashes at once and restarts
 * (a crash `now`, then a restart), so what it must remember has to survive its durable snapshot.
 * The jump is a `clock` event with `jump: true`, like every clock jump; crash and restart are their
 * usual events. Each device draws from streams of its own (`faults/clock-rewind/<device>`,
 * `faults/crash-after-rewind/<device>`); a knob at 0 draws nothing and changes no trace.
 */
import type { Step } from './engine-call.ts';
import type { DeviceHost, Skip } from './host.ts';
import { RandomStream } from './random.ts';
import type { ScheduleEvent } from './schedule.ts';
import { deviceMs } from './sim-context.ts';
import type { SimContext } from './sim-context.ts';
import type { SimDevice } from './sim-device.ts';

type UserAction = Extract<ScheduleEvent, { action: 'create' | 'edit' | 'delete' | 'read' }>;

export const CLOCK_REWIND_STREAMS = {
  rewind: (device: string) => `faults/clock-rewind/${device}`,
  crash: (device: string) => `faults/crash-after-rewind/${device}`,
};

export class ClockRewind {
  /** (device, record id) to the clock reading the engine was handed at the device's latest write of it. */
  private readonly lastWriteMs = new Map<string, number>();
  private readonly streams = new Map<string, RandomStream>();

  /** A user action, with the fault around it: maybe a rewind before, the write's reading noted after, maybe a second rewound edit, maybe a crash. */
  *userAction(ctx: SimContext, host: DeviceHost, device: SimDevice, e: UserAction, refs: Map<string, string>): Step<Skip | undefined> {
    const { options } = ctx;
    if (options.clockRewindPercent <= 0) return yield* host.userAction(device, e, refs);
    const recordId = refs.get(e.ref);
    const earlier = recordId === undefined ? undefined : this.lastWriteMs.get(`${device.id}\u0000${recordId}`);
    let rewound: 'same' | 'below' | undefined;
    if ((e.action === 'edit' || e.action === 'delete') && earlier !== undefined && device.reconciler) {
      const rng = this.stream(ctx, CLOCK_REWIND_STREAMS.rewind(device.id));
      if (rng.chance(options.clockRewindPercent)) {
        rewound = rng.chance(50) ? 'same' : 'below';
        if (!this.rewindTo(ctx, device, rewound === 'same' ? earlier : earlier - device.clock.stepMs)) rewound = undefined;
      }
    }
    const skip = yield* this.act(ctx, host, device, e, refs);
    if (!rewound || skip || !device.reconciler) return skip;
    const written = this.lastWriteMs.get(`${device.id}\u0000${recordId}`);
    // A second edit at once, a step below the first: the record's two writes before any pull, stacked.
    if (rewound === 'below' && e.action === 'edit' && written !== undefined && this.stream(ctx, CLOCK_REWIND_STREAMS.rewind(device.id)).chance(50)) {
      if (this.rewindTo(ctx, device, written - device.clock.stepMs)) {
        const again = yield* this.act(ctx, host, device, e, refs);
        if (again) host.skip(device, e, again);
      }
    }
    if (options.crashAfterRewindPercent > 0 && device.reconciler && device.life.canCrash('now')) {
      if (this.stream(ctx, CLOCK_REWIND_STREAMS.crash(device.id)).chance(options.crashAfterRewindPercent)) {
        yield* host.crash(device, 'now');
        yield* host.restart(device);
      }
    }
    return skip;
  }

  /** The action itself; each successful local write of this device notes the reading it was handed. */
  private *act(ctx: SimContext, host: DeviceHost, device: SimDevice, e: UserAction, refs: Map<string, string>): Step<Skip | undefined> {
    const { recorder } = ctx;
    const from = recorder.trace.length;
    const skip = yield* host.userAction(device, e, refs);
    for (let n = from; n < recorder.trace.length; n++) {
      const x = recorder.trace[n]!;
      if (x.kind === 'local-write' && x.ok && x.device === device.id && x.version) this.lastWriteMs.set(`${device.id}\u0000${x.version.id}`, x.wallMs);
    }
    return skip;
  }

  /** Jumps the device clock so that it reads `targetMs` now; false when it already does (or cannot, below zero). */
  private rewindTo(ctx: SimContext, device: SimDevice, targetMs: number): boolean {
    if (targetMs < 0 || deviceMs(ctx, device) === targetMs) return false;
    let delta = device.clock.deltaTo(targetMs, ctx.nowUs);
    device.clock.jump(delta);
    // Float rounding of the offset sum can leave the reading a millisecond off: correct it once.
    const off = device.clock.deltaTo(targetMs, ctx.nowUs);
    if (off !== 0) device.clock.jump(off);
    delta += off;
    ctx.recorder.emit({ kind: 'clock', device: device.id, ...device.clock.sample(ctx.nowUs, true) });
    return delta !== 0;
  }

  private stream(ctx: SimContext, name: string): RandomStream {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = new RandomStream(ctx.options.seed, name);
      this.streams.set(name, rng);
    }
    return rng;
  }
}
