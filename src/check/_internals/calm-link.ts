/**
 * The "calm link" of a device, as the liveness checkers (stored-promptly, remote-actions' bound,
 * received-promptly) judge it from the trace alone: a window in which nothing but the engine can
 * delay the device's traffic. A device is calm while the fault phase goes on and it is online (not
 * intermittent: its flaps are not in the trace), running, with a valid token, its last answer ok
 * (no lost, failed, refused or targeted message since), the server up and reachable (no partition
 * cutting it off; an answer counts only while the device still waits for it, and one with an op damaged
 * in transit counts as failed). Anything that disturbs the window voids it: a trouble (a lost message of the
 * device, except at the end of the run; a failed request; a refusal; a targeted fault fired), a
 * connectivity change, crash, restart, token change or clock jump on the device, and, for every
 * device at once, a partition, a server outage or restart, or the end of the fault phase. The tracker
 * also keeps the requests a device sent and waits for (an answer held back past its timeout), so a
 * deadline can wait for a request sent before it: its failure voids the window in turn.
 *
 * Use: at each event, judge the deadlines first (with the state before the event), then `observe`
 * the event (which calls `onVoid` with the device whose window ends, or undefined for every device),
 * then the checker's own handling. Knows only the trace format.
 */
import type { TraceEvent } from '../../trace/events.ts';
import { sentMsgId } from './message-copies.ts';

interface LinkState {
  mode: string | undefined;
  running: boolean;
  tokenOk: boolean;
  /** A request of the device failed (or was refused, or lost) since its last ok answer. */
  troubled: boolean;
  /** Requests sent and neither answered nor failed yet: request id → when sent (µs). */
  outstanding: Map<string, number>;
}

export class CalmLinks {
  private readonly devices = new Map<string, LinkState>();
  /** Message id → the device it belongs to (the sender of a request, the addressee of an answer). */
  private readonly owner = new Map<string, string>();
  /** Answer message id → whether it is ok, and the request it answers. */
  private readonly answers = new Map<string, { ok: boolean; requestId: string }>();
  /** Answer copies (msg ids) that reached their device with an op damaged in transit (`answer-damage`, recorded before the delivery). */
  private readonly damagedCopies = new Set<string>();
  private partitioned: string[][] = [];
  private serverDown = false;
  private faultPhase = true;

  /**
   * `onVoid(device)`: the calm window of `device` (of every device when undefined) ends here.
   * `judgeHeal`: the heal and the quiescence after it (no faults, every device online with its token)
   * count as calm too; leaving the fault phase still ends every window, the quiescence's start does
   * not (the heal's renewals and reconnections come just before it). Off, only the fault phase is.
   */
  constructor(
    private readonly onVoid: (device: string | undefined) => void,
    private readonly judgeHeal = false,
  ) {}

  private state(d: string): LinkState {
    return this.devices.get(d) ?? this.devices.set(d, { mode: undefined, running: true, tokenOk: true, troubled: false, outstanding: new Map() }).get(d)!;
  }

  private trouble(d: string): void {
    this.state(d).troubled = true;
    this.onVoid(d);
  }

  /** The device's connectivity mode from its latest connectivity event (undefined before any). */
  mode(d: string): string | undefined {
    return this.state(d).mode;
  }

  /** Nothing but the engine can delay the device's traffic now. */
  calm(d: string): boolean {
    const s = this.state(d);
    const reaches = this.partitioned.length === 0 || this.partitioned.some((g) => g.includes(d) && g.includes('server'));
    return (this.faultPhase || this.judgeHeal) && s.mode === 'online' && s.running && s.tokenOk && !s.troubled && !this.serverDown && reaches;
  }

  /** The device still waits for a request it sent at or before `tUs`: its answer (or failure) decides first. */
  awaitsRequestSentBy(d: string, tUs: number): boolean {
    for (const sent of this.state(d).outstanding.values()) if (sent <= tUs) return true;
    return false;
  }

  observe(e: TraceEvent): void {
    switch (e.kind) {
      case 'msg-send':
        this.owner.set(e.msgId, e.from === 'server' ? e.to : e.from);
        if (e.from === 'server') this.answers.set(e.msgId, { ok: (e.payload as { ok?: unknown })?.ok === true, requestId: e.requestId });
        else this.state(e.from).outstanding.set(e.requestId, e.t);
        break;
      case 'msg-deliver': {
        if (e.to === 'server') break;
        const a = this.answers.get(sentMsgId(e.msgId));
        // Only an answer the device still waits for counts: a late copy of one it already took (or
        // whose request already failed) says nothing about its last request.
        if (!a || !this.state(e.to).outstanding.delete(a.requestId)) break;
        // A pull answer with an op damaged in transit is a failed pull (damaged-answers.ts).
        if (a.ok && !this.damagedCopies.has(e.msgId)) this.state(e.to).troubled = false;
        else this.trouble(e.to);
        break;
      }
      case 'answer-damage':
        this.damagedCopies.add(e.msgId);
        break;
      case 'msg-drop': {
        const d = this.owner.get(sentMsgId(e.msgId));
        if (d !== undefined && e.reason !== 'end-of-run') this.trouble(d);
        break;
      }
      case 'request-fail':
        this.state(e.device).outstanding.delete(e.requestId);
        this.trouble(e.device);
        break;
      case 'targeted':
        if (e.state === 'fired') this.trouble(e.device);
        break;
      case 'connectivity':
        this.state(e.device).mode = e.mode;
        this.onVoid(e.device);
        break;
      case 'crash':
        this.state(e.device).running = false;
        this.state(e.device).outstanding.clear();
        this.onVoid(e.device);
        break;
      case 'restart':
        this.state(e.device).running = true;
        this.onVoid(e.device);
        break;
      case 'token':
        this.state(e.device).tokenOk = e.state === 'renewed';
        this.onVoid(e.device);
        break;
      case 'clock':
        if (e.jump) this.onVoid(e.device);
        break;
      case 'partition':
        this.partitioned = e.groups;
        this.onVoid(undefined);
        break;
      case 'server':
        this.serverDown = e.state === 'outage';
        this.onVoid(undefined);
        break;
      case 'phase':
        if (e.phase !== 'fault' && (this.faultPhase || !this.judgeHeal)) this.onVoid(undefined);
        this.faultPhase = e.phase === 'fault';
        break;
      default:
        break;
    }
  }
}
