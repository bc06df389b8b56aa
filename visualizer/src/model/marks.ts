/**
 * Point marks on a device's lane for states the trace holds beyond connectivity and crashes: session
 * token expiry and renewal, requests the server refused (an answer with ok: false), client-side
 * request failures (timeout, no link), remote actions (backup, admin) with their state, and targeted
 * faults or triggers of the schedule. Derived from the trace alone.
 */
import type { TraceEvent } from '../../../src/trace/events.ts';

export type MarkKind = 'token-expired' | 'token-renewed' | 'refused' | 'request-fail' | 'remote-action' | 'targeted';

export interface LaneMark {
  kind: MarkKind;
  device: string;
  t: number;
  /** Event index, for the playhead and tests. */
  i: number;
  /** Short text drawn beside the mark. */
  label: string;
  /** Tooltip. */
  title: string;
}

export function deriveMarks(events: readonly TraceEvent[]): LaneMark[] {
  const marks: LaneMark[] = [];
  for (const e of events) {
    switch (e.kind) {
      case 'token':
        marks.push({ kind: e.state === 'expired' ? 'token-expired' : 'token-renewed', device: e.device, t: e.t, i: e.i, label: e.state === 'expired' ? 'token expired' : 'token renewed', title: `${e.device}: session token ${e.state}` });
        break;
      case 'msg-send': {
        const payload = e.payload as { ok?: unknown; error?: unknown } | null;
        if (e.from === 'server' && payload !== null && typeof payload === 'object' && payload.ok === false) {
          const code = typeof payload.error === 'string' ? payload.error : 'refused';
          marks.push({ kind: 'refused', device: e.to, t: e.t, i: e.i, label: `refused: ${code}`, title: `server refused ${e.to}'s request ${e.requestId} (${code})` });
        }
        break;
      }
      case 'request-fail':
        marks.push({ kind: 'request-fail', device: e.device, t: e.t, i: e.i, label: e.reason === 'timeout' ? 'client timeout' : `failed: ${e.reason}`, title: `${e.device} gave up on request ${e.requestId} (${e.reason})` });
        break;
      case 'remote-action':
        marks.push({ kind: 'remote-action', device: e.device, t: e.t, i: e.i, label: `${e.action} ${e.state}`, title: `${e.device}: ${e.action} ${e.actionId} is ${e.state}` });
        break;
      case 'targeted':
        marks.push({ kind: 'targeted', device: e.device, t: e.t, i: e.i, label: `${e.action} ${e.state}`, title: `${e.device}: ${e.detail} (${e.state})` });
        break;
      default:
        break;
    }
  }
  return marks;
}
