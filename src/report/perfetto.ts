/**
 * A trace in the Chrome trace event format (JSON object form), which the Perfetto UI
 * (ui.perfetto.dev) and chrome://tracing open: one process per device and one for the server,
 * connectivity as slices, user writes and faults as instants, outbox depth and divergence as
 * counters, messages as flows from the send to the delivery. Timestamps are the trace's virtual µs.
 */
import type { TraceEvent } from '../trace/events.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';

export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'i' | 'C' | 's' | 'f' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  s?: 'g' | 'p' | 't';
  id?: string;
  bp?: 'e';
  cat?: string;
  args?: Record<string, unknown>;
}

const SERVER_PID = 1;
/** Threads inside each process. */
const TID = { connectivity: 1, user: 2, network: 3, faults: 4 } as const;
/** The length of a send or delivery slice (flows bind to slices; 1 µs keeps them visible, not overlapping). */
const POINT_US = 1;

export function toChromeTrace(trace: readonly TraceEvent[]): { traceEvents: ChromeTraceEvent[]; displayTimeUnit: 'ms'; otherData: Record<string, unknown> } {
  const out: ChromeTraceEvent[] = [];
  const start = trace[0]?.kind === 'run-start' ? trace[0] : undefined;
  const devices = start?.devices ?? [];
  const pidOf = new Map<string, number>([['server', SERVER_PID], ...devices.map((d, k): [string, number] => [d, k + 2])]);
  const pid = (who: string): number => {
    let p = pidOf.get(who);
    if (p === undefined) {
      p = pidOf.size + 1;
      pidOf.set(who, p);
    }
    return p;
  };
  const endT = trace.at(-1)?.t ?? 0;
  const openMode = new Map<string, { mode: string; t: number }>();
  const closeMode = (device: string, t: number): void => {
    const open = openMode.get(device);
    if (open) out.push({ name: open.mode, cat: 'connectivity', ph: 'X', pid: pid(device), tid: TID.connectivity, ts: open.t, dur: Math.max(0, t - open.t) });
    openMode.delete(device);
  };
  // Divergence: records whose visible stamp is not the same on every device.
  const visible = new Map<string, Map<string, string | null>>();
  const divergent = new Set<string>();
  const see = (device: string, recordId: string, stamp: string | null, t: number): void => {
    let byDevice = visible.get(recordId);
    if (!byDevice) visible.set(recordId, (byDevice = new Map()));
    byDevice.set(device, stamp);
    const stamps = new Set(devices.map((d) => byDevice.get(d) ?? null));
    const before = divergent.size;
    if (stamps.size > 1) divergent.add(recordId);
    else divergent.delete(recordId);
    if (divergent.size !== before) out.push({ name: 'divergent records', ph: 'C', pid: SERVER_PID, tid: 0, ts: t, args: { records: divergent.size } });
  };
  const sends = new Map<string, { from: string; type: string }>();

  for (const e of trace) {
    switch (e.kind) {
      case 'connectivity':
        closeMode(e.device, e.t);
        openMode.set(e.device, { mode: e.mode, t: e.t });
        break;
      case 'local-write':
        out.push({ name: `${e.op} ${e.recordId}${e.ok ? '' : ' (refused)'}`, cat: 'write', ph: 'i', s: 't', pid: pid(e.device), tid: TID.user, ts: e.t, args: { ok: e.ok, ...(e.error ? { error: e.error } : {}) } });
        if (e.ok && e.version) see(e.device, e.recordId, e.version.deleted ? null : e.version.stamp, e.t);
        break;
      case 'merge':
        if (e.applied) see(e.device, e.recordId, e.version && !e.version.deleted ? e.version.stamp : null, e.t);
        break;
      case 'restart':
        for (const v of e.versions) see(e.device, v.id, v.deleted ? null : v.stamp, e.t);
        out.push({ name: 'restart', cat: 'fault', ph: 'i', s: 'p', pid: pid(e.device), tid: TID.faults, ts: e.t, args: { pendingOps: e.pendingOps } });
        break;
      case 'outbox':
        out.push({ name: 'outbox depth', ph: 'C', pid: pid(e.device), tid: 0, ts: e.t, args: { depth: e.depth } });
        break;
      case 'msg-send': {
        sends.set(e.msgId, { from: e.from, type: e.type });
        const slice = { name: `send ${e.type}`, cat: 'message', ph: 'X' as const, pid: pid(e.from), tid: TID.network, ts: e.t, dur: POINT_US, args: { msgId: e.msgId, to: e.to, bytes: e.bytes } };
        out.push(slice, { name: e.type, cat: 'message', ph: 's', id: e.msgId, pid: slice.pid, tid: TID.network, ts: e.t });
        break;
      }
      case 'msg-duplicate': {
        // The network copied a message in flight: the copy is a flow of its own, from where the copy was made.
        const sent = sends.get(e.msgId);
        if (!sent) break;
        sends.set(e.copyId, sent);
        out.push({ name: `duplicate ${sent.type}`, cat: 'message', ph: 'X', pid: pid(sent.from), tid: TID.network, ts: e.t, dur: POINT_US, args: { msgId: e.msgId, copyId: e.copyId } });
        out.push({ name: sent.type, cat: 'message', ph: 's', id: e.copyId, pid: pid(sent.from), tid: TID.network, ts: e.t });
        break;
      }
      case 'msg-deliver': {
        const sent = sends.get(e.msgId);
        if (!sent) break;
        out.push({ name: `receive ${sent.type}`, cat: 'message', ph: 'X', pid: pid(e.to), tid: TID.network, ts: e.t, dur: POINT_US, args: { msgId: e.msgId, from: sent.from } });
        out.push({ name: sent.type, cat: 'message', ph: 'f', bp: 'e', id: e.msgId, pid: pid(e.to), tid: TID.network, ts: e.t });
        break;
      }
      case 'msg-drop':
        out.push({ name: `drop (${e.reason})`, cat: 'message', ph: 'i', s: 'p', pid: pid(sends.get(e.msgId)?.from ?? 'server'), tid: TID.network, ts: e.t, args: { msgId: e.msgId } });
        break;
      case 'answer-damage':
        out.push({ name: `answer damaged (${e.damage})`, cat: 'fault', ph: 'i', s: 'p', pid: pid(e.device), tid: TID.faults, ts: e.t, args: { msgId: e.msgId, opId: e.opId, seq: e.seq } });
        break;
      case 'crash':
        out.push({ name: `crash (${e.point})`, cat: 'fault', ph: 'i', s: 'p', pid: pid(e.device), tid: TID.faults, ts: e.t });
        break;
      case 'token':
        out.push({ name: `token ${e.state}`, cat: 'fault', ph: 'i', s: 't', pid: pid(e.device), tid: TID.faults, ts: e.t });
        break;
      case 'clock':
        if (e.jump) out.push({ name: 'clock jump', cat: 'fault', ph: 'i', s: 't', pid: pid(e.device), tid: TID.faults, ts: e.t, args: { offsetMs: e.offsetMs } });
        break;
      case 'server':
        out.push({ name: `server ${e.state}`, cat: 'fault', ph: 'i', s: 'g', pid: SERVER_PID, tid: TID.faults, ts: e.t });
        break;
      case 'partition':
        out.push({ name: e.groups.length === 0 ? 'partition healed' : 'partition', cat: 'fault', ph: 'i', s: 'g', pid: SERVER_PID, tid: TID.faults, ts: e.t, args: { groups: e.groups } });
        break;
      case 'conflict':
        out.push({ name: `conflict ${e.recordId} (${e.outcome})`, cat: 'merge', ph: 'i', s: 't', pid: pid(e.device), tid: TID.user, ts: e.t, args: { winner: e.winner, loser: e.loser, rule: e.rule } });
        break;
      case 'engine-error':
        out.push({ name: `engine error in ${e.call}`, cat: 'fault', ph: 'i', s: 'p', pid: pid(e.device), tid: TID.faults, ts: e.t, args: { message: e.message } });
        break;
      default:
        break;
    }
  }
  for (const device of [...openMode.keys()]) closeMode(device, endT);

  const meta: ChromeTraceEvent[] = [];
  for (const [who, p] of pidOf) {
    meta.push({ name: 'process_name', ph: 'M', pid: p, tid: 0, args: { name: who === 'server' ? 'server' : `device ${who}` } });
    meta.push({ name: 'process_sort_index', ph: 'M', pid: p, tid: 0, args: { sort_index: p } });
    for (const [thread, tid] of Object.entries(TID)) meta.push({ name: 'thread_name', ph: 'M', pid: p, tid, args: { name: thread } });
  }
  return { traceEvents: [...meta, ...out], displayTimeUnit: 'ms', otherData: { source: 'sync-lab', seed: start?.seed ?? null, reconciler: start?.reconciler ?? null } };
}

/** Written whole (temporary file + rename). */
export function writePerfetto(path: string, trace: readonly TraceEvent[]): void {
  writeTextAtomic(path, `${JSON.stringify(toChromeTrace(trace))}\n`);
}
