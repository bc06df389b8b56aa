/**
 * The state the parts of one world share: the options, the one event queue, the trace recorder, the
 * server, the network, the devices, and virtual time. The loop (world.ts), the device host (host.ts)
 * and the transport (transport.ts) each hold the same context object.
 */
import type { EventQueue } from './event-queue.ts';
import type { NetworkModel } from './network.ts';
import type { SimOptions } from './options.ts';
import type { Outgoing, ServerPort } from './server-port.ts';
import type { TraceRecorder } from './recorder.ts';
import type { JournalFields, ScheduleEvent } from './schedule.ts';
import type { SimDevice } from './sim-device.ts';

export const ACCOUNT_ID = 'acct-1';

/** Everything that can sit on the event queue. */
export type SimEvent =
  | { k: 'schedule'; e: ScheduleEvent }
  | { k: 'deliver-request'; msgId: string; device: string; request: Outgoing }
  /** `request`: the request it answers (its id and kind). */
  | { k: 'deliver-response'; msgId: string; device: string; response: unknown; request: Outgoing }
  | { k: 'timeout'; device: string; requestId: string; reason: 'timeout' | 'no-link' }
  | { k: 'wake'; device: string; gen: number }
  | { k: 'flap'; device: string; gen: number }
  | { k: 'lifecycle-timer'; id: number }
  | { k: 'clock-sample' }
  | { k: 'server-up' }
  | { k: 'heal' }
  | { k: 'quiet-check' }
  /** The account-deletion epilogue's session renewal (deletion-epilogue.ts). */
  | { k: 'epilogue-renew'; device: string }
  /** A user reacting to a pull: edits the record it changed, in the same instant (editAfterPullPercent; pull-reactions.ts). */
  | { k: 'react-edit'; device: string; recordId: string; fields: JournalFields }
  /** A user writing a new entry in the instant a pull changed something (createAfterPullPercent); `ref` is the simulator's own. */
  | { k: 'react-create'; device: string; ref: string; fields: JournalFields };

export interface SimContext {
  readonly options: SimOptions;
  readonly queue: EventQueue<SimEvent>;
  readonly recorder: TraceRecorder;
  /** The server: the engine's own or the built-in one, behind the server seam. */
  readonly server: ServerPort;
  readonly network: NetworkModel;
  readonly devices: ReadonlyMap<string, SimDevice>;
  /** Virtual time, µs since the start of the run. */
  nowUs: number;
  /** When a replica last changed (a write, an applied merge, a restore): the convergence time. */
  lastChangeUs: number;
  /** The heal has happened: no more faults, no link flaps, no app-side token renewals. */
  healed: boolean;
}

export function deviceOf(ctx: SimContext, id: string): SimDevice {
  const device = ctx.devices.get(id);
  if (!device) throw new Error(`sim/world: unknown device ${id}`);
  return device;
}

/** The device's own clock reading (what its reconciler is told the time is). */
export function deviceMs(ctx: SimContext, device: SimDevice): number {
  return device.clock.readMs(ctx.nowUs);
}

/** Virtual time in whole ms (what the server is told the time is). */
export function nowMs(ctx: SimContext): number {
  return Math.floor(ctx.nowUs / 1000);
}
