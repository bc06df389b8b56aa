/**
 * What every layer of the timeline draws into: the painter, the time scale, the surface size and the
 * section layout (a `Frame`), plus, for the time-anchored content, the window being drawn (a
 * `ContentFrame`: a pan redraws only the strip of pixels that came into view). Also the small shared
 * mark shapes and the search the culling uses.
 */
import type { ScaleLinear } from 'd3';
import type { Painter } from './painter.ts';
import { LANE_H, M, RAIL_INSET, SERVER_H } from './theme.ts';

export interface Section {
  name: string;
  y: number;
  h: number;
}

export interface Layout {
  height: number;
  sections: Section[];
  /** The y of a lane's centre line (0: the server, k: the k-th device). */
  laneY: (lane: number) => number;
  /** The y of a device lane's server rail (its top edge): where its messages to and from the server end. */
  railY: (lane: number) => number;
  section: (name: string) => Section;
}

export interface Frame {
  p: Painter;
  x: ScaleLinear<number, number>;
  width: number;
  height: number;
  layout: Layout;
}

export interface ContentFrame extends Frame {
  /** Times that can have marks in the window (the window plus a margin, so straddling marks are whole). */
  t0: number;
  t1: number;
  /** The pixel columns [xa, xb] this call covers. */
  xa: number;
  xb: number;
}

/** Stacks the sections top to bottom: phase strip, lanes, outbox, divergence (and run B's), clock. */
export function layoutTimeline(devices: number, withDiff: boolean): Layout {
  let y = 30;
  const sections: Section[] = [];
  const push = (name: string, h: number, gap = 0) => {
    y += gap;
    sections.push({ name, y, h });
    y += h;
  };
  push('strip', 16);
  push('lanes', SERVER_H + devices * LANE_H, 4);
  push('outbox', 74, 30);
  push('divergence', 110, 30);
  if (withDiff) push('divergence-b', 110, 30);
  push('clock', 80, 30);
  const lanesTop = sections[1]!.y;
  return {
    height: y + 26,
    sections,
    laneY: (lane) => (lane === 0 ? lanesTop + SERVER_H / 2 : lanesTop + SERVER_H + (lane - 1) * LANE_H + LANE_H / 2),
    railY: (lane) => (lane === 0 ? lanesTop + SERVER_H / 2 : lanesTop + SERVER_H + (lane - 1) * LANE_H + RAIL_INSET),
    section: (name) => sections.find((s) => s.name === name) ?? { name, y: 0, h: 0 },
  };
}

/** Clamps a pixel x to the drawn window (a little past it, so the clip cuts edges cleanly). */
export function clampX(f: ContentFrame, v: number): number {
  return Math.max(Math.max(M.left, f.xa) - 2, Math.min(Math.min(f.width - M.right, f.xb) + 2, v));
}

/** Whether `count` marks across the whole view are too many to draw one by one. */
export function dense(f: Frame, count: number): boolean {
  const plot = f.width - M.left - M.right;
  return count > plot * 1.5 || (f.p.kind === 'canvas' && count > 1500);
}

/** The first index whose value is >= v in an ascending array. */
export function lowerBound(values: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function arrowHead(p: Painter, x1: number, y1: number, x2: number, y2: number, fill: string): void {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const size = 6;
  p.polygon(
    [x2, y2, x2 - size * Math.cos(angle - 0.45), y2 - size * Math.sin(angle - 0.45), x2 - size * Math.cos(angle + 0.45), y2 - size * Math.sin(angle + 0.45)],
    fill,
  );
}

export function cross(p: Painter, cx: number, cy: number, r: number, stroke: string, width: number, o?: { testid?: string; data?: Record<string, string>; title?: string }): void {
  p.line(cx - r, cy - r, cx + r, cy + r, stroke, width, o);
  p.line(cx - r, cy + r, cx + r, cy - r, stroke, width);
}
