/**
 * Device swimlanes: which devices exist, their connectivity over time, when they were down (crash to
 * restart), their local writes, their clock offset, and the run's global fault bands (server outage,
 * partitions, phases). Everything the lanes draw, derived from the trace alone.
 */
import type { Mode, TraceEvent } from '../../../src/trace/events.ts';

export interface Band<T> {
  device: string;
  from: number;
  to: number;
  value: T;
}
export interface Crash {
  device: string;
  crashAt: number;
  /** null: never restarted before the end of the run. */
  restartAt: number | null;
  point: string;
  i: number;
}
export interface WriteMark {
  device: string;
  t: number;
  i: number;
  op: 'create' | 'edit' | 'delete';
  recordId: string;
  ok: boolean;
}
export interface ClockPoint {
  t: number;
  offsetMs: number;
  jump: boolean;
}
export interface GlobalBand {
  from: number;
  to: number;
  label: string;
}
export interface Lanes {
  devices: string[];
  start: number;
  end: number;
  connectivity: Band<Mode>[];
  crashes: Crash[];
  writes: WriteMark[];
  clock: Map<string, ClockPoint[]>;
  outages: GlobalBand[];
  /** Server restarts (an instant: connections reset, nothing durable lost), with their trace index. */
  serverRestarts: { t: number; i: number }[];
  partitions: GlobalBand[];
  phases: GlobalBand[];
}

/** Devices named by run-start, then any others in order of first appearance. */
export function deviceIds(events: readonly TraceEvent[]): string[] {
  const seen = new Set<string>();
  const first = events[0];
  if (first?.kind === 'run-start') for (const d of first.devices) seen.add(d);
  for (const e of events) if ('device' in e && typeof e.device === 'string' && e.device !== 'server') seen.add(e.device);
  return [...seen];
}

/**
 * `known` gives what the caller already has (the columnar path: devices, the run's span and the
 * writes come from columns, and `events` holds only the kinds the lanes need).
 */
export function deriveLanes(events: readonly TraceEvent[], known?: { devices: string[]; start: number; end: number; writes: WriteMark[] }): Lanes {
  const devices = known?.devices ?? deviceIds(events);
  const start = known?.start ?? events[0]?.t ?? 0;
  const end = known?.end ?? events.at(-1)?.t ?? start;
  const connectivity: Band<Mode>[] = [];
  const openMode = new Map<string, { from: number; value: Mode }>();
  const crashes: Crash[] = [];
  const openCrash = new Map<string, Crash>();
  const writes: WriteMark[] = known ? known.writes : [];
  const clock = new Map<string, ClockPoint[]>(devices.map((d) => [d, []]));
  const outages: GlobalBand[] = [];
  const serverRestarts: { t: number; i: number }[] = [];
  const partitions: GlobalBand[] = [];
  const phases: GlobalBand[] = [];
  let outageFrom: number | null = null;
  let partition: { from: number; label: string } | null = null;
  let phase: { from: number; label: string } | null = null;

  for (const e of events) {
    switch (e.kind) {
      case 'connectivity': {
        const open = openMode.get(e.device);
        if (open && open.value === e.mode) break;
        if (open && e.t > open.from) connectivity.push({ device: e.device, from: open.from, to: e.t, value: open.value });
        openMode.set(e.device, { from: e.t, value: e.mode });
        break;
      }
      case 'crash': {
        const crash: Crash = { device: e.device, crashAt: e.t, restartAt: null, point: e.point, i: e.i };
        crashes.push(crash);
        openCrash.set(e.device, crash);
        break;
      }
      case 'restart': {
        const crash = openCrash.get(e.device);
        if (crash) crash.restartAt = e.t;
        openCrash.delete(e.device);
        break;
      }
      case 'local-write':
        if (!known) writes.push({ device: e.device, t: e.t, i: e.i, op: e.op, recordId: e.recordId, ok: e.ok });
        break;
      case 'clock': {
        let points = clock.get(e.device);
        if (!points) clock.set(e.device, (points = []));
        points.push({ t: e.t, offsetMs: e.offsetMs, jump: e.jump === true });
        break;
      }
      case 'server':
        if (e.state === 'restart') serverRestarts.push({ t: e.t, i: e.i });
        if (e.state === 'outage' && outageFrom === null) outageFrom = e.t;
        if (e.state === 'up' && outageFrom !== null) {
          outages.push({ from: outageFrom, to: e.t, label: 'server outage' });
          outageFrom = null;
        }
        break;
      case 'partition':
        if (partition) partitions.push({ from: partition.from, to: e.t, label: partition.label });
        partition = e.groups.length === 0 ? null : { from: e.t, label: `partition ${e.groups.map((g) => g.join('+')).join(' | ')}` };
        break;
      case 'phase':
        if (phase) phases.push({ from: phase.from, to: e.t, label: phase.label });
        phase = { from: e.t, label: e.phase };
        break;
      default:
        break;
    }
  }
  for (const [device, open] of openMode) connectivity.push({ device, from: open.from, to: end, value: open.value });
  if (outageFrom !== null) outages.push({ from: outageFrom, to: end, label: 'server outage' });
  if (partition) partitions.push({ from: partition.from, to: end, label: partition.label });
  if (phase) phases.push({ from: phase.from, to: end, label: phase.label });
  return { devices, start, end, connectivity, crashes, writes, clock, outages, serverRestarts, partitions, phases };
}
