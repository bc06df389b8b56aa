/**
 * `recordReconciler`: wraps any `Reconciler` (this project's or another engine behind the same
 * interface) so every call an app makes is logged with the recorder kit in the trace format, outside
 * the simulator. Writes log the write and the read that follows it; `poll` logs the request sent;
 * `receive` logs the response arriving, each record it changed (merge) and each new conflict entry;
 * `fail`, connectivity and token changes are logged as they happen. The app logs what the device
 * cannot see (the server side: `server-apply`) through the kit itself, and calls `kit.end` at the end.
 */
// @ts-nocheck

import type { RecordVersion } from '../core/record.ts';
import { encodeStamp } from '../core/stamp.ts';
import type { SyncResponse } from '../core/wire.ts';
import type { TraceVersion } from '../trace/events.ts';
import type { TraceRecorderKit } from '../trace/recorder-kit.ts';
import type { SyncReconciler } from '../reconciler/types.ts';

export function traceVersionOf(v: RecordVersion): TraceVersion {
  return { id: v.id, stamp: encodeStamp(v.stamp), deleted: v.deleted, fields: v.fields as TraceVersion['fields'], opId: v.opId };
}

/** `nowUs`: the app's clock for the trace, µs since the session started (monotonic). */
export function recordReconciler(engine: SyncReconciler, kit: TraceRecorderKit, nowUs: () => number): SyncReconciler {
  const device = engine.deviceId;
  let conflictsSeen = conflictTotal(engine);
  let depth = engine.status().pendingOps;
  kit.record(nowUs(), { kind: 'connectivity', device, mode: engine.status().connectivity });

  const outbox = (): void => {
    const now = engine.status().pendingOps;
    if (now !== depth) kit.record(nowUs(), { kind: 'outbox', device, depth: now });
    depth = now;
  };
  const newConflicts = (): void => {
    const total = conflictTotal(engine);
    const fresh = engine.conflicts().slice(Math.max(0, engine.conflicts().length - (total - conflictsSeen)));
    conflictsSeen = total;
    for (const c of fresh) {
      kit.record(nowUs(), { kind: 'conflict', device, recordId: c.recordId, winner: encodeStamp(c.winner), loser: encodeStamp(c.loser), rule: c.rule, outcome: c.outcome });
    }
  };
  const write = (op: 'create' | 'edit' | 'delete', recordId: string, wallMs: number, call: () => RecordVersion): RecordVersion => {
    let version: RecordVersion;
    try {
      version = call();
    } catch (error) {
      kit.record(nowUs(), { kind: 'local-write', device, op, recordId, ok: false, error: error instanceof Error ? error.message : String(error), wallMs });
      throw error;
    }
    kit.record(nowUs(), { kind: 'local-write', device, op, recordId: version.id, ok: true, version: traceVersionOf(version), wallMs });
    const seen = engine.read(version.id) ?? engine.versions().find((v) => v.id === version.id);
    kit.record(nowUs(), { kind: 'local-read', device, recordId: version.id, version: seen ? traceVersionOf(seen) : null, ok: true });
    outbox();
    return version;
  };

  return {
    deviceId: device,
    create: (fields, wallMs) => write('create', '(new)', wallMs, () => engine.create(fields, wallMs)),
    edit: (id, fields, wallMs) => write('edit', id, wallMs, () => engine.edit(id, fields, wallMs)),
    delete: (id, wallMs) => write('delete', id, wallMs, () => engine.delete(id, wallMs)),
    read: (id) => {
      const v = engine.read(id);
      kit.record(nowUs(), { kind: 'local-read', device, recordId: id, version: v ? traceVersionOf(v) : null, ok: true });
      return v;
    },
    list: () => engine.list(),
    versions: () => engine.versions(),
    poll: (nowMs) => {
      const request = engine.poll(nowMs);
      if (request !== undefined) kit.send(nowUs(), { from: device, to: 'server', type: request.type, requestId: request.requestId, payload: request });
      return request;
    },
    receive: (response: SyncResponse, nowMs) => {
      const id = kit.send(nowUs(), { from: 'server', to: device, type: 'response', requestId: response.requestId, payload: response });
      kit.deliver(nowUs(), id, device);
      const touched = response.type === 'pull' && 'ops' in response && Array.isArray(response.ops) ? response.ops : [];
      const before = new Map(engine.versions().map((v) => [v.id, v.opId]));
      engine.receive(response, nowMs);
      const after = new Map(engine.versions().map((v) => [v.id, v]));
      const last = new Map<string, string>();
      for (const op of touched) last.set(op.recordId, op.opId);
      for (const [recordId, opId] of last) {
        const now = after.get(recordId);
        const applied = now !== undefined && before.get(recordId) !== now.opId;
        kit.record(nowUs(), { kind: 'merge', device, recordId, opId, applied, version: now ? traceVersionOf(now) : null });
      }
      newConflicts();
      outbox();
    },
    fail: (requestId, reason, nowMs) => {
      kit.record(nowUs(), { kind: 'request-fail', device, requestId, reason });
      engine.fail(requestId, reason, nowMs);
    },
    nextWakeMs: (nowMs) => engine.nextWakeMs(nowMs),
    setConnectivity: (mode, nowMs) => {
      kit.record(nowUs(), { kind: 'connectivity', device, mode });
      engine.setConnectivity(mode, nowMs);
    },
    setToken: (token, nowMs) => {
      kit.record(nowUs(), { kind: 'token', device, state: 'renewed' });
      engine.setToken(token, nowMs);
    },
    requestBackup: (nowMs) => engine.requestBackup(nowMs),
    requestAdmin: (action, nowMs) => engine.requestAdmin(action, nowMs),
    status: () => engine.status(),
    conflicts: () => engine.conflicts(),
    conflictsTotal: () => conflictTotal(engine),
    save: () => engine.save(),
  };
}

function conflictTotal(r: SyncReconciler): number {
  return typeof r.conflictsTotal === 'function' ? r.conflictsTotal() : r.conflicts().length;
}
