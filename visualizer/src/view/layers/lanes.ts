/** The swimlanes: the server lane, one lane per device with its connectivity bands and crash-to-restart spans, and the lane names. */
import type { Lanes } from '../../model/lanes.ts';
import { formatTime } from '../../model/model.ts';
import { clampX, cross, type ContentFrame, type Frame } from '../../draw/frame.ts';
import { COLORS, CRASHED, DEVICE_COLORS, LANE_H, M, SERVER_H } from '../../draw/theme.ts';

/** Lane numbers: 0 is the server, then the devices in run-start order. */
export function laneNumbers(lanes: Lanes): Map<string, number> {
  const laneOf = new Map<string, number>([['server', 0]]);
  lanes.devices.forEach((d, k) => laneOf.set(d, k + 1));
  return laneOf;
}

export function drawLanes(f: ContentFrame, lanes: Lanes, laneOf: ReadonlyMap<string, number>): void {
  const { p, x, t0, t1 } = f;
  const { laneY } = f.layout;
  const svg = p.kind === 'svg';
  const section = f.layout.section('lanes');
  const bx1 = clampX(f, M.left);
  const bx2 = clampX(f, f.width - M.right);
  p.rect(bx1, section.y, bx2 - bx1, SERVER_H, '#f3f4f6', { testid: 'server-lane' });
  lanes.devices.forEach((device, k) => {
    const y = laneY(k + 1) - LANE_H / 2;
    p.rect(bx1, y + 2, bx2 - bx1, LANE_H - 4, '#fafafa', { testid: 'lane', data: { device } });
  });
  for (const band of lanes.connectivity) {
    if (band.to < t0 || band.from > t1) continue;
    const lane = laneOf.get(band.device) ?? 0;
    const x1 = clampX(f, x(band.from));
    const x2 = clampX(f, x(band.to));
    if (x2 - x1 < 0.3) continue;
    // Test ids and tooltips exist only as SVG elements: a canvas would build thousands of strings to drop them.
    p.rect(x1, laneY(lane) - LANE_H / 2 + 2, x2 - x1, LANE_H - 4, COLORS[band.value], svg ? { testid: 'connectivity', data: { device: band.device, mode: band.value }, title: `${band.device} ${band.value} ${formatTime(band.from)}–${formatTime(band.to)}` } : undefined);
  }
  for (const crash of lanes.crashes) {
    const to = crash.restartAt ?? lanes.end;
    if (to < t0 || crash.crashAt > t1) continue;
    const y = laneY(laneOf.get(crash.device) ?? 0);
    const x1 = clampX(f, x(crash.crashAt));
    const x2 = clampX(f, x(to));
    p.rect(x1, y - LANE_H / 2 + 2, x2 - x1, LANE_H - 4, COLORS.crashed, svg ? { opacity: 0.9, title: `${crash.device} down (${crash.point})` } : CRASHED);
    if (svg) for (let hx = x1; hx < x2; hx += 8) p.line(hx, y + LANE_H / 2 - 3, Math.min(x2, hx + 8), y - LANE_H / 2 + 3, '#e8a0a6', 1);
    cross(p, x(crash.crashAt), y, 6, COLORS.dropped, 2.5, svg ? { testid: 'crash-marker', data: { device: crash.device }, title: `${crash.device} crashed (${crash.point}) at ${formatTime(crash.crashAt)}` } : undefined);
    if (crash.restartAt !== null) {
      const rx = x(crash.restartAt);
      p.polygon([rx - 6, y + 6, rx + 6, y + 6, rx, y - 6], COLORS.converged, svg ? { testid: 'restart-marker', data: { device: crash.device }, title: `${crash.device} restarted at ${formatTime(crash.restartAt)}` } : undefined);
    }
  }
  // Each device lane's server rail: its messages to and from the server run between it and the centre line.
  lanes.devices.forEach((device, k) => {
    const ry = f.layout.railY(k + 1);
    p.line(bx1, ry, bx2, ry, '#c3c8d1', 1, { dash: [2, 3], ...(svg ? { testid: 'server-rail', data: { device } } : {}) });
  });
}

export function drawLaneLabels(f: Frame, lanes: Lanes): void {
  const { p } = f;
  const { laneY } = f.layout;
  const left = M.left;
  p.text(left - 8, laneY(0), 'server', { anchor: 'end', baseline: 'middle', size: 12, weight: 'bold', color: COLORS.text });
  lanes.devices.forEach((device, k) => {
    const y = laneY(k + 1);
    p.rect(6, y - 5, 10, 10, DEVICE_COLORS[k % DEVICE_COLORS.length]!);
    p.text(left - 8, y, `device ${device}`, { anchor: 'end', baseline: 'middle', size: 12, weight: 'bold', color: COLORS.text });
  });
}
