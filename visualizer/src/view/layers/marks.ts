/** Lane marks (model/marks.ts): a small symbol per state change on its device's lane, with a label when there is room. */
import type { LaneMark, MarkKind } from '../../model/marks.ts';
import type { ContentFrame } from '../../draw/frame.ts';
import { LANE_H, MARK_COLORS } from '../../draw/theme.ts';

const TESTID: Record<MarkKind, string> = {
  'token-expired': 'token-mark',
  'token-renewed': 'token-mark',
  refused: 'refused-mark',
  'request-fail': 'timeout-mark',
  'remote-action': 'remote-action-mark',
  targeted: 'targeted-mark',
};

export function drawLaneMarks(f: ContentFrame, marks: readonly LaneMark[], laneOf: ReadonlyMap<string, number>): void {
  const { p, x, t0, t1 } = f;
  const svg = p.kind === 'svg';
  const lastLabelX = new Map<string, number>();
  for (const m of marks) {
    if (m.t < t0 || m.t > t1) continue;
    const lane = laneOf.get(m.device);
    if (lane === undefined) continue;
    const mx = x(m.t);
    const y = f.layout.laneY(lane) - LANE_H / 2 + 9;
    const color = MARK_COLORS[m.kind];
    const o = svg ? { testid: TESTID[m.kind], data: { device: m.device, kind: m.kind, index: String(m.i) }, title: m.title } : undefined;
    if (m.kind === 'refused' || m.kind === 'request-fail') p.polygon([mx - 5, y - 5, mx + 5, y - 5, mx, y + 4], color, o);
    else p.rect(mx - 4, y - 4, 8, 8, color, o);
    const previous = lastLabelX.get(m.device) ?? -Infinity;
    if (mx - previous > 70) {
      p.text(mx + 6, y + 3, m.label, { color, size: 9 });
      lastLabelX.set(m.device, mx);
    }
  }
}
