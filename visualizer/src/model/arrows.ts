/**
 * Messages as arrows between a device and the server, each with its fate: delivered, dropped (and
 * why), or still queued when the run ended. A duplicated message keeps its own arrow and gains one
 * extra "copy" arrow per duplicate, each with its own fate.
 */
import type { TraceEvent } from '../../../src/trace/events.ts';

export type Fate = 'delivered' | 'dropped' | 'queued';

export interface Arrow {
  msgId: string;
  from: string;
  to: string;
  type: string;
  requestId: string;
  tSend: number;
  iSend: number;
  /** Delivery, drop or end-of-run time. */
  tEnd: number;
  iEnd: number | null;
  fate: Fate;
  dropReason: string | null;
  /** For a duplicate copy: the message it copies. */
  copyOf: string | null;
  /** Copies made of this message. */
  copies: number;
}

export interface Arrows {
  /** One per msg-send, in send order. */
  messages: Arrow[];
  /** One per msg-duplicate. */
  copies: Arrow[];
  counts: { sent: number; delivered: number; dropped: number; queued: number; duplicated: number; copies: number };
}

export function deriveArrows(events: readonly TraceEvent[]): Arrows {
  const end = events.at(-1)?.t ?? 0;
  const messages: Arrow[] = [];
  const copies: Arrow[] = [];
  const byId = new Map<string, Arrow>();
  for (const e of events) {
    switch (e.kind) {
      case 'msg-send': {
        const arrow: Arrow = {
          msgId: e.msgId, from: e.from, to: e.to, type: e.type, requestId: String(e.requestId ?? ''),
          tSend: e.t, iSend: e.i, tEnd: end, iEnd: null, fate: 'queued', dropReason: null, copyOf: null, copies: 0,
        };
        messages.push(arrow);
        byId.set(e.msgId, arrow);
        break;
      }
      case 'msg-duplicate': {
        const original = byId.get(e.msgId);
        if (!original) break;
        original.copies++;
        const copy: Arrow = { ...original, msgId: e.copyId, copyOf: original.msgId, copies: 0, tSend: e.t, iSend: e.i, fate: 'queued', tEnd: end, iEnd: null, dropReason: null };
        copies.push(copy);
        byId.set(e.copyId, copy);
        break;
      }
      case 'msg-deliver': {
        const arrow = byId.get(e.msgId);
        if (arrow && arrow.iEnd === null) {
          arrow.fate = 'delivered';
          arrow.tEnd = e.t;
          arrow.iEnd = e.i;
        }
        break;
      }
      case 'msg-drop': {
        const arrow = byId.get(e.msgId);
        if (!arrow || arrow.iEnd !== null) break;
        // The simulator flushes what is still on the wire as 'end-of-run' drops: that is "queued", not lost.
        const lost = e.reason !== 'end-of-run';
        arrow.fate = lost ? 'dropped' : 'queued';
        arrow.tEnd = e.t;
        arrow.iEnd = e.i;
        arrow.dropReason = lost ? e.reason : null;
        break;
      }
      default:
        break;
    }
  }
  const counts = { sent: messages.length, delivered: 0, dropped: 0, queued: 0, duplicated: 0, copies: copies.length };
  for (const m of messages) {
    counts[m.fate]++;
    if (m.copies > 0) counts.duplicated++;
  }
  return { messages, copies, counts };
}
