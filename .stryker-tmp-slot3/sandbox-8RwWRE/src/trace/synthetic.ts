/**
 * Large synthetic traces (any number of events) for the canvas path and the browser benchmark. Shaped
 * like a simulator run: devices flapping between online/intermittent/offline, writes into an outbox,
 * pushes and pulls to the server (some lost, some duplicated), merges, conflicts, clock samples, a
 * crash now and then, and a run-end that matches what the replicas hold. Deterministic (an LCG), so a
 * benchmark measures the same trace every time.
 */
// @ts-nocheck

import type { Mode, TraceEvent, TraceVersion } from './events.ts';

export interface SyntheticOptions {
  events: number;
  devices?: number;
  records?: number;
  seed?: number;
}

export function syntheticTrace(options: SyntheticOptions): TraceEvent[] {
  const deviceCount = options.devices ?? 5;
  const recordCount = options.records ?? 200;
  let state = (options.seed ?? 1) >>> 0 || 1;
  const rand = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const devices = Array.from({ length: deviceCount }, (_, k) => `d${k}`);
  const replicas = new Map(devices.map((d) => [d, new Map<string, TraceVersion>()]));
  const out: TraceEvent[] = [];
  let t = 0;
  const push = (e: Record<string, unknown>) => out.push({ i: out.length, t, ...e } as unknown as TraceEvent);
  const limit = Math.max(8, options.events) - 2;
  push({ kind: 'run-start', seed: options.seed ?? 1, devices, stampMode: 'hlc', reconciler: 'synthetic', options: { synthetic: true, events: options.events } });
  push({ kind: 'phase', phase: 'fault' });
  for (const d of devices) push({ kind: 'connectivity', device: d, mode: 'online' });
  let msg = 0;
  let op = 0;
  const outbox = new Map(devices.map((d) => [d, 0]));
  const mode = new Map<string, Mode>(devices.map((d) => [d, 'online']));
  const crashed = new Set<string>();
  let healed = false;
  while (out.length < limit) {
    t += 1000 + rand(40_000);
    if (!healed && out.length > limit * 0.8) {
      healed = true;
      push({ kind: 'phase', phase: 'heal' });
      for (const d of devices) if (mode.get(d) !== 'online') (mode.set(d, 'online'), push({ kind: 'connectivity', device: d, mode: 'online' }));
      continue;
    }
    const device = devices[rand(deviceCount)]!;
    const roll = rand(100);
    if (crashed.has(device)) {
      crashed.delete(device);
      push({ kind: 'restart', device, versions: [...replicas.get(device)!.values()].slice(0, 3), pendingOps: outbox.get(device) });
      continue;
    }
    if (!healed && roll < 4) {
      const next: Mode = (['online', 'intermittent', 'offline'] as const)[rand(3)]!;
      mode.set(device, next);
      push({ kind: 'connectivity', device, mode: next });
    } else if (roll < 8) {
      push({ kind: 'clock', device, offsetMs: rand(2000) - 1000, jump: rand(10) === 0 });
    } else if (!healed && roll < 9) {
      crashed.add(device);
      push({ kind: 'crash', device, point: 'idle' });
    } else if (roll < 50) {
      const recordId = `r${rand(recordCount)}`;
      const kindRoll = rand(10);
      const held = replicas.get(device)!.get(recordId);
      const opName = !held ? 'create' : kindRoll === 0 ? 'delete' : 'edit';
      const version: TraceVersion = { id: recordId, stamp: `${String(1_700_000_000_000 + t / 1000).padStart(15, '0')}.${String(op % 1e8).padStart(8, '0')}.${device}`, deleted: opName === 'delete', fields: opName === 'delete' ? {} : { title: `note ${op}` }, opId: `${device}:${++op}` };
      replicas.get(device)!.set(recordId, version);
      push({ kind: 'local-write', device, op: opName, recordId, ok: true, version, wallMs: Math.round(t / 1000) });
      outbox.set(device, outbox.get(device)! + 1);
      push({ kind: 'outbox', device, depth: outbox.get(device) });
    } else {
      // A push or pull round trip with the server.
      const id = `m${++msg}`;
      const type = outbox.get(device)! > 0 ? 'push' : 'pull';
      push({ kind: 'msg-send', msgId: id, from: device, to: 'server', type, requestId: `${device}/q${msg}`, bytes: 200, payload: null, senderMode: mode.get(device) });
      t += 5000 + rand(60_000);
      if (mode.get(device) !== 'online' && !healed) {
        push({ kind: 'msg-drop', msgId: id, reason: mode.get(device) === 'offline' ? 'offline' : 'loss' });
        continue;
      }
      push({ kind: 'msg-deliver', msgId: id, to: 'server' });
      const reply = `m${++msg}`;
      push({ kind: 'msg-send', msgId: reply, from: 'server', to: device, type: 'response', requestId: `${device}/q${msg - 1}`, bytes: 400, payload: null, senderMode: 'online' });
      if (rand(20) === 0) push({ kind: 'msg-duplicate', msgId: reply, copyId: `${reply}.1` });
      t += 5000 + rand(60_000);
      push({ kind: 'msg-deliver', msgId: reply, to: device });
      if (type === 'push') {
        outbox.set(device, 0);
        push({ kind: 'outbox', device, depth: 0 });
      } else {
        // Pull in another device's latest version of a record.
        const source = devices[rand(deviceCount)]!;
        const recordId = `r${rand(recordCount)}`;
        const version = replicas.get(source)!.get(recordId);
        if (version && source !== device) {
          const held = replicas.get(device)!.get(recordId);
          const applied = !held || version.stamp > held.stamp;
          if (held && held.stamp !== version.stamp) {
            const [winner, loser] = applied ? [version, held] : [held, version];
            push({ kind: 'conflict', device, recordId, winner: winner.stamp, loser: loser.stamp, rule: 'lww', outcome: applied ? 'remote-won' : 'local-kept' });
          }
          if (applied) replicas.get(device)!.set(recordId, version);
          push({ kind: 'merge', device, recordId, opId: version.opId, applied, version: replicas.get(device)!.get(recordId) ?? null });
        }
      }
    }
  }
  t += 1000;
  const final: Record<string, TraceVersion[]> = {};
  for (const [d, r] of replicas) final[d] = [...r.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  push({ kind: 'run-end', replicas: final, serverLog: [], converged: false, convergedAt: null });
  return out;
}
