/**
 * Message arrows with their fate: delivered (arrow head), dropped (✕), still queued at the end (○),
 * duplicate copies dashed. Each arrow stays inside its device's lane: between the lane's centre line
 * (the device) and its top edge, the server's side of that device's link (`railY`), so no arrow
 * crosses another device's lane. A message between two devices (no server) goes lane to lane. `arrowLayer(model, laneOf)` keeps the messages as columns sorted by send
 * time, so a frame finds the visible ones by binary search; when too many are in view it draws their
 * density per pixel column and lane instead of one mark each.
 */
import type { Arrow } from '../../model/arrows.ts';
import type { VizModel } from '../../model/model.ts';
import { CanvasPainter } from '../../draw/painter.ts';
import { arrowHead, cross, dense, lowerBound, type ContentFrame } from '../../draw/frame.ts';
import { COLORS, DASH_COPY, FATE_CODE, M } from '../../draw/theme.ts';

export interface ArrowLayer {
  draw(f: ContentFrame): void;
}

/** Two lists already in (tSend, iSend) order, merged into one. */
export function mergeBySend(a: readonly Arrow[], b: readonly Arrow[]): readonly Arrow[] {
  if (b.length === 0) return a;
  const out = new Array<Arrow>(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++) {
    const x = a[i];
    const y = b[j];
    out[k] = y === undefined || (x !== undefined && (x.tSend < y.tSend || (x.tSend === y.tSend && x.iSend < y.iSend))) ? (i++, x!) : (j++, y);
  }
  return out;
}

export function arrowLayer(model: VizModel, laneOf: ReadonlyMap<string, number>): ArrowLayer {
  // Messages and copies each come in trace order: merged in one pass (a sort of a million arrows
  // with a comparator was a large part of a 1M-event first draw).
  const all = mergeBySend(model.arrows.messages, model.arrows.copies);
  const n = all.length;
  const aSend = new Float64Array(n);
  const aEnd = new Float64Array(n);
  const aFrom = new Int16Array(n);
  const aTo = new Int16Array(n);
  /** The device lane an arrow is drawn in (0: a message between two devices, drawn lane to lane). */
  const aLane = new Int16Array(n);
  const aDevice = new Array<string>(n);
  const aFate = new Uint8Array(n);
  const aCopy = new Uint8Array(n);
  const aId = new Array<string>(n);
  let maxFlight = 0;
  all.forEach((a, k) => {
    aSend[k] = a.tSend;
    aEnd[k] = a.tEnd;
    aFrom[k] = laneOf.get(a.from) ?? 0;
    aTo[k] = laneOf.get(a.to) ?? 0;
    aLane[k] = a.to === 'server' ? aFrom[k]! : a.from === 'server' ? aTo[k]! : 0;
    aDevice[k] = a.to === 'server' ? a.from : a.to;
    aFate[k] = FATE_CODE[a.fate];
    aCopy[k] = a.copyOf === null ? 0 : 1;
    aId[k] = a.msgId;
    maxFlight = Math.max(maxFlight, a.tEnd - a.tSend);
  });
  const laneCount = model.lanes.devices.length + 1;
  // Reused across frames: a dense frame would otherwise allocate lanes × columns counters each time.
  let bucket = new Uint32Array(0);

  function detail(f: ContentFrame): void {
    const { p, x, t0, t1 } = f;
    const { laneY, railY } = f.layout;
    // First arrow that can still be in flight at t0.
    const lo = lowerBound(aSend, t0 - maxFlight);
    let end = lo;
    while (end < n && aSend[end]! <= t1) end++;
    for (let k = lo; k < end; k++) {
      const tEnd = aEnd[k]!;
      if (tEnd < t0) continue;
      const fate = aFate[k]!;
      const copy = aCopy[k] === 1;
      const x1 = x(aSend[k]!);
      const lane = aLane[k]!;
      // Device to server: centre line up to the lane's server rail; server to device: down from it.
      const y1 = lane === 0 ? laneY(aFrom[k]!) : aFrom[k] === 0 ? railY(lane) : laneY(lane);
      const yTo = lane === 0 ? laneY(aTo[k]!) : aFrom[k] === 0 ? laneY(lane) : railY(lane);
      const x2 = x(tEnd);
      const y2 = fate === 0 ? yTo + (yTo > y1 ? -3 : 3) : y1 + (yTo - y1) * 0.55;
      const stroke = copy ? COLORS.copy : fate === 0 ? COLORS.delivered : fate === 1 ? COLORS.dropped : COLORS.queued;
      const fateName = fate === 0 ? 'delivered' : fate === 1 ? 'dropped' : 'queued';
      const id = aId[k]!;
      const o = { testid: copy ? 'arrow-copy' : 'arrow', data: { fate: fateName, msg: id, device: aDevice[k]! }, title: `${id} ${fateName}${copy ? ' (duplicate copy)' : ''}`, ...(copy || fate === 2 ? { dash: DASH_COPY } : {}) };
      p.line(x1, y1, x2, y2, stroke, copy ? 1.3 : 1.4, o);
      if (fate === 0) arrowHead(p, x1, y1, x2, y2, stroke);
      else if (fate === 1) cross(p, x2, y2, 5, COLORS.dropped, 2.5, { testid: 'drop-mark', data: { msg: id }, title: `${id} dropped` });
      else p.circle(x2, y2, 3.5, '#fff', { stroke: COLORS.queued, strokeWidth: 2, testid: 'queued-mark', data: { msg: id } });
    }
  }

  /** Message density per pixel column and lane: delivered above the lane line, lost as red ticks on it. */
  function density(f: ContentFrame, lo: number, end: number): void {
    const { p, x, xa, xb } = f;
    const { laneY } = f.layout;
    const cols = Math.ceil(f.width);
    const size = laneCount * cols * 2;
    if (bucket.length < size) bucket = new Uint32Array(size);
    bucket.fill(0, 0, size);
    const left = Math.max(M.left, Math.floor(xa) - 1);
    const right = Math.min(f.width - M.right, Math.ceil(xb) + 1);
    // The scale inlined: d3's scale call per message is the hot loop of a dense frame.
    const [d0, d1] = x.domain() as [number, number];
    const [r0, r1] = x.range() as [number, number];
    const slope = (r1 - r0) / (d1 - d0);
    for (let k = lo; k < end; k++) {
      const c = Math.floor(r0 + (aSend[k]! - d0) * slope);
      if (c < left || c > right) continue;
      const lane = aLane[k] || aFrom[k]!;
      bucket[(lane * cols + c) * 2 + (aFate[k] === 1 ? 1 : 0)]!++;
    }
    const level = (count: number, base: number, per: number) => (count === 0 ? 0 : Math.min(8, Math.round((base + Math.log2(count + 1) / per) * 8)));
    const SLOTS = [
      { slot: 0, base: 0.2, per: 6, h: 12, color: COLORS.delivered },
      { slot: 1, base: 0.4, per: 4, h: 6, color: COLORS.dropped },
    ] as const;
    // One row of quantised levels (0..8) per lane and slot.
    const rows: { y: number; h: number; color: string }[] = [];
    const levels = new Uint8Array(laneCount * SLOTS.length * cols);
    for (let lane = 0; lane < laneCount; lane++) {
      const y = laneY(lane);
      for (const { slot, base, per, h, color } of SLOTS) {
        const row = rows.length;
        rows.push({ y: slot === 1 ? y - 3 : lane === 0 ? y : y - 12, h, color });
        for (let c = left; c <= right; c++) levels[row * cols + c] = level(bucket[(lane * cols + c) * 2 + slot]!, base, per);
      }
    }
    if (p instanceof CanvasPainter) {
      p.levels(rows, levels, cols, left, right + 1);
      return;
    }
    // Runs of columns with the same level become one rectangle: far fewer marks.
    rows.forEach(({ y, h, color }, row) => {
      let runStart = left;
      let runLevel = 0;
      for (let c = left; c <= right + 1; c++) {
        const l = c > right ? -1 : levels[row * cols + c]!;
        if (l === runLevel) continue;
        if (runLevel > 0) p.rect(runStart, y, c - runStart, h, color, { opacity: runLevel / 8 });
        runStart = c;
        runLevel = l;
      }
    });
  }

  return {
    draw(f) {
      const [v0, v1] = f.x.domain() as [number, number];
      // Detail or density is decided on the whole view, so every strip of a pan draws the same way.
      if (dense(f, lowerBound(aSend, v1 + 1e-9) - lowerBound(aSend, v0))) density(f, lowerBound(aSend, f.t0), lowerBound(aSend, f.t1 + 1e-9));
      else detail(f);
    },
  };
}
