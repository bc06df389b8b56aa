/**
 * The line charts' shared parts: a step series drawn for the window (SVG: a polyline, per-pixel
 * min/max when dense; canvas: rectangles), and a chart's background and frame with its title and
 * y range.
 */
import type { ScaleLinear } from 'd3';
import type { StepPoint } from '../../model/outbox.ts';
import { CanvasPainter, type MarkOptions } from '../../draw/painter.ts';
import type { ContentFrame, Frame, Section } from '../../draw/frame.ts';
import { COLORS, M } from '../../draw/theme.ts';

/** The largest value (or absolute value) of some series, at least 1. */
export function maxOf(series: Iterable<readonly StepPoint[]>, abs = false): number {
  let max = 1;
  for (const points of series) for (const q of points) max = Math.max(max, abs ? Math.abs(q.value) : q.value);
  return max;
}

export function chartBackground(f: Frame, s: Section, x1: number, x2: number): void {
  f.p.rect(x1, s.y, x2 - x1, s.h, '#fcfcfd');
}

export function chartFrame(f: Frame, s: Section, label: string, max: number | string, min = 0): void {
  const { p } = f;
  const left = M.left;
  const right = f.width - M.right;
  p.rect(left, s.y, right - left, s.h, 'none', { stroke: '#e5e7eb' });
  p.text(left, s.y - 8, label, { size: 12, weight: 'bold', color: COLORS.text });
  p.text(left - 8, s.y + 8, String(max), { anchor: 'end', size: 10, color: COLORS.muted });
  p.text(left - 8, s.y + s.h, String(min), { anchor: 'end', size: 10, color: COLORS.muted });
}

/** Step (or, per pixel, min/max) line of a series within the window; extends the last value to `end`. */
export function stepLine(f: ContentFrame, points: readonly StepPoint[], y: ScaleLinear<number, number>, stroke: string, o: MarkOptions, step: boolean, end: number): void {
  if (points.length === 0) return;
  const { p, x, t0, t1 } = f;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid]!.t <= t0) lo = mid;
    else hi = mid - 1;
  }
  if (p.kind === 'canvas') {
    stepRuns(f, points, lo, y, stroke, end);
    return;
  }
  const width = f.width;
  const flat: number[] = [];
  let visible = 0;
  for (let k = lo; k < points.length && points[k]!.t <= t1; k++) visible++;
  if (visible > width * 2) {
    // Per-pixel min/max: the shape of a dense series without one vertex per point.
    let col = -1;
    let mn = 0;
    let mx = 0;
    for (let k = lo; k < points.length && points[k]!.t <= t1; k++) {
      const c = Math.floor(x(points[k]!.t));
      const v = points[k]!.value;
      if (c !== col) {
        if (col >= 0) flat.push(col, y(mx), col, y(mn));
        col = c;
        mn = mx = v;
      } else {
        mn = Math.min(mn, v);
        mx = Math.max(mx, v);
      }
    }
    if (col >= 0) flat.push(col, y(mx), col, y(mn));
  } else {
    let prevY: number | null = null;
    for (let k = lo; k < points.length && points[k]!.t <= t1; k++) {
      const px = Math.max(M.left, x(points[k]!.t));
      const py = y(points[k]!.value);
      if (step && prevY !== null) flat.push(px, prevY);
      flat.push(px, py);
      prevY = py;
    }
    const lastY = prevY ?? y(points[lo]!.value);
    flat.push(Math.min(f.width - M.right, x(Math.min(end, t1))), lastY);
  }
  p.polyline(flat, stroke, 2, o);
}

/**
 * A step series on canvas as axis-aligned rectangles: one per pixel column where the value changes
 * (spanning what it took there) and one per flat run between. Stroking long zig-zag polylines is
 * what a software-rendered canvas is slowest at; filled rectangles are what it is fastest at.
 */
function stepRuns(f: ContentFrame, points: readonly StepPoint[], lo: number, y: ScaleLinear<number, number>, color: string, end: number): void {
  const { p, x, t1, xa, xb } = f;
  const [d0, d1] = x.domain() as [number, number];
  const [r0, r1] = x.range() as [number, number];
  const slope = (r1 - r0) / (d1 - d0);
  // Both scales inlined: this loop runs once per point of every series.
  const [v0, v1] = y.domain() as [number, number];
  const [y0, y1] = y.range() as [number, number];
  const ySlope = (y1 - y0) / (v1 - v0 || 1);
  const yOf = (v: number) => y0 + (v - v0) * ySlope;
  const left = Math.max(M.left, xa - 2);
  const right = Math.min(f.width - M.right, xb + 2);
  if (points[lo]!.t > t1) return;
  const column = (t: number) => Math.max(left, Math.min(right, Math.floor(r0 + (t - d0) * slope)));
  // x, y, w, h of every rectangle, filled as one path in one call.
  const boxes: number[] = [];
  let value = points[lo]!.value;
  let col = column(points[lo]!.t);
  let mn = value;
  let mx = value;
  const flushColumn = () => {
    const top = yOf(mx) - 1;
    boxes.push(col, top, 1, yOf(mn) + 1 - top);
  };
  for (let k = lo + 1; k < points.length && points[k]!.t <= t1; k++) {
    const c = column(points[k]!.t);
    const v = points[k]!.value;
    if (c !== col) {
      flushColumn();
      if (c > col + 1) boxes.push(col + 1, yOf(value) - 1, c - col - 1, 2);
      col = c;
      mn = mx = value;
    }
    value = v;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  flushColumn();
  const last = column(Math.min(end, t1));
  if (last > col) boxes.push(col + 1, yOf(value) - 1, last - col, 2);
  if (p instanceof CanvasPainter) p.fillRects(boxes, color);
  else for (let k = 0; k < boxes.length; k += 4) p.rect(boxes[k]!, boxes[k + 1]!, boxes[k + 2]!, boxes[k + 3]!, color);
}
