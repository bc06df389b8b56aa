/** Marks across every section: violations, where two compared runs part, and the playhead (with its time). */
import { formatTime, type VizModel } from '../../model/model.ts';
import type { ContentFrame, Frame } from '../../draw/frame.ts';
import { COLORS } from '../../draw/theme.ts';

export interface MarkerState {
  playheadIndex: number;
  /** Position of the first differing event with the compared run, if any. */
  diffIndex: number | null;
  diffModel: VizModel | null;
}

export function drawMarkers(f: ContentFrame, model: VizModel, state: MarkerState): void {
  const { p, x, t0, t1 } = f;
  const top = f.layout.section('strip').y;
  const bottom = f.height - 22;
  model.violations.forEach((v, n) => {
    if (v.t < t0 || v.t > t1) return;
    const vx = x(v.t);
    p.line(vx, top, vx, bottom, COLORS.violation, 1.5, { dash: [5, 3], testid: 'violation-marker', data: { index: String(v.eventIndex) }, title: `${v.checker}: ${v.message}` });
    p.polygon([vx - 6, top - 2, vx + 6, top - 2, vx, top + 9], COLORS.violation, { title: `violation ${n + 1}: ${v.checker}` });
  });
  if (state.diffIndex !== null) {
    const e = state.diffIndex < model.n ? model.eventAt(state.diffIndex) : state.diffModel && state.diffIndex < state.diffModel.n ? state.diffModel.eventAt(state.diffIndex) : undefined;
    if (e && e.t >= t0 && e.t <= t1) {
      const dx = x(e.t);
      p.line(dx, top, dx, bottom, '#7c3aed', 2, { dash: [2, 2], testid: 'diff-marker', title: 'first event where the runs differ' });
      p.text(dx + 4, f.layout.section('divergence').y + 12, 'runs part here', { color: '#7c3aed', size: 11, weight: 'bold' });
    }
  }
}

export function drawPlayhead(f: Frame, model: VizModel, playheadIndex: number): void {
  const { p, x } = f;
  const [t0, t1] = x.domain() as [number, number];
  const pt = model.times[playheadIndex];
  if (pt === undefined || pt < t0 || pt > t1) return;
  const px = x(pt);
  p.line(px, f.layout.section('strip').y - 6, px, f.height - 22, COLORS.playhead, 1.5, { testid: 'playhead', data: { index: String(playheadIndex) } });
  p.rect(px - 34, 0, 68, 15, COLORS.playhead);
  p.text(px, 11, formatTime(pt), { color: '#fff', size: 10, anchor: 'middle', weight: 'bold' });
}
