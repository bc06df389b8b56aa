/**
 * What the pacing checkers (retry-pacing, backoff-reset) read alike from the trace: the bound the run
 * sets for them (an option of the run-start event), and per device its connectivity mode, the step
 * its clock reads in (`clock` events' `stepMs`: a coarse clock fires timers up to one step off), the
 * requests it sent and still waits for, and the server's answers by message. Knows only the trace format.
 */
import type { TraceEvent } from '../../trace/events.ts';
import { sentMsgId } from './message-copies.ts';

/** The number the run sets for the option `name` in its run-start event; undefined (the bound is off) otherwise. */
export function runBound(trace: readonly TraceEvent[], name: string): number | undefined {
  const start = trace.find((e) => e.kind === 'run-start');
  const value = start?.kind === 'run-start' ? start.options[name] : undefined;
  return typeof value === 'number' ? value : undefined;
}

export interface PacedAnswer {
  requestId: string;
  ok: boolean;
  error: unknown;
}

interface Paced {
  mode: string | undefined;
  /** The step its clock reads in (ms; 0: every millisecond), from its latest `clock` event. */
  stepMs: number;
  /** Requests sent and not yet answered or failed, with when they were sent (µs). */
  waiting: Map<string, number>;
}

export class PacingLedger {
  private readonly devices = new Map<string, Paced>();
  private readonly answers = new Map<string, PacedAnswer>();

  private state(d: string): Paced {
    return this.devices.get(d) ?? this.devices.set(d, { mode: undefined, stepMs: 0, waiting: new Map() }).get(d)!;
  }

  /** The device's connectivity mode (from its connectivity events; none seen yet: undefined). */
  mode(d: string): string | undefined {
    return this.state(d).mode;
  }

  stepMs(d: string): number {
    return this.state(d).stepMs;
  }

  /** The answer a delivery to a device carries (undefined for a delivery to the server or an unknown message). */
  answerOf(e: Extract<TraceEvent, { kind: 'msg-deliver' }>): PacedAnswer | undefined {
    return e.to === 'server' ? undefined : this.answers.get(sentMsgId(e.msgId));
  }

  /** The request is answered or failed: when it was sent if the device still waited for it (it no longer does), else undefined. */
  settle(d: string, requestId: string): number | undefined {
    const waiting = this.state(d).waiting;
    const sentAt = waiting.get(requestId);
    waiting.delete(requestId);
    return sentAt;
  }

  /** Call with every event before the checker's own handling of it. */
  observe(e: TraceEvent): void {
    switch (e.kind) {
      case 'msg-send':
        if (e.from === 'server') {
          const p = e.payload as { ok?: unknown; error?: unknown };
          this.answers.set(e.msgId, { requestId: e.requestId, ok: p?.ok === true, error: p?.error });
        } else this.state(e.from).waiting.set(e.requestId, e.t);
        break;
      case 'connectivity':
        if (e.mode === 'offline') this.state(e.device).waiting.clear();
        this.state(e.device).mode = e.mode;
        break;
      case 'crash':
        this.state(e.device).waiting.clear();
        break;
      case 'clock':
        this.state(e.device).stepMs = e.stepMs ?? 0;
        break;
      default:
        break;
    }
  }
}
