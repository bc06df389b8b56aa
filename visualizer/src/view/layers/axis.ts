/** The time axis: grid lines (content, panned with it) and tick labels above and below (fixed, kept whole). */
import { tickStep } from 'd3';
import { formatTime } from '../../model/model.ts';
import type { ContentFrame, Frame } from '../../draw/frame.ts';
import { COLORS, M } from '../../draw/theme.ts';

/** Tick step for the whole view, so every strip of a pan puts its grid lines in the same places. */
function step(f: Frame, t0: number, t1: number): number {
  return tickStep(t0, t1, Math.max(2, Math.floor((f.width - M.right - M.left) / 110)));
}

export function drawGrid(f: ContentFrame): void {
  const { p, x } = f;
  const left = M.left;
  const right = f.width - M.right;
  const [d0, d1] = x.domain() as [number, number];
  const s = step(f, d0, d1);
  for (let k = Math.ceil(f.t0 / s); k * s <= f.t1; k++) {
    const px = x(k * s);
    if (px < left - 0.5 || px > right + 0.5) continue;
    p.line(px, 24, px, f.height - 22, COLORS.grid, 1);
  }
}

export function drawAxisLabels(f: Frame): void {
  const { p, x } = f;
  const left = M.left;
  const right = f.width - M.right;
  const [t0, t1] = x.domain() as [number, number];
  const s = step(f, t0, t1);
  for (let k = Math.ceil(t0 / s); k * s <= t1; k++) {
    const px = x(k * s);
    if (px < left - 0.5 || px > right + 0.5) continue;
    const label = formatTime(k * s);
    p.text(px, 18, label, { color: COLORS.muted, size: 11, anchor: 'middle' });
    p.text(px, f.height - 6, label, { color: COLORS.muted, size: 11, anchor: 'middle' });
  }
}
