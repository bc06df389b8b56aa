/**
 * Notices on the device lanes: a skipped schedule event (or a refused lifecycle event) is an orange
 * slashed circle above the lane; a write stamped too far ahead of true time gets a dashed ring.
 */
import { formatTime, type VizModel } from '../../model/model.ts';
import type { ContentFrame } from '../../draw/frame.ts';
import { COLORS } from '../../draw/theme.ts';

export function drawNotices(f: ContentFrame, model: VizModel, laneOf: ReadonlyMap<string, number>): void {
  const { p, x, t0, t1 } = f;
  const { laneY } = f.layout;
  for (const s of model.skips) {
    if (s.t < t0 || s.t > t1) continue;
    const cx = x(s.t);
    const cy = laneY(laneOf.get(s.device) ?? 0) - 8;
    const title = `${s.device}: ${s.kind === 'schedule-skip' ? 'skipped' : 'refused'} ${s.what} at ${formatTime(s.t)}: ${s.reason}`;
    p.circle(cx, cy, 5, '#fff', { testid: 'skip-mark', data: { device: s.device, what: s.what, kind: s.kind, index: String(s.i) }, title, stroke: COLORS.skip, strokeWidth: 2 });
    p.line(cx - 3.5, cy + 3.5, cx + 3.5, cy - 3.5, COLORS.skip, 2);
  }
  for (const w of model.futureStamps) {
    if (w.t < t0 || w.t > t1) continue;
    const cx = x(w.t);
    const cy = laneY(laneOf.get(w.device) ?? 0) + 12;
    p.circle(cx, cy, 10, 'rgba(0,0,0,0)', {
      testid: 'future-stamp-mark',
      data: { device: w.device, record: w.recordId, index: String(w.i) },
      title: `${w.device} wrote ${w.recordId} with stamp ${w.stamp}, ${formatTime(w.aheadMs * 1000)} ahead of true time: it beats every write of the record for that long`,
      stroke: COLORS.futureStamp,
      strokeWidth: 2,
    });
  }
}
