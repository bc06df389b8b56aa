/**
 * The lab's built-in stamp order, written here from the trace format alone (no engine code, not even
 * the core stamp codec): an encoded stamp is `<15-digit wall ms>.<8-digit counter>.<device id>`,
 * ordered by wall ms, then counter, then device id (as strings). Used when an engine declares no
 * order of its own. Text that is not in that form is ordered after every well-formed stamp, by its
 * text, so a malformed stamp never throws in a checker (the trace parser reports it).
 */
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

export const BUILT_IN_ORDER: StampOrder = {
  compare(a, b) {
    if (a === b) return 0;
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
