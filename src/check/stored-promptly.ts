/**
 * stored-promptly (liveness, off unless the run sets `storedWithinBoundMs`): while a device's link
 * is stably up, a write the user makes reaches the server within the bound. An engine that holds a
 * lone write back (debouncing, waiting for a batch to fill) converges in the end and passes every
 * other checker; this one times each write from its local-write to the server-apply that stored it.
 *
 * Judged only where nothing but the engine can delay the op, so a correct engine never gets a false
 * red: at the write the device is online (not intermittent: its flaps are not in the trace), running,
 * with a valid token, able to reach an up server, its last request answered ok, and every earlier op
 * of the device already stored (no backlog to drain first); and from the write until the deadline
 * nothing disturbs it: a lost, failed, refused or targeted message of the device, a connectivity
 * change, crash, restart, token change or clock jump on it, a partition, a server outage or restart,
 * or the end of the fault phase voids the judgement. A request the device sent before the deadline
 * and still waits for (an answer held back past its timeout) is waited for: its failure voids the
 * judgement too. Reads only the trace.
 */
import { defineChecker } from './_internals/facts.ts';
import { damagedAnswerCopies } from './_internals/damaged-answers.ts';

interface Waiting {
  device: string;
  recordId: string;
  t: number;
  i: number;
}

interface DeviceState {
  mode: string | undefined;
  running: boolean;
  tokenOk: boolean;
  /** A request of the device failed (or was refused, or lost) since its last ok answer. */
  troubled: boolean;
  /** Ops it wrote that the server has not stored yet (judged or not). */
  unstored: Set<string>;
  /** Requests sent and neither answered nor failed yet: request id → when sent. */
  outstanding: Map<string, number>;
}

export const storedPromptly = defineChecker({
  id: 'stored-promptly',
  title: 'Writes reach the server promptly',
  property: 'while the link is stably up, a local write is stored on the server within the bound (storedWithinBoundMs; off when unset)',
  check({ trace }, found) {
    const start = trace.find((e) => e.kind === 'run-start');
    const boundMs = start?.kind === 'run-start' ? start.options['storedWithinBoundMs'] : undefined;
    if (typeof boundMs !== 'number') return found.list;
    const boundUs = boundMs * 1000;
    const devices = new Map<string, DeviceState>();
    const state = (d: string): DeviceState =>
      devices.get(d) ?? devices.set(d, { mode: undefined, running: true, tokenOk: true, troubled: false, unstored: new Set(), outstanding: new Map() }).get(d)!;
    const waiting = new Map<string, Waiting>();
    const owner = new Map<string, string>();
    const answer = new Map<string, { ok: boolean; requestId: string }>();
    const damaged = damagedAnswerCopies(trace);
    let partitioned: string[][] = [];
    let serverDown = false;
    let faultPhase = true;
    const voidDevice = (d: string): void => {
      for (const [opId, w] of waiting) if (w.device === d) waiting.delete(opId);
    };
    const trouble = (d: string): void => {
      state(d).troubled = true;
      voidDevice(d);
    };
    const reachesServer = (d: string): boolean => partitioned.length === 0 || partitioned.some((g) => g.includes(d) && g.includes('server'));
    for (const e of trace) {
      if (found.full) break;
      for (const [opId, w] of waiting) {
        if (e.t - w.t <= boundUs) continue;
        // A request sent before the deadline and not answered yet (a slow answer) decides first: its failure voids this.
        const sent = state(w.device).outstanding;
        if ([...sent.values()].some((t) => t <= w.t + boundUs)) continue;
        found.add(`device ${w.device}: write ${opId} of ${w.recordId} at ${(w.t / 1e6).toFixed(3)} s was not stored on the server within ${boundMs} ms (storedWithinBoundMs) although the device stayed online with nothing lost, failed or waiting before it`, w, [w.device], [w.recordId]);
        waiting.delete(opId);
      }
      switch (e.kind) {
        case 'local-write': {
          if (!e.ok || !e.version) break;
          const s = state(e.device);
          const calm = faultPhase && s.mode === 'online' && s.running && s.tokenOk && !s.troubled && !serverDown && reachesServer(e.device);
          if (calm && s.unstored.size === 0) waiting.set(e.version.opId, { device: e.device, recordId: e.recordId, t: e.t, i: e.i });
          s.unstored.add(e.version.opId);
          break;
        }
        case 'server-apply':
          for (const opId of [...e.appended, ...e.deduplicated]) {
            waiting.delete(opId);
            state(e.device).unstored.delete(opId);
          }
          break;
        case 'msg-send':
          owner.set(e.msgId, e.from === 'server' ? e.to : e.from);
          if (e.from === 'server') answer.set(e.msgId, { ok: (e.payload as { ok?: unknown })?.ok === true, requestId: e.requestId });
          else state(e.from).outstanding.set(e.requestId, e.t);
          break;
        case 'msg-deliver': {
          if (e.to === 'server') break;
          const a = answer.get(e.msgId.split('.')[0]!);
          // Only an answer the device still waits for counts: a late copy of one it already took (or
          // whose request already failed) says nothing about its last request.
          if (!a || !state(e.to).outstanding.delete(a.requestId)) break;
          // A pull answer with an op damaged in transit is a failed pull (damaged-answers.ts).
          const ok = damaged.has(e.msgId) ? false : a?.ok;
          if (ok === true) state(e.to).troubled = false;
          else if (ok === false) trouble(e.to);
          break;
        }
        case 'msg-drop': {
          const d = owner.get(e.msgId.split('.')[0]!);
          if (d !== undefined && e.reason !== 'end-of-run') trouble(d);
          break;
        }
        case 'request-fail':
          state(e.device).outstanding.delete(e.requestId);
          trouble(e.device);
          break;
        case 'targeted':
          if (e.state === 'fired') trouble(e.device);
          break;
        case 'connectivity':
          state(e.device).mode = e.mode;
          voidDevice(e.device);
          break;
        case 'crash':
          state(e.device).running = false;
          state(e.device).outstanding.clear();
          voidDevice(e.device);
          break;
        case 'restart':
          state(e.device).running = true;
          voidDevice(e.device);
          break;
        case 'token':
          state(e.device).tokenOk = e.state === 'renewed';
          voidDevice(e.device);
          break;
        case 'clock':
          if (e.jump) voidDevice(e.device);
          break;
        case 'partition':
          partitioned = e.groups;
          waiting.clear();
          break;
        case 'server':
          serverDown = e.state === 'outage';
          waiting.clear();
          break;
        case 'phase':
          faultPhase = e.phase === 'fault';
          if (!faultPhase) waiting.clear();
          break;
      }
    }
    return found.list;
  },
});
