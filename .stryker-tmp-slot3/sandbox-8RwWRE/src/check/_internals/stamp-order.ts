/**
 * The lab's built-in stamp order, written here from the trace format alone (no engine code, not even
 * the core stamp codec): an encoded stamp is `<15-digit wall ms>.<8-digit counter>.<device id>`,
 * ordered by wall ms, then counter, then device id (as strings). Used when an engine declares no
 * order of its own. Text that is not in that form is ordered after every well-formed stamp, by its
 * text, so a malformed stamp never throws in a checker (the trace parser reports it).
 */
// @ts-nocheck

import type { StampOrder } from '../../trace/stamp-order.ts';

interface Parts {
  wall: number;
  counter: number;
  device: string;
}

const FORM = /^(\d{15})\.(\d{8})\.(.*)$/s;

function parts(text: string): Parts | undefined {
  const m = FORM.exec(text);
  return m ? { wall: Number(m[1]), counter: Number(m[2]), device: m[3]! } : undefined;
}

function cmp<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `text` starts `<15 digits>.<8 digits>.` (what FORM matches), without a regex or an allocation. */
function wellFormed(text: string): boolean {
  if (text.length < 25 || text.charCodeAt(15) !== 46 || text.charCodeAt(24) !== 46) return false;
  for (let i = 0; i < 24; i++) {
    if (i === 15) continue;
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export const BUILT_IN_ORDER: StampOrder = {
  compare(a, b) {
    if (a === b) return 0;
    // Hot path (every merge, every checker): two well-formed stamps. Their fixed-width digits order
    // as text exactly as by number, so the first 24 characters compare wall ms then counter.
    if (wellFormed(a) && wellFormed(b)) {
      for (let i = 0; i < 24; i++) {
        const d = a.charCodeAt(i) - b.charCodeAt(i);
        if (d !== 0) return d < 0 ? -1 : 1;
      }
      return cmp(a.slice(25), b.slice(25));
    }
    const x = parts(a);
    const y = parts(b);
    if (!x || !y) return x ? -1 : y ? 1 : cmp(a, b);
    return cmp(x.wall, y.wall) || cmp(x.counter, y.counter) || cmp(x.device, y.device);
  },
  wallMs(stamp) {
    return parts(stamp)?.wall ?? Number.NaN;
  },
  tieWindowMs: 0,
};
