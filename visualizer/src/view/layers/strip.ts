/** The strip above the lanes: run phases (fault, heal, quiescence), outages/partitions as red bars, server restarts as red ticks. */
import type { Lanes } from '../../model/lanes.ts';
import { clampX, type ContentFrame, type Frame } from '../../draw/frame.ts';
import { COLORS, M, PHASE_COLORS } from '../../draw/theme.ts';

export function drawStrip(f: ContentFrame, lanes: Lanes): void {
  const { p, x, t0, t1 } = f;
  const strip = f.layout.section('strip');
  for (const band of lanes.phases) {
    if (band.to < t0 || band.from > t1) continue;
    const x1 = clampX(f, x(band.from));
    const x2 = clampX(f, x(band.to));
    p.rect(x1, strip.y, x2 - x1, strip.h, PHASE_COLORS[band.label] ?? '#eee', { testid: 'phase-band', title: `phase ${band.label}` });
  }
  for (const band of [...lanes.outages, ...lanes.partitions]) {
    if (band.to < t0 || band.from > t1) continue;
    const x1 = clampX(f, x(band.from));
    const x2 = clampX(f, x(band.to));
    p.rect(x1, strip.y + strip.h - 4, x2 - x1, 4, '#7f1d1d', { title: band.label, testid: 'fault-band' });
  }
  // A restart is an instant: a tick through the strip, in the outage colour.
  for (const r of lanes.serverRestarts) {
    if (r.t < t0 || r.t > t1) continue;
    p.rect(clampX(f, x(r.t)) - 1.5, strip.y, 3, strip.h, '#7f1d1d', { title: 'server restart (connections reset, nothing durable lost)', testid: 'server-restart-mark', data: { index: String(r.i) } });
  }
}

/** Phase names stay readable while panning: drawn over the content, inside the visible part of each band. */
export function drawStripLabels(f: Frame, lanes: Lanes): void {
  const { p, x } = f;
  const [t0, t1] = x.domain() as [number, number];
  const left = M.left;
  const right = f.width - M.right;
  const strip = f.layout.section('strip');
  for (const band of lanes.phases) {
    if (band.to < t0 || band.from > t1) continue;
    const x1 = Math.max(left, x(band.from));
    const x2 = Math.min(right, x(band.to));
    if (x2 - x1 > 70) p.text(x1 + 4, strip.y + strip.h / 2, `${band.label} phase`, { size: 10, baseline: 'middle', color: COLORS.text });
  }
  p.text(left - 8, strip.y + strip.h / 2, 'phase', { anchor: 'end', baseline: 'middle', size: 11, color: COLORS.muted });
}
